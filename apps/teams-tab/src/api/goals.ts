// Writing a plan's goals: create, change (If-Match) and delete (If-Match) one; the goals a person goal may align to.
import type { ApiClient, Reader } from './client.ts';
import type { Goal } from './types.ts';

/** A new person goal as `POST /v1/goals` takes it (the API refuses fields of the other kind). */
export type GoalCreateBody = Record<string, unknown> & {
  cycleId: string;
  ownerId: string;
  level: 'person';
  kind: Goal['kind'];
};

export function createGoal(client: ApiClient, body: GoalCreateBody): Promise<Goal> {
  return client.post<Goal>('/v1/goals', body);
}

/** Sends only the fields that changed, with the version as read: a goal changed since is a 412, never overwritten. */
export function changeGoal(client: ApiClient, goal: Goal, patch: Record<string, unknown>): Promise<Goal> {
  return client.patch<Goal>(`/v1/goals/${encodeURIComponent(goal.id)}`, patch, goal.version);
}

export function deleteGoal(client: ApiClient, goal: Goal): Promise<void> {
  return client.delete(`/v1/goals/${encodeURIComponent(goal.id)}`, goal.version);
}

/** The cycle's organisation and department goals (everyone may see them): what a person goal may align to. */
export async function alignableGoals(reader: Reader, cycleId: string): Promise<Goal[]> {
  const [organisation, department] = await Promise.all([
    reader.all<Goal>('/v1/goals', { cycleId, level: 'organisation' }),
    reader.all<Goal>('/v1/goals', { cycleId, level: 'department' }),
  ]);
  return [...organisation, ...department].filter((g) => g.status !== 'cancelled');
}
