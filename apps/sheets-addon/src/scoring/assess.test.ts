// Row judgement: the cells (zod), the core's rules for values, permissions by phase and role, three-way conflict checks.
import { describe, expect, it } from 'vitest';
import { competency, context, kpi, review, sheetRow } from '../testing/fixtures.ts';
import { assessRow, assessRows, MISALIGNED } from './assess.ts';

const row = (over: Record<string, unknown> = {}) =>
  sheetRow({
    personId: 'per_ava',
    goalId: 'g1',
    goalVersion: 1,
    actual: 60,
    actualAtExport: 60,
    reviewVersion: '',
    rating: '',
    ratingAtExport: '',
    ...over,
  });

const judge = (
  cells: unknown[],
  ctx = context('per_marcus', 'coach', [kpi('g1', 'per_ava', 60), competency('c1', 'per_ava')]),
) => assessRow(cells, 2, ctx, new Map());

describe('assessRow', () => {
  it('leaves unedited rows alone, noting when Perfloop moved on or the goal left the cycle', () => {
    expect(judge(row()).verdict).toBe('unchanged');
    expect(judge(row(), context('per_marcus', 'coach', [kpi('g1', 'per_ava', 70, 2)])).verdict).toBe('stale');
    expect(judge(row(), context('per_marcus', 'coach', [])).verdict).toBe('gone');
    expect(
      judge(row(), context('per_marcus', 'coach', [kpi('g1', 'per_ava', 60, 1, { status: 'cancelled' })]))
        .verdict,
    ).toBe('gone');
  });

  it('reads numbers typed as text (a plain-text cell, another locale’s notation) as the number they can only mean', () => {
    expect(judge(row({ actual: '75' }))).toMatchObject({ verdict: 'edit', actual: 75 });
    expect(judge(row({ actual: '12,5' }))).toMatchObject({ verdict: 'edit', actual: 12.5 });
    expect(judge(row({ actual: '1.234,5' }))).toMatchObject({ verdict: 'edit', actual: 1234.5 });
    // Text of the value at export is no edit at all.
    expect(judge(row({ actual: ' 60 ' })).verdict).toBe('unchanged');
    // The hidden "at export" cells are the add-on's own: text there is tampering, not typing.
    expect(judge(row({ actualAtExport: '60' })).verdict).toBe('invalid');
  });

  it('accepts a valid edit, including clearing an actual', () => {
    expect(judge(row({ actual: 75 }))).toMatchObject({ verdict: 'edit', actual: 75, goalVersion: 1 });
    expect(judge(row({ actual: '' }))).toMatchObject({ verdict: 'edit', actual: null });
  });

  it('refuses bad cells: text for a number, tampered ids or versions, duplicates', () => {
    expect(judge(row({ actual: 'about 40' }))).toMatchObject({
      verdict: 'invalid',
      problems: [{ column: 'actual', message: 'Actual must be a number, not “about 40”' }],
    });
    expect(judge(row({ actual: '1,200' }))).toMatchObject({
      verdict: 'invalid',
      problems: [
        {
          column: 'actual',
          message:
            'Actual “1,200” is text that could be 1200 or 1.2: type the number again, without a thousands separator.',
        },
      ],
    });
    expect(judge(row({ actual: true })).verdict).toBe('invalid');
    expect(judge(row({ goalId: '' })).problems[0]?.column).toBe('row');
    expect(judge(row({ goalVersion: 'x' })).verdict).toBe('invalid');
    expect(judge(row({ actualAtExport: 'abc' })).verdict).toBe('invalid');
    const seen = new Map<string, number>();
    const ctx = context('per_marcus', 'coach', [kpi('g1', 'per_ava', 60)]);
    assessRow(row(), 2, ctx, seen);
    expect(assessRow(row(), 3, ctx, seen)).toMatchObject({
      verdict: 'invalid',
      problems: [{ message: 'Duplicate of row 2: delete one of them.' }],
    });
  });

  it('refuses a row whose hidden bookkeeping is another row’s (the visible columns sorted without it)', () => {
    // Versions that happen to match and an "at export" value of another goal look like a clean edit.
    const moved = row({ actual: 60, actualAtExport: 45, rowKey: 'g2' });
    expect(judge(moved)).toMatchObject({
      verdict: 'invalid',
      misaligned: true,
      problems: [{ column: 'row', message: MISALIGNED }],
    });
    expect(judge(moved)).not.toHaveProperty('actual');
    // Unedited, it is refused all the same: its versions say nothing about its goal.
    expect(judge(row({ rowKey: 'g2' })).verdict).toBe('invalid');
    expect(judge(row({ rowKey: '' })).verdict).toBe('invalid');
    expect(judge(row()).misaligned).toBeUndefined();
  });

  it('applies the rules: competency goals have no actual, actuals close after coach except for HR, ids must match the goal', () => {
    expect(judge(row({ goalId: 'c1', actual: 5, actualAtExport: '' })).problems[0]?.message).toMatch(
      /Competency goals have no actual/,
    );
    const appraise = [kpi('g1', 'per_ava', 60)];
    expect(
      judge(row({ actual: 80 }), context('per_marcus', 'appraise', appraise)).problems[0]?.message,
    ).toMatch(/closed in appraise/);
    expect(judge(row({ actual: 80 }), context('per_hr', 'appraise', appraise)).verdict).toBe('edit');
    expect(judge(row({ actual: 80 }), context('per_ben', 'coach', appraise)).problems[0]?.message).toMatch(
      /may not change/,
    );
    expect(judge(row({ personId: 'per_ben', actual: 80 })).problems[0]?.message).toMatch(
      /no longer in the cycle/,
    );
  });

  it('takes ratings only in appraise, from the manager chain, on the scale, into a draft', () => {
    const goals = [kpi('g1', 'per_ava', 60)];
    expect(judge(row({ rating: 4 }), context('per_marcus', 'appraise', goals))).toMatchObject({
      verdict: 'edit',
      rating: 4,
    });
    expect(judge(row({ rating: 4 }), context('per_sofia', 'appraise', goals)).verdict).toBe('edit');
    expect(judge(row({ rating: 4 }), context('per_marcus', 'coach', goals)).problems[0]?.message).toMatch(
      /given in appraise/,
    );
    expect(judge(row({ rating: 4 }), context('per_hr', 'appraise', goals)).problems[0]?.message).toMatch(
      /manager chain/,
    );
    expect(judge(row({ rating: 7 }), context('per_marcus', 'appraise', goals)).problems[0]?.message).toMatch(
      /level of the scale \(1–5\)/,
    );
    expect(judge(row({ rating: 3.5 }), context('per_marcus', 'appraise', goals)).verdict).toBe('invalid');
    const submitted = [review('per_ava', 'per_marcus', [['g1', 3]], 1, '2026-01-01T00:00:00Z')];
    expect(
      judge(
        row({ rating: 4, ratingAtExport: 3, reviewVersion: 1 }),
        context('per_marcus', 'appraise', goals, submitted),
      ).problems[0]?.message,
    ).toMatch(/submitted/);
  });

  it('a record changed in Perfloop since export is a conflict, unless it already holds the edited value', () => {
    const moved = context('per_marcus', 'coach', [kpi('g1', 'per_ava', 66, 2)]);
    expect(judge(row({ actual: 77 }), moved)).toMatchObject({ verdict: 'conflict', current: { actual: 66 } });
    expect(judge(row({ actual: 66 }), moved).verdict).toBe('synced');
    const reviews = [review('per_ava', 'per_marcus', [['g2', 2]], 1)];
    const appraise = context('per_marcus', 'appraise', [kpi('g1', 'per_ava', 60)], reviews);
    expect(judge(row({ rating: 4 }), appraise)).toMatchObject({
      verdict: 'conflict',
      current: { rating: null },
    });
  });

  it('judges 10,000 rows', () => {
    const goals = Array.from({ length: 10_000 }, (_, i) => kpi(`g${i}`, 'per_ava', i));
    const ctx = context('per_hr', 'coach', goals);
    const values = goals.map((g, i) => row({ goalId: g.id, actual: i + 1, actualAtExport: i }));
    const out = assessRows(values, ctx);
    expect(out).toHaveLength(10_000);
    expect(out.every((r) => r.verdict === 'edit')).toBe(true);
  });
});
