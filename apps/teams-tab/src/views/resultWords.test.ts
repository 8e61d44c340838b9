// Applied results' texts from their codes and fields in English and Chinese; the API's English for older results.
import { POLICY_PRESETS, promotionNominations } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import type { ImprovementPlan, PromotionDecision } from '../api/types.ts';
import { type Locale, translator } from '../i18n/index.tsx';
import {
  developmentItemTitle,
  improvementPlanReason,
  potentialName,
  promotionReasons,
  resultsWarningText,
} from './resultWords.ts';

const words = (locale: Locale) => ({
  t: translator(locale),
  number: (n: number, digits = 2) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n),
});

const plan = (p: Partial<ImprovementPlan>): ImprovementPlan => ({
  rating: 2,
  startsOn: '2026-07-20',
  endsOn: '2026-10-18',
  focusGoals: [{ title: 'Bookings' }, { title: 'Pipeline' }],
  atOrBelowRating: 2,
  durationDays: 90,
  externalLeftOut: 0,
  reason: 'English from the API.',
  ...p,
});

const decision = (d: Partial<PromotionDecision>): PromotionDecision => ({
  status: 'not_yet',
  rating: 3,
  potential: 2,
  monthsInRole: 9,
  readiness: null,
  unmet: ['rating', 'potential', 'months_in_role'],
  minRating: 4,
  minPotential: 3,
  minMonthsInRole: 12,
  reasons: ['English from the API.'],
  ...d,
});

describe('result words', () => {
  it('names a development item by its type and goal; the API’s title for an older item or an unknown type', () => {
    const item = { type: 'mentoring', title: 'Mentoring: Bookings', goalTitle: 'Bookings' };
    expect(developmentItemTitle(words('en'), item)).toBe('Mentoring: Bookings');
    expect(developmentItemTitle(words('zh-CN'), item)).toBe('导师带教：Bookings');
    expect(developmentItemTitle(words('zh-CN'), { ...item, type: 'training' })).toBe('培训：Bookings');
    expect(developmentItemTitle(words('zh-CN'), { ...item, type: 'stretch_assignment' })).toBe(
      '挑战性任务：Bookings',
    );
    expect(developmentItemTitle(words('zh-CN'), { type: 'mentoring', title: 'Mentoring: Old' })).toBe(
      'Mentoring: Old',
    );
    expect(developmentItemTitle(words('zh-CN'), { ...item, type: 'job_rotation' })).toBe(
      'Mentoring: Bookings',
    );
  });

  it('says why an improvement plan: rating and threshold, its length, its focus and the external goals left out', () => {
    // The English is the API's own wording.
    expect(improvementPlanReason(words('en'), plan({}))).toBe(
      'Rating 2 is at or below 2: a 90-day improvement plan. Focus: Bookings; Pipeline.',
    );
    expect(improvementPlanReason(words('en'), plan({ rating: 1, focusGoals: [], externalLeftOut: 2 }))).toBe(
      'Rating 1 is at or below 2: a 90-day improvement plan. 2 goal(s) attributed to the external environment are left out.',
    );
    expect(improvementPlanReason(words('zh-CN'), plan({ externalLeftOut: 1 }))).toBe(
      '评级 2 不高于 2：启动为期 90 天的改进计划。重点：Bookings；Pipeline。1 个归因于外部环境的目标未纳入计划。',
    );
    expect(improvementPlanReason(words('zh-CN'), plan({ durationDays: undefined }))).toBe(
      'English from the API.',
    );
  });

  it('says each promotion criterion not met, or each one met, in the API’s order', () => {
    expect(promotionReasons(words('en'), decision({}))).toEqual([
      'Rating 3 is below the minimum of 4.',
      'Potential is moderate, below the minimum of high.',
      'Only 9 months in role; 12 needed.',
    ]);
    expect(promotionReasons(words('zh-CN'), decision({}))).toEqual([
      '评级 3 低于最低要求 4。',
      '潜力为“中”，低于最低要求“高”。',
      '任职仅 9 个月，需要 12 个月。',
    ]);
    const ready = decision({
      status: 'nominated',
      rating: 5,
      potential: 3,
      monthsInRole: 24,
      readiness: 'ready_now',
      unmet: [],
    });
    expect(promotionReasons(words('en'), ready)).toEqual([
      'Rating 5 meets the minimum of 4.',
      'Potential is high (minimum: high).',
      '24 months in role (minimum 12).',
      'The manager judges the person ready now.',
    ]);
    expect(promotionReasons(words('zh-CN'), ready)).toEqual([
      '评级 5 达到最低要求 4。',
      '潜力为“高”（最低要求“高”）。',
      '任职 24 个月（最低 12 个月）。',
      '经理认为此人现在已准备好晋升。',
    ]);
    expect(
      promotionReasons(words('zh-CN'), decision({ unmet: ['readiness'], readiness: 'ready_later' })),
    ).toEqual(['经理认为此人以后可以晋升，但现在还不行。']);
    expect(
      promotionReasons(words('zh-CN'), decision({ unmet: ['readiness'], readiness: 'not_ready' })),
    ).toEqual(['经理认为此人尚未准备好承担下一个职位。']);
  });

  it('names potential by its level on core’s scale, in both languages; a number off the scale as the number', () => {
    const moderate = decision({ status: 'nominated', rating: 4, potential: 3, minPotential: 2, unmet: [] });
    expect(promotionReasons(words('en'), moderate)[1]).toBe('Potential is high (minimum: moderate).');
    expect(promotionReasons(words('zh-CN'), moderate)[1]).toBe('潜力为“高”（最低要求“中”）。');
    const low = decision({ potential: 1, minPotential: 2, unmet: ['potential'] });
    expect(promotionReasons(words('en'), low)).toEqual(['Potential is low, below the minimum of moderate.']);
    expect(promotionReasons(words('zh-CN'), low)).toEqual(['潜力为“低”，低于最低要求“中”。']);
    // The tab's English is core's own wording for every level.
    for (const [potential, minPotential] of [
      [1, 3],
      [2, 3],
      [1, 2],
    ] as const) {
      const [core] = promotionNominations([{ personId: 'p', rating: 5, potential, monthsInRole: 24 }], {
        ...POLICY_PRESETS.control,
        promotion: { ...POLICY_PRESETS.control.promotion, minPotential },
      }).notYet;
      expect(core?.reasons).toEqual(
        promotionReasons(words('en'), decision({ potential, minPotential, unmet: ['potential'] })),
      );
    }
    expect(potentialName(words('en'), 4)).toBe('4');
  });

  it('months in role not checked: no months reason, and a last one saying so', () => {
    const unchecked = decision({
      status: 'nominated',
      rating: 4,
      potential: 3,
      unmet: [],
      minMonthsInRole: null,
    });
    expect(promotionReasons(words('en'), unchecked)).toEqual([
      'Rating 4 meets the minimum of 4.',
      'Potential is high (minimum: high).',
      'Months in role are unknown, so that criterion was not checked.',
    ]);
    expect(promotionReasons(words('zh-CN'), unchecked).at(-1)).toBe('任职月数未知，因此未检查这一条件。');
  });

  it('keeps the API’s reasons for a decision without the minimums or with a criterion it does not know', () => {
    expect(promotionReasons(words('zh-CN'), decision({ minRating: undefined }))).toEqual([
      'English from the API.',
    ]);
    expect(
      promotionReasons(words('zh-CN'), decision({ unmet: ['tenure' as PromotionDecision['unmet'][number]] })),
    ).toEqual(['English from the API.']);
  });

  it('says the preview warnings by how many people (or which policy); an unknown code in the API’s words', () => {
    const preview = { policyName: 'Acme growth policy 2026' };
    const w = (code: string, n: number) => ({
      code,
      message: 'English from the API.',
      personIds: Array.from({ length: n }, (_, i) => `p${i}`),
    });
    expect(resultsWarningText(words('en'), preview, w('compensation_missing', 3))).toBe(
      '3 rated people have no compensation inputs: no bonus or merit increase for them.',
    );
    // One person is one person, not "1 people".
    expect(resultsWarningText(words('en'), preview, w('months_in_role_unknown', 1))).toBe(
      '1 person was considered for promotion without the months-in-role criterion (their months in role are unknown).',
    );
    expect(resultsWarningText(words('en'), preview, w('not_rated', 1))).toBe(
      '1 person of the cycle has no final rating (nothing scorable) and gets no result.',
    );
    expect(resultsWarningText(words('en'), preview, w('all_goals_cancelled', 1))).toBe(
      '1 person of the cycle had every goal of their plan cancelled: no score, so no result.',
    );
    expect(resultsWarningText(words('en'), preview, w('all_goals_cancelled', 2))).toBe(
      '2 people of the cycle had every goal of their plan cancelled: no score, so no result.',
    );
    expect(resultsWarningText(words('zh-CN'), preview, w('all_goals_cancelled', 2))).toBe(
      '本周期有 2 人的计划目标已全部取消：没有得分，因此不会得到结果。',
    );
    expect(resultsWarningText(words('zh-CN'), preview, w('compensation_missing', 3))).toBe(
      '3 名已评级人员没有薪酬数据：不为他们计算奖金和调薪。',
    );
    expect(resultsWarningText(words('zh-CN'), preview, w('not_rated', 1))).toBe(
      '本周期有 1 人没有最终评级（没有可计分的内容），不会得到结果。',
    );
    expect(resultsWarningText(words('zh-CN'), preview, w('potential_missing', 2))).toBe(
      '2 名已评级人员没有潜力评估：不为他们作出晋升决定。',
    );
    expect(resultsWarningText(words('zh-CN'), preview, w('months_in_role_unknown', 15))).toBe(
      '15 人的任职月数未知：考虑晋升时未检查任职月数这一条件。',
    );
    expect(resultsWarningText(words('zh-CN'), preview, w('bonus_pool_disabled', 0))).toBe(
      '“Acme growth policy 2026”政策没有奖金池：不分配奖金。',
    );
    expect(resultsWarningText(words('en'), preview, w('bonus_pool_disabled', 0))).toBe(
      'The Acme growth policy 2026 policy has no bonus pool: no bonuses are allocated.',
    );
    expect(resultsWarningText(words('zh-CN'), preview, w('brand_new', 1))).toBe('English from the API.');
  });
});
