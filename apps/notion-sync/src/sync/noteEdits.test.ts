// Which of a check-in's blocks each of the worker's blocks on a page is, when people edited, deleted or turned some into another type, and how they are put back (pure).
import { describe, expect, it } from 'vitest';
import { richOf, type Step } from './blockSteps.ts';
import { isSuspect, type NoteBlock, sectionsOf } from './noteEdits.ts';
import { align, planSection, sayLine } from './noteRestore.ts';

const expected = ['Heading  ref chk_1', 'The notes', 'Strengths: s', 'To improve: i', 'Next steps: n'];
const kept = (text: string) => ({ text, edited: false });
const edited = (text: string) => ({ text, edited: true });

describe('align', () => {
  it('pairs blocks in order when none was deleted', () => {
    const blocks = [kept(expected[0] as string), edited('Other notes'), ...expected.slice(2).map(kept)];
    expect(align(blocks, expected)).toEqual([0, 1, 2, 3, 4]);
  });

  it('a deleted block does not shift the others: the edited one is found between its unedited neighbours', () => {
    // "The notes" deleted, "Next steps" edited: by position it would be taken for "To improve".
    const blocks = [
      kept(expected[0] as string),
      kept('Strengths: s'),
      kept('To improve: i'),
      edited('Next: x'),
    ];
    expect(align(blocks, expected)).toEqual([0, 2, 3, 4]);
  });

  it('cannot tell when a gap holds fewer edited blocks than the check-in has there', () => {
    const blocks = [kept(expected[0] as string), edited('?'), kept('Next steps: n')];
    expect(align(blocks, expected)).toEqual([0, null, 4]);
  });

  it('an edited heading is the first block', () => {
    const blocks = [edited('Our meeting'), ...expected.slice(1).map(kept)];
    expect(align(blocks, expected)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('sectionsOf', () => {
  const bot = 'bot';
  const block = (id: string, type: string, text: string, by = bot, editedBy = by) => ({
    id,
    type,
    created_by: { id: by },
    last_edited_by: { id: editedBy },
    [type]:
      type === 'divider' ? {} : { rich_text: [{ type: 'text', text: { content: text }, plain_text: text }] },
  });

  it('groups the worker’s blocks under its headings; people’s own blocks are left out', () => {
    const sections = sectionsOf(
      [
        block('h1', 'heading_3', 'Guidance note  ref chk_a'),
        block('p1', 'paragraph', 'Notes a', bot, 'ann'),
        block('mine', 'paragraph', 'Ann’s own line', 'ann'),
        block('h2', 'heading_3', 'Meeting'),
        block('d', 'divider', '', bot, 'ann'),
      ],
      bot,
    );
    expect(sections.map((s) => [s.checkInId, s.blocks.map((b) => [b.id, b.edited])])).toEqual([
      [
        'chk_a',
        [
          ['h1', false],
          ['p1', true],
        ],
      ],
      [
        null,
        [
          ['h2', false],
          ['d', true],
        ],
      ],
    ]);
  });

  it('a heading turned into another type still starts its section; one already replaced shares it with its replacement', () => {
    const heading = 'Performance meeting · 2026-07-01 · Hana  ref chk_b';
    const sections = sectionsOf(
      [
        block('h1', 'heading_3', 'Guidance note  ref chk_a'),
        block('p1', 'paragraph', 'Notes a'),
        block('old', 'bulleted_list_item', heading, bot, 'ann'),
        block('new', 'heading_3', heading),
        block('p2', 'paragraph', 'Notes b  ref chk_x'),
      ],
      bot,
    );
    expect(sections.map((s) => [s.checkInId, s.blocks.map((b) => b.id)])).toEqual([
      ['chk_a', ['h1', 'p1']],
      ['chk_b', ['old', 'new', 'p2']],
    ]);
    const [old, , p2] = sections[1]?.blocks ?? [];
    expect(old?.index).toBe(2);
    expect(isSuspect(old as NoteBlock)).toBe(true);
    // A note that merely ends with a ref is a note, not a heading.
    expect(isSuspect(p2 as NoteBlock)).toBe(false);
  });
});

const H = 'Performance meeting · 2026-07-01 · Hana  ref chk_1';
const exp = (type: string, text: string) => ({
  object: 'block',
  type,
  [type]: { rich_text: [{ type: 'text', text: { content: text } }] },
});
const EXPECTED = [exp('heading_3', H), exp('paragraph', 'Notes'), exp('paragraph', 'Next steps: n')];
const nb = (
  id: string,
  index: number,
  type: string,
  text: string,
  edited = false,
  extra: Partial<NoteBlock> = {},
) =>
  ({
    id,
    index,
    type,
    text,
    richText: [{ type: 'text', text: { content: text }, plain_text: text }],
    holdsText: type !== 'divider',
    edited,
    hasChildren: false,
    ...extra,
  }) satisfies NoteBlock;
const brief = (steps: Step[]) =>
  steps.map((s) =>
    s.kind === 'insert'
      ? `insert ${s.blocks.map((b) => b.type).join('+')} after ${s.afterId}`
      : `${s.kind} ${s.blockId}`,
  );

describe('planSection', () => {
  it('a heading turned into text: said, replaced by a heading right after it, recorded as being replaced', () => {
    const plan = planSection(
      [
        nb('h', 0, 'paragraph', H, true),
        nb('n', 1, 'paragraph', 'Notes'),
        nb('x', 2, 'paragraph', 'Next steps: n'),
      ],
      EXPECTED,
      [],
    );
    expect(brief(plan.steps)).toEqual(['insert heading_3 after h', 'delete h']);
    expect(plan.replacing).toEqual([{ block: 'h', slot: 0 }]);
    expect(plan.said.map((s) => [s.block.id, s.turned, s.textChanged])).toEqual([['h', true, false]]);
    expect(sayLine(plan.said[0] as never, 'the meeting (ref chk_1)')).toContain(
      'the heading of the meeting (ref chk_1) was turned into text; that change was not applied',
    );
  });

  it('notes turned into a list and retyped: one insert for the neighbours, the new text kept in the comment', () => {
    const plan = planSection(
      [
        nb('h', 0, 'heading_3', H),
        nb('n', 1, 'bulleted_list_item', 'Notes, my way', true),
        nb('x', 2, 'to_do', 'Next steps: n', true),
      ],
      EXPECTED,
      [],
    );
    expect(brief(plan.steps)).toEqual(['insert paragraph+paragraph after x', 'delete n', 'delete x']);
    const lines = plan.said.map((s) => sayLine(s, 'it'));
    expect(lines[0]).toContain('turned into a bulleted list item');
    expect(lines[0]).toContain('Your text: “Notes, my way”');
    expect(lines[1]).toContain('turned into a to-do');
    expect(lines[1]).not.toContain('Your text');
  });

  it('a stopped run: a replacement already there leaves only the delete; one not there yet is inserted once', () => {
    const inserted = planSection(
      [
        nb('h', 0, 'heading_3', H),
        nb('n', 1, 'quote', 'Notes', true),
        nb('r', 2, 'paragraph', 'Notes'),
        nb('x', 3, 'paragraph', 'Next steps: n'),
      ],
      EXPECTED,
      [{ block: 'n', slot: 1 }],
    );
    expect(brief(inserted.steps)).toEqual(['delete n']);
    expect(inserted.said).toEqual([]);
    expect(inserted.replacing).toEqual([]);
    const notYet = planSection(
      [
        nb('h', 0, 'heading_3', H),
        nb('n', 1, 'quote', 'Notes', true),
        nb('x', 2, 'paragraph', 'Next steps: n'),
      ],
      EXPECTED,
      [{ block: 'n', slot: 1 }],
    );
    expect(brief(notYet.steps)).toEqual(['insert paragraph after n', 'delete n']);
    expect(notYet.replacing).toEqual([{ block: 'n', slot: 1 }]);
  });

  it('a turned block holding nested blocks keeps its type and gets its text back, said once', () => {
    const nested = nb('n', 1, 'toggle', 'Notes!', true, { hasChildren: true });
    const plan = planSection(
      [nb('h', 0, 'heading_3', H), nested, nb('x', 2, 'paragraph', 'Next steps: n')],
      EXPECTED,
      [],
    );
    expect(plan.steps).toEqual([
      { kind: 'update', blockId: 'n', type: 'toggle', richText: richOf(EXPECTED[1]) },
    ]);
    expect(sayLine(plan.said[0] as never, 'it')).toContain('stays a toggle list');
    const again = planSection(
      [
        nb('h', 0, 'heading_3', H),
        { ...nested, text: 'Notes', edited: false },
        nb('x', 2, 'paragraph', 'Next steps: n'),
      ],
      EXPECTED,
      [],
    );
    expect(again).toEqual({ said: [], steps: [], replacing: [] });
  });

  it('text edits as before: put back in place; formatting alone without a word; no match: said, kept', () => {
    const plan = planSection(
      [
        nb('h', 0, 'heading_3', H, true),
        nb('n', 1, 'paragraph', 'Other notes', true),
        nb('x', 2, 'paragraph', 'Next steps: n'),
      ],
      EXPECTED,
      [],
    );
    expect(brief(plan.steps)).toEqual(['update h', 'update n']);
    expect(plan.said.map((s) => s.block.id)).toEqual(['n']);
    const none = planSection(
      [nb('h', 0, 'heading_3', 'Mine', true), nb('d', 1, 'divider', '', true)],
      null,
      [],
    );
    expect(brief(none.steps)).toEqual(['update h']);
    expect(none.said.map((s) => s.slot)).toEqual([null]);
  });
});
