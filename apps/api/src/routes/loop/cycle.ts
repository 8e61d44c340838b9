// The cycle as the feedback, apply and improve routes use it: loading (404 / 422), phase rules, time and optional If-Match.
import type { Phase } from '@perfloop/core';
import type { Context } from 'hono';
import type { ResourceSource } from '../../authz/index.ts';
import { NotFound, UnprocessableEntity } from '../../errors.ts';
import { parseIfMatch, requireIfMatch } from '../../kit/index.ts';
import { type CycleContext, loadCycle } from '../appraise/cycleContext.ts';

export { type CycleContext, isParticipant, listWhere, requirePhase } from '../appraise/cycleContext.ts';

/** A cycle named in the path: 404 when it is not one of the organisation's. */
export function pathCycle(source: ResourceSource, orgId: string, cycleId: string): Promise<CycleContext> {
  return loadCycle(source, orgId, cycleId);
}

/** A cycle named in a request body: 422 `unknown_cycle` on that field when it does not exist. */
export async function bodyCycle(
  source: ResourceSource,
  orgId: string,
  cycleId: string,
  field = 'cycleId',
): Promise<CycleContext> {
  try {
    return await loadCycle(source, orgId, cycleId);
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
    throw new UnprocessableEntity(`Cycle ${cycleId} does not exist.`, {
      code: 'unknown_cycle',
      errors: [{ path: field, message: 'no such cycle', code: 'unknown_cycle', location: 'body' }],
    });
  }
}

/** The phases from `from` to `to` (inclusive), in loop order. */
export function phasesBetween(from: Phase, to: Phase): Phase[] {
  const all: Phase[] = ['plan', 'coach', 'appraise', 'calibrate', 'feedback', 'apply', 'improve', 'closed'];
  return all.slice(all.indexOf(from), all.indexOf(to) + 1);
}

/** The server's current instant (ISO 8601, UTC): the API's clock. */
export { nowIso } from '../../kit/clock.ts';

/** For POST actions on a versioned resource: If-Match is optional, but when sent it must match (412 otherwise). */
export function optionalIfMatch(c: Context, currentVersion: number): number {
  if (parseIfMatch(c.req.header('If-Match')).kind === 'missing') return currentVersion;
  return requireIfMatch(c, currentVersion);
}
