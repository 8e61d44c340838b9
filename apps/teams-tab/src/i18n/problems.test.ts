// Problem codes and readiness guards in plain words; unknown ones are left to the API's own text (null).
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../api/client.ts';
import { dateFormatter, translator } from './index.tsx';
import { fieldErrorText, guardText, problemText } from './problems.ts';

describe('problem and guard words', () => {
  const zh = translator('zh-CN');
  const en = translator('en');

  it('says known codes in both languages; unknown codes and helper keys are not codes', () => {
    expect(problemText({ title: 'Conflict', status: 409, code: 'draft_accepted' }, zh)).toBe(
      '该草案已被接受。',
    );
    expect(problemText({ title: 'Conflict', status: 409, code: 'draft_accepted' }, en)).toBe(
      'This draft was already accepted.',
    );
    expect(problemText({ title: 'Conflict', status: 409, code: 'not_a_code_yet' }, zh)).toBeNull();
    expect(problemText({ title: 'Conflict', status: 409 }, zh)).toBeNull();
    // wrong_phase needs its details; with a phase the tab does not know it is left to the API.
    expect(problemText({ title: 'Conflict', status: 409, code: 'wrong_phase' }, zh)).toBeNull();
    expect(
      problemText(
        { title: 'Conflict', status: 409, code: 'wrong_phase', details: { phase: 'x', allowed: [] } },
        zh,
      ),
    ).toBeNull();
    expect(
      problemText(
        { title: 'Conflict', status: 409, code: 'wrong_phase', details: { phase: 'closed', allowed: [] } },
        en,
      ),
    ).toBe('The cycle is in the Closed phase: this can no longer be done.');
  });

  it('says participant_withdrawn naming the person (by the session’s name, else their id), in both languages', () => {
    const problem = {
      title: 'Conflict',
      status: 409,
      code: 'participant_withdrawn',
      details: { personId: 'per_paul', cycleId: 'cyc_1' },
    };
    const nameOf = (id: string) => (id === 'per_paul' ? 'Paul Dev' : id);
    expect(problemText(problem, en, nameOf)).toBe(
      'Paul Dev was withdrawn from this cycle: nothing about them can be recorded or changed in it any more. HR can reinstate them under Participants on the Review dashboard.',
    );
    expect(problemText(problem, zh, nameOf)).toBe(
      'Paul Dev 已退出本周期：本周期内不能再记录或更改与其相关的任何内容。人力资源部可在考核看板的“参与者”中恢复其参与。',
    );
    expect(problemText(problem, en)).toMatch(/^per_paul was withdrawn/);
    // Without the person it names, the API's own words are shown.
    expect(problemText({ ...problem, details: {} }, en)).toBeNull();
  });

  it('says a list too long for the tab (client.all refusing to cut it) in both languages', () => {
    const problem = { title: 'List too long', status: 0, code: 'list_too_long', details: { max: 10_000 } };
    expect(problemText(problem, en)).toBe(
      'This list has more than 10,000 items, more than this page can show: it shows none of it rather than a part. Narrow it down (a cycle, a team), or read it through the API.',
    );
    expect(problemText(problem, zh)).toMatch(/^此列表超过 10,000 项/);
  });

  it('says every recusal (a decision about oneself) in both languages', () => {
    const codes = [
      'own_rating',
      'own_appeal',
      'own_meeting',
      'own_potential',
      'own_review',
      'own_plan',
      'own_draft',
      'own_results',
      'own_attribution',
      'own_feedback_request',
    ];
    for (const code of codes) {
      const problem = { title: 'Forbidden', status: 403, code };
      expect(problemText(problem, en), code).toMatch(/^Nobody /);
      expect(problemText(problem, zh), code).toMatch(/^任何人都不能/);
    }
    expect(problemText({ title: 'Forbidden', status: 403, code: 'own_rating' }, en)).toBe(
      'Nobody calibrates their own rating: another member of the session moves it.',
    );
    expect(problemText({ title: 'Forbidden', status: 403, code: 'own_rating' }, zh)).toBe(
      '任何人都不能校准自己的评级，由校准会议的其他成员调整。',
    );
  });

  it('says readiness guards with their count', () => {
    expect(guardText('appeals_open', 2, zh)).toBe('尚未处理的申诉：2 份');
    expect(guardText('appeals_open', 2, en)).toBe('Appeals still open: 2');
    expect(guardText('a_new_guard', 1, en)).toBeNull();
  });

  it('says field errors by their code and params; unknown codes or missing facts are left to the API', () => {
    const f = (code: string, params?: Record<string, unknown>) => ({
      path: 'x',
      message: 'English',
      code,
      params,
    });
    const n = (x: number) => new Intl.NumberFormat('zh-CN').format(x);
    expect(fieldErrorText(f('required', { expected: 'string' }), zh)).toBe('必填。');
    expect(fieldErrorText(f('too_small', { origin: 'string', minimum: 20, inclusive: true }), zh)).toBe(
      '至少 20 个字符。',
    );
    expect(fieldErrorText(f('too_big', { origin: 'string', maximum: 5000, inclusive: true }), zh, n)).toBe(
      '最多 5,000 个字符。',
    );
    expect(fieldErrorText(f('too_big', { origin: 'number', maximum: 100, inclusive: true }), zh)).toBe(
      '不能大于 100。',
    );
    expect(fieldErrorText(f('too_small', { origin: 'number', minimum: 0, inclusive: false }), en)).toBe(
      'Must be more than 0.',
    );
    expect(fieldErrorText(f('too_big', { origin: 'array', maximum: 3, inclusive: true }), en)).toBe(
      'At most 3 items.',
    );
    expect(fieldErrorText(f('invalid_type', { expected: 'number' }), zh)).toBe('须为数字。');
    expect(fieldErrorText(f('invalid_type', { expected: 'int' }), zh)).toBe('须为整数。');
    expect(fieldErrorText(f('invalid_format', { format: 'date' }), zh)).toBe('须为日期（YYYY-MM-DD）。');
    expect(fieldErrorText(f('unrecognized_key', { key: 'colour' }), zh)).toBe('不是此处可填写的字段。');
    expect(fieldErrorText(f('invalid_value', { values: ['kpi', 'competency'] }), zh)).toBe(
      '须为以下之一：kpi、competency。',
    );
    expect(fieldErrorText(f('invalid_value', { values: ['kpi', 'competency'] }), en)).toBe(
      'Must be one of: kpi, competency.',
    );
    expect(fieldErrorText(f('not_multiple_of', { divisor: 5 }), zh)).toBe('须为 5 的倍数。');
    // Left to the API's message: a code without its facts, a date bound, a type or format the tab does not say.
    expect(fieldErrorText(f('too_small'), zh)).toBeNull();
    expect(
      fieldErrorText(f('too_small', { origin: 'date', minimum: '2026-01-01', inclusive: true }), zh),
    ).toBeNull();
    expect(fieldErrorText(f('invalid_type', { expected: 'object' }), zh)).toBeNull();
    expect(fieldErrorText(f('invalid_format', { format: 'regex' }), zh)).toBeNull();
    expect(fieldErrorText(f('custom'), zh)).toBeNull();
    // A rule's own code on a field: the problem's words when they need no facts.
    expect(fieldErrorText(f('unknown_cycle'), zh)).toBe(
      problemText({ title: '', status: 422, code: 'unknown_cycle' }, zh),
    );
    expect(fieldErrorText(f('wrong_phase'), zh)).toBeNull();
    expect(fieldErrorText({ path: 'x', message: 'English' }, zh)).toBeNull();
  });

  it('says core’s rule errors from their codes and facts in both languages; without their facts, the code’s words', () => {
    type Params = NonNullable<FieldError['params']>;
    const f = (code: string, params?: Params): FieldError => ({
      path: 'x',
      message: 'threshold must be below target',
      code,
      ...(params ? { params } : {}),
    });
    const anchors: [Params, string, string][] = [
      [
        { anchor: 'target', relation: 'above', than: 'baseline' },
        'The target must be above the baseline (higher is better).',
        '目标值须高于基准值（越高越好）。',
      ],
      [
        { anchor: 'target', relation: 'below', than: 'baseline' },
        'The target must be below the baseline (lower is better).',
        '目标值须低于基准值（越低越好）。',
      ],
      [
        { anchor: 'threshold', relation: 'below', than: 'target' },
        'The threshold must be below the target (higher is better).',
        '门槛值须低于目标值（越高越好）。',
      ],
      [
        { anchor: 'threshold', relation: 'above', than: 'target' },
        'The threshold must be above the target (lower is better).',
        '门槛值须高于目标值（越低越好）。',
      ],
      [
        { anchor: 'stretch', relation: 'above', than: 'target' },
        'The stretch must be above the target (higher is better).',
        '挑战值须高于目标值（越高越好）。',
      ],
      [
        { anchor: 'stretch', relation: 'below', than: 'target' },
        'The stretch must be below the target (lower is better).',
        '挑战值须低于目标值（越低越好）。',
      ],
    ];
    for (const [params, inEnglish, inChinese] of anchors) {
      expect(fieldErrorText(f('kpi_anchors_invalid', params), en)).toBe(inEnglish);
      expect(fieldErrorText(f('kpi_anchors_invalid', params), zh)).toBe(inChinese);
    }
    // Without its facts (a plan agreement's domain error, an older API) or with facts that do not fit: the code's words.
    expect(fieldErrorText(f('kpi_anchors_invalid'), zh)).toBe(
      '某个 KPI 的门槛值、目标值和挑战值顺序不正确。',
    );
    expect(
      fieldErrorText(f('kpi_anchors_invalid', { anchor: 'target', relation: 'above', than: 'target' }), en),
    ).toBe('A KPI’s threshold, target and stretch are not in order.');

    expect(fieldErrorText(f('ends_before_start'), en)).toBe('The end date must be after the start date.');
    expect(fieldErrorText(f('ends_before_start'), zh)).toBe('结束日期须晚于开始日期。');
    // The schedule's rules name the period or the earlier stage, dates in the locale (ISO without a formatter).
    const period = f('schedule_out_of_range', { earliest: '2026-04-01', latest: '2027-07-01' });
    expect(fieldErrorText(period, en, String, dateFormatter('en'))).toBe(
      'The date must lie between Apr 1, 2026 and Jul 1, 2027 (from a quarter before the cycle starts to half a year after it ends).',
    );
    expect(fieldErrorText(period, zh)).toBe(
      '日期须在 2026-04-01 至 2027-07-01 之间（周期开始前一个季度至结束后半年）。',
    );
    const order = f('schedule_out_of_order', { after: 'selfAppraisalDue', afterOn: '2026-12-11' });
    expect(fieldErrorText(order, en, String, dateFormatter('en'))).toBe(
      'The date must not be before “Self-appraisals by” (Dec 11, 2026).',
    );
    expect(fieldErrorText(order, zh, String, dateFormatter('zh-CN'))).toBe(
      '日期不得早于“自评截止”（2026年12月11日）。',
    );
    // Facts missing or a stage the tab does not know: the API's message instead.
    expect(
      fieldErrorText(f('schedule_out_of_order', { after: 'reviewDue', afterOn: '2026-12-11' }), en),
    ).toBeNull();
    expect(fieldErrorText(f('schedule_out_of_range'), en)).toBeNull();
    expect(fieldErrorText(f('notes_required', { kind: 'performance_meeting' }), en)).toBe(
      'Notes are required for this kind of check-in (Performance meeting).',
    );
    expect(fieldErrorText(f('notes_required', { kind: 'guidance_note' }), zh)).toBe('日常指导须填写记录。');
    expect(fieldErrorText(f('form_required', { kind: 'feedback_form' }), zh)).toBe(
      '绩效反馈表须填写表单内容。',
    );
    expect(fieldErrorText(f('form_not_allowed', { kind: 'guidance_note' }), zh)).toBe(
      '只有绩效反馈表才附带表单（此次为日常指导）。',
    );
    expect(fieldErrorText(f('factor_repeated', { factor: 'skills' }), en)).toBe(
      'Employee skills is named twice.',
    );
    expect(fieldErrorText(f('factor_repeated', { factor: 'motivation' }), zh)).toBe('激励效应被重复选择。');
    expect(fieldErrorText(f('shares_not_100', { totalPercent: 90 }), en)).toBe(
      'The shares total 90%, not 100%.',
    );
    expect(fieldErrorText(f('shares_not_100', { totalPercent: 90 }), zh)).toBe(
      '各因素占比合计为 90%，而非 100%。',
    );
    expect(fieldErrorText(f('weights_not_100', { total: 110 }), zh)).toBe('目标权重合计为 110，而非 100。');
    // weights_not_100 without its total: the code's own words.
    expect(fieldErrorText(f('weights_not_100'), en)).toBe('The goal weights must total 100.');
    // A kind or factor the tab does not know, and a rule code it does not say: left to the API's message.
    expect(fieldErrorText(f('notes_required', { kind: 'video_call' }), zh)).toBeNull();
    expect(fieldErrorText(f('factor_repeated', { factor: 'weather' }), zh)).toBeNull();
    expect(fieldErrorText(f('history_out_of_order'), zh)).toBeNull();
  });

  it('says when a check-in may be dated, from the day the API names', () => {
    const day = dateFormatter('en');
    const zhDay = dateFormatter('zh-CN');
    const f = (code: string, params: Record<string, unknown>) =>
      ({ path: 'at', message: 'English', code, params }) as FieldError;
    expect(fieldErrorText(f('at_before_cycle', { minimum: '2026-01-01' }), en, String, day)).toBe(
      'The date cannot be before the cycle opened (Jan 1, 2026).',
    );
    expect(fieldErrorText(f('at_before_cycle', { minimum: '2026-01-01' }), zh, String, zhDay)).toBe(
      '日期不能早于考核周期开始的 2026年1月1日。',
    );
    expect(
      fieldErrorText(f('at_in_future', { maximum: '2026-09-15T12:05:00.000Z' }), en, String, day),
    ).toMatch(/^The date cannot be in the future \(at the latest Sep 1[56], 2026\)\.$/);
    // Without its day: the code's own words.
    expect(fieldErrorText(f('at_before_cycle', {}), en)).toBe(
      'A check-in cannot be dated before its cycle opened.',
    );
    expect(problemText({ title: 'Unprocessable', status: 422, code: 'at_before_cycle' }, zh)).toBe(
      '辅导记录的日期不能早于考核周期开始。',
    );
    expect(problemText({ title: 'Unprocessable', status: 422, code: 'manager_not_peer' }, en)).toBe(
      'A person’s own manager is not their peer: the manager’s view is the manager appraisal.',
    );
  });
});
