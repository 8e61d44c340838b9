// Pages to read again: the pull skips pages whose last editor is the worker, so a page it wrote that may also hold a person's edit is
// flagged in its goal's state (before the write, so a crash cannot hide it) and read by Perfloop id on the next pull.
import type { SyncContext } from './context.ts';
import { ROW_FIELDS, type Row, readPage, same } from './mapping.ts';

/** Flags the goals of these pages (in their own state entries, so the list has no size limit). */
export function markRecheck(ctx: SyncContext, pageIds: readonly string[]): void {
  for (const pageId of pageIds) {
    const goalId = ctx.state.goalOfPage(pageId);
    const s = goalId === undefined ? undefined : ctx.state.goal(goalId);
    if (goalId === undefined || !s) continue;
    if (!s.recheck) ctx.state.setGoal(goalId, { ...s, recheck: true });
    ctx.recheckAdded.add(pageId);
  }
}

export function unmarkRecheck(ctx: SyncContext, pageId: string): void {
  const goalId = ctx.state.goalOfPage(pageId);
  const s = goalId === undefined ? undefined : ctx.state.goal(goalId);
  if (goalId === undefined || !s?.recheck) return;
  const { recheck: _r, ...rest } = s;
  ctx.state.setGoal(goalId, rest);
  ctx.recheckAdded.delete(pageId);
}

/** Goals whose pages are flagged for a recheck. */
export function flagged(ctx: SyncContext): { goalId: string; pageId: string }[] {
  return ctx.state
    .goals()
    .flatMap(([goalId, s]) => (s.recheck && s.pageId ? [{ goalId, pageId: s.pageId }] : []));
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
