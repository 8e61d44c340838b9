// Import planning: one batch per person, a person with a bad row imports nothing, batches packed into bulk requests with stable keys, answers back to rows.
import { describe, expect, it } from 'vitest';
import { competency, context, kpi, review, sheetRow } from '../testing/fixtures.ts';
import { assessRows } from './assess.ts';
import {
  CHUNK_LIMITS,
  chunkBatches,
  idempotencyKey,
  type PersonBatch,
  personOutcomes,
  planImport,
  refusedOutcomes,
} from './plan.ts';

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
    const plan = planImport(rows);
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
    const plan = planImport(rows);
    expect(plan.batches).toEqual([]);
    expect(plan.outcomes.get(2)).toEqual({
      kind: 'held',
      reason: 'Not imported: fix row 3 first (a person’s rows import together).',
    });
    expect(plan.outcomes.get(3)?.kind).toBe('conflict');
    expect(plan.outcomes.get(4)?.kind).toBe('invalid');
    expect(plan.outcomes.get(5)?.kind).toBe('held');
  });

  it('derives the idempotency key from export and body (same input, same key)', () => {
    const body = { people: [{ personId: 'per_ava', goals: [{ goalId: 'a1', version: 1, actual: 11 }] }] };
    expect(idempotencyKey('exp_1', body)).toBe(
      idempotencyKey('exp_1', {
        people: [{ goals: [{ actual: 11, version: 1, goalId: 'a1' }], personId: 'per_ava' }],
      }),
    );
    expect(idempotencyKey('exp_1', body)).not.toBe(idempotencyKey('exp_2', body));
    expect(idempotencyKey('exp_1', body)).not.toBe(
      idempotencyKey('exp_1', {
        people: [{ personId: 'per_ava', goals: [{ goalId: 'a1', version: 1, actual: 12 }] }],
      }),
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
    expect(planImport(rows).batches[0]?.body.managerReview).toEqual({
      version: 2,
      ratings: [{ goalId: 'a2', rating: 4 }],
    });
  });
});

describe('chunkBatches', () => {
  const batch = (i: number, goals: number, ratings = 0): PersonBatch => ({
    personId: `per_${i}`,
    rows: [],
    body: {
      goals: Array.from({ length: goals }, (_, g) => ({ goalId: `g${i}_${g}`, version: 1, actual: g })),
      ...(ratings > 0
        ? {
            managerReview: {
              version: null,
              ratings: Array.from({ length: ratings }, (_, g) => ({ goalId: `g${i}_${g}`, rating: 3 })),
            },
          }
        : {}),
    },
  });

  it('packs people in order within the API’s bounds, each person whole', () => {
    const many = Array.from({ length: 250 }, (_, i) => batch(i, 4));
    const chunks = chunkBatches(many, 'exp_1');
    expect(chunks.map((c) => c.batches.length)).toEqual([100, 100, 50]);
    expect(chunks.flatMap((c) => c.body.people.map((p) => p.personId))).toEqual(many.map((b) => b.personId));
    expect(chunks[0]?.body.people[0]).toEqual({ personId: 'per_0', ...many[0]?.body });
    // Entries in all: 30 people × (40 actuals + 40 ratings) = 2,400 > 2,000 → 25 + 5.
    const heavy = Array.from({ length: 30 }, (_, i) => batch(i, 40, 40));
    const packed = chunkBatches(heavy, 'exp_1');
    expect(packed.map((c) => c.batches.length)).toEqual([25, 5]);
    for (const c of packed) {
      const entries = c.body.people.reduce(
        (n, p) => n + p.goals.length + (p.managerReview?.ratings.length ?? 0),
        0,
      );
      expect(entries).toBeLessThanOrEqual(CHUNK_LIMITS.entries);
    }
    expect(chunkBatches([], 'exp_1')).toEqual([]);
  });

  it('gives the same chunks and keys for the same batches, another key for another body', () => {
    const many = Array.from({ length: 120 }, (_, i) => batch(i, 2));
    const keys = chunkBatches(many, 'exp_1').map((c) => c.idempotencyKey);
    expect(chunkBatches(many, 'exp_1').map((c) => c.idempotencyKey)).toEqual(keys);
    expect(new Set(keys).size).toBe(2);
    expect(chunkBatches(many.slice(1), 'exp_1')[0]?.idempotencyKey).not.toBe(keys[0]);
  });
});

describe('personOutcomes', () => {
  const ctx = context('per_hr', 'coach', goals);
  const rows = assessRows(
    [
      row('per_ava', 'a1', { actual: 11, actualAtExport: 10 }),
      row('per_ava', 'a2', { actual: 21, actualAtExport: 20 }),
    ],
    ctx,
  );
  const batch = planImport(rows).batches[0];
  if (!batch) throw new Error('no batch');

  it('maps applied, conflict and refused people as their own answers would be', () => {
    const applied = personOutcomes(batch, {
      outcome: 'applied',
      personId: 'per_ava',
      changed: true,
      goals: [],
      managerReview: null,
    });
    expect([...applied.values()].map((o) => o.kind)).toEqual(['applied', 'applied']);
    const conflict = personOutcomes(batch, {
      outcome: 'conflict',
      personId: 'per_ava',
      status: 412,
      code: 'stale_version',
      records: [{ kind: 'goal', id: 'a1', goalId: 'a1', currentVersion: 2 }],
    });
    expect([conflict.get(2)?.kind, conflict.get(3)?.kind]).toEqual(['conflict', 'held']);
    const refused = personOutcomes(batch, {
      outcome: 'refused',
      personId: 'per_ava',
      status: 422,
      code: 'not_a_kpi',
      detail: 'Goal a2 is a competency goal',
      errors: [{ path: 'goals.1.actual', message: 'Goal a2 is a competency goal', code: 'not_a_kpi' }],
    });
    expect(refused.get(3)).toEqual({
      kind: 'rejected',
      problems: [{ column: 'actual', message: 'Goal a2 is a competency goal' }],
    });
    expect(refused.get(2)?.kind).toBe('held');
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
  const batch = planImport(rows).batches[0];
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
