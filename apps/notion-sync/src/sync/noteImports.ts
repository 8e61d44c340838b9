// Notes people write on a goal's page (blocks outside the worker's check-in blocks): recorded in Perfloop as check-ins (progress notes about the goal's owner) while the cycle is in coach, then shown as the worker's blocks — exactly once, also after a stop.
import type { CheckIn } from '@perfloop/core';
import { UncertainWriteError } from '../notion/errors.ts';
import { PerfloopError } from '../perfloop/api.ts';
import { writeStep } from './blockSteps.ts';
import { checkInBlocks, markersIn } from './checkInBlocks.ts';
import { compose } from './comments.ts';
import { phaseOf, type SyncContext } from './context.ts';
import {
  anchorAfter,
  type NoteLine,
  type NoteRun,
  noteKey,
  noteParts,
  noteRuns,
  noteText,
  textDigest,
} from './noteText.ts';
import { emailOf } from './proposals.ts';
import { markRecheck } from './recheck.ts';
import type { GoalState, ImportingNote } from './state.ts';

/** Whether an import's request is the one that created `c` (same notes about the same goal). */
const madeBy = (body: Record<string, unknown>, c: CheckIn) =>
  body.notes === c.notes &&
  body.subjectId === c.subjectId &&
  c.goalUpdates.length === 1 &&
  c.goalUpdates[0]?.goalId === (body.goalUpdates as { goalId: string }[] | undefined)?.[0]?.goalId;

/**
 * For the push: when `c` is a check-in the pull recorded from a note on this goal's page (the pull puts its blocks
 * there, so the push does not append them), the goal's state once the push has noted it — no longer listed as
 * imported, or, for an import still in flight (by id, or before its id came back by its exact request), its part
 * marked as noted (so the pull does not list it once it finishes); else null.
 */
export function claimImported(s: GoalState, c: CheckIn): GoalState | null {
  if (s.importedNotes?.includes(c.id)) {
    const left = s.importedNotes.filter((id) => id !== c.id);
    const { importedNotes: _i, ...rest } = s;
    return left.length > 0 ? { ...rest, importedNotes: left } : rest;
  }
  let hit = false;
  const importingNotes = (s.importingNotes ?? []).map((i) => ({
    ...i,
    parts: i.parts.map((p) => {
      if (hit || !(p.checkInId === c.id || (p.checkInId === undefined && madeBy(p.body, c)))) return p;
      hit = true;
      return { ...p, checkInId: c.id, noted: true as const };
    }),
  }));
  return hit ? { ...s, importingNotes } : null;
}

/**
 * For the push once it has read the feed to its end with nothing failed: the check-ins still listed as imported are
 * dropped from the goal states. Each was listed by a pull before this push began, and a check-in's create event is
 * written in the check-in's own transaction, so this push has met that event — and claimed the check-in — or an
 * earlier push did and it is never read again (the 422 `idempotency_key_reused` path finds a check-in an earlier
 * import of the same note made: listed then, claimed then). Either way no push will look for it: keeping it would
 * only grow the state. In-flight imports (`importingNotes`) are not touched. Returns how many were dropped.
 */
export function forgetImported(ctx: SyncContext): number {
  let dropped = 0;
  for (const [goalId, s] of ctx.state.goals()) {
    if (s.importedNotes === undefined) continue;
    const { importedNotes, ...rest } = s;
    dropped += importedNotes.length;
    ctx.state.setGoal(goalId, rest);
  }
  return dropped;
}

const excerpt = (text: string) => `“${text.length > 80 ? `${text.slice(0, 79)}…` : text}”`;

/** A note as it stands (its blocks and text): how a refused note is remembered. */
const runKey = (run: NoteRun): string => textDigest(`${run.blocks.join(',')}\n${noteText(run.lines)}`);

/** Says once that notes were not recorded (their blocks stay on the page, as they are). */
async function sayOnce(
  ctx: SyncContext,
  pageId: string,
  goalId: string,
  said: { run: NoteRun; reason: string }[],
  onPage: ReadonlySet<string>,
): Promise<void> {
  const s = ctx.state.goal(goalId);
  if (!s) return;
  const known = new Set((s.reportedNotes ?? []).filter((id) => onPage.has(id)));
  const fresh = said.filter(({ run }) => run.blocks.some((id) => !known.has(id)));
  if (fresh.length > 0) {
    await ctx.lease.ensure();
    await ctx.notion.comment(
      pageId,
      compose(
        fresh.map(
          ({ run, reason }) =>
            `the note ${excerpt(noteText(run.lines))} was not recorded in Perfloop: ${reason} It stays on the page as it is.`,
        ),
      ),
    );
    ctx.report.comments += 1;
  }
  for (const { run } of said) for (const id of run.blocks) known.add(id);
  const before = s.reportedNotes ?? [];
  if (known.size === before.length && before.every((id) => known.has(id))) return;
  const { reportedNotes: _r, ...rest } = ctx.state.goal(goalId) ?? s;
  ctx.state.setGoal(goalId, known.size > 0 ? { ...rest, reportedNotes: [...known] } : rest);
}

/** Replaces the import whose first block is `blocks0` in the goal's state (or drops it). */
function setImport(ctx: SyncContext, goalId: string, blocks0: string, next: ImportingNote | null): void {
  const s = ctx.state.goal(goalId);
  if (!s) return;
  const list = (s.importingNotes ?? []).filter((i) => i.blocks[0] !== blocks0);
  const all = next === null ? list : [...list, next];
  const { importingNotes: _i, ...rest } = s;
  ctx.state.setGoal(goalId, all.length > 0 ? { ...rest, importingNotes: all } : rest);
}

/**
 * When a note was written: its first block's `created_time` (Notion's, to the minute), never after now (the API
 * refuses a check-in dated ahead of its clock; Notion's may run ahead of ours). The same blocks give the same time, so a
 * request made again for them (after a stop, or when the note comes back) has it too, and `findCreated` tells its
 * check-in apart from one with the same words written at another time. Null without a usable time (the API then
 * dates the check-in now).
 */
function noteTime(blocks: readonly Record<string, unknown>[], run: NoteRun): string | null {
  const created = blocks.find((b) => String(b.id) === run.blocks[0])?.created_time;
  const ms = typeof created === 'string' ? Date.parse(created) : Number.NaN;
  if (Number.isNaN(ms)) return null;
  return new Date(Math.min(ms, Date.now())).toISOString();
}

/**
 * The check-in a request created, found among the owner's check-ins (its key was used with another body): the same
 * text, kind and goal, and the note's time (`noteTime`) — so a note written twice with the same words is not taken
 * for the other one. Requests recorded before they carried a time match on the rest.
 */
async function findCreated(ctx: SyncContext, body: Record<string, unknown>): Promise<CheckIn | null> {
  const goalId = (body.goalUpdates as { goalId: string }[])[0]?.goalId;
  const at = typeof body.at === 'string' ? Date.parse(body.at) : null;
  const listed = await ctx.api.checkIns(String(body.cycleId), String(body.subjectId));
  return (
    listed.find(
      (c) =>
        c.notes === body.notes &&
        c.kind === body.kind &&
        (at === null || Date.parse(c.at) === at) &&
        c.goalUpdates.length === 1 &&
        c.goalUpdates[0]?.goalId === goalId,
    ) ?? null
  );
}

/**
 * Records an import's check-ins (the same requests with the same keys after a stop: the API answers with what it
 * created). A goal that moved meanwhile is read again and its version recorded before the request is sent again.
 * Returns the check-ins, or the API's reason for refusing the note.
 */
async function record(
  ctx: SyncContext,
  goalId: string,
  intent: ImportingNote,
): Promise<{ checkIns: CheckIn[] } | { refused: string }> {
  const checkIns: CheckIn[] = [];
  let current = intent;
  for (const [i, part] of current.parts.entries()) {
    for (let attempt = 0; ; attempt++) {
      const body = (current.parts[i] ?? part).body;
      try {
        const created = await ctx.api.createCheckIn(body, part.key);
        checkIns.push(created);
        break;
      } catch (error) {
        if (!(error instanceof PerfloopError) || error.status >= 500) throw error;
        if (error.code === 'idempotency_key_reused') {
          const found = await findCreated(ctx, body);
          if (found === null) throw error;
          checkIns.push(found);
          break;
        }
        if (error.code === 'goal_changed' && attempt < 3) {
          const goal = await ctx.api.goal(goalId);
          if (goal === null) return { refused: 'the goal was deleted.' };
          const updates = (body.goalUpdates as Record<string, unknown>[]).map((u) => ({
            ...u,
            goalVersion: goal.version,
          }));
          current = {
            ...current,
            parts: current.parts.map((p, j) =>
              j === i ? { ...p, body: { ...body, goalUpdates: updates } } : p,
            ),
          };
          // The request that will be sent is the one recorded: a stop now replays exactly it.
          setImport(ctx, goalId, current.blocks[0] as string, current);
          await ctx.state.commit(await ctx.lease.ensure());
          continue;
        }
        const detail = [error.message, ...error.errors.map((e) => e.message)].join(' ');
        return { refused: `Perfloop refused it (${detail.trim()}).` };
      }
    }
  }
  return { checkIns };
}

/**
 * Puts an import's check-ins on the page in the worker's blocks and deletes the person's blocks: one insert right
 * after the note (`anchorAfter`; the check-ins whose marker the page does not show yet), then a delete per block — the
 * fewest writes, since Notion cannot hand a person's block over to the integration. A note the person deleted
 * meanwhile gets its check-ins appended at the end; one the person edited since the import began (`keep`) stays too,
 * and is a new note for the next pull. An insert whose answer was lost is not sent again: the page is read again and
 * its markers decide.
 */
async function render(
  ctx: SyncContext,
  pageId: string,
  goalId: string,
  intent: ImportingNote,
  checkIns: readonly CheckIn[],
  blocks: readonly Record<string, unknown>[],
  keep: boolean,
  attempt = 0,
): Promise<void> {
  const present = markersIn(blocks);
  const onPage = new Set(blocks.map((b) => String(b.id)));
  const alive = intent.blocks.filter((id) => onPage.has(id));
  const people = new Map(ctx.directory.people.map((p) => [p.id, p.name]));
  const missing = checkIns
    .filter((c) => !present.has(c.id))
    .map((c) => checkInBlocks(c, goalId, people.get(c.authorId) ?? null));
  try {
    if (missing.length > 0) {
      const last = alive.at(-1);
      if (last !== undefined) {
        const afterId = anchorAfter(blocks, last, ctx.workspace.botId);
        await writeStep(ctx, pageId, { kind: 'insert', afterId, blocks: missing.flat() });
      } else {
        await ctx.lease.ensure();
        await ctx.notion.appendBlocks(pageId, missing);
      }
    }
  } catch (error) {
    if (!(error instanceof UncertainWriteError) || attempt >= 3) throw error;
    const again = await ctx.notion.blocks(pageId);
    return render(ctx, pageId, goalId, intent, checkIns, again, keep, attempt + 1);
  }
  if (keep) return;
  for (const id of alive) await writeStep(ctx, pageId, { kind: 'delete', blockId: id });
}

/** Finishes one import: its check-ins recorded (or refused: said once), then shown as the worker's blocks. */
async function finishImport(
  ctx: SyncContext,
  pageId: string,
  goalId: string,
  intent: ImportingNote,
  run: NoteRun | undefined,
  blocks: readonly Record<string, unknown>[],
): Promise<void> {
  const outcome = await record(ctx, goalId, intent);
  const current = ctx.state.goal(goalId)?.importingNotes?.find((i) => i.blocks[0] === intent.blocks[0]);
  if ('refused' in outcome) {
    setImport(ctx, goalId, intent.blocks[0] as string, null);
    const onPage = new Set(blocks.map((b) => String(b.id)));
    const shown = run ?? {
      blocks: intent.blocks,
      author: undefined,
      lines: intent.parts.map((p) => ({ type: 'paragraph', text: String(p.body.notes) })),
    };
    await sayOnce(ctx, pageId, goalId, [{ run: shown, reason: outcome.refused }], onPage);
    // Not sent again until the note changes (a refusal repeated every round would keep the page on the recheck list).
    const s = ctx.state.goal(goalId);
    if (s)
      ctx.state.setGoal(goalId, {
        ...s,
        refusedNotes: [...new Set([...(s.refusedNotes ?? []), runKey(shown)])],
      });
    return;
  }
  const ids = outcome.checkIns.map((c) => c.id);
  // The ids are recorded with the intent (staged; committed with the round or the next commit).
  setImport(ctx, goalId, intent.blocks[0] as string, {
    ...(current ?? intent),
    parts: (current ?? intent).parts.map((p, i) => ({ ...p, checkInId: ids[i] as string })),
  });
  // A note edited since the import began (a stop in between): its text is not the one recorded, so it is not deleted.
  const now = run && noteText(run.lines.filter((_, i) => intent.blocks.includes(run.blocks[i] as string)));
  const edited = intent.digest !== undefined && now !== undefined && textDigest(now) !== intent.digest;
  // The worker becomes the page's last editor: the next pull reads it again (a note kept, or written meanwhile).
  markRecheck(ctx, [pageId]);
  await render(ctx, pageId, goalId, intent, outcome.checkIns, blocks, edited);
  // Check-ins the push noted already (while this import was in flight) are not listed for it again.
  const notedByPush = new Set(
    (ctx.state.goal(goalId)?.importingNotes ?? [])
      .find((i) => i.blocks[0] === intent.blocks[0])
      ?.parts.flatMap((p) => (p.noted && p.checkInId ? [p.checkInId] : [])),
  );
  setImport(ctx, goalId, intent.blocks[0] as string, null);
  const s = ctx.state.goal(goalId);
  const listed = ids.filter((id) => !notedByPush.has(id));
  if (s && listed.length > 0) {
    ctx.state.setGoal(goalId, { ...s, importedNotes: [...new Set([...(s.importedNotes ?? []), ...listed])] });
  }
  ctx.report.importedNotes += ids.length;
}

/**
 * Notes people wrote on a goal's page become check-ins in Perfloop: a progress note (`guidance_note`) about the
 * goal's owner with a goal update (no actual) naming this goal, so it lands on this page only. The API decides the
 * author: a `sync:notion` key writes progress notes on behalf of the owner, never as another person (a Notion
 * account cannot vouch for a manager's identity in Perfloop), so a note someone else wrote starts with their name.
 * Only while the cycle is in coach (the API's rule for check-ins); otherwise, or when the API refuses, the page
 * says why once and the note stays.
 *
 * Intent first: the requests (with Idempotency-Keys from the blocks' ids) are recorded with the page's recheck flag
 * before the API is asked; the check-ins are then shown as the worker's blocks (one insert, a delete per block) and
 * the intent dropped. A run stopped anywhere sends the same requests again (the API answers with the check-ins it
 * created) and finishes from what the page shows; the push never appends these check-ins a second time.
 * `blocks`: the page's blocks as read by this pull.
 */
export async function importNotes(
  ctx: SyncContext,
  pageId: string,
  goalId: string,
  state: GoalState,
  blocks: readonly Record<string, unknown>[],
): Promise<void> {
  const goal = state.goal;
  if (!goal) return;
  const runs = noteRuns(blocks, ctx.workspace.botId, state.notesFrom);
  const onPage = new Set(blocks.map((b) => String(b.id)));
  // Imports a stopped run left in flight come first (their blocks are theirs, not a new note).
  const pending = state.importingNotes ?? [];
  const claimed = new Set(pending.flatMap((i) => i.blocks));
  for (const intent of pending) {
    const run = runs.find((r) => r.blocks.includes(intent.blocks[0] as string));
    await finishImport(ctx, pageId, goalId, intent, run, blocks);
  }
  const unclaimed = runs
    .map((r) => {
      const keep = r.blocks.map((id, i) => [id, i] as const).filter(([id]) => !claimed.has(id));
      return { ...r, blocks: keep.map(([id]) => id), lines: keep.map(([, i]) => r.lines[i] as NoteLine) };
    })
    .filter((r) => r.blocks.length > 0);
  const now = ctx.state.goal(goalId) ?? state;
  // Refused notes are known by their blocks and text: the same note is not sent again, a changed one is.
  const keys = new Set([...runs, ...unclaimed].map(runKey));
  const refused = (now.refusedNotes ?? []).filter((k) => keys.has(k));
  const fresh = unclaimed.filter((r) => !refused.includes(runKey(r)));
  if (refused.length !== (now.refusedNotes ?? []).length) {
    const { refusedNotes: _r, ...rest } = now;
    ctx.state.setGoal(goalId, refused.length > 0 ? { ...rest, refusedNotes: refused } : rest);
  }
  if ((now.reportedNotes ?? []).some((id) => !onPage.has(id))) await sayOnce(ctx, pageId, goalId, [], onPage);
  if (fresh.length === 0) return;
  const phase = phaseOf(ctx, goal.cycleId);
  if (phase !== 'coach' || goal.ownerId === null) {
    const reason =
      goal.ownerId === null
        ? 'a check-in is about a person, and this goal has no owner.'
        : `check-ins are recorded only while the cycle is in coach, and it is in ${phase ?? 'an unknown phase'}.${phase === 'plan' ? ' It is recorded once the cycle is in coach.' : ''}`;
    await sayOnce(
      ctx,
      pageId,
      goalId,
      fresh.map((run) => ({ run, reason })),
      onPage,
    );
    return;
  }
  const current = await ctx.api.goal(goalId);
  if (current === null) return; // deleted in Perfloop: the push trashes the page
  const owner = goal.ownerId;
  const intents: ImportingNote[] = [];
  for (const run of fresh) {
    const at = noteTime(blocks, run);
    const email = await emailOf(ctx, run.author);
    const writer = email === null ? null : ctx.directory.people.find((p) => p.email.toLowerCase() === email);
    const by = writer?.id === owner ? null : (writer?.name ?? 'a Notion user');
    const text = noteText(run.lines);
    const texts = noteParts(text, by);
    intents.push({
      blocks: run.blocks,
      digest: textDigest(text),
      parts: texts.map((notes, i) => ({
        key: noteKey(pageId, run.blocks, text, i, texts.length),
        body: {
          cycleId: goal.cycleId,
          subjectId: owner,
          kind: 'guidance_note',
          ...(at !== null ? { at } : {}),
          notes,
          goalUpdates: [{ goalId, goalVersion: current.version, actual: null, progressNote: '' }],
        },
      })),
    });
  }
  const before = ctx.state.goal(goalId) ?? state;
  ctx.state.setGoal(goalId, { ...before, importingNotes: [...(before.importingNotes ?? []), ...intents] });
  // Writing the blocks makes the worker the page's last editor: the page is read again on the next pull.
  markRecheck(ctx, [pageId]);
  await ctx.state.commit(await ctx.lease.ensure());
  for (const [i, intent] of intents.entries()) {
    await finishImport(ctx, pageId, goalId, intent, fresh[i], blocks);
  }
}
