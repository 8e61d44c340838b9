// Import planning: one batch per person, a person with a bad row imports nothing, stable idempotency keys, refusals back to rows.
import { describe, expect, it } from 'vitest';
import { competency, context, kpi, review, sheetRow } from '../testing/fixtures.ts';
import { assessRows } from './assess.ts';
import { idempotencyKey, planImport, refusedOutcomes } from './plan.ts';

const goals = [
  kpi('a1', 'per_ava', 10),
  kpi('a2', 'per_ava', 20),
  competency('ac', 'per_ava'),
  kpi('b1', 'per_ben', 30),
  kpi('b2', 'per_ben', 40),
];
const row = (personId: string, goalId: string, over: Record<string, unknown> = {}) =>
  sheetRow({ personId, goalId, goalVersion: 1, reviewVersion: '', ...over });

describe('planImport', () => {
  it('makes one batch per person with every edited actual and rating', () => {
    const ctx = context('per_marcus', 'appraise', goals);
    ctx.relations.mayEditActual = () => true;
    const rows = assessRows(
      [
        row('per_ava', 'a1', { actual: 11, actualAtExport: 10, rating: 4 }),
        row('per_ava', 'a2', { actual: 20, actualAtExport: 20 }),
        row('per_ava', 'ac', { rating: 3 }),
        row('per_ben', 'b1', { actual: 30, actualAtExport: 30 }),
      ],
      ctx,
    );
    const plan = planImport(rows, 'exp_1');
    expect(plan.batches).toHaveLength(1);
    expect(plan.batches[0]).toMatchObject({
      personId: 'per_ava',
      body: {
        goals: [{ goalId: 'a1', version: 1, actual: 11 }],
        managerReview: {
          version: null,
          ratings: [
            { goalId: 'a1', rating: 4 },
            { goalId: 'ac', rating: 3 },
          ],
        },
      },
    });
    expect(plan.outcomes.get(3)).toEqual({ kind: 'keep' });
  });

  it('holds every edit of a person who has an invalid or conflicting row', () => {
    const ctx = context('per_marcus', 'coach', [
      kpi('a1', 'per_ava', 10),
      kpi('a2', 'per_ava', 99, 2),
      ...goals.slice(3),
    ]);
    const rows = assessRows(
      [
        row('per_ava', 'a1', { actual: 11, actualAtExport: 10 }),
        row('per_ava', 'a2', { actual: 21, actualAtExport: 20 }),
        row('per_ben', 'b1', { actual: 'x', actualAtExport: 30 }),
        row('per_ben', 'b2', { actual: 41, actualAtExport: 40 }),
      ],
      ctx,
    );
    const plan = planImport(rows, 'exp_1');
    expect(plan.batches).toEqual([]);
    expect(plan.outcomes.get(2)).toEqual({
      kind: 'held',
      reason: 'Not imported: fix row 3 first (a person’s rows import together).',
    });
    expect(plan.outcomes.get(3)?.kind).toBe('conflict');
    expect(plan.outcomes.get(4)?.kind).toBe('invalid');
    expect(plan.outcomes.get(5)?.kind).toBe('held');
  });

  it('derives the idempotency key from export, person and body (same input, same key)', () => {
    const body = { goals: [{ goalId: 'a1', version: 1, actual: 11 }] };
    expect(idempotencyKey('exp_1', 'per_ava', body)).toBe(
      idempotencyKey('exp_1', 'per_ava', { goals: [{ actual: 11, version: 1, goalId: 'a1' }] }),
    );
    expect(idempotencyKey('exp_1', 'per_ava', body)).not.toBe(idempotencyKey('exp_2', 'per_ava', body));
    expect(idempotencyKey('exp_1', 'per_ava', body)).not.toBe(
      idempotencyKey('exp_1', 'per_ava', { goals: [{ goalId: 'a1', version: 1, actual: 12 }] }),
    );
  });

  it('takes the review version from the rating rows (rows of a person may carry different ones)', () => {
    const ctx = context('per_marcus', 'appraise', goals, [review('per_ava', 'per_marcus', [['a2', 3]], 2)]);
    ctx.relations.mayEditActual = () => true;
    const rows = assessRows(
      [
        row('per_ava', 'a1', { actual: 11, actualAtExport: 10, reviewVersion: 1 }),
        row('per_ava', 'a2', { rating: 4, ratingAtExport: 3, reviewVersion: 2 }),
      ],
      ctx,
    );
    expect(planImport(rows, 'exp_1').batches[0]?.body.managerReview).toEqual({
      version: 2,
      ratings: [{ goalId: 'a2', rating: 4 }],
    });
  });
});

describe('refusedOutcomes', () => {
  const ctx = context('per_hr', 'coach', goals);
  const rows = assessRows(
    [
      row('per_ava', 'a1', { actual: 11, actualAtExport: 10 }),
      row('per_ava', 'a2', { actual: 21, actualAtExport: 20 }),
    ],
    ctx,
  );
  const batch = planImport(rows, 'exp_1').batches[0];
  if (!batch) throw new Error('no batch');

  it('maps a 412 to conflicts on the stale goals and holds the rest', () => {
    const out = refusedOutcomes(batch, 412, {
      status: 412,
      code: 'stale_version',
      details: { records: [{ kind: 'goal', id: 'a2', goalId: 'a2', currentVersion: 3 }] },
    });
    expect(out.get(2)?.kind).toBe('held');
    expect(out.get(3)?.kind).toBe('conflict');
  });

  it('maps field errors to their rows and the rest of the person to held', () => {
    const out = refusedOutcomes(batch, 422, {
      status: 422,
      code: 'not_a_kpi',
      detail: 'Goal a2 is a competency goal',
      errors: [{ path: 'goals.1.actual', message: 'Goal a2 is a competency goal', code: 'not_a_kpi' }],
    });
    expect(out.get(3)).toEqual({
      kind: 'rejected',
      problems: [{ column: 'actual', message: 'Goal a2 is a competency goal' }],
    });
    expect(out.get(2)?.kind).toBe('held');
  });

  it('without field errors, every row carries the refusal', () => {
    const out = refusedOutcomes(batch, 409, {
      status: 409,
      code: 'wrong_phase',
      detail: 'The cycle is in appraise.',
    });
    expect([...out.values()].map((o) => o.kind)).toEqual(['rejected', 'rejected']);
  });
});
