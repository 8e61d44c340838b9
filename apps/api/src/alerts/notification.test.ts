// The alert notifications' activity type, parameters and own text in English and Simplified Chinese for every alerted kind, and the Graph chainId a resend reuses.
import type { ToDoItem } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { deliveryChainId, safeError } from './deliveries.ts';
import { ACTIVITY_TYPES, ALERT_KINDS, ALERT_WORDS, type Alert, notificationBody } from './notification.ts';

const APP = '6d1c3f0e-8b2a-4c7d-9e45-2f6a1b3c5d70';
const TAB = 'https://perfloop.example.com/teams';

const item = (kind: Alert['item']['kind'], overdueByDays: number | null): Alert['item'] =>
  ({
    kind,
    cycleId: 'cyc_h1',
    subjectId: kind === 'check_in_due' ? 'per_sam' : null,
    dueOn: '2026-12-09',
    overdueByDays,
  }) as ToDoItem & { kind: Alert['item']['kind'] };
const alert = (kind: Alert['item']['kind'], overdueByDays: number | null): Alert => ({
  recipientId: 'per_hana',
  item: item(kind, overdueByDays),
  cycleName: 'H1 2026',
  subjectName: 'Sam Seller',
});
const text = (a: Alert, language?: 'en' | 'zh-CN') => {
  const { body } = notificationBody(APP, TAB, a, language ? { language } : {});
  return {
    topic: (body.topic as { value: string }).value,
    preview: (body.previewText as { content: string }).content,
  };
};

describe('alert text', () => {
  it('is English by default and Simplified Chinese for zh-CN, for both kinds and both acknowledgement cases', () => {
    expect(text(alert('check_in_due', 4))).toEqual({
      topic: 'Coaching: Sam Seller',
      preview: 'H1 2026: check-in with Sam Seller was due on 2026-12-09.',
    });
    expect(text(alert('check_in_due', 4), 'zh-CN')).toEqual({
      topic: '辅导：Sam Seller',
      preview: 'H1 2026：与 Sam Seller 的辅导沟通应于 2026-12-09 完成。',
    });
    expect(text(alert('acknowledge_result', null))).toEqual({
      topic: 'Your result: H1 2026',
      preview: 'Acknowledge your H1 2026 result, or appeal it, by 2026-12-09.',
    });
    expect(text(alert('acknowledge_result', null), 'zh-CN')).toEqual({
      topic: '您的考核结果：H1 2026',
      preview: '请在 2026-12-09 前确认您的 H1 2026 考核结果，或提出申诉。',
    });
    expect(text(alert('acknowledge_result', 2), 'zh-CN').preview).toBe(
      '您的 H1 2026 考核结果仍待您确认（截止 2026-12-09）。',
    );
    expect(text(alert('acknowledge_result', 2), 'en').preview).toBe(
      'Your H1 2026 result still waits for your acknowledgement (due 2026-12-09).',
    );
    // Both languages have every string.
    expect(Object.keys(ALERT_WORDS['zh-CN']).sort()).toEqual(Object.keys(ALERT_WORDS.en).sort());
  });

  it('stages overdue by the schedule: activity type, parameters and text per kind, in both languages', () => {
    /** An alert of `kind` to Hana about Sam (her report), or to Sam about himself; overdue by `days`. */
    const staged = (
      kind: Alert['item']['kind'],
      own: boolean,
      days: number,
      reason?: 'not_recorded' | 'mere_formality' | 'no_goals' | 'weights_not_100',
      weightsTotal?: number,
    ): Alert => ({
      recipientId: own ? 'per_sam' : 'per_hana',
      item: {
        ...item(kind, days),
        subjectId: 'per_sam',
        dueOn: '2026-12-01',
        ...(reason ? { reason } : {}),
        ...(weightsTotal === undefined ? {} : { weightsTotal }),
      },
      cycleName: 'H1 2026',
      subjectName: 'Sam Seller',
    });
    const sent = (a: Alert, language: 'en' | 'zh-CN' = 'en') => {
      const { activityType, body } = notificationBody(APP, TAB, a, { language });
      return { activityType, parameters: body.templateParameters, ...text(a, language) };
    };
    const params = (person: boolean) => [
      ...(person ? [{ name: 'person', value: 'Sam Seller' }] : []),
      { name: 'cycle', value: 'H1 2026' },
      { name: 'dueOn', value: '2026-12-01' },
    ];
    expect(sent(staged('agree_plan', true, 1))).toEqual({
      activityType: 'planOverdue',
      parameters: params(false),
      topic: 'Your plan: H1 2026',
      preview: 'Agree your H1 2026 plan: it was due on 2026-12-01, 1 day ago.',
    });
    expect(sent(staged('agree_plan', false, 3))).toEqual({
      activityType: 'reportPlanOverdue',
      parameters: params(true),
      topic: 'Plan: Sam Seller',
      preview: 'H1 2026: Sam Seller’s plan waits for your agreement; it was due on 2026-12-01, 3 days ago.',
    });
    expect(sent(staged('complete_plan', false, 3, 'no_goals', 0))).toEqual({
      activityType: 'reportPlanIncomplete',
      parameters: params(true),
      topic: 'Plan to complete: Sam Seller',
      preview:
        'H1 2026: Sam Seller’s plan has no goals yet; set them and agree it. It was due on 2026-12-01, 3 days ago.',
    });
    expect(sent(staged('complete_plan', false, 1, 'weights_not_100', 62.5)).preview).toBe(
      'H1 2026: Sam Seller’s goal weights total 62.5, not 100; finish the plan and agree it. It was due on 2026-12-01, 1 day ago.',
    );
    expect(sent(staged('complete_plan', false, 3, 'no_goals', 0), 'zh-CN')).toMatchObject({
      topic: '待完善的绩效计划：Sam Seller',
      preview:
        'H1 2026：Sam Seller 的绩效计划尚无目标，请设定目标并确认，应于 2026-12-01 完成，已逾期 3 天。',
    });
    expect(sent(staged('complete_plan', false, 1, 'weights_not_100', 60), 'zh-CN').preview).toBe(
      'H1 2026：Sam Seller 的目标权重合计 60，不是 100，请完善并确认绩效计划，应于 2026-12-01 完成，已逾期 1 天。',
    );
    expect(sent(staged('self_review', true, 2))).toEqual({
      activityType: 'selfAppraisalOverdue',
      parameters: params(false),
      topic: 'Your self-appraisal: H1 2026',
      preview: 'Your H1 2026 self-appraisal was due on 2026-12-01, 2 days ago.',
    });
    expect(sent(staged('manager_review', false, 2))).toEqual({
      activityType: 'managerAppraisalOverdue',
      parameters: params(true),
      topic: 'Appraisal: Sam Seller',
      preview: 'H1 2026: your appraisal of Sam Seller was due on 2026-12-01, 2 days ago.',
    });
    expect(sent(staged('hold_feedback_meeting', false, 5, 'not_recorded'))).toEqual({
      activityType: 'feedbackMeetingOverdue',
      parameters: params(true),
      topic: 'Feedback meeting: Sam Seller',
      preview: 'H1 2026: the feedback meeting with Sam Seller was due on 2026-12-01, 5 days ago.',
    });
    expect(sent(staged('hold_feedback_meeting', false, 5, 'mere_formality')).preview).toBe(
      'H1 2026: the feedback meeting with Sam Seller is, as recorded, a mere formality; complete it (due 2026-12-01).',
    );
    expect(sent(staged('agree_plan', true, 1), 'zh-CN')).toMatchObject({
      topic: '您的绩效计划：H1 2026',
      preview: '请确认您的 H1 2026 绩效计划：应于 2026-12-01 完成，已逾期 1 天。',
    });
    expect(sent(staged('agree_plan', false, 3), 'zh-CN')).toMatchObject({
      topic: '绩效计划：Sam Seller',
      preview: 'H1 2026：Sam Seller 的绩效计划待您确认，应于 2026-12-01 完成，已逾期 3 天。',
    });
    expect(sent(staged('self_review', true, 2), 'zh-CN')).toMatchObject({
      topic: '您的自评：H1 2026',
      preview: '您的 H1 2026 自评应于 2026-12-01 提交，已逾期 2 天。',
    });
    expect(sent(staged('manager_review', false, 2), 'zh-CN')).toMatchObject({
      topic: '经理评价：Sam Seller',
      preview: 'H1 2026：您对 Sam Seller 的经理评价应于 2026-12-01 提交，已逾期 2 天。',
    });
    expect(sent(staged('hold_feedback_meeting', false, 5, 'not_recorded'), 'zh-CN')).toMatchObject({
      topic: '反馈面谈：Sam Seller',
      preview: 'H1 2026：与 Sam Seller 的反馈面谈应于 2026-12-01 完成，已逾期 5 天。',
    });
    expect(sent(staged('hold_feedback_meeting', false, 5, 'mere_formality'), 'zh-CN').preview).toBe(
      'H1 2026：与 Sam Seller 的反馈面谈按现有记录只是走过场，请完善（截止 2026-12-01）。',
    );
    // The parameters are those the manifest's template of each type uses (ACTIVITY_TYPES, compared to the manifest).
    for (const kind of ALERT_KINDS) {
      for (const own of [true, false]) {
        const { activityType, body } = notificationBody(APP, TAB, staged(kind, own, 2));
        const names = (body.templateParameters as { name: string }[]).map((p) => p.name);
        expect(names, activityType).toEqual([...ACTIVITY_TYPES[activityType].parameters]);
      }
    }
  });

  it('keeps Teams’ limits in either language (topic 100, preview 150 characters)', () => {
    for (const kind of ALERT_KINDS) {
      const long = { ...alert(kind, 4), subjectName: '张'.repeat(300), cycleName: 'H'.repeat(300) };
      for (const language of ['en', 'zh-CN'] as const) {
        const t = text(long, language);
        expect(t.topic.length).toBeLessThanOrEqual(100);
        expect(t.preview.length).toBeLessThanOrEqual(150);
      }
    }
  });

  it('carries the chainId it is given; the same delivery id always gives the same positive 48-bit chainId', () => {
    const id = 'alert:teams:2026-12-09:per_hana:check_in_due:cyc_h1:per_sam';
    const chainId = deliveryChainId(id);
    expect(chainId).toBe(deliveryChainId(id));
    expect(Number.isSafeInteger(chainId) && chainId > 0 && chainId < 2 ** 48).toBe(true);
    expect(deliveryChainId(id.replace('2026-12-09', '2026-12-10'))).not.toBe(chainId);
    expect(notificationBody(APP, TAB, alert('check_in_due', 4), { chainId }).body.chainId).toBe(chainId);
    expect('chainId' in notificationBody(APP, TAB, alert('check_in_due', 4)).body).toBe(false);
  });

  it('keeps no bearer token or JWT in an error text, and bounds it', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect(safeError(`401 InvalidAuthenticationToken: Bearer ${jwt} rejected; token ${jwt}`)).toBe(
      '401 InvalidAuthenticationToken: Bearer [redacted] rejected; token [redacted]',
    );
    expect(safeError('x'.repeat(2000))).toHaveLength(500);
  });
});
