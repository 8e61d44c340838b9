// A score's explanation from its trace in English and Chinese; the API's English for what the tab does not know.
import {
  anonymousExplanation,
  explainScore,
  GoalSchema,
  POLICY_PRESETS,
  ReviewSchema,
  scorePerson,
  unwrap,
  withRatingChanges,
} from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import type { Explanation, GoalTrace } from '../api/types.ts';
import { type Locale, translator } from '../i18n/index.tsx';
import { explanationText, noteText, scoreWords, warningText } from './scoreWords.ts';

const words = (locale: Locale) => scoreWords(translator(locale), locale);

const goal = (g: Partial<GoalTrace>): GoalTrace => ({
  goalId: 'g',
  title: 'Goal',
  kind: 'kpi',
  weight: 0,
  effectiveWeight: 0,
  counted: true,
  excluded: null,
  actual: null,
  baseline: null,
  threshold: null,
  target: null,
  stretch: null,
  direction: null,
  curve: null,
  reached: null,
  achievement: null,
  score: null,
  contribution: 0,
  components: [],
  ...g,
});

const explained = (): Explanation => ({
  subjectId: 'per_ava',
  score: 3.6,
  rating: { value: 4, label: 'Exceeds' },
  original: { score: 3.6, rating: { value: 3, label: 'Meets' } },
  calibrated: true,
  explanation: 'English from the API.',
  trace: {
    goals: [
      goal({
        goalId: 'churn',
        title: 'Churn',
        weight: 40,
        effectiveWeight: 57.1429,
        actual: 6.5,
        baseline: 10,
        threshold: 8,
        target: 5,
        stretch: null,
        direction: 'lower_is_better',
        curve: { type: 'capped', cap: 1.2 },
        reached: 'threshold',
        achievement: 0.75,
        score: 2.5,
        contribution: 1.4286,
      }),
      goal({ goalId: 'rev', title: 'Revenue', weight: 30, counted: false, excluded: 'missing_actual' }),
      goal({
        goalId: 'own',
        title: 'Ownership',
        kind: 'competency',
        weight: 30,
        effectiveWeight: 42.8571,
        score: 5,
        contribution: 2.1429,
        components: [
          { component: 'self', raters: 1, mean: 5, weight: 10, effectiveWeight: 14.2857 },
          { component: 'manager', raters: 2, mean: 5, weight: 60, effectiveWeight: 85.7143 },
        ],
      }),
    ],
    components: [
      { component: 'self', policyWeight: 10, present: true, reviewers: 1 },
      { component: 'manager', policyWeight: 60, present: true, reviewers: 2 },
      { component: 'peer', policyWeight: 1000, present: false, reviewers: 0 },
    ],
    renormalised: ['No ratings from peer (1000): …', '"Revenue" is not counted …', '"Ownership" was rated …'],
    renormalisation: [
      {
        code: 'components_missing',
        text: 'No ratings from peer (1000): …',
        missing: [{ component: 'peer', weight: 1000 }],
        present: ['self', 'manager'],
      },
      {
        code: 'goal_not_counted',
        text: '"Revenue" is not counted …',
        goalId: 'rev',
        title: 'Revenue',
        kind: 'kpi',
        weight: 30,
        countedWeight: 70,
      },
      {
        code: 'goal_components_partial',
        text: '"Ownership" was rated …',
        goalId: 'own',
        title: 'Ownership',
        components: ['self', 'manager'],
      },
    ],
    formula: 'score = Σ weight × goal score / Σ counted weight = 250 / 70 = 3.6',
  },
  warnings: [
    { code: 'missing_actual', message: 'English warning.', details: { goalId: 'rev' } },
    {
      code: 'superseded_review',
      message: 'English warning.',
      details: { reviewId: 'r1', supersededBy: 'r2', reviewerId: 'per_mo', component: 'manager' },
    },
    { code: 'brand_new', message: 'A warning the tab does not know.' },
  ],
});

describe('score words', () => {
  it('says the explanation line by line in the API’s English wording', () => {
    expect(explanationText(words('en'), explained(), 'Ava Chen')?.split('\n')[0]).toBe(
      'Score for Ava Chen: 3.6 → 3 (Meets)',
    );
    expect(explanationText(words('en'), explained())?.split('\n')).toEqual([
      'Score for per_ava: 3.6 → 3 (Meets)',
      'How: weighted mean of the counted goals = (40 × 2.5 + 30 × 5) / 70 = 3.6',
      'Goals:',
      '  - Churn [kpi, weight 40 → 57.1429%]: actual 6.5 (baseline 10, threshold 8, target 5; lower is better, capped at 1.2 curve) reached threshold, achievement 0.75 → score 2.5, contributes 1.4286',
      '  - Revenue [kpi, weight 30]: not counted (no actual yet)',
      '  - Ownership [competency, weight 30 → 42.8571%]: self 5 (1 rater, 14.2857%) + manager 5 (2 raters, 85.7143%) → score 5, contributes 2.1429',
      'Components: self 10 (1 review), manager 60 (2 reviews), peer 1000 (none)',
      'Renormalised:',
      '  - No ratings from peer (1000): competency goals renormalise the component weights over self, manager.',
      '  - "Revenue" is not counted (no actual): its weight 30 is shared by the counted goals (total 70).',
      '  - "Ownership" was rated by self, manager only: its component weights are renormalised over those.',
      'Warnings:',
      '  - Goal "Revenue" has no actual yet; it is left out and its weight renormalised.',
      '  - A manager review was replaced by the same reviewer’s later review: only the later one counts.',
      '  - A warning the tab does not know.',
    ]);
  });

  it('says it in Chinese from the same trace', () => {
    expect(explanationText(words('zh-CN'), explained())?.split('\n')).toEqual([
      'per_ava 的得分：3.6 → 3（Meets）',
      '计算方式：计入目标的加权平均 = (40 × 2.5 + 30 × 5) / 70 = 3.6',
      '目标：',
      '  - Churn（KPI，权重 40 → 57.1429%）：实际值 6.5（基线 10，门槛值 8，目标值 5；越低越好，封顶于 1.2 的曲线），达到门槛值，达成率 0.75 → 得分 2.5，贡献 1.4286',
      '  - Revenue（KPI，权重 30）：未计入（尚无实际值）',
      '  - Ownership（能力，权重 30 → 42.8571%）：自评 5（1 位评分人，14.2857%） + 经理评价 5（2 位评分人，85.7143%） → 得分 5，贡献 2.1429',
      '评价构成：自评 10（1 份评价），经理评价 60（2 份评价），同事评价 1000（无）',
      '权重重新分配：',
      '  - 没有来自同事评价（1000）的评分：能力目标的评价构成权重在自评、经理评价之间重新分配。',
      '  - “Revenue”未计入（尚无实际值）：其权重 30 由计入的目标分摊（合计 70）。',
      '  - “Ownership”仅有自评、经理评价：其评价构成权重在这些评价之间重新分配。',
      '警告：',
      '  - 目标“Revenue”尚无实际值：不计入，其权重重新分配。',
      '  - 一份经理评价已被同一评价人之后的评价取代：只计之后的那份。',
      '  - A warning the tab does not know.',
    ]);
  });

  it('says corrections made after the plan was agreed, in English like the API and in Chinese', () => {
    const e = explained();
    const [churn, revenue, ...rest] = e.trace?.goals ?? [];
    const step = {
      id: 'gcr_1',
      phase: 'appraise',
      fields: ['weight', 'stretch', 'curve', 'direction'],
      before: { weight: 50, stretch: null, curve: { type: 'linear' }, direction: 'higher_is_better' },
      after: { weight: 40, stretch: 3, curve: { type: 'capped', cap: 1.2 }, direction: 'lower_is_better' },
      reason: 'The plan copied last year’s goal.',
      correctedBy: 'per_hal',
      correctedAt: '2026-05-02T09:00:00.000Z',
    };
    const trace = e.trace && {
      ...e.trace,
      goals: [
        { ...churn, corrections: [step] } as GoalTrace,
        { ...revenue, corrections: [step] } as GoalTrace,
        ...rest,
      ],
    };
    const en = explanationText(words('en'), { ...e, trace })?.split('\n') ?? [];
    const line =
      '    Corrected after the plan was agreed (appraise, 2026-05-02, by per_hal): weight 50 → 40, stretch none → 3, curve linear → capped at 1.2, direction higher is better → lower is better — The plan copied last year’s goal.';
    // After the counted goal's line and after the goal not counted too.
    expect(en.slice(3, 7)).toEqual([
      expect.stringContaining('Churn'),
      line,
      expect.stringContaining('Revenue'),
      line,
    ]);
    const zh = explanationText(words('zh-CN'), { ...e, trace })?.split('\n') ?? [];
    expect(zh[4]).toBe(
      '    计划约定后经修正（绩效考核阶段，2026-05-02，由 per_hal）：权重 50 → 40，挑战值 无 → 3，曲线 线性 → 封顶于 1.2，方向 越高越好 → 越低越好 — The plan copied last year’s goal.',
    );
    const odd = e.trace && {
      ...e.trace,
      goals: [{ ...churn, corrections: [{ ...step, fields: ['unit'] }] } as GoalTrace],
    };
    expect(explanationText(words('zh-CN'), { ...e, trace: odd })).toBe('English from the API.');
  });

  it('says goals cancelled after the plan was agreed, and a status correction, like the API and in Chinese', () => {
    const e = explained();
    const step = {
      id: 'gcr_2',
      phase: 'coach',
      fields: ['status'],
      before: { status: 'active' },
      after: { status: 'cancelled' },
      reason: 'The channel was closed in May.',
      correctedBy: 'per_marcus',
      correctedAt: '2026-05-02T09:00:00.000Z',
    };
    const trace = e.trace && {
      ...e.trace,
      cancelledGoals: [
        { goalId: 'g9', title: 'Partner deals', kind: 'kpi', weight: 20, corrections: [step] },
      ],
    };
    const en = explanationText(words('en'), { ...e, trace })?.split('\n') ?? [];
    const at = en.indexOf('Cancelled after the plan was agreed (not counted):');
    expect(at).toBeGreaterThan(0);
    expect(en.slice(at + 1, at + 3)).toEqual([
      '  - Partner deals [kpi, weight 20]',
      '    Corrected after the plan was agreed (coach, 2026-05-02, by per_marcus): status active → cancelled — The channel was closed in May.',
    ]);
    const zh = explanationText(words('zh-CN'), { ...e, trace })?.split('\n') ?? [];
    expect(zh).toContain('计划约定后取消的目标（不计入）：');
    expect(zh).toContain(
      '    计划约定后经修正（绩效辅导阶段，2026-05-02，由 per_marcus）：状态 进行中 → 已取消 — The channel was closed in May.',
    );
  });

  it('says a goal added after the plan was agreed, like the API and in Chinese', () => {
    const e = explained();
    const [churn, ...rest] = e.trace?.goals ?? [];
    const step = {
      id: 'gcr_3',
      kind: 'added',
      title: 'Churn',
      phase: 'appraise',
      fields: ['weight', 'kind', 'direction', 'baseline', 'target'],
      before: { weight: null, kind: null, direction: null, baseline: null, target: null },
      after: { weight: 40, kind: 'kpi', direction: 'lower_is_better', baseline: 10, target: 5 },
      reason: 'Ava took over the churn programme in April.',
      correctedBy: 'per_hal',
      correctedAt: '2026-05-03T09:00:00.000Z',
    };
    const trace = e.trace && { ...e.trace, goals: [{ ...churn, corrections: [step] } as GoalTrace, ...rest] };
    const en = explanationText(words('en'), { ...e, trace })?.split('\n') ?? [];
    expect(en.slice(3, 5)).toEqual([
      expect.stringContaining('Churn'),
      '    Added after the plan was agreed (appraise, 2026-05-03, by per_hal): Churn, weight 40 — Ava took over the churn programme in April.',
    ]);
    const zh = explanationText(
      { ...words('zh-CN'), correctorName: () => '人力资源管理员' },
      { ...e, trace },
    )?.split('\n');
    expect(zh?.[4]).toBe(
      '    计划约定后新增（绩效考核阶段，2026-05-03，由 人力资源管理员）：Churn，权重 40 — Ava took over the churn programme in April.',
    );
    // A kind the tab does not know, or an addition without its title: the API's English.
    for (const odd of [
      { ...step, kind: 'merged' },
      { ...step, title: undefined },
    ]) {
      const oddTrace = e.trace && { ...e.trace, goals: [{ ...churn, corrections: [odd] } as GoalTrace] };
      expect(explanationText(words('zh-CN'), { ...e, trace: oddTrace })).toBe('English from the API.');
    }
  });

  it('keeps the API’s English without a trace, or for a goal the tab cannot word', () => {
    const e = explained();
    expect(explanationText(words('zh-CN'), { ...e, trace: undefined })).toBe('English from the API.');
    expect(explanationText(words('zh-CN'), { ...e, trace: undefined, explanation: undefined })).toBeNull();
    const [churn, ...rest] = e.trace?.goals ?? [];
    const trace = e.trace && {
      ...e.trace,
      goals: [{ ...churn, curve: { type: 'sigmoid' } } as GoalTrace, ...rest],
    };
    expect(explanationText(words('zh-CN'), { ...e, trace })).toBe('English from the API.');
    const odd = e.trace && { ...e.trace, goals: [{ ...churn, kind: 'okr' } as GoalTrace, ...rest] };
    expect(explanationText(words('zh-CN'), { ...e, trace: odd })).toBe('English from the API.');
  });

  it('keeps a note’s English for an unknown code, missing facts or an API without coded notes', () => {
    const w = words('zh-CN');
    expect(noteText(w, { code: 'brand_new', text: 'English note.' })).toBe('English note.');
    expect(noteText(w, { code: 'goal_not_counted', text: 'English note.', title: 'X' })).toBe(
      'English note.',
    );
    expect(
      noteText(w, { code: 'components_missing', text: 'English note.', missing: [], present: ['board'] }),
    ).toBe('English note.');
    const e = explained();
    const older = e.trace && { ...e.trace, renormalisation: undefined };
    const lines = explanationText(w, { ...e, trace: older })?.split('\n') ?? [];
    expect(lines.slice(8, 11)).toEqual([
      '  - No ratings from peer (1000): …',
      '  - "Revenue" is not counted …',
      '  - "Ownership" was rated …',
    ]);
  });

  it('says each scoring warning from its details; the API’s message when they are missing', () => {
    const w = words('zh-CN');
    const trace = explained().trace;
    if (!trace) throw new Error('no trace');
    const say = (code: string, details?: Record<string, unknown>) =>
      warningText(w, trace, {
        code,
        message: 'English warning.',
        ...(details ? { details } : {}),
      });
    expect(say('unrated_goal', { goalId: 'own', rated: true })).toBe(
      '目标“Ownership”没有来自有权重的评价来源的评分：不计入，其权重重新分配。',
    );
    expect(say('unrated_goal', { goalId: 'own', rated: false })).toBe(
      '目标“Ownership”没有评分：不计入，其权重重新分配。',
    );
    expect(say('unrated_goal', { goalId: 'own' })).toBe('English warning.');
    // No manager appraisal: what the competency goals rest on instead (Ava's self-rating of 5 is not a verdict).
    expect(say('manager_review_missing', { weight: 60, goalIds: ['own'], ratedBy: ['self'] })).toBe(
      '没有经理评估（权重 60）为能力目标评分：它们仅依据自评。',
    );
    expect(say('manager_review_missing', { weight: 60, goalIds: ['own'], ratedBy: [] })).toBe(
      '没有经理评估（权重 60）为能力目标评分，也没有其他评分：它们未计入得分。',
    );
    // In English, word for word what core says (the explanation's text is the API's, read again from its facts).
    const english = words('en');
    expect(
      warningText(english, trace, {
        code: 'manager_review_missing',
        message: 'x',
        details: { weight: 60, goalIds: ['own'], ratedBy: ['self', 'peer'] },
      }),
    ).toBe('No manager appraisal (weight 60) rates the competency goals: they rest on self, peer alone.');
    expect(say('manager_review_missing', { weight: 60 })).toBe('English warning.');
    // No review, reviewer, person, goal or cycle id is ever shown: they mean nothing to the reader.
    expect(say('other_subject_review', { reviewId: 'r1', subjectId: 'per_ben' })).toBe(
      '一份针对其他人的评价已忽略。',
    );
    expect(say('unknown_goal', { reviewId: 'r1', goalId: 'gone' })).toBe(
      '一份评价评了已不在计划中的目标：该评分已忽略。',
    );
    expect(say('duplicate_goal_rating', { reviewId: 'r1', goalId: 'own' })).toBe(
      '一份评价对同一目标评了不止一次：只计第一次。',
    );
    expect(say('invalid_rating', { reviewId: 'r1', goalId: 'own', rating: 3.5 })).toBe(
      '一份评价给某个目标的评分 3.5 不在评分等级中：已忽略。',
    );
    expect(say('invalid_rating', { reviewId: 'r1', goalId: 'own' })).toBe('English warning.');
    expect(
      say('cycle_mismatch', { reviewId: 'r1', goalId: 'own', reviewCycleId: 'c0', goalCycleId: 'c1' }),
    ).toBe('一份其他周期的评价评了本计划的目标：该评分已忽略。');
    expect(
      say('superseded_review', {
        reviewId: 'r1',
        supersededBy: 'r2',
        reviewerId: 'per_mo',
        component: 'peer',
      }),
    ).toBe('一份同事评价已被同一评价人之后的评价取代：只计之后的那份。');
    expect(say('superseded_review', { reviewId: 'r1', reviewerId: 'per_mo' })).toBe('English warning.');
    // As the API gives it to the person reviewed (peer and upward reviewers hidden): said the same, from the component.
    for (const component of ['peer', 'upward']) {
      const redacted = say('superseded_review', { reviewId: 'r1', supersededBy: 'r2', component });
      expect(redacted).toBe(
        say('superseded_review', { reviewId: 'r1', supersededBy: 'r2', reviewerId: 'per_mo', component }),
      );
      expect(redacted).not.toBe('English warning.');
    }
    expect(say('missing_actual', { goalId: 'not-in-trace' })).toBe('English warning.');
    expect(
      warningText(words('en'), trace, {
        code: 'invalid_rating',
        message: 'English warning.',
        details: { reviewId: 'r1', goalId: 'own', rating: 3.5 },
      }),
    ).toBe('A review gave a goal the rating 3.5, which is not on the rating scale: it is left out.');
  });
});

describe('an explanation with reviews withheld from the person (the anonymity threshold)', () => {
  const base = {
    cycleId: 'c1',
    level: 'person',
    ownerId: 'p1',
    departmentId: null,
    alignedTo: null,
  } as const;
  const goals = [
    GoalSchema.parse({
      ...base,
      id: 'k',
      title: 'Bookings',
      weight: 40,
      kind: 'kpi',
      direction: 'higher_is_better',
      baseline: 0,
      target: 100,
      actual: 100,
    }),
    GoalSchema.parse({ ...base, id: 'a', title: 'Ownership', weight: 30, kind: 'competency' }),
    GoalSchema.parse({ ...base, id: 'b', title: 'Teamwork', weight: 30, kind: 'competency' }),
  ];
  const review = (id: string, reviewerId: string, component: 'manager' | 'peer' | 'upward', a: number) =>
    ReviewSchema.parse({
      id,
      cycleId: 'c1',
      subjectId: 'p1',
      reviewerId,
      component,
      ratings: [
        { goalId: 'a', rating: a },
        { goalId: 'b', rating: 3 },
      ],
      submittedAt: '2026-05-04T10:00:00Z',
    });
  /** Core's score as the person reads it, in the API's shape. */
  function asRead(reviewers: number, component: 'peer' | 'upward', weightless = false) {
    const policy = weightless
      ? {
          ...POLICY_PRESETS.incentive,
          componentWeights: { ...POLICY_PRESETS.incentive.componentWeights, upward: 0 },
        }
      : POLICY_PRESETS.incentive;
    const reviews = [review('m', 'mo', 'manager', 4)];
    for (let i = 0; i < reviewers; i++) reviews.push(review(`q${i}`, `r${i}`, component, 2 + i));
    const ps = unwrap(scorePerson({ subjectId: 'p1', goals, reviews }, policy));
    const shown = anonymousExplanation(ps, [{ component, reviewers, minReviews: 3 }]);
    const e: Explanation = {
      subjectId: 'p1',
      score: ps.score,
      rating: ps.rating,
      original: { score: ps.score, rating: ps.rating },
      calibrated: false,
      trace: JSON.parse(JSON.stringify(shown.score.trace)),
      explanation: shown.text,
      warnings: [],
    };
    return e;
  }

  it('says in English what core says, line for line: pooled goals, the goals together, what is withheld', () => {
    for (const e of [asRead(1, 'peer'), asRead(2, 'peer'), asRead(2, 'upward'), asRead(1, 'upward', true)]) {
      expect(explanationText(words('en'), e)).toBe(e.explanation);
    }
    const pooled = asRead(2, 'peer');
    expect(pooled.explanation).toContain(
      '  - Ownership [competency, weight 30 → 30%]: scored with the other competency goals together',
    );
    expect(pooled.explanation).toContain('2 peer reviews: not shown');
    // Weight 0: nothing pooled, the goals' scores shown without the upward entries.
    expect(asRead(1, 'upward', true).explanation).not.toContain('Competency goals together');
  });

  it('says it in Chinese, and falls back to the API’s English for a component it does not know', () => {
    const zh = explanationText(words('zh-CN'), asRead(1, 'peer')) ?? '';
    expect(zh).toContain('  - Ownership（能力，权重 30 → 30%）：与其他能力目标合并计分');
    expect(zh).toMatch(/ {2}- 能力目标合计（权重 60 → 60%）：得分 [\d.]+，贡献 [\d.]+/);
    expect(zh).toContain('未显示的评价（评价人太少，无法保持匿名）：');
    expect(zh).toContain(
      '  - 1 份同事评价：未显示，因为给出评价的人少于 3 位，作者可能被认出；仍计入得分，能力目标合并显示',
    );
    expect(zh).toMatch(/计算方式：计入目标的加权平均 = \(40 × 3 \+ 60 × [\d.]+\) \/ 100 = /);
    const odd = asRead(1, 'peer');
    const trace = odd.trace;
    if (!trace?.withheld) throw new Error('no withheld trace');
    const unknown: Explanation = {
      ...odd,
      trace: {
        ...trace,
        withheld: { ...trace.withheld, components: [{ component: 'sideways', reviewers: 1, minReviews: 3 }] },
      },
    };
    expect(explanationText(words('zh-CN'), unknown)).toBe(odd.explanation);
  });
});

describe('rating moves after scoring', () => {
  const policy = POLICY_PRESETS.control;
  const goal = GoalSchema.parse({
    id: 'g1',
    cycleId: 'c1',
    level: 'person',
    ownerId: 'ava',
    departmentId: 'sales',
    alignedTo: null,
    title: 'Revenue',
    weight: 100,
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    target: 10,
    actual: 10,
  });
  const NOTE = 'Raised after the appeal: the outage evidence was left out of the review.';
  const ps = withRatingChanges(
    unwrap(scorePerson({ subjectId: 'ava', goals: [goal], reviews: [] }, policy)),
    [
      {
        id: 'adj_1',
        sessionId: 'cal_1',
        cycleId: 'c1',
        subjectId: 'ava',
        from: 3,
        to: 2,
        actorId: 'hana',
        justification: 'Moved down after comparing with the team.',
        at: '2026-11-02T10:00:00Z',
      },
      {
        id: 'adj_2',
        kind: 'appeal',
        meetingId: 'fbm_1',
        cycleId: 'c1',
        subjectId: 'ava',
        from: 2,
        to: 3,
        actorId: 'hal',
        justification: NOTE,
        at: '2026-12-14T10:00:00Z',
      },
    ],
    policy,
  );
  const e: Explanation = {
    subjectId: 'ava',
    score: ps.score,
    rating: { value: 3, label: 'Meets expectations' },
    original: { score: ps.score, rating: ps.rating },
    calibrated: false,
    trace: JSON.parse(JSON.stringify(ps.trace)),
    explanation: explainScore(ps),
    warnings: [],
  };

  it('says each move in English like core, and in Chinese with the levels’ Chinese names', () => {
    expect(explanationText(words('en'), e)).toBe(e.explanation);
    expect(e.explanation?.split('\n').slice(-2)).toEqual([
      '  - Changed in calibration (2026-11-02, by hana): Meets expectations → Needs improvement — Moved down after comparing with the team.',
      `  - Changed on appeal (2026-12-14, by hal): Needs improvement → Meets expectations — ${NOTE}`,
    ]);
    const zhNames: Record<number, string> = { 2: '需改进', 3: '达到预期' };
    const zh = explanationText(
      { ...words('zh-CN'), ratingLabel: (r) => zhNames[r.value] ?? r.label, correctorName: (id) => `#${id}` },
      e,
    )?.split('\n');
    expect(zh?.slice(-3)).toEqual([
      '评分后的评级调整：',
      '  - 校准中调整（2026-11-02，由 #hana）：达到预期 → 需改进 — Moved down after comparing with the team.',
      `  - 申诉后更改（2026-12-14，由 #hal）：需改进 → 达到预期 — ${NOTE}`,
    ]);
  });

  it('keeps the API’s English for a kind of move the tab does not know', () => {
    const trace = e.trace;
    if (!trace?.ratingChanges?.[0]) throw new Error('no moves');
    const odd: Explanation = {
      ...e,
      trace: { ...trace, ratingChanges: [{ ...trace.ratingChanges[0], kind: 'committee' }] },
    };
    expect(explanationText(words('zh-CN'), odd)).toBe(e.explanation);
  });
});
