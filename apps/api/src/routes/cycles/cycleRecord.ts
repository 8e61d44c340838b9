// The stored cycle (core Cycle + policyId, policy snapshot, participants, withdrawals), its loading and the phase rules.
import { z } from '@hono/zod-openapi';
import {
  CycleSchema,
  IdSchema,
  ParticipantWithdrawalSchema,
  type Participation,
  ParticipationEventSchema,
  type Phase,
  PolicySchema,
} from '@perfloop/core';
import type { ListResourcesOptions, ResourceKind, ResourceRecord } from '@perfloop/store';
import type { ResourceSource } from '../../authz/index.ts';
import { Conflict, NotFound, UnprocessableEntity } from '../../errors.ts';

export const CYCLE_ID_PREFIX = 'cyc';

/**
 * A cycle record's `data` (StoredCycleBaseSchema: all but the withdrawals, which the resource shows redacted): the core Cycle plus the policy it was created under (`policyId`, and a
 * snapshot of that policy so later policy edits never change a running cycle) and its participants
 * (the person ids appraised in it, sorted) and the people withdrawn from it since (`withdrawn`, core
 * ParticipantWithdrawal, absent until the first withdrawal; a withdrawn person is no longer in
 * `participants`, a reinstated one is back there and no longer in `withdrawn`), with the history of those
 * withdrawals and reinstatements (`participationHistory`).
 */
export const StoredCycleBaseSchema = CycleSchema.safeExtend({
  policyId: IdSchema,
  policy: PolicySchema,
  participants: z.array(IdSchema),
});
export const StoredCycleSchema = StoredCycleBaseSchema.safeExtend({
  withdrawn: z.array(ParticipantWithdrawalSchema).optional(),
  /**
   * Every withdrawal and reinstatement since the cycle kept them (core ParticipationEvent, oldest first; absent
   * until the first). Read through GET /v1/cycles/{id}/participants, never in the cycle resource.
   */
  participationHistory: z.array(ParticipationEventSchema).optional(),
});
export type StoredCycle = z.infer<typeof StoredCycleSchema>;

/** Who the cycle appraises and who was withdrawn from it (core Participation). */
export function participationOf(cycle: Pick<StoredCycle, 'participants' | 'withdrawn'>): Participation {
  return { participants: cycle.participants, withdrawn: cycle.withdrawn ?? [] };
}

export interface LoadedCycle {
  record: ResourceRecord;
  cycle: StoredCycle;
}

export function parseCycle(record: ResourceRecord): StoredCycle {
  return StoredCycleSchema.parse(record.data);
}

/** A cycle named in the path: 404 when it is not one of the organisation's. */
export async function loadCycle(source: ResourceSource, orgId: string, id: string): Promise<LoadedCycle> {
  const record = await source.resources('cycles').get(orgId, id);
  if (!record) throw new NotFound('The cycle was not found.');
  return { record, cycle: parseCycle(record) };
}

/** A cycle named in a request body: 422 `unknown_cycle` on that field when it does not exist. */
export async function referencedCycle(
  source: ResourceSource,
  orgId: string,
  id: string,
  path = 'cycleId',
): Promise<LoadedCycle> {
  const record = await source.resources('cycles').get(orgId, id);
  if (!record) throw unknownCycle(id, path);
  return { record, cycle: parseCycle(record) };
}

/** 422 `unknown_cycle` on the body field naming a cycle that does not exist. */
export function unknownCycle(id: string, path = 'cycleId'): UnprocessableEntity {
  return new UnprocessableEntity(`Cycle ${id} does not exist.`, {
    code: 'unknown_cycle',
    errors: [{ path, message: 'no such cycle', code: 'unknown_cycle', location: 'body' }],
  });
}

/** 409 `wrong_phase`: the message names the current phase and the phases where `what` is allowed. */
export function wrongPhase(phase: Phase, allowed: readonly Phase[], what: string): Conflict {
  const where =
    allowed.length === 0
      ? 'in no phase'
      : allowed.length === 1
        ? `only in the ${allowed[0]} phase`
        : `only in the ${allowed.join(' or ')} phases`;
  return new Conflict(`The cycle is in ${phase}: ${what} ${where}.`, {
    code: 'wrong_phase',
    details: { phase, allowed: [...allowed] },
  });
}

/** Throws 409 `wrong_phase` unless the cycle is in one of `allowed`. */
export function requirePhase(cycle: { phase: Phase }, allowed: readonly Phase[], what: string): void {
  if (!allowed.includes(cycle.phase)) throw wrongPhase(cycle.phase, allowed, what);
}

const PAGE = 1000;

/** Every live record of a kind matching the filter, page by page (ordered by id). */
export async function listAllWhere(
  source: ResourceSource,
  kind: ResourceKind,
  orgId: string,
  filter: Omit<ListResourcesOptions, 'limit' | 'after'> = {},
): Promise<ResourceRecord[]> {
  const out: ResourceRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await source
      .resources(kind)
      .list(orgId, { ...filter, limit: PAGE, ...(after !== undefined ? { after } : {}) });
    out.push(...page.records);
    if (page.nextCursor === null) return out;
    after = page.nextCursor;
  }
}

/** Today's UTC date (YYYY-MM-DD). */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
