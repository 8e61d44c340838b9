// Pull: pages edited since the last pull (on_or_after with an overlap) and pages webhooks announced content for, compared with what was synced; managers' edits applied with If-Match.
import { type Goal, isCancellation } from '@perfloop/core';
import { isNotFound } from '../notion/errors.ts';
import type { PageObject } from '../notion/ops.ts';
import { floorMinute } from '../notion/time.ts';
import { PerfloopError } from '../perfloop/api.ts';
import type { ApiGoal } from '../perfloop/types.ts';
import { compose, notionLost, perfloopLost, readOnlyRestored } from './comments.ts';
import { decide, type Reason } from './conflict.ts';
import { phaseOf, rowContext, type SyncContext } from './context.ts';
import {
  changedFields,
  goalRow,
  type ReadPage,
  ROW_FIELDS,
  type Row,
  type RowField,
  readPage,
  rowProperties,
  same,
} from './mapping.ts';
import { settleNoteEdits } from './noteEdits.ts';
import { importNotes } from './noteImports.ts';
import { blockRead, canonicalId, contentAnnounced, loadPageEvents, type PageEvents } from './pageEvents.ts';
import { handleNewRow, reportOnce } from './proposals.ts';
import { flagged, hasForeignEdits, markRecheck, unmarkRecheck } from './recheck.ts';
import { COMPUTED, EDITABLE } from './schema.ts';
import type { GoalState, PullState } from './state.ts';

/** A goal's value for an editable field, as the row shows it. */
function perfloopValue(goal: Goal, field: RowField): unknown {
  if (field === 'actual') return goal.kind === 'kpi' ? goal.actual : null;
  if (field === 'status') return goal.status;
  if (field === 'notes') return goal.description;
  return null;
}

/** The PATCH body of the fields Notion wins. */
function patchOf(fields: readonly RowField[], row: Row): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    if (f === 'actual') body.actual = row.actual;
    if (f === 'status') body.status = row.status;
    if (f === 'notes') body.description = row.notes;
  }
  return body;
}

type Outcome =
  | { field: RowField; winner: 'notion'; reason: Reason; replaced: unknown }
  | { field: RowField; winner: 'same' }
  | { field: RowField; winner: 'perfloop'; why: Reason | { invalid: string } | { refused: string } };

/**
 * Whether the page's status cancels a person goal after `plan`, or restores a cancelled one: a correction that needs a
 * person and a reason (the API refuses a key: `goal_cancel_by_person`), so it is kept off Perfloop and said on the page.
 */
function cancelsAfterPlan(goal: Goal, row: Row, phase: string): boolean {
  if (phase === 'plan' || goal.level !== 'person' || row.status === null) return false;
  return isCancellation(goal, { status: row.status });
}

/** Decides every edited editable field against the goal as it is now. */
function decideAll(
  ctx: SyncContext,
  page: ReadPage,
  synced: Partial<Row>,
  current: ApiGoal,
  fields: readonly RowField[],
): Outcome[] {
  const phase = phaseOf(ctx, current.goal.cycleId) ?? 'closed';
  return fields.map((field): Outcome => {
    const invalid = page.invalid.find((i) => i.field === field);
    if (invalid) return { field, winner: 'perfloop', why: { invalid: invalid.reason } };
    if (field === 'actual' && current.goal.kind !== 'kpi' && page.row.actual !== null) {
      return { field, winner: 'perfloop', why: { invalid: 'a competency goal has no actual' } };
    }
    const d = decide({
      notion: page.row[field],
      perfloop: perfloopValue(current.goal, field),
      synced: synced[field],
      phase,
      notionEditedAt: Date.parse(page.lastEditedTime),
      perfloopEditedAt: Date.parse(current.updatedAt),
    });
    if (d.winner === 'same') return { field, winner: 'same' };
    if (d.winner === 'notion' && field === 'status' && cancelsAfterPlan(current.goal, page.row, phase)) {
      return { field, winner: 'perfloop', why: 'cancel_in_perfloop' };
    }
    if (d.winner === 'notion') {
      return { field, winner: 'notion', reason: d.reason, replaced: perfloopValue(current.goal, field) };
    }
    return { field, winner: 'perfloop', why: d.reason };
  });
}

/**
 * The values both sides agreed on for a page: `pushed`, plus the values of a write the push had in flight that
 * the page holds (the write landed but its record was lost with a refused state commit). Those came from
 * Perfloop, and the page's edit time is the worker's write: taken for a person's edit, they could overwrite a
 * newer Perfloop value ("Notion's edit came later") and bump the goal's version behind its clients' backs.
 */
function agreedValues(state: GoalState, row: Row): Partial<Row> {
  const agreed: Partial<Row> = { ...state.pushed };
  for (const [field, value] of Object.entries(state.writing ?? {}) as [RowField, unknown][]) {
    if (same(row[field], value)) agreed[field] = value as never;
  }
  return agreed;
}

/**
 * Applies the edits of one page that maps to a goal the worker keeps. Returns whether it wrote the page (the worker is
 * then the page's last editor, which hides from Notion's page object any edit made since the pull's query).
 */
async function handleEdits(
  ctx: SyncContext,
  page: ReadPage,
  goalId: string,
  state: GoalState,
): Promise<boolean> {
  const known = agreedValues(state, page.row);
  const invalidFields = new Set(page.invalid.map((i) => i.field));
  const edited = ROW_FIELDS.filter(
    (f) => invalidFields.has(f) || (f in known && !same(page.row[f], known[f])),
  );
  // A cleared Perfloop id cell (the page was found through the state) is put back too.
  if (page.row.perfloopId !== goalId && !edited.includes('perfloopId')) edited.push('perfloopId');
  if (edited.length === 0) {
    // The page holds what the worker was writing (a write whose record was lost): that is what it holds now.
    if (state.writing) {
      const { writing: _w, ...rest } = ctx.state.goal(goalId) ?? state;
      ctx.state.setGoal(goalId, { ...rest, pushed: known });
    }
    return false;
  }
  let current = await ctx.api.goal(goalId);
  if (current === null) return false; // deleted in Perfloop: the push trashes the page
  const perfloopEditedAt = Date.parse(current.updatedAt);
  const editable = edited.filter((f) => EDITABLE.has(f as never));
  let outcomes: Outcome[] = [];
  /** The goal the applied PATCH was made on (null when nothing was applied). */
  let patchedFrom: Goal | null = null;
  for (let attempt = 0; ; attempt++) {
    outcomes = decideAll(ctx, page, known, current, editable);
    const wins = outcomes.filter((o) => o.winner === 'notion').map((o) => o.field);
    if (wins.length === 0) break;
    try {
      const base = current.goal;
      current = await ctx.api.patchGoal(goalId, current.version, patchOf(wins, page.row));
      patchedFrom = base;
      ctx.report.appliedEdits += wins.length;
      break;
    } catch (error) {
      if (error instanceof PerfloopError && error.code === 'stale_version' && attempt < 3) {
        const again = await ctx.api.goal(goalId);
        if (again === null) return false;
        current = again;
        continue;
      }
      if (!(error instanceof PerfloopError) || error.status >= 500) throw error;
      const detail = [error.message, ...error.errors.map((e) => e.message)].join(' ');
      outcomes = outcomes.map((o) =>
        o.winner === 'notion' ? { field: o.field, winner: 'perfloop', why: { refused: detail } } : o,
      );
      break;
    }
  }
  const desired = goalRow(current.goal, rowContext(ctx));
  const lines: string[] = [];
  const restore: RowField[] = [];
  const pushed: Partial<Row> = { ...known };
  for (const o of outcomes) {
    if (o.winner === 'perfloop') {
      restore.push(o.field);
      ctx.report.rejectedEdits += 1;
      const phase = phaseOf(ctx, current.goal.cycleId) ?? 'closed';
      const raw = page.invalid.find((i) => i.field === o.field)?.raw ?? page.row[o.field];
      lines.push(notionLost(o.field, raw, desired[o.field], o.why, Date.parse(current.updatedAt), phase));
    } else {
      pushed[o.field] = page.row[o.field] as never;
      if (o.winner === 'notion' && o.reason === 'notion_later') {
        lines.push(perfloopLost(o.field, o.replaced, page.row[o.field], perfloopEditedAt));
      }
    }
  }
  for (const f of edited) {
    if (EDITABLE.has(f as never)) continue;
    restore.push(f);
    if (!COMPUTED.has(f as never) && f !== 'perfloopId')
      lines.push(readOnlyRestored(f, page.row[f], desired[f]));
  }
  // What the applied edit changed beyond the edited fields (Progress follows Actual) is written now, with the values
  // put back, before the page's blocks are read (handleBlocks). Left to the push, that write would come after the
  // read and make the worker the page's last editor, hiding a note finished in between from every later query.
  const followed =
    patchedFrom === null
      ? []
      : changedFields(desired, pushed, changedFields(desired, goalRow(patchedFrom, rowContext(ctx)))).filter(
          (f) => !restore.includes(f),
        );
  const write = [...restore, ...followed];
  // The comment first: if it cannot be written, the page is left as it is and the next round tries again
  // (a value is never replaced before the comment keeping it exists).
  if (lines.length > 0) {
    await ctx.notion.comment(page.id, compose(lines));
    ctx.report.comments += 1;
  }
  if (write.length > 0) {
    // Intent first, like the push's writes: the values about to be written are recorded as the worker's own
    // (with the recheck flag) before they are sent. Should the record of the write be lost (a refused commit, a
    // crash, an unknown outcome), a later pull finds them on the page as `writing`, never as a person's edit to
    // apply to Perfloop (which may have moved on meanwhile).
    const writing = Object.fromEntries(write.map((f) => [f, desired[f]])) as Partial<Row>;
    const before = ctx.state.goal(goalId) ?? state;
    ctx.state.setGoal(goalId, { ...before, writing: { ...before.writing, ...writing } });
    markRecheck(ctx, [page.id]);
    await ctx.state.commit(await ctx.lease.ensure());
    await ctx.lease.ensure();
    const answer = await ctx.notion.updatePage(page.id, {
      properties: rowProperties(desired, ctx.workspace.schema, write, new Date().toISOString()),
    });
    for (const f of write) pushed[f] = desired[f] as never;
    if (!hasForeignEdits(ctx, answer, pushed)) unmarkRecheck(ctx, page.id);
    ctx.report.restoredFields += restore.length;
  }
  // From the current entry: a restore above may have flagged the page for a recheck. A write the push had
  // in flight is settled now (its values are in `pushed`, or were a person's to decide on).
  const { writing: _w, ...rest } = ctx.state.goal(goalId) ?? state;
  ctx.state.setGoal(goalId, {
    ...rest,
    goal: current.goal,
    version: state.version,
    pushed,
  });
  return write.length > 0;
}

/** One page of the pull. */
async function handlePage(
  ctx: SyncContext,
  page: ReadPage,
  queriedAt: number,
  events: ReadonlyMap<string, PageEvents>,
): Promise<void> {
  const goalId = page.row.perfloopId || ctx.state.goalOfPage(page.id);
  if (!goalId) {
    if (page.createdBy !== ctx.workspace.botId) await handleNewRow(ctx, page);
    return;
  }
  const state = ctx.state.goal(goalId);
  if (state?.pageId && state.pageId !== page.id) {
    await reportOnce(ctx, page.id, [
      `this row repeats the Perfloop id ${goalId}, whose goal is kept on another page. Clear its Perfloop id to propose it as a new goal, or delete the row.`,
    ]);
    return;
  }
  if (!state?.pageId && state?.creating && state.goal) {
    // A page a stopped run created from this snapshot (its intent says so): those are the values it was given,
    // so whatever differs now was edited in Notion since, and is handled like any edit.
    const { creating: _c, ...rest } = state;
    const adopted: GoalState = { ...rest, pageId: page.id, pushed: goalRow(state.goal, rowContext(ctx)) };
    ctx.state.setGoal(goalId, adopted);
    ctx.log.info({ goalId, pageId: page.id }, 'found the page a stopped run created');
    await handleEdits(ctx, page, goalId, adopted);
    return;
  }
  if (!state?.pageId) {
    // A page carrying a Perfloop id the state does not know (an adopted database): Perfloop's values are written once.
    const current = await ctx.api.goal(goalId);
    if (current === null) {
      await reportOnce(ctx, page.id, [
        `there is no Perfloop goal ${goalId} (deleted, or a typo in the Perfloop id).`,
      ]);
      return;
    }
    // What the page held before is the person's: only notes written from now on become check-ins.
    const notesFrom = new Date(floorMinute(Date.now())).toISOString();
    ctx.state.setGoal(goalId, { pageId: page.id, goal: current.goal, version: 0, pushed: {}, notesFrom });
    ctx.log.info({ goalId, pageId: page.id }, 'adopted an existing page');
    return;
  }
  const wrote = await handleEdits(ctx, page, goalId, state);
  await handleBlocks(ctx, page, goalId, queriedAt, events, wrote);
}

/**
 * The page's blocks, read once for both checks: the worker's check-in blocks people edited, and notes people wrote.
 * Not read again while the page shows no edit since the last read (its edit time, rounded down to the minute, plus a
 * minute is at or before the query that preceded that read): a page the overlap window returns again costs no call.
 * With webhooks, not read either for an edit only properties events announced; read for any content event no read
 * covered yet (`blockRead`, pageEvents.ts). `wrote`: handleEdits has just written the page (polling reads it then).
 *
 * Polling: a page read here for a person's edit is listed in `ctx.personPages`, so that a write of the push later in
 * this round keeps it on the recheck list (push.ts): the person was just on the page, and a note they finish between
 * this read and that write would be hidden under the worker's edit.
 */
async function handleBlocks(
  ctx: SyncContext,
  page: ReadPage,
  goalId: string,
  queriedAt: number,
  events: ReadonlyMap<string, PageEvents>,
  wrote: boolean,
): Promise<void> {
  const state = ctx.state.goal(goalId);
  if (!state) return;
  const busy = (s: GoalState) => s.restoringNotes !== undefined || s.importingNotes !== undefined;
  const record = events.get(canonicalId(page.id));
  const webhooks = ctx.options.webhooks === true;
  const decision = blockRead({
    webhooks,
    busy: busy(state),
    wroteSinceQuery: wrote,
    lastEditedTime: page.lastEditedTime,
    blocksReadAt: state.blocksReadAt,
    events: record,
    eventsSeen: state.eventsSeen,
  });
  if (!decision.read) return;
  if (!webhooks && page.lastEditedBy !== ctx.workspace.botId) ctx.personPages.add(page.id);
  const blocks = await ctx.notion.blocks(page.id);
  await settleNoteEdits(ctx, page.id, goalId, state, blocks);
  await importNotes(ctx, page.id, goalId, ctx.state.goal(goalId) ?? state, blocks);
  const after = ctx.state.goal(goalId);
  if (!after) return;
  // The content events listed before this read are covered by it (each announced a change made before it came).
  const eventsSeen = record ? { eventsSeen: Math.max(after.eventsSeen ?? 0, record.content) } : {};
  const blocksReadAt = busy(after) ? {} : { blocksReadAt: new Date(queriedAt).toISOString() };
  if (record || !busy(after)) ctx.state.setGoal(goalId, { ...after, ...blocksReadAt, ...eventsSeen });
}

/** Goal pages with a content event no block read covered yet (webhooks). */
function announcedPages(
  ctx: SyncContext,
  events: ReadonlyMap<string, PageEvents>,
): { goalId: string; pageId: string; content: number }[] {
  return [...events].flatMap(([pageId, record]) => {
    const goalId = ctx.state.goalOfPage(pageId);
    const s = goalId === undefined ? undefined : ctx.state.goal(goalId);
    if (goalId === undefined || !s?.pageId || !contentAnnounced(record, s.eventsSeen)) return [];
    return [{ goalId, pageId: s.pageId, content: record.content }];
  });
}

/** A page by id, or null when Notion no longer has it for the integration, or it left the worker's data source. */
async function retrieveOwnPage(ctx: SyncContext, pageId: string): Promise<PageObject | null> {
  try {
    const page = await ctx.notion.retrievePage(pageId);
    const parent = page.parent as { data_source_id?: string } | undefined;
    return canonicalId(parent?.data_source_id ?? '') === canonicalId(ctx.workspace.dataSourceId)
      ? page
      : null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * Reads the pages others edited on or after the last pull's start (minus the overlap; Notion rounds edit
 * times down to the minute), oldest first — pages whose last editor is the worker itself are skipped by the
 * query, except those on the recheck list — and handles each. The window moves on only when every page was
 * handled, so a failure is retried next round and no edit is skipped.
 */
export async function pull(ctx: SyncContext): Promise<void> {
  const previous = ctx.state.get<PullState>('pull') ?? { since: null };
  const { dataSourceId, schema, botId } = ctx.workspace;
  // With webhooks: what they announced per page, listed before anything is read, so a content event recorded after
  // this counts as not read yet (the next pull reads it).
  const events: ReadonlyMap<string, PageEvents> = ctx.options.webhooks
    ? await loadPageEvents(ctx.api)
    : new Map();
  const filter =
    previous.since === null
      ? undefined
      : {
          and: [
            { timestamp: 'last_edited_time', last_edited_time: { on_or_after: previous.since } },
            { property: schema.lastEditedBy.name, last_edited_by: { does_not_contain: botId } },
          ],
        };
  const { pages, serverTime } = await ctx.notion.query(dataSourceId, filter);
  const flaggedPages = flagged(ctx);
  const rechecked = new Set(flaggedPages.map((f) => f.pageId));
  // Pages with a content event no read covered that the query did not return (the event came after the window
  // moved past the edit, or the worker edited the page last): looked up by Perfloop id with the rechecks.
  const queried = new Set(pages.map((p) => p.id));
  const announced = announcedPages(ctx, events);
  const late = announced.filter((a) => !queried.has(a.pageId));
  const wanted = new Set([...rechecked, ...late.map((a) => a.pageId)]);
  const goalIds = [...new Set([...flaggedPages, ...late].map((f) => f.goalId))];
  const extra =
    goalIds.length > 0 ? await ctx.notion.findByText(dataSourceId, schema.perfloopId.name, goalIds) : [];
  const found = extra.filter((p) => wanted.has(p.id));
  // One its Perfloop id did not find (the cell was cleared, or the page is in the trash): retrieved by its id.
  for (const a of late) {
    if (found.some((p) => p.id === a.pageId)) continue;
    const page = await retrieveOwnPage(ctx, a.pageId);
    if (page) found.push(page);
  }
  const all = new Map([...pages, ...found].map((p) => [p.id, p]));
  ctx.report.pulledPages = all.size;
  let failed = 0;
  for (const raw of all.values()) {
    const page = readPage(raw, schema);
    if (page.inTrash) continue;
    // Renew the lease as the round goes: a page with nothing to apply still costs a block read, and a pull over many
    // such pages outlasted the lease and lost it at its final commit, every round again (no progress at all).
    await ctx.lease.ensure();
    try {
      await handlePage(ctx, page, serverTime, events);
    } catch (error) {
      if (error instanceof Error && error.name === 'LeaseLostError') throw error;
      failed += 1;
      ctx.unsettled.add(page.id);
      ctx.log.error(
        { pageId: page.id, err: error },
        'could not sync a page edited in Notion; retrying next round',
      );
    }
  }
  // Announced pages settled without a read of their blocks (in the trash, gone, no longer a goal's page): nothing left
  // to read for those events. Pages that were read are marked already; a failed one is read again next round.
  for (const a of announced) {
    const s = ctx.state.goal(a.goalId);
    if (!s || ctx.unsettled.has(a.pageId) || (s.eventsSeen ?? 0) >= a.content) continue;
    ctx.state.setGoal(a.goalId, { ...s, eventsSeen: a.content });
  }
  if (failed === 0) {
    const since = new Date(floorMinute(serverTime) - ctx.options.overlapMs).toISOString();
    const next = previous.since !== null && previous.since > since ? previous.since : since;
    if (next !== previous.since) ctx.state.set('pull', { since: next } satisfies PullState);
    // Rechecked pages are done with, unless this pull's own writes flagged them again.
    for (const pageId of rechecked) if (!ctx.recheckAdded.has(pageId)) unmarkRecheck(ctx, pageId);
  }
  await ctx.state.commit(await ctx.lease.ensure(), ['pull']);
}
