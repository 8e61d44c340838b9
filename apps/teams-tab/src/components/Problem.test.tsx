// @vitest-environment happy-dom
// Problems in plain words: title, detail and readable field paths; a stale edit offers a reload, never a retry.
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { I18nProvider } from '../i18n/index.tsx';
import { Problem } from './Problem.tsx';

afterEach(cleanup);

describe('Problem', () => {
  it('lists field errors with readable paths', () => {
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
    expect(bar.textContent).toContain('ratings 1 evidence: needs at least 40 characters');
  });

  it('a 412 says nothing was overwritten and offers to reload', async () => {
    let reloaded = 0;
    render(
      <I18nProvider locale="zh-CN">
        <Problem
          error={new ApiError({ title: 'Precondition Failed', status: 412, code: 'stale_version' })}
          onReload={() => {
            reloaded++;
          }}
        />
      </I18nProvider>,
    );
    expect(screen.getByTestId('stale').textContent).toContain('您的修改没有覆盖任何数据');
    await userEvent.setup().click(screen.getByRole('button', { name: '重新加载最新版本' }));
    expect(reloaded).toBe(1);
  });
});
