// correctionSteps: the fewest writes from a check-in's blocks on a page to its corrected blocks, and none once they agree.
import { describe, expect, it } from 'vitest';
import type { CurrentBlock, Step } from './blockSteps.ts';
import { correctionSteps } from './corrections.ts';

const para = (text: string) => ({
  object: 'block',
  type: 'paragraph',
  paragraph: { rich_text: [{ type: 'text', text: { content: text } }] },
});
const heading = {
  object: 'block',
  type: 'heading_3',
  heading_3: { rich_text: [{ type: 'text', text: { content: 'H ref chk_1' } }] },
};
const on = (...texts: string[]): CurrentBlock[] =>
  ['H ref chk_1', ...texts].map((text, i) => ({
    id: `b${i}`,
    type: i === 0 ? 'heading_3' : 'paragraph',
    text,
    index: i,
  }));
const brief = (steps: Step[]) =>
  steps.map((s) =>
    s.kind === 'insert' ? `insert ${s.blocks.length} after ${s.afterId}` : `${s.kind} ${s.blockId}`,
  );

describe('correctionSteps', () => {
  it('rewrites only the block whose text changed', () => {
    expect(
      brief(correctionSteps(on('old', 'Strengths: a'), [heading, para('new'), para('Strengths: a')])),
    ).toEqual(['update b1']);
  });

  it('inserts new blocks after their predecessor and deletes dropped ones last; nothing once the page agrees', () => {
    const expected = [heading, para('notes'), para('Strengths: a'), para('Support: c'), para('Next: d')];
    expect(brief(correctionSteps(on('Strengths: a', 'Next: d'), expected))).toEqual([
      'insert 1 after b0',
      'insert 1 after b1',
    ]);
    expect(
      brief(correctionSteps(on('notes', 'Strengths: a', 'x', 'y', 'Next: d'), [heading, para('Next: d')])),
    ).toEqual(['delete b1', 'delete b2', 'delete b3', 'delete b4']);
    expect(correctionSteps(on('notes', 'Strengths: a', 'Support: c', 'Next: d'), expected)).toEqual([]);
  });

  it('never inserts a heading: a changed heading is rewritten in place', () => {
    const steps = correctionSteps(
      [{ id: 'h', type: 'heading_3', text: 'Old name ref chk_1', index: 0 }],
      [heading],
    );
    expect(brief(steps)).toEqual(['update h']);
  });
});

describe('correctionSteps on blocks a person turned into another type', () => {
  const turned = (blocks: CurrentBlock[], id: string, type: string, extra: Partial<CurrentBlock> = {}) =>
    blocks.map((b) => (b.id === id ? { ...b, type, ...extra } : b));

  it('a heading turned into text is replaced by one heading, inserted right after it, then it is deleted', () => {
    const current = turned(on('notes'), 'b0', 'paragraph');
    expect(brief(correctionSteps(current, [heading, para('notes')]))).toEqual([
      'insert 1 after b0',
      'delete b0',
    ]);
  });

  it('neighbouring turned blocks share one insert (a delete each); blocks apart get one each', () => {
    const expected = [heading, para('a'), para('b'), para('c')];
    const both = turned(turned(on('a', 'b', 'c'), 'b1', 'to_do'), 'b2', 'quote');
    expect(brief(correctionSteps(both, expected))).toEqual(['insert 2 after b2', 'delete b1', 'delete b2']);
    const apart = turned(turned(on('a', 'b', 'c'), 'b1', 'to_do'), 'b3', 'quote');
    expect(brief(correctionSteps(apart, expected))).toEqual([
      'insert 1 after b1',
      'insert 1 after b3',
      'delete b1',
      'delete b3',
    ]);
    // A person's own block between two turned ones (not in the section): not neighbours on the page.
    const split = both.map((b) => (b.id === 'b2' ? { ...b, index: 5 } : b));
    expect(brief(correctionSteps(split, expected))).toEqual([
      'insert 1 after b1',
      'insert 1 after b2',
      'delete b1',
      'delete b2',
    ]);
  });

  it('a replacement a stopped run inserted anchors: only the turned block is deleted, no second heading', () => {
    const current: CurrentBlock[] = [
      { id: 'old', type: 'paragraph', text: 'H ref chk_1', index: 0 },
      { id: 'new', type: 'heading_3', text: 'H ref chk_1', index: 1 },
      { id: 'n', type: 'paragraph', text: 'notes', index: 2 },
    ];
    expect(brief(correctionSteps(current, [heading, para('notes')]))).toEqual(['delete old']);
  });

  it('corrected blocks after a turned one follow its replacement; one holding nested blocks keeps its type', () => {
    const current = turned(on('a'), 'b1', 'bulleted_list_item');
    const steps = correctionSteps(current, [heading, para('a2'), para('b')]);
    expect(brief(steps)).toEqual(['insert 2 after b1', 'delete b1']);
    const nested = turned(on('a'), 'b1', 'toggle', { hasChildren: true });
    expect(correctionSteps(nested, [heading, para('a2')])).toEqual([
      { kind: 'update', blockId: 'b1', type: 'toggle', richText: para('a2').paragraph.rich_text },
    ]);
  });
});
