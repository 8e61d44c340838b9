// The alert notifications' own text in English and Simplified Chinese, and the Graph chainId a resend reuses.
import type { ToDoItem } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { deliveryChainId, safeError } from './deliveries.ts';
import { ALERT_WORDS, type Alert, notificationBody } from './notification.ts';

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

  it('keeps Teams’ limits in either language (topic 100, preview 150 characters)', () => {
    const long = { ...alert('check_in_due', 4), subjectName: '张'.repeat(300) };
    for (const language of ['en', 'zh-CN'] as const) {
      const t = text(long, language);
      expect(t.topic.length).toBeLessThanOrEqual(100);
      expect(t.preview.length).toBeLessThanOrEqual(150);
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
