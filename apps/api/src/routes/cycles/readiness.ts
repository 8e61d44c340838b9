// Guard reasons narrowed to what one caller may see (readiness dashboards): ids of hidden people are dropped.
import { GUARDS, type GuardReason, PHASES } from '@perfloop/core';

const MESSAGES = new Map(PHASES.flatMap((p) => GUARDS[p]).map((g) => [g.code as string, g.message] as const));

/**
 * Keeps, in each person- or goal-listing reason, only the ids the caller may see (goal ids by their
 * owner), recounting and rewording it; reasons left with no ids are dropped. Reasons about the cycle
 * itself (calibration_open, phases_skipped, invalid_transition) are kept as they are.
 */
export function scopeReasons(
  reasons: readonly GuardReason[],
  canSee: (personId: string) => boolean,
  goalOwner: ReadonlyMap<string, string | null>,
): GuardReason[] {
  const out: GuardReason[] = [];
  for (const r of reasons) {
    if (r.ids.length === 0) {
      out.push(r);
      continue;
    }
    const visible =
      r.code === 'kpi_actuals_missing'
        ? r.ids.filter((id) => {
            const owner = goalOwner.get(id);
            return owner !== undefined && owner !== null && canSee(owner);
          })
        : r.ids.filter(canSee);
    if (visible.length === 0) continue;
    if (visible.length === r.ids.length) {
      out.push(r);
      continue;
    }
    const message = MESSAGES.get(r.code)?.(visible.length) ?? r.message;
    out.push({ code: r.code, count: visible.length, ids: visible, message });
  }
  return out;
}
