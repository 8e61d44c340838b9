// Notes people write on a goal's page, as text: which blocks make a note, its text, long notes in parts within the API's limit, their Idempotency-Keys, where their check-ins go.
import { createHash } from 'node:crypto';
import { plain, splitText } from '../notion/text.ts';
import { headingMarker } from './checkInBlocks.ts';

/** The API's limit on a check-in's notes (core's CheckInSchema). */
export const NOTE_LIMIT = 10_000;

/** Block types whose text becomes a note (those holding rich text a person types). */
const TEXT_TYPES = new Set([
  'paragraph',
  'bulleted_list_item',
  'numbered_list_item',
  'to_do',
  'quote',
  'callout',
  'toggle',
  'heading_1',
  'heading_2',
  'heading_3',
]);
const LIST_TYPES = new Set(['bulleted_list_item', 'numbered_list_item', 'to_do']);

/** One line of a person's note: a block's type and text. */
export interface NoteLine {
  type: string;
  text: string;
  checked?: boolean;
}

/** A note a person wrote: consecutive blocks of theirs outside the worker's blocks. */
export interface NoteRun {
  blocks: string[];
  /** The Notion user who wrote the blocks. */
  author: string | undefined;
  lines: NoteLine[];
}

const userOf = (v: unknown) => (v as { id?: string } | null | undefined)?.id;

/**
 * The notes people wrote on a page, in page order. A note is a run of top-level blocks one person created that hold
 * text; blocks without text (an empty line) are skipped inside it; the worker's blocks, another person's, and blocks
 * that are not text (a divider, an image, a child page…) or hold nested blocks (reading them would cost a call each,
 * deleting them would delete the nested ones) end it and are left as they are, as are blocks an adopted page held
 * before (created at or before `notesFrom`).
 */
export function noteRuns(
  blocks: readonly Record<string, unknown>[],
  botId: string,
  notesFrom?: string,
): NoteRun[] {
  const runs: NoteRun[] = [];
  let current: NoteRun | null = null;
  const close = () => {
    if (current !== null && current.blocks.length > 0) runs.push(current);
    current = null;
  };
  for (const b of blocks) {
    const creator = userOf(b.created_by);
    const type = String(b.type);
    const content = b[type] as { rich_text?: unknown; checked?: unknown } | undefined;
    if (
      creator === botId ||
      (notesFrom !== undefined && String(b.created_time) <= notesFrom) ||
      !TEXT_TYPES.has(type) ||
      !Array.isArray(content?.rich_text) ||
      b.has_children === true
    ) {
      close();
      continue;
    }
    const text = plain(content.rich_text).trim();
    if (text === '') continue;
    if (current !== null && (current as NoteRun).author !== creator) close();
    const run: NoteRun = current ?? { blocks: [], author: creator, lines: [] };
    current = run;
    run.blocks.push(String(b.id));
    run.lines.push({ type, text, ...(type === 'to_do' ? { checked: content.checked === true } : {}) });
  }
  close();
  return runs;
}

/**
 * Where a note's check-ins go: right after the note, or — when the note sits inside a check-in's section (between its
 * heading and its other blocks) — after that section's last block, so no section is cut in two.
 */
export function anchorAfter(
  blocks: readonly Record<string, unknown>[],
  lastId: string,
  botId: string,
): string {
  const start = blocks.findIndex((b) => String(b.id) === lastId);
  let anchor = lastId;
  if (start < 0) return anchor;
  for (const b of blocks.slice(start + 1)) {
    const type = String(b.type);
    const text = plain((b[type] as { rich_text?: unknown } | undefined)?.rich_text);
    if (userOf(b.created_by) !== botId || type === 'heading_3' || headingMarker(type, text) !== null) break;
    anchor = String(b.id);
  }
  return anchor;
}

/** A note's lines as one text: list items on their own lines (numbered, bulleted, ticked), paragraphs apart. */
export function noteText(lines: readonly NoteLine[]): string {
  let out = '';
  let prev: string | null = null;
  let n = 0;
  for (const l of lines) {
    n = l.type === 'numbered_list_item' ? (prev === 'numbered_list_item' ? n + 1 : 1) : 0;
    const prefix =
      l.type === 'bulleted_list_item'
        ? '• '
        : l.type === 'numbered_list_item'
          ? `${n}. `
          : l.type === 'to_do'
            ? l.checked
              ? '☑ '
              : '☐ '
            : '';
    const sep =
      out === '' ? '' : LIST_TYPES.has(l.type) && prev !== null && LIST_TYPES.has(prev) ? '\n' : '\n\n';
    out += `${sep}${prefix}${l.text}`;
    prev = l.type;
  }
  return out;
}

/**
 * `text` in parts of at most `limit` characters, cut at a paragraph break, else a line break, else a space, else
 * anywhere (never inside a surrogate pair); each part trimmed (the API trims notes), none empty.
 */
export function splitNote(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const head = rest.slice(0, limit + 1);
    let cut = head.lastIndexOf('\n\n');
    if (cut <= 0) cut = head.lastIndexOf('\n');
    if (cut <= 0) cut = head.lastIndexOf(' ');
    if (cut <= 0) cut = (splitText(rest, limit)[0] as string).length;
    const part = rest.slice(0, cut).trim();
    if (part !== '') parts.push(part);
    rest = rest.slice(cut).trim();
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

/** The texts of a note's check-ins: who wrote it in Notion when not the owner, and which part of a long note. */
export function noteParts(text: string, writer: string | null): string[] {
  const label = (i: number, n: number) => {
    const bits = [writer ? `From ${writer} in Notion` : null, n > 1 ? `(${i}/${n})` : null];
    const s = bits.filter(Boolean).join(' ');
    return s === '' ? '' : `${s}: `;
  };
  // Room for the longest label ("(99/99)"), so every part stays within the API's limit with its label.
  const room = NOTE_LIMIT - label(99, 99).length;
  const pieces = splitNote(text, room);
  return pieces.map((p, i) => `${label(i + 1, pieces.length)}${p}`);
}

/** A short digest of a note's text (an import in flight tells by it whether the person edited the note since). */
export const textDigest = (text: string): string =>
  createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * The Idempotency-Key of a note's i-th check-in: from the page, the person's block ids and the note's text, so a
 * retry finds the check-in it created, and the same blocks edited later make a new one.
 */
export function noteKey(
  pageId: string,
  blocks: readonly string[],
  text: string,
  i: number,
  n: number,
): string {
  const hash = createHash('sha256')
    .update(`${pageId}:${blocks.join(',')}:${textDigest(text)}`)
    .digest('hex')
    .slice(0, 40);
  return `notion-note-${hash}-${i + 1}-${n}`;
}
