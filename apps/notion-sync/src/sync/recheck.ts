// Pages to read again: the pull skips pages whose last editor is the worker, so a page it wrote that may also hold a person's edit is
// listed here (before the write, so a crash cannot hide it) and read by Perfloop id on the next pull.
import type { SyncContext } from './context.ts';
import { ROW_FIELDS, type Row, readPage, same } from './mapping.ts';
import type { PullState } from './state.ts';

export function markRecheck(ctx: SyncContext, pageIds: readonly string[]): void {
  if (pageIds.length === 0) return;
  const pull = ctx.state.get<PullState>('pull') ?? { since: null };
  const recheck = [...new Set([...(pull.recheck ?? []), ...pageIds])];
  ctx.state.set('pull', { ...pull, recheck } satisfies PullState);
  for (const id of pageIds) ctx.recheckAdded.add(id);
}

export function unmarkRecheck(ctx: SyncContext, pageId: string): void {
  const pull = ctx.state.get<PullState>('pull');
  if (!pull?.recheck?.includes(pageId)) return;
  ctx.state.set('pull', { ...pull, recheck: pull.recheck.filter((id) => id !== pageId) } satisfies PullState);
  ctx.recheckAdded.delete(pageId);
}

/**
 * Whether a page object Notion returned after the worker's write shows values the worker did not write
 * (a person edited the page in between): `expected` is what the page should hold now.
 */
export function hasForeignEdits(
  ctx: SyncContext,
  page: Record<string, unknown>,
  expected: Partial<Row>,
): boolean {
  const read = readPage(page, ctx.workspace.schema);
  if (read.invalid.length > 0) return true;
  return ROW_FIELDS.some((f) => f in expected && !same(read.row[f], expected[f]));
}
