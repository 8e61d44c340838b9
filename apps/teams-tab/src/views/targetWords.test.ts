// A target adjustment in words: which anchors moved, the relief line, and the score explanation's relief lines in English
// (the same as core's `explainScore`) and Chinese.
import {
  decideTargetAdjustment,
  explainScore,
  GoalSchema,
  type KpiGoal,
  POLICY_PRESETS,
  requestTargetAdjustment,
  scorePerson,
  unwrap,
  withTargetAdjustments,
} from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import type { Explanation, ScoreTrace } from '../api/types.ts';
import { translator } from '../i18n/index.tsx';
import { explanationText, scoreWords } from './scoreWords.ts';
import { adjustedText, anchorsText, changeText } from './targetWords.ts';

const REASON = 'A new competitor halved the regional market in March.';
const en = translator('en');
const zh = translator('zh-CN');
const n = (x: number) => String(x);

describe('target adjustment words', () => {
  it('names the target bare and the other anchors that moved', () => {
    const from = { threshold: 240, target: 300, stretch: 390 };
    expect(changeText(en, n, from, { ...from, target: 270 })).toBe('300 → 270');
    expect(changeText(en, n, from, { threshold: 200, target: 270, stretch: 390 })).toBe(
      '300 → 270 (threshold 240 → 200)',
    );
    expect(changeText(zh, n, from, { threshold: 200, target: 270, stretch: 350 })).toBe(
      '300 → 270（门槛值 240 → 200，挑战值 390 → 350）',
    );
    expect(
      adjustedText(en, n, {
        factor: 'external_environment',
        reason: REASON,
        from,
        to: { ...from, target: 270 },
      }),
    ).toBe(`Target adjusted for the external environment: 300 → 270 — ${REASON}`);
    expect(
      adjustedText(zh, n, {
        factor: 'external_environment',
        reason: REASON,
        from,
        to: { ...from, target: 270 },
      }),
    ).toBe(`因外部环境调整目标：300 → 270 — ${REASON}`);
  });

  it('says every value with the goal’s unit when it has one, as the plan shows anchors', () => {
    const from = { threshold: 240, target: 300, stretch: 390 };
    expect(changeText(en, n, from, { threshold: 200, target: 270, stretch: 390 }, 'k€')).toBe(
      '300 k€ → 270 k€ (threshold 240 k€ → 200 k€)',
    );
    expect(
      adjustedText(zh, n, {
        factor: 'external_environment',
        reason: REASON,
        from,
        to: { ...from, target: 270 },
        unit: '%',
      }),
    ).toBe(`因外部环境调整目标：300 % → 270 % — ${REASON}`);
    expect(anchorsText(en, n, from, 'k€')).toBe('threshold 240 k€, target 300 k€, stretch 390 k€');
    expect(anchorsText(zh, n, { threshold: null, target: 5, stretch: null }, 'items')).toBe('目标值 5 items');
    // Without a unit, the bare numbers.
    expect(anchorsText(en, n, from)).toBe('threshold 240, target 300, stretch 390');
  });

  it('the score explanation shows the relief and the original score, as the API says it in English', () => {
    const policy = POLICY_PRESETS.incentive;
    const revenue = GoalSchema.parse({
      id: 'g1',
      cycleId: 'c1',
      title: 'Revenue',
      level: 'person',
      ownerId: 'per_ava',
      departmentId: 'sales',
      weight: 100,
      alignedTo: null,
      kind: 'kpi',
      direction: 'higher_is_better',
      baseline: 0,
      threshold: 80,
      target: 120,
      stretch: 150,
      actual: 100,
    }) as KpiGoal;
    const open = unwrap(
      requestTargetAdjustment(revenue, {
        id: 'tad_1',
        factor: 'external_environment',
        proposed: { threshold: 80, target: 100, stretch: 150 },
        reason: REASON,
        requestedBy: 'per_marcus',
        at: '2026-04-01T09:00:00Z',
      }),
    );
    const decided = unwrap(
      decideTargetAdjustment(open, revenue, { approve: true, by: 'per_sofia', at: '2026-04-02T09:00:00Z' }),
    );
    const scored = unwrap(scorePerson({ subjectId: 'per_ava', goals: [decided.goal], reviews: [] }, policy));
    const shown = withTargetAdjustments(scored, [decided.adjustment], policy);
    const explanation: Explanation = {
      subjectId: shown.subjectId,
      score: shown.score,
      rating: shown.rating,
      original: { score: shown.score, rating: shown.rating },
      calibrated: false,
      trace: JSON.parse(JSON.stringify(shown.trace)) as ScoreTrace,
      explanation: explainScore(shown),
      warnings: [],
    };
    const english = explanationText(scoreWords(en, 'en'), explanation);
    expect(english).toBe(explainScore(shown));
    expect(english).toContain(
      `Target adjusted for the external environment: 120 → 100 — ${REASON} (the original target would have given achievement 0.75, score 2.5)`,
    );
    const chinese = explanationText(scoreWords(zh, 'zh-CN'), explanation) ?? '';
    expect(chinese).toContain(
      `因外部环境调整目标：120 → 100 — ${REASON}（按原目标值计算，达成率 0.75，得分 2.5）`,
    );
    expect(chinese).toContain('若不调整目标，得分将为 2.5。');
  });
});
