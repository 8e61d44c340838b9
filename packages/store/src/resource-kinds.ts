// The resource kinds the store keeps, one table `r_<kind>` each with an identical shape.
// A new kind needs a migration creating its table (see 0002_identities_versions_kinds.ts).

export const RESOURCE_KINDS = [
  'departments',
  'people',
  'policies',
  'cycles',
  'goals',
  'goal_templates',
  'plans',
  'check_ins',
  'feedback_requests',
  'reviews',
  'calibration_sessions',
  'calibration_adjustments',
  'feedback_meetings',
  'results',
  'development_items',
  'improvement_plans',
  'next_cycle_drafts',
  // Added by migration 0002 (0001 creates a table for every kind listed here, so 0002 uses IF NOT EXISTS).
  'gap_attributions',
  'compensation',
  'potential_assessments',
  // Added by migration 0004 (sync state and leases of integrations).
  'integration_states',
  // Added by migration 0006 (target adjustments: relief on a KPI goal's target, requested and decided).
  'target_adjustments',
  // Added by migration 0007 (goal corrections: reasoned changes to a person goal's scoring fields after its plan was agreed).
  'goal_corrections',
] as const;

export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export type ResourceTableName = `r_${ResourceKind}`;

const KIND_SET: ReadonlySet<string> = new Set(RESOURCE_KINDS);

/** True when `value` names a resource kind (use to narrow strings from URLs). */
export function isResourceKind(value: string): value is ResourceKind {
  return KIND_SET.has(value);
}

/** The table holding one resource kind. */
export function resourceTable(kind: ResourceKind): ResourceTableName {
  return `r_${kind}`;
}
