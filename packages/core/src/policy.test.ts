import { describe, expect, it } from 'vitest';
import { charCount } from './common.ts';
import {
  DEFAULT_RATING_SCALE,
  POLICY_PRESETS,
  PolicySchema,
  policyFromPreset,
  policyWarnings,
  RatingLevelSchema,
  RatingScaleSchema,
  ratingFor,
} from './policy.ts';
import { RATING_LABEL_LOCALES, RATING_LABEL_MAX_CHARS, ratingLabel } from './ratingLabels.ts';

describe('presets', () => {
  it('are valid policies', () => {
    expect(PolicySchema.safeParse(POLICY_PRESETS.incentive).success).toBe(true);
    expect(PolicySchema.safeParse(POLICY_PRESETS.control).success).toBe(true);
  });
  it('weight results goals for incentive and behaviour goals for control', () => {
    expect(POLICY_PRESETS.incentive.goalMix.kpi).toBeGreaterThan(POLICY_PRESETS.incentive.goalMix.competency);
    expect(POLICY_PRESETS.control.goalMix.competency).toBeGreaterThan(POLICY_PRESETS.control.goalMix.kpi);
    // Incentive rewards more steeply: the top multiplier is higher than under control.
    expect(POLICY_PRESETS.incentive.bonusPool.multipliers['5']).toBeGreaterThan(
      POLICY_PRESETS.control.bonusPool.multipliers['5'] ?? Number.POSITIVE_INFINITY,
    );
  });
  it('forced distribution is off by default', () => {
    expect(POLICY_PRESETS.incentive.distribution.forced).toBe(false);
    expect(POLICY_PRESETS.control.distribution.forced).toBe(false);
    expect(policyWarnings(POLICY_PRESETS.incentive)).toEqual([]);
  });
});

describe('preset rating labels', () => {
  it('name every level of every preset in English and in Simplified Chinese', () => {
    const han = /^\p{Script=Han}+$/u;
    for (const theme of Object.keys(POLICY_PRESETS) as (keyof typeof POLICY_PRESETS)[]) {
      const levels = POLICY_PRESETS[theme].ratingScale.levels;
      expect(levels.length).toBeGreaterThan(0);
      for (const level of levels) {
        expect(ratingLabel(level, 'en')).toMatch(/^[A-Z][a-z ]+$/);
        expect(ratingLabel(level, 'zh-CN')).toMatch(han);
        // Valid as an organisation would send them back (each within RATING_LABEL_MAX_CHARS).
        expect(RatingLevelSchema.parse(level)).toEqual(level);
      }
      // Each language names each level once.
      for (const locale of RATING_LABEL_LOCALES) {
        expect(new Set(levels.map((l) => ratingLabel(l, locale))).size).toBe(levels.length);
      }
    }
    expect(
      POLICY_PRESETS.control.ratingScale.levels.map((l) => [l.value, l.label, ratingLabel(l, 'zh-CN')]),
    ).toEqual([
      [1, 'Unsatisfactory', '不合格'],
      [2, 'Needs improvement', '需改进'],
      [3, 'Meets expectations', '达到预期'],
      [4, 'Exceeds expectations', '超出预期'],
      [5, 'Outstanding', '卓越'],
    ]);
  });

  it('come with a policy made from a preset, and overriding the scale replaces them', () => {
    const policy = policyFromPreset('incentive', { name: 'Growth' });
    expect(ratingLabel(ratingFor(3.82, policy.ratingScale), 'zh-CN')).toBe('超出预期');
    const plain = policyFromPreset('incentive', {
      ratingScale: {
        ...DEFAULT_RATING_SCALE,
        levels: DEFAULT_RATING_SCALE.levels.map(({ labels: _labels, ...l }) => l),
      },
    });
    expect(ratingLabel(ratingFor(3.82, plain.ratingScale), 'zh-CN')).toBe('Exceeds expectations');
  });
});

describe('policyWarnings', () => {
  it('warns about team stability when forced distribution is enabled', () => {
    const p = policyFromPreset('control', {
      distribution: { ...POLICY_PRESETS.control.distribution, forced: true },
    });
    expect(policyWarnings(p).map((w) => w.code)).toEqual(['team_stability']);
  });
  it('advises results-oriented organisations on cycle length, flexible targets and benefit sharing', () => {
    const p = policyFromPreset('incentive', {
      cycleLength: 'quarter',
      flexibleTargets: { enabled: false, thresholdAchievement: 0.5, stretchAchievement: 1.5 },
      bonusPool: { ...POLICY_PRESETS.incentive.bonusPool, enabled: false },
    });
    expect(policyWarnings(p).map((w) => w.code)).toEqual([
      'results_cycle_too_short',
      'results_targets_not_flexible',
      'results_no_benefit_sharing',
    ]);
  });
  it('warns when a coaching grace is as long as the cadence’s interval (late coaching would be hidden)', () => {
    const codes = (coaching: Partial<typeof POLICY_PRESETS.control.coaching>) =>
      policyWarnings(
        policyFromPreset('control', { coaching: { ...POLICY_PRESETS.control.coaching, ...coaching } }),
      ).map((w) => w.code);
    // Both presets keep their graces inside the interval.
    expect(policyWarnings(POLICY_PRESETS.control)).toEqual([]);
    // Weekly: a recording grace of 6 days stays inside the week; 7 (the default) covers it.
    expect(codes({ recordingGraceDays: 6 })).toEqual([]);
    expect(codes({ recordingGraceDays: 7 })).toEqual(['recording_grace_covers_cadence']);
    expect(codes({ graceDays: 6 })).toEqual([]);
    expect(codes({ graceDays: 7, recordingGraceDays: 10 })).toEqual([
      'recording_grace_covers_cadence',
      'overdue_grace_covers_cadence',
    ]);
    // Biweekly and monthly against their own intervals (14 and 30 days).
    expect(codes({ cadence: 'biweekly', recordingGraceDays: 13, graceDays: 13 })).toEqual([]);
    expect(codes({ cadence: 'biweekly', recordingGraceDays: 14 })).toEqual([
      'recording_grace_covers_cadence',
    ]);
    expect(codes({ cadence: 'monthly', recordingGraceDays: 29, graceDays: 29 })).toEqual([]);
    expect(codes({ cadence: 'monthly', recordingGraceDays: 30, graceDays: 30 })).toEqual([
      'recording_grace_covers_cadence',
      'overdue_grace_covers_cadence',
    ]);
  });

  it('names the cadence and the days a coaching grace warning is about', () => {
    const p = policyFromPreset('control', {
      coaching: { cadence: 'weekly', graceDays: 9, recordingGraceDays: 8 },
    });
    expect(policyWarnings(p)).toEqual([
      {
        code: 'recording_grace_covers_cadence',
        message: expect.stringContaining('up to 8 days after its date still counts at its date'),
        details: { cadence: 'weekly', cadenceDays: 7, recordingGraceDays: 8 },
      },
      {
        code: 'overdue_grace_covers_cadence',
        message: expect.stringContaining('overdue only 9 days after the weekly coaching interval (7 days)'),
        details: { cadence: 'weekly', cadenceDays: 7, graceDays: 9 },
      },
    ]);
  });

  it('rejects unknown keys and bad guideline sums', () => {
    const bad = { ...POLICY_PRESETS.control, extra: 1 };
    expect(PolicySchema.safeParse(bad).success).toBe(false);
    const badDist = {
      ...POLICY_PRESETS.control,
      distribution: { guideline: { '1': 50, '2': 49 }, forced: false, tolerance: 5 },
    };
    const r = PolicySchema.safeParse(badDist);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('total 100');
  });
});

describe('rating scale', () => {
  it('bands continuous scores by minScore', () => {
    expect(ratingFor(1, DEFAULT_RATING_SCALE).value).toBe(1);
    expect(ratingFor(2.4999999999, DEFAULT_RATING_SCALE).value).toBe(3); // float noise rounds to 2.5
    expect(ratingFor(2.49, DEFAULT_RATING_SCALE).value).toBe(2);
    expect(ratingFor(3.5, DEFAULT_RATING_SCALE).label).toBe('Exceeds expectations');
    expect(ratingFor(5, DEFAULT_RATING_SCALE).value).toBe(5);
  });
  it('rejects unordered levels and a meets level at an end', () => {
    const r = RatingScaleSchema.safeParse({
      levels: [
        { value: 1, label: 'a', minScore: 1 },
        { value: 1, label: 'b', minScore: 0 },
      ],
      meets: 1,
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      'level values must increase',
      'level minScores must increase',
      'meets must lie strictly inside the scale',
    ]);
  });
});

describe('rating labels in other languages', () => {
  const meets = { value: 3, label: 'Meets expectations', minScore: 2.5 };

  it('a level may say its label in English and Simplified Chinese; without them it stays valid', () => {
    expect(RatingLevelSchema.safeParse(meets).success).toBe(true);
    const both = RatingLevelSchema.parse({ ...meets, labels: { 'zh-CN': ' 达到预期 ', en: 'Meets' } });
    expect(both.labels).toEqual({ 'zh-CN': '达到预期', en: 'Meets' });
    // Every existing policy (the presets) stays valid as it is.
    expect(PolicySchema.parse(POLICY_PRESETS.incentive).ratingScale).toEqual(DEFAULT_RATING_SCALE);
    // The schema's languages are the ones `ratingLabel` picks from.
    expect(Object.keys(RatingLevelSchema.shape.labels.unwrap().shape)).toEqual([...RATING_LABEL_LOCALES]);
  });

  it('refuses a language the tab does not speak, an empty label and one too long (counted as charCount counts)', () => {
    const issues = (labels: unknown) =>
      RatingLevelSchema.safeParse({ ...meets, labels }).error?.issues.map((i) => [i.path.join('.'), i.code]);
    expect(issues({ fr: 'Conforme' })).toEqual([['labels', 'unrecognized_keys']]);
    expect(issues({ 'zh-CN': '  ' })).toEqual([['labels.zh-CN', 'too_small']]);
    // 80 characters of CJK and emoji (surrogate pairs) are 80 as charCount counts them, not their UTF-16 length.
    const longest = `${'达'.repeat(RATING_LABEL_MAX_CHARS - 1)}😀`;
    expect([charCount(longest), longest.length]).toEqual([
      RATING_LABEL_MAX_CHARS,
      RATING_LABEL_MAX_CHARS + 1,
    ]);
    expect(issues({ 'zh-CN': longest })).toBeUndefined();
    expect(issues({ 'zh-CN': `${longest}达` })).toEqual([['labels.zh-CN', 'too_big']]);
    expect(
      RatingLevelSchema.safeParse({ ...meets, label: 'x'.repeat(RATING_LABEL_MAX_CHARS + 1) }).success,
    ).toBe(false);
  });

  it('ratingLabel picks the locale’s label, else the default one', () => {
    const level = { ...meets, labels: { 'zh-CN': '达到预期' } };
    expect(ratingLabel(level, 'zh-CN')).toBe('达到预期');
    expect(ratingLabel(level, 'en')).toBe('Meets expectations');
    expect(ratingLabel(meets, 'zh-CN')).toBe('Meets expectations');
    expect(ratingLabel({ ...meets, labels: { en: 'On target' } }, 'en')).toBe('On target');
  });

  it('a scale whose levels carry labels keeps them through ratingFor', () => {
    const scale = RatingScaleSchema.parse({
      ...DEFAULT_RATING_SCALE,
      levels: DEFAULT_RATING_SCALE.levels.map((l) => ({ ...l, labels: { 'zh-CN': `等级${l.value}` } })),
    });
    expect(ratingLabel(ratingFor(3.6, scale), 'zh-CN')).toBe('等级4');
  });
});
