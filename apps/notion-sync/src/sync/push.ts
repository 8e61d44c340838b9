// Push: the change feed → Notion. New goals become pages (found by Perfloop id first, so a crash never duplicates one), changed goals update
// only what changed, deleted goals go to the trash, check-in notes are appended; the feed cursor moves only with the pages.
import { createHash } from 'node:crypto';
import { type CheckIn, CheckInSchema, type Goal, GoalSchema } from '@perfloop/core';
import { isNotFound, isValidationError, UncertainWriteError } from '../notion/errors.ts';
import type { ChangeEvent } from '../perfloop/types.ts';
import { checkInBlocks, markersIn } from './checkInBlocks.ts';
import { cycleSynced, rowContext, type SyncContext } from './context.ts';
import { correctPage } from './corrections.ts';
import { changedFields, goalRow, ROW_FIELDS, type Row, readPage, rowProperties } from './mapping.ts';
import { claimImported, forgetImported } from './noteImports.ts';
import {
  appending,
  appendingRange,
  fromLegacy,
  hasLegacyNotes,
  isNoted,
  type LegacyNotes,
  noted,
  notedThrough,
  type Sequenced,
} from './notes.ts';
import { hasForeignEdits, markRecheck, unmarkRecheck } from './recheck.ts';
import type { CursorState, GoalState } from './state.ts';

/** Events read before writing to Notion (folded: one write per goal however often it changed). */
const FOLD_LIMIT = 5000;
const LEVEL_ORDER = { organisation: 0, department: 1, person: 2 } as const;

interface Folded {
  goals: Map<string, { goal: Goal | null; version: number }>;
  /** New check-ins by id, with the seq of their `create` event (the order notes.ts relies on) and their latest text. */
  checkIns: Map<string, Sequenced<CheckIn>>;
  /** Check-ins their author corrected, by id: the latest text, with the seq of the newest `update` event. */
  corrections: Map<string, Sequenced<CheckIn>>;
  /** `<page id> <check-in id>`: appended in this run from the folded (latest) text, so nothing to correct there. */
  sent: Set<string>;
}

const emptyFold = (): Folded => ({
  goals: new Map(),
  checkIns: new Map(),
  corrections: new Map(),
  sent: new Set(),
});

function fold(events: readonly ChangeEvent[], into: Folded): void {
  for (const e of events) {
    if (e.kind === 'goals') {
      const parsed = e.op === 'delete' ? null : GoalSchema.safeParse(e.data);
      if (parsed && !parsed.success) continue;
      into.goals.set(e.resourceId, { goal: parsed?.data ?? null, version: e.version });
    } else if (e.kind === 'check_ins' && e.op !== 'delete') {
      const parsed = CheckInSchema.safeParse(e.data);
      if (!parsed.success) continue;
      const id = parsed.data.id;
      if (e.op === 'create') into.checkIns.set(id, { checkIn: parsed.data, seq: e.seq });
      else {
        // A correction: appended with it when its create is in the batch too (keeping the create's seq), and
        // written over the first text on the pages that hold that already.
        const created = into.checkIns.get(id);
        if (created) into.checkIns.set(id, { ...created, checkIn: parsed.data });
        into.corrections.set(id, { checkIn: parsed.data, seq: e.seq });
      }
    }
  }
}

/** Runs `fn` over items with the limiter as the only brake; failures are collected, not thrown. */
async function each<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<unknown[]> {
  const results = await Promise.allSettled(items.map(fn));
  return results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
}

/** Creates a goal's page unless one with its Perfloop id exists already (after a crash or a lost answer). */
async function createPage(ctx: SyncContext, goalId: string, row: Row): Promise<string> {
  const { dataSourceId, schema } = ctx.workspace;
  const find = async () => {
    const found = await ctx.notion.findByText(dataSourceId, schema.perfloopId.name, [goalId]);
    return found.find((p) => readPage(p, schema).row.perfloopId === goalId)?.id ?? null;
  };
  const properties = rowProperties(row, schema, ROW_FIELDS, new Date().toISOString());
  for (let attempt = 0; ; attempt++) {
    await ctx.lease.ensure();
    try {
      return (await ctx.notion.createPage(dataSourceId, properties)).id;
    } catch (error) {
      if (!(error instanceof UncertainWriteError) || attempt >= 3) throw error;
      const existing = await find();
      if (existing) return existing;
    }
  }
}

/** Appends check-in notes to a page, skipping those whose marker is already there (after an unknown outcome). */
async function appendNotes(
  ctx: SyncContext,
  goalId: string,
  pageId: string,
  checkIns: CheckIn[],
  verify: boolean,
  sent: Set<string>,
): Promise<void> {
  let todo = checkIns;
  if (verify) {
    const present = markersIn(await ctx.notion.blocks(pageId));
    todo = checkIns.filter((c) => !present.has(c.id));
  }
  if (todo.length === 0) return;
  // What this call appends (or, after an unknown outcome, finds it appended) carries the folded text.
  for (const c of todo) sent.add(`${pageId} ${c.id}`);
  const people = new Map(ctx.directory.people.map((p) => [p.id, p.name]));
  // One group per check-in: a call never carries only part of a check-in's blocks.
  const groups = todo
    .sort((a, b) => (a.at < b.at ? -1 : 1))
    .map((c) => checkInBlocks(c, goalId, people.get(c.authorId) ?? null));
  await ctx.lease.ensure();
  try {
    await ctx.notion.appendBlocks(pageId, groups);
  } catch (error) {
    if (!(error instanceof UncertainWriteError)) throw error;
    const present = markersIn(await ctx.notion.blocks(pageId));
    const missing = todo.filter((c) => !present.has(c.id));
    if (missing.length > 0) await appendNotes(ctx, goalId, pageId, missing, false, sent);
  }
}

/** The goals whose pages get a check-in's notes: those it updates, else every goal of the person in that cycle. */
function targetsOf(c: CheckIn, all: readonly [string, GoalState][]): string[] {
  if (c.goalUpdates.length > 0) return c.goalUpdates.map((u) => u.goalId);
  return all
    .filter(([, s]) => s.goal?.ownerId === c.subjectId && s.goal.cycleId === c.cycleId)
    .map(([id]) => id);
}

const highestSeq = (items: readonly Sequenced<CheckIn>[]) => Math.max(0, ...items.map((i) => i.seq));

/** Makes sure the Department and Cycle selects offer the names about to be written. */
async function ensureOptions(ctx: SyncContext, rows: readonly Row[]): Promise<void> {
  const { schema, dataSourceId } = ctx.workspace;
  const known = ctx.workspace.options;
  const add: Record<string, unknown> = {};
  for (const field of ['department', 'cycle'] as const) {
    if (schema[field].type !== 'select') continue;
    const have = known[field];
    const missing = [
      ...new Set(rows.map((r) => r[field]).filter((n): n is string => n !== null && !have.has(n))),
    ];
    if (missing.length === 0) continue;
    add[schema[field].name] = { select: { options: [...have, ...missing].map((name) => ({ name })) } };
    for (const n of missing) have.add(n);
  }
  if (Object.keys(add).length > 0) await ctx.notion.updateDataSource(dataSourceId, add);
}

/** Writes one folded batch of changes to Notion and records it. */
async function apply(ctx: SyncContext, folded: Folded): Promise<void> {
  const { state } = ctx;
  const rows = rowContext(ctx);
  // Goals to write: those that changed, in synced cycles (or that already have a page).
  const changed = [...folded.goals.entries()].filter(([id, { goal }]) => {
    const s = state.goal(id);
    if (goal === null) return Boolean(s?.pageId);
    return cycleSynced(ctx, goal.cycleId) || Boolean(s?.pageId);
  });
  const creates = changed
    .filter(([id, { goal }]) => goal !== null && !state.goal(id)?.pageId)
    .sort(([, a], [, b]) => LEVEL_ORDER[(a.goal as Goal).level] - LEVEL_ORDER[(b.goal as Goal).level]);
  // Creates a stopped run had started (intent recorded, page not): look their pages up by Perfloop id, 100 a query.
  const resumed = creates.filter(([id]) => state.goal(id)?.creating).map(([id]) => id);
  const found = new Map<string, string>();
  if (resumed.length > 0) {
    const { dataSourceId, schema } = ctx.workspace;
    for (const p of await ctx.notion.findByText(dataSourceId, schema.perfloopId.name, resumed)) {
      const goalId = readPage(p, schema).row.perfloopId;
      if (resumed.includes(goalId) && !found.has(goalId)) found.set(goalId, p.id);
    }
  }
  // Intent first: a page being created is looked up by its Perfloop id if this run dies before recording it.
  const startedAt = new Date().toISOString();
  for (const [id, { goal, version }] of creates) {
    const s = state.goal(id);
    state.setGoal(id, { pageId: null, goal, version, pushed: {}, ...s, creating: s?.creating ?? startedAt });
  }
  await ensureOptions(
    ctx,
    changed.flatMap(([, { goal }]) => (goal ? [goalRow(goal, rows)] : [])),
  );
  if (creates.length > 0) await state.commit(await ctx.lease.ensure());

  const errors: unknown[] = [];
  // Parents before children, so "Aligned to" can point at their pages.
  for (const level of ['organisation', 'department', 'person'] as const) {
    const batch = creates.filter(([, { goal }]) => goal?.level === level);
    errors.push(
      ...(await each(batch, async ([id, { goal, version }]) => {
        const row = goalRow(goal as Goal, rows);
        const intent = state.goal(id) as GoalState;
        const existing = found.get(id);
        if (existing) {
          // Created by a stopped run from the intent's snapshot: only what changed since is written.
          const fields = changedFields(row, goalRow((intent.goal ?? goal) as Goal, rows));
          if (fields.length > 0) {
            await ctx.notion.updatePage(existing, {
              properties: rowProperties(row, ctx.workspace.schema, fields, new Date().toISOString()),
            });
          }
        }
        const pageId = existing ?? (await createPage(ctx, id, row));
        const { creating: _c, ...rest } = intent;
        state.setGoal(id, { ...rest, pageId, goal, version, pushed: row });
        ctx.report.created += 1;
      })),
    );
  }
  const creating = new Set(creates.map(([id]) => id));
  const updates = changed.filter(
    ([id, { goal }]) => goal !== null && state.goal(id)?.pageId && !creating.has(id),
  );
  // Which pages need a write (rows computed after the creates, so relations can name new parents' pages).
  const plans = updates.flatMap(([id, { goal, version }]) => {
    const s = state.goal(id) as GoalState;
    if (ctx.unsettled.has(s.pageId as string)) {
      // Its page has Notion edits the pull could not settle: writing now could overwrite them.
      state.setGoal(id, { ...s, goal, version, dirty: true });
      return [];
    }
    const row = goalRow(goal as Goal, rows);
    const fields = changedFields(row, s.pushed);
    if (fields.length === 0 || (s.failed && s.failed.version === version)) {
      const { dirty: _d, ...rest } = s;
      state.setGoal(id, { ...rest, goal, version });
      return [];
    }
    return [{ id, goal: goal as Goal, version, s, row, fields, pageId: s.pageId as string }];
  });
  // Written pages get the worker as their last editor, which the pull's query skips: they are listed for a
  // recheck first, and taken off again when Notion's answer shows nobody else edited them meanwhile. The values
  // about to be written are recorded with the flag, so the pull never takes them for a person's edit (the whole
  // row: the fields not in the plan hold it already, and a page restored from the trash is written in full).
  if (plans.length > 0) {
    for (const p of plans) state.setGoal(p.id, { ...(state.goal(p.id) as GoalState), writing: p.row });
    markRecheck(
      ctx,
      plans.map((p) => p.pageId),
    );
    await state.commit(await ctx.lease.ensure());
  }
  errors.push(
    ...(await each(plans, async ({ id, goal, version, s, row, fields, pageId }) => {
      await ctx.lease.ensure();
      let answer: Record<string, unknown>;
      let written = fields;
      try {
        answer = await ctx.notion.updatePage(pageId, {
          properties: rowProperties(row, ctx.workspace.schema, fields, new Date().toISOString()),
        });
      } catch (error) {
        if (isNotFound(error)) {
          // The page is gone (deleted for good, or no longer shared): a new one is created next round.
          state.setGoal(id, { pageId: null, goal, version, pushed: {} });
          unmarkRecheck(ctx, pageId);
          return;
        }
        if (isValidationError(error) && /archived|trash/i.test(String((error as Error).message))) {
          // A manager put the page in the trash: Perfloop still has the goal, so it comes back.
          await ctx.notion.updatePage(pageId, { in_trash: false });
          answer = await ctx.notion.updatePage(pageId, {
            properties: rowProperties(row, ctx.workspace.schema, ROW_FIELDS, new Date().toISOString()),
          });
          written = [...ROW_FIELDS];
        } else if (isValidationError(error)) {
          ctx.log.error(
            { goalId: id, err: error },
            'Notion refused a goal’s values; not retried until the goal changes',
          );
          state.setGoal(id, { ...s, goal, version, failed: { version, reason: (error as Error).message } });
          return;
        } else {
          throw error;
        }
      }
      // From the current entry, which carries the recheck flag set before the write.
      const { failed: _f, dirty: _d, writing: _w, ...rest } = state.goal(id) ?? s;
      const pushed = { ...s.pushed, ...Object.fromEntries(written.map((f) => [f, row[f]])) };
      state.setGoal(id, { ...rest, goal, version, pushed });
      // Notion's answer shows the worker as the page's last editor and the write's minute: it cannot tell whether a
      // person wrote on the page since the pull's query. A page whose blocks this pull read for a person's edit (they
      // were just there) stays flagged, so the next pull reads its blocks once more; other pages are taken off.
      if (!hasForeignEdits(ctx, answer, pushed) && !ctx.personPages.has(pageId)) unmarkRecheck(ctx, pageId);
      ctx.report.updated += 1;
    })),
  );
  const deletes = changed.filter(([, { goal }]) => goal === null);
  errors.push(
    ...(await each(deletes, async ([id]) => {
      const s = state.goal(id) as GoalState;
      await ctx.lease.ensure();
      try {
        await ctx.notion.updatePage(s.pageId as string, { in_trash: true });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      state.remove(`goal:${id}`);
      ctx.report.trashed += 1;
    })),
  );

  // Check-in notes: on the pages of the goals they update, else of every goal of the person in that cycle;
  // those at or below a goal's mark are on its page already (a batch read again after a failed round).
  // Check-ins the pull recorded from notes on a page are put there by the pull (noteImports.ts): noted, not appended.
  const perPage = new Map<string, { goalId: string; checkIns: Sequenced<CheckIn>[] }>();
  const claimed = new Map<string, Sequenced<CheckIn>[]>();
  const all = state.goals();
  for (const item of folded.checkIns.values()) {
    for (const goalId of targetsOf(item.checkIn, all)) {
      const s = state.goal(goalId);
      if (!s?.pageId || isNoted(s, item.seq)) continue;
      if (claimImported(s, item.checkIn) !== null) {
        claimed.set(goalId, [...(claimed.get(goalId) ?? []), item]);
        continue;
      }
      const entry = perPage.get(s.pageId) ?? { goalId, checkIns: [] };
      entry.checkIns.push(item);
      perPage.set(s.pageId, entry);
    }
  }
  /** Every check-in for the goal up to `through` is on its page (the claimed ones by the pull's hand). */
  const notedAll = (goalId: string, through: number) => {
    let s = state.goal(goalId) as GoalState;
    const mine = claimed.get(goalId) ?? [];
    for (const c of mine) s = claimImported(s, c.checkIn) ?? s;
    state.setGoal(goalId, noted(s, Math.max(through, highestSeq(mine))));
    claimed.delete(goalId);
  };
  const appendingTo = new Set([...perPage.values()].map((e) => e.goalId));
  for (const goalId of [...claimed.keys()]) if (!appendingTo.has(goalId)) notedAll(goalId, 0);
  if (perPage.size > 0) {
    for (const { goalId, checkIns } of perPage.values()) {
      const through = Math.max(highestSeq(checkIns), highestSeq(claimed.get(goalId) ?? []));
      state.setGoal(goalId, appending(state.goal(goalId) as GoalState, through));
    }
    // Appending makes the worker the page's last editor: the pages are read again on the next pull.
    markRecheck(ctx, [...perPage.keys()]);
    await state.commit(await ctx.lease.ensure());
    errors.push(
      ...(await each([...perPage.entries()], async ([pageId, { goalId, checkIns }]) => {
        await appendNotes(
          ctx,
          goalId,
          pageId,
          checkIns.map((c) => c.checkIn),
          false,
          folded.sent,
        );
        // Every check-in for this goal up to the highest one appended is on the page now.
        notedAll(goalId, highestSeq(checkIns));
        ctx.report.appendedCheckIns += checkIns.length;
      })),
    );
  }
  errors.push(...(await applyCorrections(ctx, folded)));
  if (errors.length > 0) {
    for (const e of errors) if (e instanceof Error && e.name === 'LeaseLostError') throw e;
    // What did get written is recorded; the cursor is not.
    await state.commit(await ctx.lease.ensure());
    throw new AggregateError(
      errors,
      `${errors.length} Notion write(s) failed; the feed cursor stays put and they are retried next round`,
    );
  }
}

/**
 * Check-ins corrected by their author: the corrected text replaces their blocks on every page that holds them — the
 * pages of the goals they update, else of every goal of the person in that cycle — except pages that got the
 * corrected text with this batch's append. Pages holding no notes at all are not read. Intent first, as for
 * appends: the pages are flagged for the pull's recheck and `correctingThrough` is recorded before any write; a
 * run stopped half-way reads the `update` events again (the cursor stays below them) and finishes from what the
 * page shows, so a replay writes only what still differs.
 */
async function applyCorrections(ctx: SyncContext, folded: Folded): Promise<unknown[]> {
  const { state } = ctx;
  const all = state.goals();
  const perPage = new Map<string, { goalId: string; checkIns: CheckIn[]; through: number }>();
  for (const { checkIn, seq } of folded.corrections.values()) {
    for (const goalId of targetsOf(checkIn, all)) {
      const s = state.goal(goalId);
      if (!s?.pageId || folded.sent.has(`${s.pageId} ${checkIn.id}`)) continue;
      if (notedThrough(s) === 0 && s.appendingThrough === undefined) continue;
      const entry = perPage.get(s.pageId) ?? { goalId, checkIns: [], through: 0 };
      entry.checkIns.push(checkIn);
      entry.through = Math.max(entry.through, seq);
      perPage.set(s.pageId, entry);
    }
  }
  if (perPage.size === 0) return [];
  for (const { goalId, through } of perPage.values()) {
    const s = state.goal(goalId) as GoalState;
    state.setGoal(goalId, { ...s, correctingThrough: Math.max(s.correctingThrough ?? 0, through) });
  }
  // Rewriting blocks makes the worker the page's last editor: the pages are read again on the next pull.
  markRecheck(ctx, [...perPage.keys()]);
  await state.commit(await ctx.lease.ensure());
  return each([...perPage.entries()], async ([pageId, { goalId, checkIns }]) => {
    await correctPage(ctx, goalId, pageId, checkIns);
    const { correctingThrough: _c, ...rest } = state.goal(goalId) as GoalState;
    state.setGoal(goalId, rest);
  });
}

/**
 * Goal states in the shape before the mark (notes.ts): an append the old worker left in flight is finished the
 * old way (by id, checking the markers on the page), then the noted ids become the mark.
 */
async function convertLegacyNotes(
  ctx: SyncContext,
  checkIns: Map<string, Sequenced<CheckIn>>,
  cursor: number,
): Promise<void> {
  for (const [goalId, s] of ctx.state.goals() as [string, GoalState & LegacyNotes][]) {
    if (!hasLegacyNotes(s)) continue;
    const onPage = new Set(s.notes ?? []);
    const pending = (s.appending ?? []).flatMap((id) => {
      const c = checkIns.get(id);
      return c && !onPage.has(id) ? [c.checkIn] : [];
    });
    if (s.pageId && pending.length > 0) {
      await appendNotes(ctx, goalId, s.pageId, pending, true, new Set());
      for (const c of pending) onPage.add(c.id);
    }
    ctx.state.setGoal(
      goalId,
      fromLegacy(s, onPage, (id) => checkIns.get(id)?.seq, cursor),
    );
  }
}

/**
 * Appends that were in flight when a previous run stopped: the check-ins of their seq range are read again from
 * the feed (the cursor did not move past them), and appended only if their markers are not on the page yet.
 */
async function resumeAppends(
  ctx: SyncContext,
  checkIns: Map<string, Sequenced<CheckIn>>,
  sent: Set<string>,
): Promise<void> {
  const all = ctx.state.goals();
  for (const [goalId, s] of all) {
    const range = appendingRange(s);
    if (!s.pageId || range === null) continue;
    const inRange = [...checkIns.values()].filter(
      (c) => c.seq > range.after && c.seq <= range.through && targetsOf(c.checkIn, all).includes(goalId),
    );
    // Those the pull recorded from the page's notes are its to put there (noteImports.ts).
    let own = s;
    const pending = inRange.filter((c) => {
      const claimed = claimImported(own, c.checkIn);
      if (claimed !== null) own = claimed;
      return claimed === null;
    });
    if (own !== s) ctx.state.setGoal(goalId, own);
    if (pending.length > 0) {
      await appendNotes(
        ctx,
        goalId,
        s.pageId,
        pending.map((c) => c.checkIn),
        true,
        sent,
      );
    }
    ctx.state.setGoal(goalId, noted(ctx.state.goal(goalId) ?? s, range.through));
  }
}

/** A hash of everything a row shows that does not come from the goal itself. */
function directoryFingerprint(ctx: SyncContext): string {
  const d = ctx.directory;
  const shown = {
    cycles: d.cycles.map((c) => [c.id, c.name]),
    departments: d.departments.map((x) => [x.id, x.name]),
    people: d.people.map((p) => [p.id, p.name, p.email, p.departmentId]),
    members: [...ctx.workspace.people.entries()].sort(),
  };
  return createHash('sha256').update(JSON.stringify(shown)).digest('hex').slice(0, 32);
}

/** Reads the feed from the cursor until caught up, writing each folded batch and moving the cursor after it. */
export async function push(ctx: SyncContext): Promise<void> {
  let cursor = ctx.state.get<CursorState>('cursor')?.seq ?? 0;
  for (;;) {
    const folded = emptyFold();
    let after = cursor;
    let read = 0;
    for (;;) {
      const page = await ctx.api.changes(after, 500);
      fold(page.events, folded);
      read += page.events.length;
      const caughtUp = page.nextCursor === after || page.events.length === 0;
      after = page.nextCursor;
      if (caughtUp || read >= FOLD_LIMIT) break;
    }
    ctx.report.feedEvents += read;
    // Names shown on the pages (cycles, departments, people, Notion members) changed: every page is compared again.
    const fingerprint = directoryFingerprint(ctx);
    const known = ctx.state.get<{ hash: string }>('directory');
    if (known?.hash !== fingerprint) {
      for (const [id, s] of ctx.state.goals()) {
        if (s.pageId && s.goal && !folded.goals.has(id))
          folded.goals.set(id, { goal: s.goal, version: s.version });
      }
      ctx.state.set('directory', { hash: fingerprint });
    }
    // Goals left dirty by an earlier round (their page had unsettled edits) are pushed from their last snapshot.
    for (const [id, s] of ctx.state.goals()) {
      if (s.dirty && s.goal && !folded.goals.has(id))
        folded.goals.set(id, { goal: s.goal, version: s.version });
    }
    // Check-ins left half-appended by a stopped run come back with the feed (the cursor did not move past them).
    await convertLegacyNotes(ctx, folded.checkIns, cursor);
    await resumeAppends(ctx, folded.checkIns, folded.sent);
    if (folded.goals.size > 0 || folded.checkIns.size > 0 || folded.corrections.size > 0)
      await apply(ctx, folded);
    const caughtUp = after === cursor || read < FOLD_LIMIT;
    // Read to the end: check-ins the pull listed before this push and it did not claim were passed earlier.
    if (caughtUp) {
      const forgotten = forgetImported(ctx);
      if (forgotten > 0)
        ctx.log.debug({ forgotten }, 'imported check-ins noted earlier dropped from goal states');
    }
    if (after !== cursor) ctx.state.set('cursor', { seq: after } satisfies CursorState);
    await ctx.state.commit(await ctx.lease.ensure(), ['cursor']);
    if (caughtUp) return;
    cursor = after;
  }
}
