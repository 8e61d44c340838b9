// The reviews and feedback requests a page of the audit log or change feed is about, read in one pass per kind, to mask their hidden reviewers.
import type { ResourceKind } from '@perfloop/store';
import type { ResourceSource } from '../authz/index.ts';
import { type LoggedChange, namesReviewer, recordKey } from './appraise/subjectAnonymity.ts';

/** Ids per query: the most a store list returns at once (a page of the log holds at most 500 entries). */
const CHUNK = 1000;

/**
 * The stored data of every review and feedback request `changes` are about (deleted ones too), keyed by
 * `recordKey(kind, id)`: one query per kind (per 1000 ids), never one per entry.
 */
export async function loadLoggedReviewers(
  source: ResourceSource,
  orgId: string,
  changes: readonly LoggedChange[],
): Promise<Map<string, unknown>> {
  const ids = new Map<ResourceKind, Set<string>>();
  for (const { kind, resourceId } of changes) {
    if (!namesReviewer(kind) || resourceId === null) continue;
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
