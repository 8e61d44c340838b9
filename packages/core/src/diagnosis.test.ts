// Tests for gap diagnosis: shortfalls, factor attribution and per-department aggregation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AttributionSchema,
  aggregateDiagnosis,
  type DiagnosedShortfall,
  diagnoseCycle,
  diagnoseGaps,
  dominantFactor,
  FACTOR_ORDER,
  FACTORS,
  type FactorSplit,
  type ShortfallItem,
  shortfalls,
  splitOf,
} from './diagnosis.ts';

const item = (
  subjectId: string,
  departmentId: string | null,
  goalId: string,
  weight: number,
  achievement: number,
): ShortfallItem => ({
  subjectId,
  departmentId,
  goalId,
  weight,
  achievement,
});

describe('FACTORS', () => {
  it('carries the glossary nature and response of each factor', () => {
    expect(FACTOR_ORDER).toEqual(['skills', 'external_environment', 'internal_conditions', 'motivation']);
    expect(FACTORS.skills).toMatchObject({
      nature: 'internal, improvable',
      response: 'training and development',
    });
    expect(FACTORS.external_environment).toMatchObject({
      nature: 'objective, uncontrollable',
      response: "adjust targets fairly; don't penalise",
    });
    expect(FACTORS.internal_conditions).toMatchObject({
      nature: 'objective, partly changeable',
      response: 'fix resources and constraints',
    });
    expect(FACTORS.motivation).toMatchObject({
      nature: 'subjective',
      response: 'incentive review, recognition',
    });
  });
});

describe('AttributionSchema', () => {
  const base = { subjectId: 'a', goalId: 'g1' };
  it('accepts one factor with share 1 and splits totalling 1', () => {
    expect(AttributionSchema.safeParse({ ...base, factors: [{ factor: 'skills', share: 1 }] }).success).toBe(
      true,
    );
    const split = {
      ...base,
      factors: [
        { factor: 'skills', share: 0.7 },
        { factor: 'motivation', share: 0.3 },
      ],
    };
    expect(AttributionSchema.parse(split).note).toBe('');
  });
  it('rejects shares not totalling 1, a factor named twice, a zero share and no factor', () => {
    const bad = [
      [{ factor: 'skills', share: 0.6 }],
      [
        { factor: 'skills', share: 0.5 },
        { factor: 'skills', share: 0.5 },
      ],
      [
        { factor: 'skills', share: 1 },
        { factor: 'motivation', share: 0 },
      ],
      [],
    ];
    for (const factors of bad) expect(AttributionSchema.safeParse({ ...base, factors }).success).toBe(false);
  });
});

describe('shortfalls', () => {
  it('keeps goals below target with gap and weighted gap', () => {
    const out = shortfalls([
      item('a', 'sales', 'g1', 50, 0.6), // gap 1 − 0.6 = 0.4; weighted 0.4 × 50/100 = 0.2
      item('a', 'sales', 'g2', 50, 1.2), // met: not a shortfall
      item('c', 'ops', 'g4', 100, -0.1), // achievement floored at 0: gap 1, weighted 1
      item('d', null, 'g5', 20, Number.NaN), // not measurable: skipped
      item('e', null, 'g6', 30, 1), // exactly met: not a shortfall
    ]);
    expect(out.map((s) => [s.goalId, s.gap, s.weightedGap])).toEqual([
      ['g1', 0.4, 0.2],
      ['g4', 1, 1],
    ]);
  });

  it('every shortfall has 0 < gap ≤ 1 and weightedGap ≤ weight/100 (property)', () => {
    const itemArb = fc.record({
      subjectId: fc.constantFrom('a', 'b'),
      departmentId: fc.constantFrom('d1', null),
      goalId: fc.constantFrom('g1', 'g2'),
      weight: fc.integer({ min: 0, max: 100 }),
      achievement: fc.double({ min: -2, max: 3, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(itemArb), (items) => {
        const out = shortfalls(items);
        expect(out).toHaveLength(items.filter((x) => x.achievement < 1).length);
        for (const s of out) {
          expect(s.gap).toBeGreaterThan(0);
          expect(s.gap).toBeLessThanOrEqual(1);
          expect(s.weightedGap).toBeLessThanOrEqual(s.weight / 100 + 1e-9);
        }
      }),
    );
  });
});

describe('splitOf and dominantFactor', () => {
  it('averages several attributions and never guesses the rest', () => {
    // Employee: skills 0.5 + motivation 0.5; manager: skills 1 → skills (0.5+1)/2 = 0.75, motivation 0.25.
    expect(
      splitOf([
        {
          factors: [
            { factor: 'skills', share: 0.5 },
            { factor: 'motivation', share: 0.5 },
          ],
        },
        { factors: [{ factor: 'skills', share: 1 }] },
      ]),
    ).toEqual({
      skills: 0.75,
      external_environment: 0,
      internal_conditions: 0,
      motivation: 0.25,
      unattributed: 0,
    });
    // An unvalidated partial attribution (0.6) leaves 0.4 unattributed.
    expect(splitOf([{ factors: [{ factor: 'internal_conditions', share: 0.6 }] }]).unattributed).toBe(0.4);
    expect(splitOf([]).unattributed).toBe(1);
  });

  it('breaks ties in canonical order and returns null when nothing is attributed', () => {
    const tie = { skills: 0.5, external_environment: 0, internal_conditions: 0, motivation: 0.5 };
    expect(dominantFactor(tie)).toBe('skills');
    expect(dominantFactor({ ...tie, skills: 0, motivation: 0 })).toBeNull();
  });
});

describe('diagnoseGaps and aggregateDiagnosis', () => {
  const items = [
    item('a', 'sales', 'g1', 50, 0.6), // gap 0.4, weighted 0.2
    item('a', 'sales', 'g2', 50, 1.2), // met
    item('b', 'sales', 'g3', 40, 0.5), // gap 0.5, weighted 0.5 × 40/100 = 0.2
    item('c', 'ops', 'g4', 100, -0.1), // gap 1, weighted 1
    item('d', null, 'g5', 20, 0.9), // gap 0.1, weighted 0.1 × 20/100 = 0.02
  ];
  const attributions = [
    {
      subjectId: 'a',
      goalId: 'g1',
      factors: [
        { factor: 'skills' as const, share: 0.5 },
        { factor: 'motivation' as const, share: 0.5 },
      ],
    },
    { subjectId: 'a', goalId: 'g1', factors: [{ factor: 'skills' as const, share: 1 }] },
    { subjectId: 'b', goalId: 'g3', factors: [{ factor: 'external_environment' as const, share: 1 }] },
    { subjectId: 'd', goalId: 'g5', factors: [{ factor: 'internal_conditions' as const, share: 1 }] },
    { subjectId: 'x', goalId: 'g9', factors: [{ factor: 'motivation' as const, share: 1 }] }, // no such shortfall
    { subjectId: 'a', goalId: 'g2', factors: [{ factor: 'skills' as const, share: 1 }] }, // g2 was met
  ];

  it('attaches splits by (subject, goal) and reports the unattributed', () => {
    const diagnosed = diagnoseGaps(shortfalls(items), attributions);
    expect(diagnosed.map((d) => [d.goalId, d.attributions, d.split.unattributed])).toEqual([
      ['g1', 2, 0],
      ['g3', 1, 0],
      ['g4', 0, 1],
      ['g5', 1, 0],
    ]);
    expect(diagnosed[0]?.split).toMatchObject({ skills: 0.75, motivation: 0.25 });
    // The subject matters: the same goal id attributed for someone else does not match.
    const other = diagnoseGaps(shortfalls([item('z', 'ops', 'g1', 10, 0)]), attributions);
    expect(other[0]?.split.unattributed).toBe(1);
  });

  it('worked example: per department and overall', () => {
    const report = aggregateDiagnosis(diagnoseGaps(shortfalls(items), attributions));
    expect(report.departments.map((d) => d.departmentId)).toEqual(['ops', 'sales', null]);
    const sales = report.departments[1];
    // sales: g1 0.2 × (skills 0.75, motivation 0.25) = skills 0.15, motivation 0.05; g3 0.2 external.
    // total 0.4 → shares skills 0.15/0.4 = 0.375, external 0.2/0.4 = 0.5, motivation 0.05/0.4 = 0.125.
    expect(sales?.weightedGap).toBe(0.4);
    expect(sales?.factors.map((f) => [f.factor, f.weightedGap, f.share])).toEqual([
      ['skills', 0.15, 0.375],
      ['external_environment', 0.2, 0.5],
      ['internal_conditions', 0, 0],
      ['motivation', 0.05, 0.125],
    ]);
    expect(sales?.dominant).toBe('external_environment');
    expect(sales?.recommendations.map((r) => [r.factor, r.response])).toEqual([
      ['external_environment', "adjust targets fairly; don't penalise"],
      ['skills', 'training and development'],
      ['motivation', 'incentive review, recognition'],
    ]);
    expect(sales?.unattributed).toEqual({ weightedGap: 0, share: 0, shortfalls: 0 });
    // ops: only g4, nobody attributed it → all of 1.0 unattributed, no dominant factor.
    const ops = report.departments[0];
    expect(ops?.unattributed).toEqual({ weightedGap: 1, share: 1, shortfalls: 1 });
    expect(ops?.dominant).toBeNull();
    expect(ops?.recommendations).toEqual([]);
    expect(report.departments[2]?.dominant).toBe('internal_conditions');
    // overall: total 0.4 + 1 + 0.02 = 1.42; external 0.2/1.42 = 0.140845; unattributed 1/1.42 = 0.704225;
    // skills 0.15/1.42 = 0.105634; motivation 0.05/1.42 = 0.035211; internal 0.02/1.42 = 0.014085.
    expect(report.overall.shortfalls).toBe(4);
    expect(report.overall.weightedGap).toBe(1.42);
    expect(report.overall.factors.map((f) => f.share)).toEqual([0.105634, 0.140845, 0.014085, 0.035211]);
    expect(report.overall.unattributed).toEqual({ weightedGap: 1, share: 0.704225, shortfalls: 1 });
    expect(report.overall.dominant).toBe('external_environment');
  });

  it('splits total 1 and department totals add up to the overall (property)', () => {
    const factorArb = fc.constantFrom(...FACTOR_ORDER);
    const rowArb = fc.record({
      subjectId: fc.constantFrom('a', 'b', 'c'),
      departmentId: fc.constantFrom('d1', 'd2', null),
      goalId: fc.constantFrom('g1', 'g2', 'g3'),
      weight: fc.integer({ min: 0, max: 100 }),
      achievement: fc.double({ min: 0, max: 1.5, noNaN: true }),
    });
    const attrArb = fc.record({
      subjectId: fc.constantFrom('a', 'b', 'c'),
      goalId: fc.constantFrom('g1', 'g2', 'g3'),
      factors: fc
        .uniqueArray(factorArb, { minLength: 1, maxLength: 4 })
        .map((fs) => fs.map((factor, i) => ({ factor, share: i === 0 ? 1 - (fs.length - 1) * 0.1 : 0.1 }))),
    });
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 30 }),
        fc.array(attrArb, { maxLength: 10 }),
        (rows, attrs) => {
          const diagnosed = diagnoseGaps(shortfalls(rows), attrs);
          let expectedTotal = 0;
          for (const d of diagnosed) {
            const s = d.split;
            const sum =
              s.skills + s.external_environment + s.internal_conditions + s.motivation + s.unattributed;
            expect(sum).toBeCloseTo(1, 6);
            expectedTotal += d.weightedGap;
          }
          const report = aggregateDiagnosis(diagnosed);
          // The one-pass form and the raw goal results give exactly the same report.
          expect(diagnoseCycle(rows, attrs)).toEqual(report);
          expect(aggregateDiagnosis(diagnoseGaps(rows, attrs))).toEqual(report);
          expect(report.overall.weightedGap).toBeCloseTo(expectedTotal, 5);
          expect(report.departments.reduce((a, d) => a + d.shortfalls, 0)).toBe(diagnosed.length);
          const parts = report.overall.factors.reduce(
            (a, f) => a + f.weightedGap,
            report.overall.unattributed.weightedGap,
          );
          expect(parts).toBeCloseTo(report.overall.weightedGap, 5);
          if (report.overall.dominant !== null) {
            const max = Math.max(...report.overall.factors.map((f) => f.weightedGap));
            expect(
              report.overall.factors.find((f) => f.factor === report.overall.dominant)?.weightedGap,
            ).toBe(max);
          }
        },
      ),
    );
  });

  it('aggregates 800,000 shortfall rows across 1,000 departments exactly (speed is in pnpm bench)', () => {
    const splits: FactorSplit[] = [
      { skills: 1, external_environment: 0, internal_conditions: 0, motivation: 0, unattributed: 0 },
      { skills: 0.5, external_environment: 0.5, internal_conditions: 0, motivation: 0, unattributed: 0 },
      { skills: 0, external_environment: 0, internal_conditions: 0.25, motivation: 0.75, unattributed: 0 },
      { skills: 0, external_environment: 0, internal_conditions: 0, motivation: 0, unattributed: 1 },
    ];
    const depts = Array.from({ length: 1000 }, (_, i) => `dept-${i}`);
    const rows: DiagnosedShortfall[] = new Array(800_000);
    for (let i = 0; i < rows.length; i++) {
      rows[i] = {
        subjectId: `p${i >> 3}`,
        departmentId: depts[(i >> 3) % 1000] ?? null,
        goalId: `g${i}`,
        weight: 12.5,
        achievement: 0.5,
        gap: 0.5,
        weightedGap: 0.0625,
        split: splits[i % 4] as FactorSplit,
        attributions: i % 4 === 3 ? 0 : 1,
      };
    }
    const report = aggregateDiagnosis(rows);
    // 800,000 × 0.0625 = 50,000 total; a quarter of the rows (200,000) are unattributed.
    expect(report.overall.weightedGap).toBe(50_000);
    expect(report.overall.unattributed.shortfalls).toBe(200_000);
    expect(report.departments).toHaveLength(1000);
  });
});
