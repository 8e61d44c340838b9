// Check-in notes edited on a goal's page: kept in a page comment and put back (check-ins are corrected only in Perfloop, by their author), never lost silently.
import type { CheckIn } from '@perfloop/core';
import { isValidationError } from '../notion/errors.ts';
import { plain } from '../notion/text.ts';
import { checkInBlocks, KIND_LABELS, markerIn } from './checkInBlocks.ts';
import { compose } from './comments.ts';
import type { SyncContext } from './context.ts';
import { notedThrough } from './notes.ts';
import type { GoalState } from './state.ts';

/** One of the worker's blocks on a page, as it is now. */
export interface NoteBlock {
  id: string;
  type: string;
  text: string;
  /** Its current rich text (to write it again unchanged). */
  richText: unknown[];
  /** Someone else edited it since the worker wrote it. */
  edited: boolean;
}

/** The worker's blocks of one check-in: its heading (blocks[0]) and what follows until the next heading. */
export interface Section {
  /** The id the heading's marker names (null when a person removed the marker). */
  checkInId: string | null;
  blocks: NoteBlock[];
}

const userOf = (v: unknown) => (v as { id?: string } | null | undefined)?.id;
/** Block types that hold rich text (what a person can turn the worker's heading or paragraph into and keep its text). */
const TEXT_TYPES = new Set([
  'paragraph',
  'heading_1',
  'heading_2',
  'heading_3',
  'bulleted_list_item',
  'numbered_list_item',
  'to_do',
  'toggle',
  'quote',
  'callout',
]);

/**
 * The worker's blocks on a page in check-in sections. Blocks a person added are theirs (left alone, not counted),
 * so the n-th block the worker wrote in a section is the n-th block of that check-in as checkInBlocks makes it.
 */
export function sectionsOf(blocks: readonly Record<string, unknown>[], botId: string): Section[] {
  const out: Section[] = [];
  for (const b of blocks) {
    if (userOf(b.created_by) !== botId) continue;
    const type = String(b.type);
    const raw = (b[type] as { rich_text?: unknown } | undefined)?.rich_text;
    const richText = Array.isArray(raw) ? raw : [];
    const block: NoteBlock = {
      id: String(b.id),
      type,
      text: plain(richText),
      richText,
      // A block turned into one without text (a divider…) has nothing to keep or put back.
      edited: TEXT_TYPES.has(type) && userOf(b.last_edited_by) !== botId,
    };
    if (type === 'heading_3') out.push({ checkInId: markerIn(block.text), blocks: [block] });
    else out.at(-1)?.blocks.push(block);
  }
  return out;
}

/** Rich text as Notion returned it, in the shape a request takes (text items keep their annotations). */
function resend(items: readonly unknown[]): unknown[] {
  return items.map((raw) => {
    const i = raw as {
      type?: string;
      text?: { content?: string; link?: unknown };
      annotations?: unknown;
      plain_text?: string;
    };
    if (i.type === 'text' && i.text)
      return {
        type: 'text',
        text: { content: i.text.content ?? '', link: i.text.link ?? null },
        ...(i.annotations ? { annotations: i.annotations } : {}),
      };
    return { type: 'text', text: { content: i.plain_text ?? '' } };
  });
}

const textOf = (block: Record<string, unknown>) =>
  plain((block[String(block.type)] as { rich_text?: unknown } | undefined)?.rich_text);
const richOf = (block: Record<string, unknown>) =>
  ((block[String(block.type)] as { rich_text?: unknown[] } | undefined)?.rich_text ?? []) as unknown[];
const quote = (s: string) => `“${s.length > 1500 ? `${s.slice(0, 1500)}…` : s}”`;

/**
 * Which of the check-in's blocks each of the section's blocks is (null: cannot tell). Unedited blocks anchor on
 * their text, in order; the edited ones between two anchors take the check-in's blocks between them when there
 * are exactly as many (a person may have deleted some of the worker's blocks: nothing is guessed then).
 */
export function align(
  blocks: readonly Pick<NoteBlock, 'text' | 'edited'>[],
  expected: readonly string[],
): (number | null)[] {
  const out: (number | null)[] = blocks.map(() => null);
  const anchors: [number, number][] = [];
  let from = 0;
  for (const [i, b] of blocks.entries()) {
    if (b.edited) continue;
    const k = expected.indexOf(b.text, from);
    if (k < 0) continue;
    out[i] = k;
    anchors.push([i, k]);
    from = k + 1;
  }
  let lastI = -1;
  let lastK = -1;
  for (const [ai, ak] of [...anchors, [blocks.length, expected.length] as [number, number]]) {
    const open = blocks.map((_, i) => i).filter((i) => i > lastI && i < ai && out[i] === null);
    const slots = ak - lastK - 1;
    if (open.length === slots) {
      for (const [n, i] of open.entries()) out[i] = lastK + 1 + n;
    }
    lastI = ai;
    lastK = ak;
  }
  return out;
}

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
      section.blocks.every((b, i) => b.edited || textOf(expected[i] as Record<string, unknown>) === b.text)
    );
  });
  return fits.length === 1 ? (fits[0] as CheckIn) : null;
}

/**
 * Edits of the worker's check-in blocks on a goal's page. Check-ins are records of a conversation: only their
 * author corrects one, in Perfloop, on the day it was recorded (the API refuses the sync key), and a page
 * shared with several editors cannot say the edit was the author's. So an edit is not applied: a comment
 * keeps the edited text and the block shows Perfloop's text again (comment first, so a failure loses nothing).
 * A put-back block is the worker's edit again, so it is said once. An edit that cannot be matched to a
 * check-in stays on the page as it is, said once in a comment too (the block is written again unchanged,
 * which makes it the worker's). Blocks a person added or deleted are theirs: left as they are.
 * Costs one read of the page's blocks for each pulled page that holds check-in notes.
 */
export async function settleNoteEdits(
  ctx: SyncContext,
  pageId: string,
  goalId: string,
  state: GoalState,
): Promise<void> {
  if (notedThrough(state) === 0 && state.appendingThrough === undefined) return;
  if (!state.goal) return;
  const sections = sectionsOf(await ctx.notion.blocks(pageId), ctx.workspace.botId);
  const touched = sections.filter((s) => s.blocks.some((b) => b.edited));
  if (touched.length === 0) return;
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

  const lines: string[] = [];
  const writes: { block: NoteBlock; richText: unknown[] }[] = [];
  for (const section of touched) {
    const checkIn = checkInOf(section, expectedOf, byId, unmarked);
    const expected = checkIn ? expectedOf(checkIn) : [];
    const slots = align(section.blocks, expected.map(textOf));
    const what = checkIn
      ? `the ${KIND_LABELS[checkIn.kind].toLowerCase()} of ${checkIn.at.slice(0, 10)} (ref ${checkIn.id})`
      : null;
    for (const [i, block] of section.blocks.entries()) {
      if (!block.edited) continue;
      const slot = slots[i];
      const want = slot === null || slot === undefined ? undefined : expected[slot];
      if (what !== null && want !== undefined) {
        // Only its formatting changed, or the text was typed back: put back without a word.
        if (textOf(want) !== block.text)
          lines.push(
            `Check-in notes are kept in Perfloop (only their author corrects a check-in there, on the day it was recorded): your edit of ${what} was not applied, and the page shows Perfloop's text again. Your text: ${quote(block.text)}`,
          );
        writes.push({ block, richText: richOf(want) });
      } else {
        lines.push(
          `An edit of check-in notes on this page is not in Perfloop (it matches no check-in there) and stays only here: ${quote(block.text)}`,
        );
        writes.push({ block, richText: resend(block.richText) });
      }
    }
  }
  if (lines.length > 0) {
    await ctx.notion.comment(pageId, compose(lines));
    ctx.report.comments += 1;
  }
  for (const { block, richText } of writes) {
    await ctx.lease.ensure();
    try {
      await ctx.notion.updateBlock(block.id, block.type, richText);
    } catch (error) {
      // Refused (the block is in the trash now, or Notion does not take that text there): the comment keeps
      // the edit; the page is not held back from syncing for it.
      if (!isValidationError(error)) throw error;
      ctx.log.warn({ pageId, blockId: block.id, err: error }, 'Notion refused to put a check-in note back');
      continue;
    }
    ctx.report.restoredNotes += 1;
  }
}
