// Writes about a withdrawn participant of a cycle: 409 `participant_withdrawn` (core requireNotWithdrawn), naming them and how HR reinstates them.
import { requireNotWithdrawn } from '@perfloop/core';
import type { Access } from '../../authz/index.ts';
import { Conflict } from '../../errors.ts';
import { participationOf, type StoredCycle } from './cycleRecord.ts';

/** The stable code of every write refused because its person was withdrawn from the cycle. */
export const PARTICIPANT_WITHDRAWN = 'participant_withdrawn';

/** What OpenAPI descriptions say about it (one sentence, the same on every route). */
export const WITHDRAWN_WORDS =
  'A person withdrawn from the cycle: 409 `participant_withdrawn` (details: personId, cycleId, and `reinstate`, the call by which HR reinstates them); their records stay readable, and writes about them work again once they are reinstated.';

type Reader = Pick<Access, 'org' | 'canSee'>;
type ParticipationOf = Pick<StoredCycle, 'id' | 'participants' | 'withdrawn'>;

/**
 * The 409 `participant_withdrawn` for a write about `personId` when they are withdrawn from `cycle` (null when they
 * are not): the message names them (by name when the caller may see them, else by id) and how HR reinstates them;
 * `details.reinstate` is that call. Never the withdrawal's kind or reason, which only HR and their managers read.
 */
export function withdrawnProblem(access: Reader, cycle: ParticipationOf, personId: string): Conflict | null {
  const person = access.org.person(personId);
  const name = person !== undefined && access.canSee(personId) ? person.name : undefined;
  const refused = requireNotWithdrawn(participationOf(cycle), personId, name);
  if (refused.ok) return null;
  const path = `/v1/cycles/${cycle.id}/participants`;
  return new Conflict(`${refused.error.message} (POST ${path} with their id.)`, {
    code: PARTICIPANT_WITHDRAWN,
    details: {
      ...refused.error.details,
      cycleId: cycle.id,
      reinstate: { method: 'POST', path, body: { personIds: [personId] } },
    },
  });
}

/** Throws withdrawnProblem when `personId` is withdrawn from `cycle`. */
export function refuseWithdrawn(access: Reader, cycle: ParticipationOf, personId: string): void {
  const problem = withdrawnProblem(access, cycle, personId);
  if (problem) throw problem;
}

/**
 * A bulk write naming several people (each at a body field `path`): when any of them is withdrawn, one 409
 * `participant_withdrawn` with a field error per withdrawn person (nothing is written); the message and details are
 * the first one's, with how many others.
 */
export function refuseWithdrawnItems(
  access: Reader,
  cycle: ParticipationOf,
  items: readonly { personId: string; path: string }[],
): void {
  const out = new Set((cycle.withdrawn ?? []).map((w) => w.personId));
  const refused = items.filter((item) => out.has(item.personId));
  const first = refused[0] && withdrawnProblem(access, cycle, refused[0].personId);
  if (!first) return;
  const others = refused.length - 1;
  throw new Conflict(
    others > 0
      ? `${first.message} ${others} more of them are withdrawn too; nothing was changed.`
      : first.message,
    {
      code: PARTICIPANT_WITHDRAWN,
      ...(first.details !== undefined ? { details: first.details } : {}),
      errors: refused.map((item) => ({
        path: item.path,
        message: `${item.personId} was withdrawn from this cycle.`,
        code: PARTICIPANT_WITHDRAWN,
        location: 'body' as const,
      })),
    },
  );
}
