// Guard reasons narrowed to what one caller may see (readiness dashboards): ids of hidden people are dropped.
import { type GuardReason, guardHint, guardReason } from '@perfloop/core';

/**
 * Keeps, in each person- or goal-listing reason, only the ids the caller may see (goal ids by their
 * owner), recounting and rewording it (its hints narrowed the same way); reasons left with no ids are dropped. Reasons about the cycle
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
    const hints = (r.hints ?? []).flatMap((hint) => {
      const ids = hint.ids.filter(canSee);
      return ids.length > 0 ? [guardHint(hint.code, ids)] : [];
    });
    out.push(guardReason(r.code, visible, hints));
  }
  return out;
}
