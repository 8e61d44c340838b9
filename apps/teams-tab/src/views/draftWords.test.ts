// A draft's texts from their codes and fields in English and Chinese; the API's English for what the tab cannot say.
import { describe, expect, it } from 'vitest';
import type { DraftReason, NextCycleDraft } from '../api/types.ts';
import { type Locale, translator } from '../i18n/index.tsx';
import {
  actionTitle,
  developmentTitle,
  draftContext,
  draftGoalTitle,
  noteText,
  reasonText,
  skippedText,
} from './draftWords.ts';

const words = (locale: Locale) => ({
  t: translator(locale),
  number: (n: number, digits = 2) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n),
});
const reason = (r: Partial<DraftReason>): DraftReason => ({
  code: 'unfinished_goal',
  sourceGoalId: 'g1',
  factor: null,
  share: null,
  message: 'English from the API.',
  ...r,
});
const draft = {
  fromCycleId: 'c1',
  toCycleId: 'c2',
  drafts: [{ goal: { title: 'Revenue' }, carriedFrom: 'g1', reason: reason({}), notes: [] }],
  skipped: [{ goalId: 'g9', title: 'Churn', reason: 'achieved' }],
} as unknown as NextCycleDraft;
const ctx = draftContext(draft, (id) => ({ c1: '2026 H1', c2: '2026 H2' })[id] ?? id);

describe('draft words', () => {
  it('says an unfinished goal (after its title, not naming it again) and an attributed gap in both languages', () => {
    const unfinished = reason({ achievement: 0.625 });
    expect(reasonText(words('en'), ctx, unfinished)).toBe(
      'reached 62.5% of target in 2026 H1: carried forward.',
    );
    expect(reasonText(words('zh-CN'), ctx, unfinished)).toBe(
      '在 2026 H1 达成目标值的 62.5%：结转到下一周期。',
    );
    const skills = reason({ code: 'skills_gap', factor: 'skills', share: 0.3 });
    expect(reasonText(words('en'), ctx, skills)).toBe(
      'Employee skills (30% of the gap on “Revenue”): training and development.',
    );
    expect(reasonText(words('zh-CN'), ctx, skills)).toBe(
      '“Revenue”的差距中有 30% 归因于员工技能：培训与发展。',
    );
  });

  it('tells a scored competency from an unscored one; a draft stored before the fields keeps the English', () => {
    const zh = words('zh-CN');
    expect(reasonText(zh, ctx, reason({ code: 'ongoing_competency', score: 2.5, meets: 3 }))).toContain(
      '低于“达到期望”（3）',
    );
    // Said in words, never "below meets (3)".
    expect(reasonText(words('en'), ctx, reason({ code: 'ongoing_competency', score: 2.5, meets: 3 }))).toBe(
      'scored 2.5 in 2026 H1, below “meets expectations” (3): carried forward with development.',
    );
    expect(reasonText(zh, ctx, reason({ code: 'ongoing_competency', score: null, meets: null }))).toBe(
      '描述的是持续期望的行为：原样结转。',
    );
    expect(reasonText(zh, ctx, reason({ code: 'ongoing_competency' }))).toBe('English from the API.');
    expect(reasonText(zh, ctx, reason({}))).toBe('English from the API.');
  });

  it('falls back to the API’s message for a code it does not know or a goal not in the draft', () => {
    expect(reasonText(words('zh-CN'), ctx, reason({ code: 'brand_new_reason' }))).toBe(
      'English from the API.',
    );
    expect(reasonText(words('zh-CN'), ctx, reason({ sourceGoalId: 'elsewhere', achievement: 0.5 }))).toBe(
      'English from the API.',
    );
    expect(noteText(words('zh-CN'), ctx, 'Revenue', { code: 'new_note', message: 'A new note.' })).toBe(
      'A new note.',
    );
    expect(skippedText(words('zh-CN'), { goalId: 'g7', reason: 'archived' })).toBe('g7：archived');
  });

  it('notes: realign names the parent (its id without a title), rebalance names the missing kind and the old mix', () => {
    const zh = words('zh-CN');
    expect(
      noteText(zh, ctx, 'Revenue', {
        code: 'realign',
        parentGoalId: 'd1',
        parentTitle: 'Growth',
        message: '',
      }),
    ).toBe('其上级目标“Growth”没有结转：请将它对齐到 2026 H2 的某个目标。');
    expect(noteText(words('en'), ctx, 'Revenue', { code: 'realign', parentGoalId: 'd1', message: '' })).toBe(
      'Its parent goal “d1” is not carried forward: align it to a goal of 2026 H2.',
    );
    expect(
      noteText(zh, ctx, 'Revenue', {
        code: 'rebalance_mix',
        missing: 'kpi',
        mix: { kpi: 70, competency: 30 },
        message: '',
      }),
    ).toBe(
      '此人没有 KPI 目标结转，计划暂由能力目标构成：请补充 KPI 目标，并恢复原来的比例（KPI 70% / 能力目标 30%）。',
    );
    expect(noteText(zh, ctx, 'Revenue', { code: 'adjust_target_fairly', share: 0.8, message: '' })).toContain(
      '（占 80%）',
    );
  });

  it('titles manager actions and new development items from their goal; continued items keep their title', () => {
    const zh = words('zh-CN');
    const action = {
      id: 'a',
      kind: 'resource_fix',
      sourceGoalId: 'g1',
      title: 'Fix…',
      reason: reason({}),
    } as const;
    expect(actionTitle(zh, ctx, action)).toBe('为“Revenue”解决资源与条件问题');
    expect(actionTitle(zh, ctx, { ...action, sourceGoalId: 'elsewhere' })).toBe('Fix…');
    const item = {
      id: 'i',
      title: 'Training and development: Revenue',
      sourceGoalId: 'g1',
      sourceItemId: null,
      reason: reason({ code: 'skills_gap', factor: 'skills', share: 1 }),
    };
    expect(developmentTitle(zh, ctx, item)).toBe('培训与发展：Revenue');
    // A continued apply-phase item from its type and goal title; its own title on a draft stored without them.
    const continued = { ...item, sourceItemId: 'prior', title: 'Mentoring: Revenue' };
    expect(developmentTitle(zh, ctx, { ...continued, sourceType: 'mentoring', goalTitle: 'Revenue' })).toBe(
      '导师带教：Revenue',
    );
    expect(
      developmentTitle(words('en'), ctx, { ...continued, sourceType: 'stretch_assignment', goalTitle: 'X' }),
    ).toBe('Stretch assignment: X');
    expect(developmentTitle(zh, ctx, continued)).toBe('Mentoring: Revenue');
    expect(skippedText(zh, { goalId: 'g9', title: 'Churn', reason: 'achieved' })).toBe('Churn：已达成目标');
  });

  it('says a drafted "Build skill" goal from its source goal; carried goals keep their own title', () => {
    const skill = {
      goal: { title: 'Build skill: Revenue' },
      carriedFrom: null,
      reason: reason({ code: 'skills_gap', factor: 'skills', share: 0.4 }),
      notes: [],
    } as unknown as NextCycleDraft['drafts'][number];
    expect(draftGoalTitle(words('zh-CN'), ctx, skill)).toBe('培养技能：Revenue');
    expect(draftGoalTitle(words('en'), ctx, skill)).toBe('Build skill: Revenue');
    // Drafted in a Chinese organisation, read in English: said in the reader's language too.
    expect(
      draftGoalTitle(words('en'), ctx, { ...skill, goal: { ...skill.goal, title: '培养技能：Revenue' } }),
    ).toBe('Build skill: Revenue');
    // Its source goal not in the draft: the goal's own title.
    const elsewhere = { ...skill, reason: reason({ code: 'skills_gap', sourceGoalId: 'gone' }) };
    expect(draftGoalTitle(words('zh-CN'), ctx, elsewhere)).toBe('Build skill: Revenue');
    const carried = draft.drafts[0] as NextCycleDraft['drafts'][number];
    expect(draftGoalTitle(words('zh-CN'), ctx, carried)).toBe('Revenue');
  });
});
