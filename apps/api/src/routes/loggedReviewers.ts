// The reviews, feedback requests, results and drafts a page of the audit log or change feed is about, read in one pass per kind, to mask their hidden reviewers and withheld reviews.
import type { ResourceKind } from '@perfloop/store';
import type { ResourceSource } from '../authz/index.ts';
import {
  keepsScores,
  type LoggedChange,
  loggedScoreCycle,
  namesReviewer,
  recordKey,
} from './appraise/subjectAnonymity.ts';
import { cycleThresholds } from './appraise/withholding.ts';

/** Ids per query: the most a store list returns at once (a page of the log holds at most 500 entries). */
const CHUNK = 1000;

/**
 * The stored data of every review, feedback request, result and next-cycle draft `changes` are about (deleted ones
 * too), keyed by `recordKey(kind, id)`: one query per kind (per 1000 ids), never one per entry.
 */
export async function loadLoggedReviewers(
  source: ResourceSource,
  orgId: string,
  changes: readonly LoggedChange[],
): Promise<Map<string, unknown>> {
  const ids = new Map<ResourceKind, Set<string>>();
  for (const { kind, resourceId } of changes) {
    if (!(namesReviewer(kind) || keepsScores(kind)) || resourceId === null) continue;
    const k = kind as ResourceKind;
    const set = ids.get(k) ?? new Set<string>();
    set.add(resourceId);
    ids.set(k, set);
  }
  const out = new Map<string, unknown>();
  for (const [kind, set] of ids) {
    const all = [...set];
    for (let i = 0; i < all.length; i += CHUNK) {
      const chunk = all.slice(i, i + CHUNK);
      const { records } = await source
        .resources(kind)
        .list(orgId, { ids: chunk, includeDeleted: true, limit: chunk.length });
      for (const r of records) out.set(recordKey(kind, r.id), r.data);
    }
  }
  return out;
}

/**
 * The anonymity threshold of the cycle each of `changes` keeps scores of (`loggedScoreCycle`), read in one query; a
 * change whose cycle cannot be told reads the default (3).
 */
export async function loggedThresholds(
  source: ResourceSource,
  orgId: string,
  changes: readonly LoggedChange[],
  records: ReadonlyMap<string, unknown>,
): Promise<(cycleId: string | null) => number> {
  const cycles = changes.flatMap((c) => {
    const id = loggedScoreCycle(c, records);
    return id === null ? [] : [id];
  });
  const of = await cycleThresholds(source, orgId, cycles);
  return (cycleId) => of(cycleId ?? '');
}
