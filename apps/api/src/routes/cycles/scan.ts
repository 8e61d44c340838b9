// Scoped, filtered lists: store pages (by indexed column filters) scanned under the Access rules plus a data predicate.
import type { ResourceKind, ResourceRecord, Store } from '@perfloop/store';
import type { Access } from '../../authz/index.ts';
import type { Page, PageParams, VisibleFilter } from '../../kit/index.ts';
import { canRead, pageCursor } from '../../kit/index.ts';

const SCAN_PAGE = 1000;

/**
 * A page (by id) of the records the caller may read that match `filter` (indexed columns) and
 * `predicate` (their data). Scans store pages until the page is full, so filter by the indexed
 * columns (cycleId, subjectId) to keep scans short.
 */
export async function scanVisible(
  store: Store,
  access: Access,
  kind: ResourceKind,
  filter: VisibleFilter,
  predicate: (record: ResourceRecord) => boolean,
  page: PageParams,
): Promise<Page<ResourceRecord>> {
  if (access.isService && !access.serviceMayRead(kind)) return { items: [], nextCursor: null };
  if (
    filter.subjectId !== undefined &&
    !access.isService &&
    !access.isHr &&
    !access.canSee(filter.subjectId)
  ) {
    return { items: [], nextCursor: null };
  }
  const items: ResourceRecord[] = [];
  let after = page.cursor;
  for (;;) {
    const scan = await store.resources(kind).list(access.orgId, {
      ...filter,
      limit: SCAN_PAGE,
      ...(after !== undefined ? { after } : {}),
    });
    for (const record of scan.records) {
      if (!canRead(access, kind, record) || !predicate(record)) continue;
      if (items.length === page.limit) return { items, nextCursor: pageCursor(items.at(-1)?.id) };
      items.push(record);
    }
    if (scan.nextCursor === null) return { items, nextCursor: null };
    after = scan.nextCursor;
  }
}
