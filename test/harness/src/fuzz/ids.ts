// Which kind of id a parameter or body field holds (by its name or its place in the path), and pools of real ids.
import type { WorldManifest } from '../world/manifest.ts';

/** Field or parameter name → the kind of id it holds. */
const BY_NAME: Record<string, string> = {
  cycleId: 'cycles',
  toCycleId: 'cycles',
  fromCycleId: 'cycles',
  personId: 'people',
  subjectId: 'people',
  ownerId: 'people',
  managerId: 'people',
  reviewerId: 'people',
  headId: 'people',
  employeeId: 'people',
  departmentId: 'departments',
  parentId: 'departments',
  goalId: 'goals',
  sourceGoalId: 'goals',
  alignedTo: 'goals',
  draftGoalId: 'goals',
  templateId: 'goal_templates',
  policyId: 'policies',
  activePolicyId: 'policies',
  sessionId: 'calibration_sessions',
  feedbackRequestId: 'feedback_requests',
  reviewId: 'reviews',
  meetingId: 'feedback_meetings',
  departmentIds: 'departments',
  personIds: 'people',
  goalIds: 'goals',
};

/** Path segment before `{id}` → kind. */
const BY_SEGMENT: Record<string, string> = {
  departments: 'departments',
  people: 'people',
  policies: 'policies',
  'api-keys': 'api_keys',
  cycles: 'cycles',
  goals: 'goals',
  'goal-templates': 'goal_templates',
  'check-ins': 'check_ins',
  'feedback-meetings': 'feedback_meetings',
  'feedback-requests': 'feedback_requests',
  'gap-attributions': 'gap_attributions',
  'target-adjustments': 'target_adjustments',
  'next-cycle-drafts': 'next_cycle_drafts',
  reviews: 'reviews',
  'calibration-sessions': 'calibration_sessions',
};

export function kindOfName(name: string | undefined): string | undefined {
  return name === undefined ? undefined : BY_NAME[name];
}

/** The kind of a path parameter: by its name (`cycleId`, `personId`), else by the segment before it. */
export function kindOfPathParam(path: string, name: string): string | undefined {
  const byName = kindOfName(name);
  if (byName) return byName;
  const segments = path.split('/');
  const at = segments.indexOf(`{${name}}`);
  return at > 0 ? BY_SEGMENT[segments[at - 1] ?? ''] : undefined;
}

export type OrgSlug = 'acme' | 'globex';

export interface IdPools {
  /** Real ids of `kind` in `org` (empty when it has none). */
  of(org: OrgSlug, kind: string): readonly string[];
  /** Every real id of the organisation, any kind. */
  all(org: OrgSlug): readonly string[];
  /** The organisation an id belongs to, if it is a known id. */
  owner(id: string): OrgSlug | undefined;
}

export function idPools(world: WorldManifest): IdPools {
  const owner = new Map<string, OrgSlug>();
  const all: Record<OrgSlug, string[]> = { acme: [], globex: [] };
  for (const org of [world.acme, world.globex]) {
    for (const ids of Object.values(org.ids)) {
      for (const id of ids) {
        owner.set(id, org.slug);
        all[org.slug].push(id);
      }
    }
    // People are also known by the callers' person ids (same ids).
  }
  return {
    of: (org, kind) => world[org].ids[kind] ?? [],
    all: (org) => all[org],
    owner: (id) => owner.get(id),
  };
}
