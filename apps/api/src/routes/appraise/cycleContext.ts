// Cycle helpers for the appraise/calibrate routes (also used by routes/loop), over the stored cycle of routes/cycles.
import { type Phase, type Policy, phaseIndex } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import type { ResourceSource } from '../../authz/index.ts';
import { listAllWhere, loadCycle as loadStoredCycle, type StoredCycle } from '../cycles/cycleRecord.ts';

export {
  type LoadedCycle,
  listAllWhere,
  referencedCycle,
  requirePhase,
  type StoredCycle,
} from '../cycles/cycleRecord.ts';

/** Every live record of a kind matching the filter (ordered by id); the same as listAllWhere. */
export const listWhere = listAllWhere;

export interface CycleContext {
  record: ResourceRecord;
  /** The stored cycle: core Cycle + policyId, policy snapshot and participants. */
  cycle: StoredCycle;
  /** Everyone appraised in the cycle. */
  participants: readonly string[];
  /** The policy snapshot the cycle runs under. */
  policy: Policy;
}

/** A cycle named in the path: 404 when it is not one of the organisation's. */
export async function loadCycle(
  source: ResourceSource,
  orgId: string,
  cycleId: string,
): Promise<CycleContext> {
  const { record, cycle } = await loadStoredCycle(source, orgId, cycleId);
  return { record, cycle, participants: cycle.participants, policy: cycle.policy };
}

/** Whether the cycle is at `phase` or later. */
export function reached(cycle: { phase: Phase }, phase: Phase): boolean {
  return phaseIndex(cycle.phase) >= phaseIndex(phase);
}

/** Whether `personId` is appraised in the cycle (pass the stored cycle or a CycleContext). */
export function isParticipant(cycle: { participants: readonly string[] }, personId: string): boolean {
  return cycle.participants.includes(personId);
}

/** The cycle's participants, sorted and unique. */
export function participantsOf(cycle: { participants: readonly string[] }): string[] {
  return [...new Set(cycle.participants)].sort();
}
