// Which of a check-in's blocks each of the worker's blocks on a page is, when people edited or deleted some (pure).
import { describe, expect, it } from 'vitest';
import { align, sectionsOf } from './noteEdits.ts';

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
    [type]: { rich_text: [{ type: 'text', text: { content: text }, plain_text: text }] },
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
          ['d', false],
        ],
      ],
    ]);
  });
});
