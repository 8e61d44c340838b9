// Notes as text (noteText.ts): which blocks make a note, its text, long notes in parts, keys, where check-ins go.
import { describe, expect, it } from 'vitest';
import { anchorAfter, NOTE_LIMIT, noteKey, noteParts, noteRuns, noteText, splitNote } from './noteText.ts';

const BOT = 'bot';
const block = (id: string, by: string, type: string, text: string | null, extra = {}) => ({
  id,
  type,
  created_by: { id: by },
  created_time: '2026-10-01T10:00:00.000Z',
  has_children: false,
  [type]: text === null ? {} : { rich_text: [{ plain_text: text }], ...extra },
  ...('children' in extra ? { has_children: true } : {}),
});

describe('noteRuns', () => {
  it('groups a person’s consecutive text blocks, skipping blank ones, split by the worker’s blocks, others’ and non-text blocks', () => {
    const runs = noteRuns(
      [
        block('h', BOT, 'heading_3', 'Guidance note · 2026-10-01  ref chk_1'),
        block('a', 'hana', 'paragraph', 'one'),
        block('blank', 'hana', 'paragraph', '  '),
        block('b', 'hana', 'to_do', 'two', { checked: true }),
        block('c', 'sam', 'paragraph', 'three'),
        block('d', 'sam', 'divider', null),
        block('e', 'sam', 'quote', 'four'),
        block('w', BOT, 'paragraph', 'worker'),
        block('f', 'sam', 'toggle', 'nested', { children: true }),
        block('g', 'sam', 'paragraph', 'five'),
      ],
      BOT,
    );
    expect(runs.map((r) => [r.author, r.blocks])).toEqual([
      ['hana', ['a', 'b']],
      ['sam', ['c']],
      ['sam', ['e']],
      ['sam', ['g']],
    ]);
    expect(runs[0]?.lines).toEqual([
      { type: 'paragraph', text: 'one' },
      { type: 'to_do', text: 'two', checked: true },
    ]);
  });

  it('leaves what an adopted page held before (created at or before notesFrom)', () => {
    const old = block('o', 'hana', 'paragraph', 'old');
    const fresh = { ...block('n', 'hana', 'paragraph', 'new'), created_time: '2026-10-01T10:01:00.000Z' };
    expect(noteRuns([old, fresh], BOT, '2026-10-01T10:00:00.000Z').map((r) => r.blocks)).toEqual([['n']]);
  });
});

describe('anchorAfter', () => {
  it('goes after the note, or after the rest of the check-in section the note was written into', () => {
    const page = [
      block('h1', BOT, 'heading_3', 'Guidance note · 2026-10-01  ref chk_1'),
      block('n', 'hana', 'paragraph', 'note'),
      block('p1', BOT, 'paragraph', 'first'),
      block('p2', BOT, 'paragraph', 'second'),
      block('h2', BOT, 'heading_3', 'Guidance note · 2026-10-02  ref chk_2'),
      block('m', 'hana', 'paragraph', 'other'),
      block('x', 'sam', 'paragraph', 'theirs'),
    ];
    expect(anchorAfter(page, 'n', BOT)).toBe('p2');
    expect(anchorAfter(page, 'm', BOT)).toBe('m');
    expect(anchorAfter(page, 'gone', BOT)).toBe('gone');
  });
});

describe('noteText', () => {
  it('keeps list items on their own lines, numbered and ticked, paragraphs apart', () => {
    expect(
      noteText([
        { type: 'heading_2', text: 'Plan' },
        { type: 'numbered_list_item', text: 'a' },
        { type: 'numbered_list_item', text: 'b' },
        { type: 'bulleted_list_item', text: 'c' },
        { type: 'to_do', text: 'd', checked: false },
        { type: 'paragraph', text: 'e' },
        { type: 'numbered_list_item', text: 'f' },
      ]),
    ).toBe('Plan\n\n1. a\n2. b\n• c\n☐ d\n\ne\n\n1. f');
  });
});

describe('long notes', () => {
  it('splits at a paragraph break, else a line break, else a space, else anywhere, nothing lost', () => {
    expect(splitNote('aaaa\n\nbb cc\ndd', 7)).toEqual(['aaaa', 'bb cc', 'dd']);
    expect(splitNote('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    // A surrogate pair is never cut.
    expect(splitNote('abc😀d', 4)).toEqual(['abc', '😀d']);
    expect(splitNote('   ', 4)).toEqual([]);
  });

  it('labels parts and the writer within the API’s limit, and the parts join back', () => {
    const words = Array.from({ length: 4000 }, (_, i) => `w${i}`).join(' ');
    const parts = noteParts(words, 'Hana Head');
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, p] of parts.entries()) {
      expect(p.length).toBeLessThanOrEqual(NOTE_LIMIT);
      expect(p.startsWith(`From Hana Head in Notion (${i + 1}/${parts.length}): `)).toBe(true);
    }
    expect(parts.map((p) => p.replace(/^[^:]*: /, '')).join(' ')).toBe(words);
    expect(noteParts('short', null)).toEqual(['short']);
    expect(noteParts('short', 'Hana Head')).toEqual(['From Hana Head in Notion: short']);
  });

  it('keys depend on the page, the blocks, the text and the part only', () => {
    expect(noteKey('p', ['a', 'b'], 't', 0, 2)).toBe(noteKey('p', ['a', 'b'], 't', 0, 2));
    expect(noteKey('p', ['a', 'b'], 't', 0, 2)).not.toBe(noteKey('p', ['a', 'c'], 't', 0, 2));
    expect(noteKey('p', ['a', 'b'], 't', 0, 2)).not.toBe(noteKey('p', ['a', 'b'], 'u', 0, 2));
    expect(noteKey('p', ['a', 'b'], 't', 1, 2)).toMatch(/^notion-note-[0-9a-f]{40}-2-2$/);
  });
});
