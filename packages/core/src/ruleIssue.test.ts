// Core's rules carry a stable code and their facts on the zod issue (`params`), which `ruleOf` reads back.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CheckInSchema } from './coaching.ts';
import { CycleSchema } from './cycle.ts';
import { AttributionSchema } from './diagnosis.ts';
import { KpiGoalSchema } from './goals.ts';
import { RatingScaleSchema } from './policy.ts';
import { addRuleIssue, ruleOf } from './ruleIssue.ts';

const rules = (r: { error?: z.ZodError }) =>
  (r.error?.issues ?? []).map((i) => [i.path.join('.'), i.code, ruleOf(i)]);

const kpi = {
  id: 'g1',
  cycleId: 'c1',
  title: 'Escaped defects',
  level: 'person',
  ownerId: 'p1',
  departmentId: null,
  weight: 40,
  alignedTo: null,
  kind: 'kpi',
  direction: 'lower_is_better',
  baseline: 20,
  threshold: 12,
  target: 10,
  stretch: 5,
} as const;

describe('rule issues', () => {
  it('KPI anchors out of order name the anchor, the relation and what it is compared with, per direction', () => {
    // Lower is better: the target must lie below the baseline, the threshold above the target, the stretch below it.
    const lower = KpiGoalSchema.safeParse({ ...kpi, baseline: 5, threshold: 15, stretch: 12 });
    expect(rules(lower)).toEqual([
      [
        'target',
        'custom',
        { rule: 'kpi_anchors_invalid', facts: { anchor: 'target', relation: 'below', than: 'baseline' } },
      ],
      [
        'stretch',
        'custom',
        { rule: 'kpi_anchors_invalid', facts: { anchor: 'stretch', relation: 'below', than: 'target' } },
      ],
    ]);
    const higher = KpiGoalSchema.safeParse({
      ...kpi,
      direction: 'higher_is_better',
      baseline: 0,
      threshold: 110,
      target: 100,
      stretch: 120,
    });
    expect(rules(higher)).toEqual([
      [
        'threshold',
        'custom',
        { rule: 'kpi_anchors_invalid', facts: { anchor: 'threshold', relation: 'below', than: 'target' } },
      ],
    ]);
    expect(higher.error?.issues[0]?.message).toBe('threshold must be below target');
  });

  it('cycle dates, check-ins, attributions and rating scales carry their codes', () => {
    const cycle = CycleSchema.safeParse({
      id: 'cy1',
      name: 'H2',
      policyName: 'Standard',
      startsOn: '2026-07-01',
      endsOn: '2026-06-30',
    });
    expect(rules(cycle)).toEqual([['endsOn', 'custom', { rule: 'ends_before_start', facts: {} }]]);
    const checkIn = CheckInSchema.safeParse({
      id: 'c1',
      cycleId: 'cy1',
      subjectId: 'p1',
      authorId: 'm1',
      at: '2026-01-03T10:00:00Z',
      kind: 'performance_meeting',
      notes: '',
    });
    expect(rules(checkIn)).toEqual([
      ['notes', 'custom', { rule: 'notes_required', facts: { kind: 'performance_meeting' } }],
    ]);
    const shares = AttributionSchema.safeParse({
      subjectId: 'a',
      goalId: 'g1',
      factors: [
        { factor: 'skills', share: 0.5 },
        { factor: 'skills', share: 0.25 },
      ],
    });
    expect(rules(shares)).toEqual([
      ['factors.1.factor', 'custom', { rule: 'factor_repeated', facts: { factor: 'skills' } }],
      ['factors', 'custom', { rule: 'shares_not_100', facts: { totalPercent: 75 } }],
    ]);
    const scale = RatingScaleSchema.safeParse({
      levels: [
        { value: 1, label: 'Low', minScore: 1 },
        { value: 2, label: 'High', minScore: 3 },
      ],
      meets: 3,
    });
    expect(rules(scale)).toEqual([['meets', 'custom', { rule: 'meets_not_a_level', facts: { meets: 3 } }]]);
  });

  it('ruleOf: null for issues that are not a rule; only JSON-safe facts are read back', () => {
    const schema = z
      .object({ n: z.number().min(1) })
      .superRefine((_, ctx) => ctx.addIssue({ code: 'custom', path: ['n'], message: 'plain refine' }))
      .superRefine((_, ctx) =>
        addRuleIssue(ctx, { path: ['n'], message: 'a rule', rule: 'some_rule', facts: { ok: 1 } }),
      );
    const r = schema.safeParse({ n: 0 });
    // zod's own check and a plain refine are not rules; the rule added after them is.
    expect(r.error?.issues.map(ruleOf)).toEqual([null, null, { rule: 'some_rule', facts: { ok: 1 } }]);
    const refined = z.object({ n: z.number() }).superRefine((_, ctx) => {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'x',
        params: { rule: 'r', bad: Number.NaN, obj: {}, ok: 'y' },
      });
    });
    expect(ruleOf(refined.safeParse({ n: 1 }).error?.issues[0] as z.core.$ZodIssue)).toEqual({
      rule: 'r',
      facts: { ok: 'y' },
    });
  });
});
