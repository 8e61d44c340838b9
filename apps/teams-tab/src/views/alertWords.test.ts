// A Teams alert's delivery in words: what each kind asked (a digest line by line) and each failure's plain reason, in English and Chinese.
import { describe, expect, it } from 'vitest';
import type { AlertDelivery, AlertKind } from '../api/types.ts';
import { type Locale, translator } from '../i18n/index.tsx';
import { alertAsked, alertFailure, alertInterrupted } from './alertWords.ts';

const NAMES: Record<string, string> = { per_ava: 'Ava Chen', per_ben: 'Ben Carter', per_mo: 'Mo Reyes' };
const nameOf = (id: string) => NAMES[id] ?? 'a colleague';
const TODAY = '2026-12-07';

const delivery = (extra: Partial<AlertDelivery> = {}): AlertDelivery => ({
  id: 'alert:teams:2026-12-07:per_mo:check_in_due:cyc:per_ava',
  day: TODAY,
  recipientId: 'per_mo',
  kind: 'check_in_due',
  cycleId: 'cyc',
  subjectId: 'per_ava',
  digest: false,
  subjectIds: ['per_ava'],
  status: 'failed',
  retryable: false,
  claims: 1,
  attempts: 1,
  httpStatus: 403,
  lastError: 'Forbidden: Teams app x is not installed for the recipient.',
  activityType: 'checkInOverdue',
  webUrl: null,
  claimedAt: `${TODAY}T08:00:00.000Z`,
  createdAt: `${TODAY}T08:00:00.000Z`,
  updatedAt: `${TODAY}T08:00:01.000Z`,
  ...extra,
});
const asked = (d: AlertDelivery, locale: Locale = 'en') =>
  alertAsked(translator(locale), d, nameOf).map((l) => l.text);
const why = (extra: Partial<AlertDelivery>, locale: Locale = 'en', today = TODAY) =>
  alertFailure(translator(locale), delivery(extra), today);

describe('what an alert asked', () => {
  it('says each alerted kind as the to-do says it to its recipient', () => {
    const own = { subjectId: 'per_mo', subjectIds: ['per_mo'] };
    const cases: [AlertKind, Partial<AlertDelivery>, string][] = [
      ['complete_plan', {}, 'Finish and agree Ava Chen’s plan'],
      ['agree_plan', {}, 'Agree Ava Chen’s plan'],
      ['agree_plan', own, 'Agree your plan'],
      ['check_in_due', {}, 'Check-in with Ava Chen'],
      ['self_review', own, 'Write your self-appraisal'],
      ['manager_review', {}, 'Appraise Ava Chen'],
      ['hold_feedback_meeting', {}, 'Hold the feedback meeting with Ava Chen'],
      ['acknowledge_result', own, 'Acknowledge your result, or appeal it'],
    ];
    for (const [kind, extra, text] of cases) {
      expect(asked(delivery({ kind, ...extra })), kind).toEqual([text]);
    }
    expect(asked(delivery({ kind: 'complete_plan' }), 'zh-CN')).toEqual(['完善并确认 Ava Chen 的绩效计划']);
    expect(asked(delivery({ kind: 'manager_review' }), 'zh-CN')).toEqual(['完成对 Ava Chen 的经理评价']);
  });

  it('a daily digest: one line per person it named', () => {
    const digest = delivery({ digest: true, subjectId: null, subjectIds: ['per_ava', 'per_ben'] });
    expect(asked(digest)).toEqual(['Check-in with Ava Chen', 'Check-in with Ben Carter']);
    expect(asked({ ...digest, kind: 'manager_review' }, 'zh-CN')).toEqual([
      '完成对 Ava Chen 的经理评价',
      '完成对 Ben Carter 的经理评价',
    ]);
    expect(
      alertAsked(translator('en'), digest, nameOf).map((l) => l.subjectId),
      'each line keeps its person',
    ).toEqual(['per_ava', 'per_ben']);
  });
});

describe('why an alert failed', () => {
  it('403: not installed for them, with what Graph said', () => {
    expect(why({})).toEqual({
      reason:
        'Perfloop is not installed for them in Teams: pre-install it with an app setup policy in the Teams admin center.',
      graph: 'Microsoft Graph: 403 Forbidden: Teams app x is not installed for the recipient.',
    });
    expect(why({}, 'zh-CN').reason).toBe(
      '此人的 Teams 中未安装 Perfloop：请在 Teams 管理中心通过应用设置策略为其预装。',
    );
  });

  it('403 for a missing permission is the app’s consent, not an installation', () => {
    const lastError =
      'Forbidden: Missing role permissions on the request. API requires one of TeamsActivity.Send.';
    expect(why({ lastError }).reason).toBe(
      'Perfloop lacks Microsoft Graph’s TeamsActivity.Send permission: a tenant admin must grant admin consent to it.',
    );
  });

  it('404: their Entra account was not found', () => {
    const res = why({ httpStatus: 404, lastError: 'NotFound: User x was not found in tenant y.' });
    expect(res.reason).toBe('Their Entra account was not found.');
    expect(res.graph).toBe('Microsoft Graph: 404 NotFound: User x was not found in tenant y.');
    expect(why({ httpStatus: 404 }, 'zh-CN').reason).toBe('找不到此人的 Entra 账户。');
  });

  it('429, 5xx and no answer are retryable: retried today, not delivered on an earlier day', () => {
    for (const [httpStatus, lastError] of [
      [429, 'TooManyRequests: Too many requests.'],
      [503, 'ServiceNotAvailable: Injected failure.'],
      [0, 'network: fetch failed'],
    ] as const) {
      expect(why({ httpStatus, lastError, retryable: true }).reason, String(httpStatus)).toBe(
        'Teams was busy or could not be reached: it will be retried.',
      );
      expect(why({ httpStatus, lastError, retryable: true }, 'en', '2026-12-08').reason).toBe(
        'Teams was busy or could not be reached, and it was not delivered that day.',
      );
    }
    expect(why({ httpStatus: 503, retryable: true }, 'zh-CN').reason).toBe(
      'Teams 繁忙或无法连接：稍后会重试。',
    );
  });

  it('a refused Entra token says so (nothing reached Graph)', () => {
    expect(why({ httpStatus: 401, lastError: 'token: invalid_client', retryable: true }).reason).toBe(
      'Perfloop could not sign in to Microsoft Graph (check the alerts’ client secret and admin consent): it will be retried.',
    );
  });

  it('anything else: Graph’s own message', () => {
    const res = why({ httpStatus: 400, lastError: 'BadRequest: templateParameters.people: too long' });
    expect(res.reason).toBe('Teams refused it: templateParameters.people: too long');
    expect(why({ httpStatus: 400, lastError: null }).reason).toBe('Teams refused it: HTTP 400');
    expect(why({ httpStatus: 400, lastError: 'BadRequest: bad' }, 'zh-CN').reason).toBe(
      'Teams 拒绝了该提醒：bad',
    );
  });
});

describe('an alert left in flight', () => {
  const sending = (claimedAt: string, day = TODAY) =>
    delivery({
      status: 'sending',
      httpStatus: null,
      lastError: null,
      claimedAt,
      day,
      digest: true,
      subjectId: null,
    });

  it('is in flight for 10 minutes after its claim, then said interrupted: sent again today while due, or not that day', () => {
    const en = translator('en');
    const zh = translator('zh-CN');
    const now = new Date(`${TODAY}T08:09:59.000Z`);
    expect(alertInterrupted(en, sending(`${TODAY}T08:00:00.000Z`), now)).toBeNull();
    expect(alertInterrupted(en, delivery(), new Date(`${TODAY}T12:00:00.000Z`))).toBeNull();
    const later = new Date(`${TODAY}T08:10:00.000Z`);
    expect(alertInterrupted(en, sending(`${TODAY}T08:00:00.000Z`), later)).toBe(
      'Its sender stopped before recording whether Teams took it (it may have been delivered). The next run sends it again if it is still due; if its items were done meanwhile, it stays as it is.',
    );
    expect(alertInterrupted(zh, sending(`${TODAY}T08:00:00.000Z`), later)).toMatch(
      /^发送进程在记录 Teams 是否收到之前已停止/,
    );
    const past = sending('2026-12-05T08:00:00.000Z', '2026-12-05');
    expect(alertInterrupted(en, past, later)).toBe(
      'Its sender stopped before recording whether Teams took it (it may have been delivered), and it was not sent again that day.',
    );
    expect(alertInterrupted(zh, past, later)).toBe(
      '发送进程在记录 Teams 是否收到之前已停止（可能已送达），当天未重新发送。',
    );
  });
});
