// Roles-matrix cells where the caller acts on themselves (the employee's own target): statuses and 403 codes in one place.
import type { OperationName } from './expectations.ts';

/**
 * The employee's own target is the employee themselves, so these cells are where "nobody decides about
 * themselves" shows. The rule's status stands unless `status` replaces it; a 403 there carries `code`
 * (`forbidden` when none is named). Adjust an entry here when a rule about oneself changes.
 */
export const SELF: Partial<Record<OperationName, { status?: number; code?: string }>> = {
  // The employee is not their own manager: a "manager review" of themselves is refused (a recusal, core RECUSAL_CODES).
  'POST /v1/reviews': { code: 'own_review' },
  // Nobody decides an adjustment of their own target (here also their own request: the owner check comes first).
  'POST /v1/target-adjustments/{id}/decision': { code: 'own_target' },
  // Nobody adds, withdraws or reinstates themselves: the recusal is said before the role (HR only) is.
  'POST /v1/cycles/{id}/participants': { code: 'own_participation' },
  'POST /v1/cycles/{id}/withdrawals': { code: 'own_participation' },
  // Potential is never read by the person it is about (404, as if it did not exist).
  'GET /v1/cycles/{id}/potential/{personId}': { status: 404 },
};
