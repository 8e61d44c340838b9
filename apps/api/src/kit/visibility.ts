// Reading person-owned resources under the Access rules: 404 for what the caller may not see, scoped lists.
import type { ResourceKind, ResourceRecord, Store } from '@perfloop/store';
import type { Access } from '../authz/access.ts';
import { NotFound } from '../errors.ts';
import { type Page, type PageParams, pageCursor } from './pagination.ts';

/**
 * Whether the caller may read a record: services by their scopes; people when the record's
 * subject (subject_id) is someone they can see; records without a subject are organisation-wide.
 */
export function canRead(access: Access, kind: ResourceKind, record: ResourceRecord): boolean {
  if (access.isService) return access.serviceMayRead(kind);
  if (record.subjectId === null) return true;
  return access.canSee(record.subjectId);
}

/** The record when the caller may read it; 404 otherwise (also for other organisations and deleted records). */
export async function getVisible(
  store: Store,
  access: Access,
  kind: ResourceKind,
  id: string,
): Promise<ResourceRecord> {
  const record = await store.resources(kind).get(access.orgId, id);
  if (!record || !canRead(access, kind, record)) throw new NotFound('The resource was not found.');
  return record;
}

export interface VisibleFilter {
  cycleId?: string;
  subjectId?: string;
  parentId?: string;
}

const SCAN_PAGE = 1000;

/**
 * A page (by id) of the records the caller may read. HR and services with the scope page straight
 * through the store; others scan with the visibility filter until the page is full (fine for
 * thousands of records; filter by subjectId/cycleId to keep scans short).
 */
export async function listVisible(
  store: Store,
  access: Access,
  kind: ResourceKind,
  filter: VisibleFilter,
  page: PageParams,
): Promise<Page<ResourceRecord>> {
  const repo = store.resources(kind);
  if (access.isService && !access.serviceMayRead(kind)) return { items: [], nextCursor: null };
  if (access.isHr || access.isService) {
    const result = await repo.list(access.orgId, {
      ...filter,
      limit: page.limit,
      ...(page.cursor !== undefined ? { after: page.cursor } : {}),
    });
    return { items: result.records, nextCursor: pageCursor(result.nextCursor) };
  }
  if (filter.subjectId !== undefined && !access.canSee(filter.subjectId))
    return { items: [], nextCursor: null };
  const items: ResourceRecord[] = [];
  let after = page.cursor;
  for (;;) {
    const scan = await repo.list(access.orgId, {
      ...filter,
      limit: SCAN_PAGE,
      ...(after !== undefined ? { after } : {}),
    });
    for (const record of scan.records) {
      if (!canRead(access, kind, record)) continue;
      if (items.length === page.limit) return { items, nextCursor: pageCursor(items.at(-1)?.id) };
      items.push(record);
    }
    if (scan.nextCursor === null) return { items, nextCursor: null };
    after = scan.nextCursor;
  }
}
