// Check-in notes edited on a goal's page (text, or type by "Turn into"): kept in a page comment and put back (check-ins are corrected only in Perfloop, by their author), never lost silently, finished once after a stop.
import type { CheckIn } from '@perfloop/core';
import { UncertainWriteError } from '../notion/errors.ts';
import { plain } from '../notion/text.ts';
import { type CurrentBlock, type Step, textOf, writeStep } from './blockSteps.ts';
import { checkInBlocks, headingMarker, KIND_LABELS } from './checkInBlocks.ts';
import { compose } from './comments.ts';
import type { SyncContext } from './context.ts';
import { align, planSection, type Replacing, sayLine } from './noteRestore.ts';
import { notedThrough } from './notes.ts';
import { markRecheck } from './recheck.ts';
import type { GoalState } from './state.ts';

export { align } from './noteRestore.ts';

/** One of the worker's blocks on a page, as it is now. */
export interface NoteBlock extends CurrentBlock {
  /** Its current rich text (to write it again unchanged). */
  richText: unknown[];
  /** Its type holds rich text. */
  holdsText: boolean;
  /** Someone else edited it since the worker wrote it. */
  edited: boolean;
  hasChildren: boolean;
}

/** The worker's blocks of one check-in: its heading (blocks[0]) and what follows until the next heading. */
export interface Section {
  /** The id the heading's marker names (null when a person removed the marker). */
  checkInId: string | null;
  blocks: NoteBlock[];
}

const userOf = (v: unknown) => (v as { id?: string } | null | undefined)?.id;

/**
 * The worker's blocks on a page in check-in sections. A section starts at a heading_3 or at any block that still
 * carries a whole heading's text (a heading a person turned into text or a list item); blocks a person added are
 * theirs (left alone, not counted), so the n-th block the worker wrote in a section is the n-th block of that
 * check-in as checkInBlocks makes it — or a block that took its place.
 */
export function sectionsOf(blocks: readonly Record<string, unknown>[], botId: string): Section[] {
  const out: Section[] = [];
  for (const [index, b] of blocks.entries()) {
    if (userOf(b.created_by) !== botId) continue;
    const type = String(b.type);
    const raw = (b[type] as { rich_text?: unknown } | undefined)?.rich_text;
    const richText = Array.isArray(raw) ? raw : [];
    const block: NoteBlock = {
      id: String(b.id),
      type,
      index,
      text: plain(richText),
      richText,
      holdsText: Array.isArray(raw),
      edited: userOf(b.last_edited_by) !== botId,
      hasChildren: b.has_children === true,
    };
    const marker = headingMarker(type, block.text);
    if (type !== 'heading_3' && marker === null) {
      out.at(-1)?.blocks.push(block);
      continue;
    }
    const last = out.at(-1);
    // A turned heading whose replacement a stopped run already inserted right after it: one section.
    if (
      marker !== null &&
      last?.checkInId === marker &&
      last.blocks.every((x) => headingMarker(x.type, x.text) === marker)
    ) {
      last.blocks.push(block);
      continue;
    }
    out.push({ checkInId: marker, blocks: [block] });
  }
  return out;
}

/**
 * A block whose type the worker never gives that place (a person's "Turn into", seen even when the worker is its
 * last editor): the worker writes a heading_3 and then paragraphs.
 */
export const isSuspect = (b: Pick<NoteBlock, 'type' | 'text'>): boolean =>
  b.type === 'paragraph' ? headingMarker(b.type, b.text) !== null : b.type !== 'heading_3';

/**
 * The check-in a section holds: the one its marker names, else (a person edited the marker away) the only
 * check-in of this goal without a marker on the page whose blocks the section's unedited blocks agree with.
 */
function checkInOf(
  section: Section,
  expectedOf: (c: CheckIn) => Record<string, unknown>[],
  byId: Map<string, CheckIn>,
  unmarked: readonly CheckIn[],
): CheckIn | null {
  if (section.checkInId !== null) return byId.get(section.checkInId) ?? null;
  const fits = unmarked.filter((c) => {
    const expected = expectedOf(c);
    return (
      expected.length === section.blocks.length &&
      section.blocks.every((b, i) => b.edited || textOf(expected[i]) === b.text)
    );
  });
  return fits.length === 1 ? (fits[0] as CheckIn) : null;
}

/**
 * Sections with the check-in each holds. A section without a marker that no check-in fits is a note a person
 * turned into a heading: it goes back into the section before it when the check-in there has a place for it.
 */
function resolve(
  sections: readonly Section[],
  expectedOf: (c: CheckIn) => Record<string, unknown>[],
  byId: Map<string, CheckIn>,
  unmarked: readonly CheckIn[],
): { section: Section; checkIn: CheckIn | null }[] {
  const out: { section: Section; checkIn: CheckIn | null }[] = [];
  for (const section of sections) {
    const checkIn = checkInOf(section, expectedOf, byId, unmarked);
    const prev = out.at(-1);
    if (checkIn === null && section.checkInId === null && prev?.checkIn) {
      const merged = [...prev.section.blocks, ...section.blocks];
      const slots = align(merged, expectedOf(prev.checkIn).map(textOf));
      if (slots[prev.section.blocks.length] !== null) {
        prev.section = { checkInId: prev.section.checkInId, blocks: merged };
        continue;
      }
    }
    out.push({ section, checkIn });
  }
  return out;
}

/** The put-back is over: its intent is dropped (committed with the round's state). */
function finish(ctx: SyncContext, goalId: string): void {
  const s = ctx.state.goal(goalId);
  if (s?.restoringNotes === undefined) return;
  const { restoringNotes: _r, ...rest } = s;
  ctx.state.setGoal(goalId, rest);
}

/**
 * Edits of the worker's check-in blocks on a goal's page. Check-ins are records of a conversation: only their
 * author corrects one, in Perfloop, on the day it was recorded (the API refuses the sync key), and a page
 * shared with several editors cannot say the edit was the author's. So an edit is not applied: a comment
 * keeps it (the edited text, or the type a block was turned into) and the page shows Perfloop's blocks again —
 * a text rewritten in place, a block of another type replaced (Notion's API cannot change a block's type back).
 * A put-back block is the worker's edit again, so it is said once. An edit that cannot be matched to a check-in
 * stays on the page as it is, said once in a comment too (the block is written again unchanged, which makes it
 * the worker's). Blocks a person added or deleted are theirs: left as they are.
 *
 * Intent first: the blocks about to be replaced are recorded in the goal's state (with the recheck flag, since
 * the worker becomes the page's last editor) before the comment and the writes. A run stopped half-way is
 * finished by the next pull from what the page shows — a replacement already inserted is not inserted again, only
 * the turned block deleted — and lines a comment already holds are not said again.
 * `read`: the page's blocks as the pull read them (read here when not given, and again after a lost insert).
 */
export async function settleNoteEdits(
  ctx: SyncContext,
  pageId: string,
  goalId: string,
  state: GoalState,
  read?: readonly Record<string, unknown>[],
  attempt = 0,
): Promise<void> {
  const intent = state.restoringNotes;
  if (notedThrough(state) === 0 && state.appendingThrough === undefined && intent === undefined) return;
  if (!state.goal) return;
  const sections = sectionsOf(read ?? (await ctx.notion.blocks(pageId)), ctx.workspace.botId);
  const pending = new Set((intent ?? []).map((r) => r.block));
  const touches = (s: Section) => s.blocks.some((b) => b.edited || isSuspect(b) || pending.has(b.id));
  if (!sections.some(touches)) return finish(ctx, goalId);
  // Check-ins are about a person: those on this page are about the goal's owner, in its cycle.
  const owner = state.goal.ownerId;
  const listed = owner === null ? [] : await ctx.api.checkIns(state.goal.cycleId, owner);
  const forGoal = listed.filter(
    (c) => c.goalUpdates.length === 0 || c.goalUpdates.some((u) => u.goalId === goalId),
  );
  const byId = new Map(forGoal.map((c) => [c.id, c]));
  const marked = new Set(sections.flatMap((s) => (s.checkInId ? [s.checkInId] : [])));
  const unmarked = forGoal.filter((c) => !marked.has(c.id));
  const people = new Map(ctx.directory.people.map((p) => [p.id, p.name]));
  const expectedOf = (c: CheckIn) => checkInBlocks(c, goalId, people.get(c.authorId) ?? null);

  let lines: string[] = [];
  const steps: Step[] = [];
  const replacing: Replacing[] = [];
  for (const { section, checkIn } of resolve(sections, expectedOf, byId, unmarked)) {
    if (!touches(section)) continue;
    const plan = planSection(section.blocks, checkIn ? expectedOf(checkIn) : null, intent ?? []);
    const what = checkIn
      ? `the ${KIND_LABELS[checkIn.kind].toLowerCase()} of ${checkIn.at.slice(0, 10)} (ref ${checkIn.id})`
      : null;
    lines.push(...plan.said.map((s) => sayLine(s, what)));
    steps.push(...plan.steps);
    replacing.push(...plan.replacing);
  }
  if (steps.length === 0 && lines.length === 0) return finish(ctx, goalId);

  const before = ctx.state.goal(goalId) ?? state;
  ctx.state.setGoal(goalId, { ...before, restoringNotes: replacing });
  markRecheck(ctx, [pageId]);
  await ctx.state.commit(await ctx.lease.ensure());
  if (intent !== undefined && lines.length > 0) {
    // A stopped run may have written its comment: what it holds is not said twice.
    const said = await ctx.notion.commentTexts(pageId);
    lines = lines.filter((l) => !said.some((c) => c.includes(l)));
  }
  // The comment before the writes: a block is never put back before the comment keeping the edit exists.
  if (lines.length > 0) {
    await ctx.notion.comment(pageId, compose(lines));
    ctx.report.comments += 1;
  }
  try {
    for (const step of steps) {
      if (!(await writeStep(ctx, pageId, step))) continue;
      if (step.kind === 'update') ctx.report.restoredNotes += 1;
      if (step.kind === 'insert') ctx.report.restoredNotes += step.blocks.length;
    }
  } catch (error) {
    // An insert whose answer was lost: the page is read again, and what it shows decides (the intent is there).
    if (!(error instanceof UncertainWriteError) || attempt >= 3) throw error;
    return settleNoteEdits(ctx, pageId, goalId, ctx.state.goal(goalId) ?? state, undefined, attempt + 1);
  }
  finish(ctx, goalId);
}
