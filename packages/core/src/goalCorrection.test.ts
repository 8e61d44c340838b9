// Tests for corrections of an agreed plan: which fields are scoring fields, when a reason is needed, and the record.
import { describe, expect, it } from 'vitest';
import {
  addedScoringFields,
  addGoalCorrection,
  correctGoal,
  GoalCorrectionSchema,
  isCancellation,
  isPlanCorrection,
  SCORING_FIELDS,
  scoringChange,
} from './goalCorrection.ts';
import { type Goal, GoalSchema } from './goals.ts';
import { MIN_JUSTIFICATION_CHARS } from './limits.ts';

const REASON = 'The agreed target had a typo: 1200 instead of 120.';
const AT = '2026-04-01T09:00:00Z';
const kpi = (over: Record<string, unknown> = {}): Goal =>
  GoalSchema.parse({
    id: 'g1',
    cycleId: 'c1',
    title: 'Revenue',
    level: 'person',
    ownerId: 'ana',
    departmentId: 'sales',
    weight: 60,
    alignedTo: null,
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    threshold: 80,
    target: 120,
    stretch: 150,
    ...over,
  });
const input = (over: Partial<Parameters<typeof correctGoal>[2]> = {}) => ({
  id: 'gcr_1',
  phase: 'coach' as const,
  reason: REASON,
  by: 'hana',
  at: AT,
  ...over,
});

describe('scoringChange', () => {
  it('lists the changed scoring fields with both values, in SCORING_FIELDS order', () => {
    const change = scoringChange(kpi(), kpi({ target: 100, weight: 50, curve: { type: 'capped', cap: 1 } }));
    expect(change.fields).toEqual(['weight', 'target', 'curve']);
    expect(change.before).toEqual({ weight: 60, target: 120, curve: { type: 'linear' } });
    expect(change.after).toEqual({ weight: 50, target: 100, curve: { type: 'capped', cap: 1 } });
  });

  it('ignores fields scoring does not read: actual, status, title, description, due date', () => {
    const after = kpi({
      actual: 90,
      status: 'done',
      title: 'Sales',
      description: 'x',
      dueDate: '2026-06-30',
    });
    expect(scoringChange(kpi(), after).fields).toEqual([]);
  });

  it('counts a threshold or stretch dropped as a change to null', () => {
    const change = scoringChange(kpi(), kpi({ stretch: null }));
    expect(change).toEqual({ fields: ['stretch'], before: { stretch: 150 }, after: { stretch: null } });
  });

  it('names the fields core scoring reads from a goal besides the actual', () => {
    expect([...SCORING_FIELDS]).toEqual([
      'weight',
      'kind',
      'direction',
      'baseline',
      'threshold',
      'target',
      'stretch',
      'curve',
      'status',
    ]);
  });

  it('counts a status change only into or out of cancelled', () => {
    expect(scoringChange(kpi(), kpi({ status: 'cancelled' }))).toEqual({
      fields: ['status'],
      before: { status: 'active' },
      after: { status: 'cancelled' },
    });
    expect(scoringChange(kpi({ status: 'cancelled' }), kpi({ status: 'done' })).fields).toEqual(['status']);
    for (const [a, b] of [
      ['active', 'done'],
      ['draft', 'active'],
      ['done', 'active'],
    ] as const) {
      expect(scoringChange(kpi({ status: a }), kpi({ status: b })).fields).toEqual([]);
    }
    expect(isCancellation({ status: 'active' }, { status: 'cancelled' })).toBe(true);
    expect(isCancellation({ status: 'cancelled' }, { status: 'draft' })).toBe(true);
    expect(isCancellation({ status: 'cancelled' }, { status: 'cancelled' })).toBe(false);
    expect(isCancellation({ status: 'draft' }, { status: 'done' })).toBe(false);
  });
});

describe('isPlanCorrection', () => {
  const weight = { fields: ['weight' as const] };
  it('is a person goal past plan with a scoring field changed', () => {
    for (const phase of ['coach', 'appraise', 'calibrate', 'feedback', 'apply', 'improve'] as const)
      expect(isPlanCorrection(kpi(), phase, weight)).toBe(true);
  });
  it('is not in plan, for department goals or without a scoring field', () => {
    expect(isPlanCorrection(kpi(), 'plan', weight)).toBe(false);
    expect(isPlanCorrection({ level: 'department', ownerId: null }, 'coach', weight)).toBe(false);
    expect(isPlanCorrection(kpi(), 'coach', { fields: [] })).toBe(false);
  });
});

describe('correctGoal', () => {
  it('records the fields, before and after, reason, who and when', () => {
    const r = correctGoal(kpi(), kpi({ target: 100 }), input({ reason: `  ${REASON}  ` }));
    expect(r).toEqual({
      ok: true,
      value: {
        id: 'gcr_1',
        kind: 'changed',
        cycleId: 'c1',
        goalId: 'g1',
        subjectId: 'ana',
        phase: 'coach',
        fields: ['target'],
        before: { target: 120 },
        after: { target: 100 },
        reason: REASON,
        correctedBy: 'hana',
        correctedAt: AT,
      },
    });
    if (r.ok) expect(GoalCorrectionSchema.parse(r.value)).toEqual(r.value);
  });

  it('refuses a correction without a reason, or a short one, naming the fields and the target adjustment flow', () => {
    for (const reason of [undefined, null, '', '   ', 'x'.repeat(MIN_JUSTIFICATION_CHARS - 1)]) {
      const r = correctGoal(kpi(), kpi({ weight: 40 }), input({ reason, phase: 'appraise' }));
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('correction_reason_required');
      expect(r.error.path).toEqual(['correctionReason']);
      expect(r.error.details).toMatchObject({
        fields: ['weight'],
        min: MIN_JUSTIFICATION_CHARS,
        phase: 'appraise',
      });
      expect(r.error.message).toContain('weight');
      expect(r.error.message).toContain('target adjustment');
    }
  });

  it('makes cancelling a person goal after plan, or restoring it, a correction with a reason', () => {
    const r = correctGoal(kpi(), kpi({ status: 'cancelled' }), input());
    expect(r).toMatchObject({
      ok: true,
      value: {
        fields: ['status'],
        before: { status: 'active' },
        after: { status: 'cancelled' },
        reason: REASON,
      },
    });
    const missing = correctGoal(kpi(), kpi({ status: 'cancelled' }), input({ reason: ' ' }));
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error.code).toBe('correction_reason_required');
      expect(missing.error.details).toMatchObject({ fields: ['status'] });
      expect(missing.error.message).toContain('Cancelling "Revenue"');
      expect(missing.error.message).toContain('takes it out of the result');
    }
    const back = correctGoal(kpi({ status: 'cancelled' }), kpi(), input({ reason: '' }));
    expect(!back.ok && back.error.message).toContain('Restoring the cancelled goal "Revenue"');
    // Progress among draft, active and done stays free; cancelling in plan is part of drafting the plan.
    expect(correctGoal(kpi(), kpi({ status: 'done' }), input({ reason: '' }))).toEqual({
      ok: true,
      value: null,
    });
    expect(correctGoal(kpi(), kpi({ status: 'cancelled' }), input({ phase: 'plan', reason: '' }))).toEqual({
      ok: true,
      value: null,
    });
    const dept = { level: 'department', ownerId: null };
    expect(correctGoal(kpi(dept), kpi({ ...dept, status: 'cancelled' }), input({ reason: '' }))).toEqual({
      ok: true,
      value: null,
    });
  });

  it('refuses a reason over the maximum', () => {
    const r = correctGoal(kpi(), kpi({ weight: 40 }), input({ reason: 'x'.repeat(2001) }));
    expect(!r.ok && r.error.code).toBe('correction_reason_too_long');
  });

  it('is no correction (null, reason not needed) in plan, for other fields or for department goals', () => {
    expect(correctGoal(kpi(), kpi({ target: 100 }), input({ phase: 'plan', reason: '' }))).toEqual({
      ok: true,
      value: null,
    });
    expect(correctGoal(kpi(), kpi({ actual: 5, status: 'done' }), input({ reason: '' }))).toEqual({
      ok: true,
      value: null,
    });
    const dept = { level: 'department', ownerId: null };
    expect(correctGoal(kpi(dept), kpi({ ...dept, target: 100 }), input({ reason: '' }))).toEqual({
      ok: true,
      value: null,
    });
  });
});

describe('addGoalCorrection', () => {
  it('records a person goal added after plan: kind added, its scoring fields from null, its title and the reason', () => {
    const r = addGoalCorrection(kpi({ stretch: null }), input({ reason: `  ${REASON} ` }));
    expect(r).toEqual({
      ok: true,
      value: {
        id: 'gcr_1',
        kind: 'added',
        cycleId: 'c1',
        goalId: 'g1',
        subjectId: 'ana',
        phase: 'coach',
        fields: ['weight', 'kind', 'direction', 'baseline', 'threshold', 'target', 'curve'],
        before: {
          weight: null,
          kind: null,
          direction: null,
          baseline: null,
          threshold: null,
          target: null,
          curve: null,
        },
        after: {
          weight: 60,
          kind: 'kpi',
          direction: 'higher_is_better',
          baseline: 0,
          threshold: 80,
          target: 120,
          curve: { type: 'linear' },
        },
        title: 'Revenue',
        reason: REASON,
        correctedBy: 'hana',
        correctedAt: AT,
      },
    });
    if (r.ok) expect(GoalCorrectionSchema.parse(r.value)).toEqual(r.value);
  });

  it("takes a competency goal's weight and kind only", () => {
    const {
      direction: _d,
      baseline: _b,
      threshold: _t,
      target: _g,
      stretch: _s,
      curve: _c,
      actual: _a,
      unit: _u,
      ...common
    } = kpi() as Extract<Goal, { kind: 'kpi' }>;
    const competency = GoalSchema.parse({
      ...common,
      kind: 'competency',
      expectations: 'Mentors two juniors.',
    });
    expect(addedScoringFields(competency)).toEqual({
      fields: ['weight', 'kind'],
      before: { weight: null, kind: null },
      after: { weight: 60, kind: 'competency' },
    });
  });

  it('refuses an addition after plan without a reason of the minimum, naming the goal and its fields', () => {
    for (const reason of [undefined, null, '  ', 'x'.repeat(MIN_JUSTIFICATION_CHARS - 1)]) {
      const r = addGoalCorrection(kpi(), input({ reason, phase: 'appraise' }));
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('correction_reason_required');
      expect(r.error.path).toEqual(['correctionReason']);
      expect(r.error.details).toMatchObject({
        fields: ['weight', 'kind', 'direction', 'baseline', 'threshold', 'target', 'stretch', 'curve'],
        min: MIN_JUSTIFICATION_CHARS,
        phase: 'appraise',
      });
      expect(r.error.message).toContain('Adding "Revenue" to ana\'s plan after it was agreed');
      expect(r.error.message).not.toContain('target adjustment');
    }
    const long = addGoalCorrection(kpi(), input({ reason: 'x'.repeat(2001) }));
    expect(!long.ok && long.error.code).toBe('correction_reason_too_long');
  });

  it('is no correction (null, reason not needed) in plan, for department or organisation goals, or a goal added cancelled', () => {
    const none = { ok: true, value: null };
    expect(addGoalCorrection(kpi(), input({ phase: 'plan', reason: '' }))).toEqual(none);
    expect(addGoalCorrection(kpi({ level: 'department', ownerId: null }), input({ reason: '' }))).toEqual(
      none,
    );
    expect(
      addGoalCorrection(
        kpi({ level: 'organisation', ownerId: null, departmentId: null }),
        input({ reason: '' }),
      ),
    ).toEqual(none);
    expect(addGoalCorrection(kpi({ status: 'cancelled' }), input({ reason: '' }))).toEqual(none);
  });

  it('reads a correction kept before additions were corrections as a change', () => {
    const { kind: _kind, ...old } = unwrapCorrection(correctGoal(kpi(), kpi({ target: 100 }), input()));
    expect(GoalCorrectionSchema.parse(old).kind).toBe('changed');
  });
});

function unwrapCorrection(r: ReturnType<typeof correctGoal>) {
  if (!r.ok || r.value === null) throw new Error('a correction expected');
  return r.value;
}
