// A to-do item's words (every kind, plural forms, due today / on a day / overdue) and the view where it is done.
import { describe, expect, it } from 'vitest';
import type { ToDoItem, ToDoKind } from '../api/types.ts';
import { dateFormatter, type Locale, translator } from '../i18n/index.tsx';
import { targetUrl } from '../navigation.tsx';
import { toDoWords } from './toDoWords.ts';

const say = (locale: Locale) => ({ t: translator(locale), date: dateFormatter(locale) });
const TODAY = '2026-12-07';
const item = (kind: ToDoKind, extra: Partial<ToDoItem> = {}): ToDoItem => ({
  kind,
  cycleId: 'cyc_h2',
  cycleName: '2026 H2',
  phase: 'coach',
  subjectId: 'per_ava',
  subjectName: 'Ava Chen',
  targetId: null,
  dueOn: null,
  overdueByDays: null,
  ...extra,
});
const words = (i: ToDoItem, locale: Locale = 'en') => toDoWords(say(locale), i, 'per_me', TODAY);

describe('to-do words', () => {
  it('says each kind and sends it to the view and section where it is done', () => {
    const cases: [ToDoItem, string, string, string, string | null][] = [
      [
        item('complete_plan', { reason: 'no_goals', weightsTotal: 0 }),
        'Set goals for Ava Chen’s plan, then agree it',
        'team',
        'team-checkin',
        'per_ava',
      ],
      [
        item('complete_plan', { reason: 'weights_not_100', weightsTotal: 60 }),
        'Finish Ava Chen’s plan: goal weights total 60, not 100',
        'team',
        'team-checkin',
        'per_ava',
      ],
      [item('agree_plan', { subjectId: 'per_me' }), 'Agree your plan', 'me', 'me-plan', null],
      [item('agree_plan'), 'Agree Ava Chen’s plan', 'team', 'team-checkin', 'per_ava'],
      [item('check_in_due'), 'Check-in with Ava Chen', 'team', 'team-checkin', 'per_ava'],
      [item('feedback_request'), 'Give feedback on Ava Chen', 'me', 'me-inbox', null],
      [item('self_review', { subjectId: 'per_me' }), 'Write your self-appraisal', 'me', 'me-self', null],
      [item('manager_review'), 'Appraise Ava Chen', 'team', 'team-appraisal', 'per_ava'],
      [
        item('open_calibration', { subjectId: null }),
        'Open a calibration session',
        'calibration',
        'cal-sessions',
        null,
      ],
      [
        item('finalise_calibration', { subjectId: null }),
        'Finalise the calibration session',
        'calibration',
        'cal-sessions',
        null,
      ],
      [
        item('hold_feedback_meeting', { reason: 'not_recorded' }),
        'Hold the feedback meeting with Ava Chen',
        'team',
        'team-meeting',
        'per_ava',
      ],
      [
        item('hold_feedback_meeting', { reason: 'scheduled' }),
        'Feedback meeting with Ava Chen',
        'team',
        'team-meeting',
        'per_ava',
      ],
      [
        item('hold_feedback_meeting', { reason: 'mere_formality' }),
        'Complete the feedback meeting with Ava Chen: as written it is a mere formality',
        'team',
        'team-meeting',
        'per_ava',
      ],
      [
        item('acknowledge_result', { subjectId: 'per_me' }),
        'Acknowledge your result, or appeal it',
        'me',
        'me-result',
        null,
      ],
      [item('resolve_appeal'), 'Resolve Ava Chen’s appeal', 'results', 'results-appeals', null],
      [
        item('apply_results', { subjectId: null, count: 12 }),
        'Apply the results of 12 people',
        'results',
        'results-apply',
        null,
      ],
      [
        item('review_next_cycle_drafts', { subjectId: null, count: 3 }),
        'Review 3 next-cycle drafts',
        'team',
        'team-next',
        null,
      ],
    ];
    for (const [i, action, view, section, personId] of cases) {
      expect(words(i)).toEqual({ action, due: null, target: { view, cycleId: 'cyc_h2', personId, section } });
    }
  });

  it('a report’s plan to complete, in Chinese, with why', () => {
    expect(words(item('complete_plan', { reason: 'no_goals', weightsTotal: 0 }), 'zh-CN').action).toBe(
      '为 Ava Chen 的绩效计划设定目标，然后确认',
    );
    expect(
      words(item('complete_plan', { reason: 'weights_not_100', weightsTotal: 62.5 }), 'zh-CN').action,
    ).toBe('完善 Ava Chen 的绩效计划：目标权重合计 62.5，不是 100');
  });

  it('plural forms by count, in English; the same words in Chinese', () => {
    expect(words(item('apply_results', { count: 1 })).action).toBe('Apply the result of 1 person');
    expect(words(item('review_next_cycle_drafts', { count: 1 })).action).toBe('Review 1 next-cycle draft');
    expect(words(item('review_next_cycle_drafts', { count: 2 }), 'zh-CN').action).toBe(
      '审阅 2 份下一周期草案',
    );
  });

  it('due on a day, due today, overdue (singular and plural); an acknowledgement past the appeal window', () => {
    expect(words(item('check_in_due', { dueOn: '2026-12-09' })).due).toEqual({
      text: 'Due Dec 9, 2026',
      overdue: null,
    });
    expect(words(item('check_in_due', { dueOn: TODAY })).due).toEqual({ text: 'Due today', overdue: null });
    // Overdue: the day it was due stays said beside the badge.
    expect(words(item('check_in_due', { dueOn: '2026-12-06', overdueByDays: 1 })).due).toEqual({
      text: 'Due Dec 6, 2026',
      overdue: 'Overdue by 1 day',
    });
    expect(words(item('manager_review', { dueOn: '2026-11-20', overdueByDays: 17 }), 'zh-CN')).toMatchObject({
      action: '完成对 Ava Chen 的经理评价',
      due: { text: '截止 2026年11月20日', overdue: '已逾期 17 天' },
    });
    const late = words(
      item('acknowledge_result', { subjectId: 'per_me', dueOn: '2026-12-01', overdueByDays: 6 }),
    );
    expect(late.action).toBe('Acknowledge your result (the appeal window has closed)');
    expect(late.due).toEqual({ text: 'Due Dec 1, 2026', overdue: 'Overdue by 6 days' });
  });

  it('a subject without a name the caller may read is “a colleague”', () => {
    const { subjectName: _, ...nameless } = item('feedback_request');
    expect(words(nameless).action).toBe('Give feedback on a colleague');
  });

  it('the link: view, cycle, person (only on My team) and section, keeping the rest of the query', () => {
    const target = words(item('check_in_due')).target;
    expect(targetUrl(target, 'http://tab.test/teams/me?locale=zh-cn&cycle=old')).toBe(
      '/teams/team?locale=zh-cn&cycle=cyc_h2&person=per_ava#team-checkin',
    );
    const mine = words(item('self_review', { subjectId: 'per_me' })).target;
    expect(targetUrl(mine, 'http://tab.test/teams/team?cycle=cyc_h2&person=per_ava')).toBe(
      '/teams/me?cycle=cyc_h2#me-self',
    );
  });
});
