// correctionSteps: the fewest writes from a check-in's blocks on a page to its corrected blocks, and none once they agree.
import { describe, expect, it } from 'vitest';
import { type CurrentBlock, correctionSteps, type Step } from './corrections.ts';

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
    const steps = correctionSteps([{ id: 'h', type: 'heading_3', text: 'Old name ref chk_1' }], [heading]);
    expect(brief(steps)).toEqual(['update h']);
  });
});
