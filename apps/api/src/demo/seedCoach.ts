// Demo seed, coach phase: managers' check-ins in the three ways (guidance notes, meetings, feedback forms) with goal actuals.
import { type DemoClient, type Json, num } from './client.ts';
import { actualFor, checkInNotes, departmentContent, ORGANISATION_GOAL, performanceOf } from './content.ts';
import { DEMO_DEPARTMENTS, DEMO_PARTICIPANTS, type DemoPerson, demoPerson } from './roster.ts';
import type { SeedClock } from './seedClock.ts';
import { type DemoOrg, personId } from './seedOrg.ts';
import { goalsOf, HR, managerOf, type SeededCycle, type SeededGoal } from './seedPlan.ts';

/** One planned check-in: when, which way, and how far along each KPI is (null: notes only). */
export interface CheckInPlan {
  at: (index: number) => string;
  month: string;
  kind: 'guidance_note' | 'performance_meeting' | 'feedback_form';
  /** The KPI actual for goal `k` (0 or 1) of a person, or null to record no number. */
  actual: ((person: DemoPerson, goal: SeededGoal, k: number) => number) | null;
  /** Days after `at` the manager writes it up for a person (default: the same day, two hours later). */
  recordedAfterDays?: (person: DemoPerson) => number;
}

/** A check-in is written up two hours after it is held, unless its plan says otherwise. */
const WRITE_UP_MS = 2 * 3_600_000;
const DAY_MS = 86_400_000;

/** An in-progress actual: `progress` of the way from baseline to target. */
export function progressActual(goal: SeededGoal, progress: number): number {
  const a = goal.anchors;
  if (!a) throw new Error('progressActual needs a KPI goal');
  return Math.round((a.baseline + progress * (a.target - a.baseline)) * 10) / 10;
}

/** The H1 end-of-cycle actual that earns the person's planned achievement. */
export function finalActual(person: DemoPerson, goal: SeededGoal, k: number): number {
  const a = goal.anchors;
  if (!a) throw new Error('finalActual needs a KPI goal');
  return actualFor(a, performanceOf(person.key).kpi[k] ?? 1);
}

function describe(goals: readonly SeededGoal[], actuals: (number | null)[]): string {
  const parts = goals
    .map((g, k) => {
      const v = actuals[k];
      return g.anchors && v !== null && v !== undefined
        ? `${g.title} at ${v} ${g.spec.kind === 'kpi' ? g.spec.unit : ''}`.trim()
        : null;
    })
    .filter((s): s is string => s !== null);
  return parts.length > 0
    ? `${parts.join('; ')}.`
    : `Walked through the plan and the first results on ${goals[0]?.title ?? 'the goals'}.`;
}

/**
 * Records `plans` for every participant, in order, as their manager; keeps the goal versions current. With a seed
 * clock each is recorded when it was written up (the store's clock turned to it); without one, now — then every
 * check-in of the story counts as recorded late.
 */
export async function seedCheckIns(
  api: DemoClient,
  org: DemoOrg,
  cycle: SeededCycle,
  plans: readonly CheckInPlan[],
  clock?: SeedClock,
) {
  let count = 0;
  for (const step of plans) {
    for (const [i, p] of DEMO_PARTICIPANTS.entries()) {
      const goals = goalsOf(cycle, p.key);
      const actuals = goals.map((g, k) => (step.actual && g.anchors ? step.actual(p, g, k) : null));
      const notes = checkInNotes(p, step.month, describe(goals, actuals));
      const body: Json = {
        cycleId: cycle.id,
        subjectId: personId(org, p.key),
        kind: step.kind,
        at: step.at(i),
      };
      if (step.kind === 'feedback_form') {
        const first = p.name.split(' ')[0] ?? p.name;
        body.form = {
          strengths: `${first} keeps the plan visible and prepares every 1:1 with numbers.`,
          improvements: `${first} could ask for help earlier when a goal starts to slip.`,
          supportNeeded: `${first} asked for a shadowing session with a senior colleague.`,
          nextSteps: `Agree the top priority for ${step.month} and review it at the next meeting.`,
        };
      } else {
        body.notes = notes;
      }
      if (step.actual) {
        body.goalUpdates = goals.map((g, k) => ({
          goalId: g.id,
          goalVersion: g.version,
          actual: actuals[k] ?? null,
          progressNote: g.anchors
            ? ''
            : `Discussed ${g.title.toLowerCase()} with an example from this month.`,
        }));
      }
      const held = Date.parse(String(body.at));
      const days = step.recordedAfterDays?.(p) ?? 0;
      const writtenUp = new Date(days > 0 ? held + days * DAY_MS : held + WRITE_UP_MS).toISOString();
      const post = () => api.post('/v1/check-ins', managerOf(p), body);
      const created = clock ? await clock.at(writtenUp, post) : await post();
      const updated = Array.isArray(created.updatedGoals) ? (created.updatedGoals as Json[]) : [];
      for (const u of updated) {
        const goal = goals.find((g) => g.id === u.goalId);
        if (goal && typeof u.version === 'number') goal.version = u.version;
      }
      count++;
    }
  }
  return count;
}

/** HR records the organisation goal's actual and each head their department goal's (coach phase). */
export async function recordTopActuals(
  api: DemoClient,
  cycle: SeededCycle,
  half: 'H1' | 'H2',
): Promise<void> {
  const set = async (goalId: string, as: string, actual: number) => {
    const goal = await api.get(`/v1/goals/${goalId}`, as);
    await api.patch(`/v1/goals/${goalId}`, as, { actual }, num(goal, 'version'));
  };
  await set(
    cycle.organisationGoal,
    HR,
    half === 'H1' ? ORGANISATION_GOAL.actualH1 : ORGANISATION_GOAL.actualH2,
  );
  for (const d of DEMO_DEPARTMENTS) {
    const goalId = cycle.departmentGoals[d.key];
    if (goalId === undefined) continue;
    const g = departmentContent(d.key).goal;
    await set(goalId, demoPerson(d.head).email, half === 'H1' ? g.actualH1 : g.actualH2);
  }
}
