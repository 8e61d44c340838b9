// What putting a check-in's edited blocks back takes (pure): which blocks are said in the comment, the fewest writes, and the replacements to record first.
import { ordered, type Pair, pairSteps, type Step, textOf } from './blockSteps.ts';
import type { NoteBlock } from './noteEdits.ts';

/** A block being replaced (its type changed): recorded before the writes, so a stopped run finishes it once. */
export interface Replacing {
  /** The block a person turned into another type. */
  block: string;
  /** Which of the check-in's blocks it is. */
  slot: number;
}

/** A block the page comment tells about. */
export interface Said {
  block: NoteBlock;
  /** Which of the check-in's blocks it is (null: it matches none; it stays as it is). */
  slot: number | null;
  /** Its type is not the one the worker wrote. */
  turned: boolean;
  /** Turned, but it holds nested blocks: it keeps its type, only its text is put back. */
  kept: boolean;
  /** Its text is not Perfloop's. */
  textChanged: boolean;
}

export interface SectionPlan {
  said: Said[];
  steps: Step[];
  /** Blocks to record as being replaced (those of an earlier stopped run that are still there, and new ones). */
  replacing: Replacing[];
}

/** Rich text as Notion returned it, in the shape a request takes (text items keep their annotations). */
export function resend(items: readonly unknown[]): unknown[] {
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
 * How to put one check-in's section back (`expected`: its blocks as Perfloop has them; null when the section
 * matches no check-in). `pending` are replacements a stopped run recorded: such a block still on the page is
 * deleted when its replacement is there (the run inserted it), else replaced now — never a second copy.
 * - a block of another type than the worker wrote (a person's "Turn into"), whoever edited it last: replaced by
 *   the right block, or — when it holds nested blocks — its text put back under its new type; said in the comment
 *   (a kept one only while a person is its last editor, so it is said once);
 * - an edited block of the right type: Perfloop's text put back (said when the text differs; a formatting-only
 *   edit is put back without a word);
 * - an edited block that matches none of the check-in's blocks: said, and written again unchanged (which makes it
 *   the worker's, so it is said once).
 * Blocks people deleted stay deleted; people's own blocks are not in the section.
 */
export function planSection(
  blocks: readonly NoteBlock[],
  expected: readonly Record<string, unknown>[] | null,
  pending: readonly Replacing[],
): SectionPlan {
  // Recorded replacements still to finish: the block is there and still of another type than its slot's.
  const byId = new Map(blocks.map((b) => [b.id, b]));
  const pendingSlot = new Map(
    pending
      .filter((p) => {
        const b = byId.get(p.block);
        const exp = expected?.[p.slot];
        return b !== undefined && exp !== undefined && b.type !== String(exp.type) && !b.hasChildren;
      })
      .map((p) => [p.block, p.slot]),
  );
  const rest = blocks.filter((b) => !pendingSlot.has(b.id));
  const want = (expected ?? []).map(textOf);
  const slots = expected ? align(rest, want) : rest.map(() => null);
  const filled = new Set(slots.filter((k): k is number => k !== null));
  const said: Said[] = [];
  const pairs: Pair[] = [];
  const loose: Step[] = [];
  const replacing: Replacing[] = [];
  const tell = (block: NoteBlock, slot: number | null, exp: Record<string, unknown> | undefined) => {
    const turned = exp !== undefined && block.type !== String(exp.type);
    said.push({
      block,
      slot,
      turned,
      kept: turned && block.hasChildren === true,
      textChanged: exp === undefined || block.text !== textOf(exp),
    });
  };
  for (const block of blocks) {
    const slot = pendingSlot.get(block.id);
    if (slot === undefined) continue;
    const exp = expected?.[slot] as Record<string, unknown>;
    if (filled.has(slot)) {
      // Its replacement is on the page (the run inserted it after writing the comment): only the delete is left.
      loose.push({ kind: 'delete', blockId: block.id });
      continue;
    }
    // Said again only if the comment of the stopped run is missing (the caller leaves out what is there).
    tell(block, slot, exp);
    pairs.push({ block, expected: exp });
    replacing.push({ block: block.id, slot });
  }
  for (const [i, block] of rest.entries()) {
    const slot = slots[i] ?? null;
    const exp = slot === null ? undefined : expected?.[slot];
    if (exp === undefined || slot === null) {
      // A block turned into one without text (a divider…) has nothing to keep or put back.
      if (!block.edited || !block.holdsText) continue;
      tell(block, null, undefined);
      loose.push({ kind: 'update', blockId: block.id, type: block.type, richText: resend(block.richText) });
      continue;
    }
    const turned = block.type !== String(exp.type);
    if (!turned && !block.edited) continue;
    const pair: Pair = { block, expected: exp, rewriteSame: block.edited };
    if (turned && !block.hasChildren) replacing.push({ block: block.id, slot });
    // A kept block the worker already put back (its last editor) was said before.
    if (!(turned && block.hasChildren && !block.edited) && (turned || block.text !== textOf(exp)))
      tell(block, slot, exp);
    if (turned && block.hasChildren && !block.holdsText) continue;
    pairs.push(pair);
  }
  pairs.sort((a, b) => a.block.index - b.block.index);
  return { said, steps: ordered([...pairSteps(pairs), ...loose]), replacing };
}

/** Notion's names of block types, as its "Turn into" menu shows them. */
const TYPE_NAMES: Record<string, string> = {
  paragraph: 'text',
  heading_1: 'heading 1',
  heading_2: 'heading 2',
  heading_3: 'heading 3',
  bulleted_list_item: 'a bulleted list item',
  numbered_list_item: 'a numbered list item',
  to_do: 'a to-do',
  toggle: 'a toggle list',
  quote: 'a quote',
  callout: 'a callout',
  code: 'code',
  child_page: 'a page',
};
export const typeName = (type: string): string => TYPE_NAMES[type] ?? type.replaceAll('_', ' ');

const quote = (s: string) => `“${s.length > 1500 ? `${s.slice(0, 1500)}…` : s}”`;

/** The comment's line about one block; `what` names the check-in (null: the block matches none). */
export function sayLine(s: Said, what: string | null): string {
  if (what === null || s.slot === null)
    return `An edit of check-in notes on this page is not in Perfloop (it matches no check-in there) and stays only here: ${quote(s.block.text)}`;
  const kept =
    'Check-in notes are kept in Perfloop (only their author corrects a check-in there, on the day it was recorded)';
  if (!s.turned)
    return `${kept}: your edit of ${what} was not applied, and the page shows Perfloop's text again. Your text: ${quote(s.block.text)}`;
  const part = s.slot === 0 ? `the heading of ${what}` : `a block of ${what}`;
  const yours = s.textChanged ? ` Your text: ${quote(s.block.text)}` : '';
  if (s.kept)
    return `${kept}: ${part} was turned into ${typeName(s.block.type)}, which now holds other blocks, so it stays ${typeName(s.block.type)} (replacing it would delete them), with Perfloop's text again.${yours}`;
  return `${kept}: ${part} was turned into ${typeName(s.block.type)}; that change was not applied, and the page shows it as Perfloop wrote it again.${yours}`;
}
