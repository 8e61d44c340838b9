// The daily digest: which alerts are grouped (a recipient's items of one kind and cycle about their reports), its activity type, parameters, text in both languages within Teams' limits, and its link to My team.
import type { ToDoItem } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { ALERT_WORDS } from './alertWords.ts';
import {
  type AlertGroup,
  DIGEST_ACTIVITY_TYPES,
  DIGEST_KINDS,
  deliveryUnits,
  digestBody,
  PEOPLE_PARAMETER_MAX,
  peopleList,
} from './digest.ts';
import { ACTIVITY_TYPES, type Alert, PREVIEW_MAX, TOPIC_MAX } from './notification.ts';

const APP = '6d1c3f0e-8b2a-4c7d-9e45-2f6a1b3c5d70';
const TAB = 'https://perfloop.example.com/teams';

/** An alert of `kind` to `recipientId` about `subjectId`, `days` overdue, in cycle `cycleId`. */
const alert = (
  kind: Alert['item']['kind'],
  recipientId: string,
  subjectId: string,
  subjectName: string,
  days: number,
  cycleId = 'cyc_h2',
  reason?: ToDoItem['reason'],
): Alert => ({
  recipientId,
  item: {
    kind,
    cycleId,
    phase: 'coach',
    subjectId,
    targetId: null,
    dueOn: '2026-12-01',
    overdueByDays: days,
    ...(reason ? { reason } : {}),
  },
  cycleName: '2026 H2',
  subjectName,
});

const group = (kind: AlertGroup['kind'], alerts: Alert[]): AlertGroup => ({
  recipientId: 'per_mia',
  kind,
  cycleId: 'cyc_h2',
  cycleName: '2026 H2',
  alerts,
});

const three = (kind: AlertGroup['kind'], reason?: ToDoItem['reason']) => [
  alert(kind, 'per_mia', 'per_ben', 'Ben Carter', 5, 'cyc_h2', reason),
  alert(kind, 'per_mia', 'per_ava', 'Ava Chen', 12, 'cyc_h2', reason),
  alert(kind, 'per_mia', 'per_cy', 'Cy Diaz', 5, 'cyc_h2', reason),
];

describe('daily digest', () => {
  it('groups a recipient’s alerts about their reports by kind and cycle; their own items and other recipients’ stay apart', () => {
    const alerts = [
      alert('check_in_due', 'per_mia', 'per_ava', 'Ava Chen', 12),
      alert('agree_plan', 'per_mia', 'per_mia', 'Mia Manager', 2), // her own plan: on Me, never in a digest
      alert('check_in_due', 'per_mia', 'per_ben', 'Ben Carter', 5),
      alert('check_in_due', 'per_mia', 'per_cy', 'Cy Diaz', 4, 'cyc_h1'), // another cycle
      alert('agree_plan', 'per_mia', 'per_ava', 'Ava Chen', 2),
      alert('complete_plan', 'per_mia', 'per_ben', 'Ben Carter', 2), // another kind
      alert('check_in_due', 'per_lee', 'per_dan', 'Dan Dale', 3), // another recipient
      alert('self_review', 'per_mia', 'per_mia', 'Mia Manager', 1),
      alert('acknowledge_result', 'per_mia', 'per_mia', 'Mia Manager', 1),
    ];
    const units = deliveryUnits(alerts).map((u) =>
      'alert' in u
        ? ['alone', u.alert.item.kind, u.alert.item.subjectId]
        : [
            'group',
            u.group.recipientId,
            u.group.kind,
            u.group.cycleId,
            u.group.alerts.map((a) => a.item.subjectId),
          ],
    );
    expect(units).toEqual([
      ['group', 'per_mia', 'check_in_due', 'cyc_h2', ['per_ava', 'per_ben']],
      ['alone', 'agree_plan', 'per_mia'],
      ['group', 'per_mia', 'check_in_due', 'cyc_h1', ['per_cy']],
      ['group', 'per_mia', 'agree_plan', 'cyc_h2', ['per_ava']],
      ['group', 'per_mia', 'complete_plan', 'cyc_h2', ['per_ben']],
      ['group', 'per_lee', 'check_in_due', 'cyc_h2', ['per_dan']],
      ['alone', 'self_review', 'per_mia'],
      ['alone', 'acknowledge_result', 'per_mia'],
    ]);
  });

  it('several overdue check-ins: how many and who (most days first, then by name), in English, linked to My team for the cycle with nobody selected', () => {
    const { activityType, body, webUrl } = digestBody(
      APP,
      TAB,
      group('check_in_due', three('check_in_due')),
      {
        chainId: 42,
      },
    );
    expect(activityType).toBe('checkInsOverdue');
    expect(body).toMatchObject({
      activityType: 'checkInsOverdue',
      chainId: 42,
      topic: { source: 'text', value: 'Coaching: 3 check-ins overdue', webUrl },
      previewText: {
        content: '2026 H2: check-ins overdue with Ava Chen (12 days), Ben Carter (5 days), Cy Diaz (5 days).',
      },
      templateParameters: [
        { name: 'count', value: '3' },
        { name: 'people', value: 'Ava Chen (12 days), Ben Carter (5 days), Cy Diaz (5 days)' },
      ],
    });
    const link = new URL(webUrl);
    expect(link.pathname).toBe(`/l/entity/${APP}/team`);
    expect(link.searchParams.get('webUrl')).toBe(`${TAB}/team?cycle=cyc_h2#team-coaching`);
    expect(JSON.parse(link.searchParams.get('context') ?? '{}')).toEqual({
      subEntityId: 'team?cycle=cyc_h2#team-coaching',
    });
  });

  it('each kind’s digest in both languages: its activity type, the manifest’s parameters, topic and preview', () => {
    const sent = (kind: AlertGroup['kind'], language: 'en' | 'zh-CN', reason?: ToDoItem['reason']) => {
      const { activityType, body } = digestBody(APP, TAB, group(kind, three(kind, reason)), { language });
      return {
        activityType,
        topic: (body.topic as { value: string }).value,
        preview: (body.previewText as { content: string }).content,
        parameters: Object.fromEntries(
          (body.templateParameters as { name: string; value: string }[]).map((p) => [p.name, p.value]),
        ),
      };
    };
    const en = 'Ava Chen (12 days), Ben Carter (5 days), Cy Diaz (5 days)';
    const zh = 'Ava Chen（12 天）、Ben Carter（5 天）、Cy Diaz（5 天）';
    expect(sent('agree_plan', 'en')).toEqual({
      activityType: 'reportPlansOverdue',
      topic: 'Plans: 3 to agree',
      preview: `2026 H2: plans waiting for your agreement: ${en}.`,
      parameters: { count: '3', cycle: '2026 H2', people: en },
    });
    expect(sent('complete_plan', 'en', 'no_goals')).toEqual({
      activityType: 'reportPlansIncomplete',
      topic: 'Plans to complete: 3',
      preview: `2026 H2: plans with no goals yet, or weights not totalling 100, to finish and agree: ${en}.`,
      parameters: { count: '3', cycle: '2026 H2', people: en },
    });
    expect(sent('manager_review', 'en')).toEqual({
      activityType: 'managerAppraisalsOverdue',
      topic: 'Appraisals: 3 overdue',
      preview: `2026 H2: your appraisals of ${en} are overdue.`,
      parameters: { count: '3', cycle: '2026 H2', people: en },
    });
    expect(sent('hold_feedback_meeting', 'en', 'not_recorded')).toEqual({
      activityType: 'feedbackMeetingsOverdue',
      topic: 'Feedback meetings: 3 overdue',
      preview: `2026 H2: feedback meetings overdue with ${en}.`,
      parameters: { count: '3', cycle: '2026 H2', people: en },
    });
    // A meeting held as a mere formality says so beside its name (the third no longer fits in 100 characters).
    expect(sent('hold_feedback_meeting', 'en', 'mere_formality').parameters.people).toBe(
      'Ava Chen (12 days, a mere formality), Ben Carter (5 days, a mere formality), …',
    );
    expect(sent('check_in_due', 'zh-CN')).toEqual({
      activityType: 'checkInsOverdue',
      topic: '辅导：3 项辅导沟通已逾期',
      preview: `2026 H2：与 ${zh} 的辅导沟通已逾期。`,
      parameters: { count: '3', people: zh },
    });
    expect(sent('agree_plan', 'zh-CN')).toMatchObject({
      topic: '绩效计划：3 份待确认',
      preview: `2026 H2：${zh} 的绩效计划待您确认。`,
    });
    expect(sent('complete_plan', 'zh-CN', 'weights_not_100')).toMatchObject({
      topic: '待完善的绩效计划：3 份',
      preview: `2026 H2：${zh} 的绩效计划尚无目标或权重合计不是 100，请完善并确认。`,
    });
    expect(sent('manager_review', 'zh-CN')).toMatchObject({
      topic: '经理评价：3 份已逾期',
      preview: `2026 H2：您对 ${zh} 的经理评价已逾期。`,
    });
    expect(sent('hold_feedback_meeting', 'zh-CN', 'mere_formality')).toMatchObject({
      topic: '反馈面谈：3 场已逾期',
      parameters: {
        people: 'Ava Chen（12 天，走过场）、Ben Carter（5 天，走过场）、Cy Diaz（5 天，走过场）',
      },
    });
    // Every digest kind sends the parameters its manifest template uses (ACTIVITY_TYPES, compared to the manifest).
    for (const kind of DIGEST_KINDS) {
      const { activityType, body } = digestBody(APP, TAB, group(kind, three(kind)));
      expect(activityType).toBe(DIGEST_ACTIVITY_TYPES[kind]);
      const names = (body.templateParameters as { name: string }[]).map((p) => p.name);
      expect(names, activityType).toEqual([...ACTIVITY_TYPES[activityType].parameters]);
    }
  });

  it('keeps Teams’ limits with many reports and long names: whole names while they fit, then “…”', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      alert('check_in_due', 'per_mia', `per_${i}`, `Person Number ${String(i).padStart(2, '0')}`, 3),
    );
    const words = ALERT_WORDS.en;
    const people = peopleList(many, words, PEOPLE_PARAMETER_MAX);
    expect(people.length).toBeLessThanOrEqual(PEOPLE_PARAMETER_MAX);
    expect(people).toMatch(/^Person Number 00 \(3 days\), Person Number 01 \(3 days\), .*\(3 days\), …$/);
    // A single name longer than the limit is cut; nothing fits in no room.
    const huge = alert('check_in_due', 'per_mia', 'per_x', 'X'.repeat(300), 3);
    expect(peopleList([huge, many[0] as Alert], words, 50)).toBe(`${'X'.repeat(49)}…`);
    expect(peopleList(many, words, 0)).toBe('');
    for (const kind of DIGEST_KINDS) {
      for (const language of ['en', 'zh-CN'] as const) {
        const long = group(kind, [
          ...many.map((a) => ({ ...a, item: { ...a.item, kind } })),
          { ...huge, item: { ...huge.item, kind } },
        ]);
        for (const g of [long, { ...long, cycleName: 'H'.repeat(300) }]) {
          const { body } = digestBody(APP, TAB, g, { language });
          expect((body.topic as { value: string }).value.length).toBeLessThanOrEqual(TOPIC_MAX);
          expect((body.previewText as { content: string }).content.length).toBeLessThanOrEqual(PREVIEW_MAX);
          const param = (body.templateParameters as { name: string; value: string }[]).find(
            (p) => p.name === 'people',
          );
          expect(param?.value.length).toBeLessThanOrEqual(PEOPLE_PARAMETER_MAX);
          expect((body.templateParameters as { name: string; value: string }[])[0]).toEqual({
            name: 'count',
            value: '41',
          });
        }
      }
    }
    // The preview names as many as fit its 150 characters, then “…”.
    const { body } = digestBody(APP, TAB, group('check_in_due', many));
    const preview = (body.previewText as { content: string }).content;
    expect(preview.startsWith('2026 H2: check-ins overdue with Person Number 00 (3 days), ')).toBe(true);
    expect(preview.endsWith(', ….')).toBe(true);
    expect(preview.length).toBeLessThanOrEqual(PREVIEW_MAX);
  });
});
