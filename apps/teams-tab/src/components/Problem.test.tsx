// @vitest-environment happy-dom
// Problems in plain words: title, detail and each field named in the user's words (never the API's path); a stale edit offers a reload, never a retry; a refused
// write offers neither (the form keeps what was typed); a failed load offers to try again.
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { I18nProvider } from '../i18n/index.tsx';
import { Problem } from './Problem.tsx';

afterEach(cleanup);

describe('Problem', () => {
  it('lists field errors under their fields’ names in words, never the API’s path', () => {
    const error = new ApiError({
      title: 'Unprocessable Content',
      status: 422,
      detail: 'The review is invalid (1 problem).',
      errors: [{ path: 'ratings.0.evidence', message: 'needs at least 40 characters' }],
    });
    render(
      <I18nProvider locale="en">
        <Problem error={error} />
      </I18nProvider>,
    );
    const bar = screen.getByTestId('problem');
    expect(bar.textContent).toContain('Unprocessable Content');
    expect(bar.textContent).toContain('The review is invalid (1 problem).');
    expect(bar.textContent).toContain('Evidence (item 1): needs at least 40 characters');
    expect(bar.textContent).not.toContain('ratings');
  });

  it('says a refused override reason with the minimum from its facts (en and zh)', () => {
    // As the API answers a too-short reason: the problem and one field error of the same code, without facts of its own.
    const error = new ApiError({
      title: 'Unprocessable Content',
      status: 422,
      code: 'override_reason_required',
      detail: 'An override needs the acting person and a reason of at least 10 characters.',
      details: { from: 'appraise', to: 'calibrate', minChars: 10 },
      errors: [
        {
          path: 'override.reason',
          code: 'override_reason_required',
          message: 'An override needs the acting person and a reason of at least 10 characters.',
        },
      ],
    });
    for (const [locale, words] of [
      ['en', 'The reason for moving on anyway needs at least 10 characters.'],
      ['zh-CN', '仍要推进的理由至少需要 10 个字符。'],
    ] as const) {
      render(
        <I18nProvider locale={locale}>
          <Problem error={error} />
        </I18nProvider>,
      );
      expect(screen.getByTestId('problem').querySelector('.fui-MessageBarTitle')?.textContent).toBe(words);
      cleanup();
    }
  });

  it('names a field by the form’s label when given one, by the catalogue’s words otherwise', () => {
    const error = new ApiError({
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      errors: [
        {
          path: 'salaryCents',
          message: 'Too small',
          code: 'too_small',
          params: { origin: 'number', minimum: 0 },
        },
        {
          path: 'extra',
          message: 'Unknown field "extra".',
          code: 'unrecognized_key',
          params: { key: 'extra' },
        },
      ],
    });
    render(
      <I18nProvider locale="en">
        <Problem error={error} labels={{ salaryCents: 'Annual salary' }} />
      </I18nProvider>,
    );
    const bar = screen.getByTestId('problem');
    expect(bar.textContent).toContain('Annual salary: Must be 0 or more.');
    expect(bar.textContent).toContain('A field: Not a field this takes.');
    expect(bar.textContent).not.toContain('salaryCents');
  });

  it('in Chinese: a known code in plain words, field errors kept with their field, no English detail', () => {
    const error = new ApiError({
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      detail: 'The request is invalid (1 problem).',
      errors: [
        { path: 'goals.0.weight', message: 'Too small: expected number to be >=0', code: 'too_small' },
      ],
    });
    render(
      <I18nProvider locale="zh-CN">
        <Problem error={error} />
      </I18nProvider>,
    );
    const bar = screen.getByTestId('problem');
    expect(bar.textContent).toContain('部分填写内容无效。');
    expect(bar.textContent).toContain('请检查：');
    // The field name, then a full-width colon (the catalogue's label separator in Chinese), then zod's words.
    expect(bar.textContent).toContain('权重（第 1 项）：Too small: expected number to be >=0');
    expect(bar.textContent).not.toContain('goals');
    expect(bar.textContent).not.toContain('Bad Request');
    expect(bar.textContent).not.toContain('The request is invalid');
  });

  it('in Chinese: field errors said from their codes and params, the API’s words for one the tab does not know', () => {
    const error = new ApiError({
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      detail: 'The request is invalid (3 problems).',
      errors: [
        { path: 'summary', message: 'Required.', code: 'required', params: { expected: 'string' } },
        {
          path: 'justification',
          message: 'Too small: expected string to have >=20 characters',
          code: 'too_small',
          params: { origin: 'string', minimum: 20, inclusive: true },
        },
        { path: 'dueDate', message: 'Invalid ISO date', code: 'invalid_format', params: { format: 'date' } },
        { path: 'weights', message: 'weights must total 100', code: 'custom' },
      ],
    });
    render(
      <I18nProvider locale="zh-CN">
        <Problem error={error} />
      </I18nProvider>,
    );
    const bar = screen.getByTestId('problem');
    expect(bar.textContent).toContain('总结：必填。');
    expect(bar.textContent).toContain('调整理由：至少 20 个字符。');
    expect(bar.textContent).toContain('截止日期：须为日期（YYYY-MM-DD）。');
    // A path the catalogue does not know is still never shown as the API writes it.
    expect(bar.textContent).toContain('某个字段：weights must total 100');
    expect(bar.textContent).not.toContain('Too small');
  });

  it('a text too long is said with its field’s name and limit in both languages, as the API sends it for check-in notes', () => {
    // As the API refuses a check-in whose notes are over core's TEXT_LIMITS.checkInNotes.
    const error = new ApiError({
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      errors: [
        {
          path: 'notes',
          message: 'Too big: expected string to have <=10000 characters',
          code: 'too_big',
          params: { origin: 'string', maximum: 10_000, inclusive: true },
        },
        {
          path: 'form.nextSteps',
          message: 'Too big: expected string to have <=10000 characters',
          code: 'too_big',
          params: { origin: 'string', maximum: 10_000, inclusive: true },
        },
      ],
    });
    for (const [locale, notes, next] of [
      ['en', 'Notes: At most 10,000 characters.', 'Next steps: At most 10,000 characters.'],
      ['zh-CN', '记录：最多 10,000 个字符。', '下一步：最多 10,000 个字符。'],
    ] as const) {
      render(
        <I18nProvider locale={locale}>
          <Problem error={error} />
        </I18nProvider>,
      );
      const items = [...screen.getByTestId('problem').querySelectorAll('li')].map((li) => li.textContent);
      expect(items).toEqual([notes, next]);
      cleanup();
    }
  });

  it('a goal cancel after plan: own_goal_cancel and correction_reason_required in plain words, English and Chinese', () => {
    const own = new ApiError({
      title: 'Forbidden',
      status: 403,
      code: 'own_goal_cancel',
      detail: 'Nobody cancels their own goal … (API English)',
      errors: [{ path: 'status', message: 'API English', code: 'own_goal_cancel' }],
    });
    const reason = new ApiError({
      title: 'Unprocessable Content',
      status: 422,
      code: 'correction_reason_required',
      detail: 'Cancelling "Revenue" after the plan was agreed … (API English)',
      errors: [{ path: 'correctionReason', message: 'API English', code: 'correction_reason_required' }],
    });
    const said = (locale: 'en' | 'zh-CN', error: ApiError) => {
      render(
        <I18nProvider locale={locale}>
          <Problem error={error} labels={{ correctionReason: locale === 'en' ? 'Reason' : '原因' }} />
        </I18nProvider>,
      );
      const text = screen.getByTestId('problem').textContent ?? '';
      cleanup();
      expect(text).not.toContain('API English');
      return text;
    };
    expect(said('en', own)).toContain('Nobody cancels their own goal, or restores a cancelled one');
    expect(said('en', own)).toContain('Their manager or HR can, with a reason.');
    expect(said('zh-CN', own)).toContain('任何人都不能取消自己的目标');
    expect(said('en', reason)).toContain('Reason: Once the plan is agreed, this change needs a reason');
    expect(said('zh-CN', reason)).toContain('原因：计划约定后，此项更改需要填写原因');
  });

  it('wrong_phase names the phases in the tab’s language, from the problem’s details', () => {
    const error = new ApiError({
      title: 'Conflict',
      status: 409,
      code: 'wrong_phase',
      detail: 'The cycle is in coach: draft goals are accepted into a cycle only in the plan phase.',
      details: { phase: 'coach', allowed: ['coach', 'appraise'] },
    });
    const { unmount } = render(
      <I18nProvider locale="zh-CN">
        <Problem error={error} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('problem').textContent).toBe(
      '周期当前处于“绩效辅导”阶段：此操作只能在“绩效辅导”或“绩效考核”阶段进行。',
    );
    unmount();
    render(
      <I18nProvider locale="en">
        <Problem error={error} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('problem').textContent).toBe(
      'The cycle is in the Coach phase: this can be done only in the Coach or Appraise phase.',
    );
  });

  it('an unknown code (or wrong_phase without its details) falls back to the API’s title and detail', () => {
    for (const problem of [
      { title: 'Conflict', status: 409, code: 'something_new', detail: 'A brand-new refusal.' },
      { title: 'Conflict', status: 409, code: 'wrong_phase', detail: 'A brand-new refusal.' },
    ]) {
      const { unmount } = render(
        <I18nProvider locale="zh-CN">
          <Problem error={new ApiError(problem)} />
        </I18nProvider>,
      );
      const bar = screen.getByTestId('problem');
      expect(bar.textContent).toContain('Conflict');
      expect(bar.textContent).toContain('A brand-new refusal.');
      unmount();
    }
  });

  it('a 412 says nothing was overwritten and offers to reload', async () => {
    let reloaded = 0;
    render(
      <I18nProvider locale="zh-CN">
        <Problem
          error={
            new ApiError({
              title: 'Precondition Failed',
              status: 412,
              code: 'stale_version',
              detail: 'The resource has changed: it is at version 2.',
            })
          }
          onReload={() => {
            reloaded++;
          }}
        />
      </I18nProvider>,
    );
    expect(screen.getByTestId('stale').textContent).toContain('您的修改没有覆盖任何数据');
    expect(screen.getByTestId('stale').textContent).not.toContain('The resource has changed');
    await userEvent.setup().click(screen.getByRole('button', { name: '重新加载最新版本' }));
    expect(reloaded).toBe(1);
  });

  it('a refused write (bad input) offers no "Try again": the error stays beside the form as typed', () => {
    const reloads: string[] = [];
    for (const status of [400, 409, 422]) {
      const { unmount } = render(
        <I18nProvider locale="en">
          <Problem
            error={new ApiError({ title: 'Unprocessable Content', status, code: 'validation_failed' })}
            onReload={() => reloads.push(String(status))}
          />
        </I18nProvider>,
      );
      expect(screen.getByTestId('problem')).toBeTruthy();
      expect(screen.queryByRole('button')).toBeNull();
      unmount();
    }
    expect(reloads).toEqual([]);
  });

  it('a failed load offers "Try again"; a stale edit only its reload', async () => {
    let retried = 0;
    const { unmount } = render(
      <I18nProvider locale="en">
        <Problem
          error={new ApiError({ title: 'Service Unavailable', status: 503, code: 'service_unavailable' })}
          onRetry={() => {
            retried++;
          }}
        />
      </I18nProvider>,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(retried).toBe(1);
    unmount();
    render(
      <I18nProvider locale="en">
        <Problem
          error={new ApiError({ title: 'Precondition Failed', status: 412, code: 'stale_version' })}
          onReload={() => {}}
        />
      </I18nProvider>,
    );
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Reload the latest version']);
  });
});
