// @vitest-environment happy-dom
// Free-text fields take core's TEXT_LIMITS (as the API does): typing stops at the limit, a counter shows near it (not
// before), and a text over it (kept from elsewhere) is said beside the field, in English and Chinese.
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { TEXT_LIMITS, type TextLimit } from '@perfloop/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider, type Locale } from '../i18n/index.tsx';
import { COUNTER_FROM, counterState, TextField } from './TextField.tsx';

afterEach(cleanup);

function Form({
  locale = 'en',
  initial = '',
  limit,
}: {
  locale?: Locale;
  initial?: string;
  limit: TextLimit;
}) {
  const [value, setValue] = useState(initial);
  return (
    <FluentProvider theme={webLightTheme}>
      <I18nProvider locale={locale}>
        <TextField label="Reason" value={value} onChange={setValue} limit={limit} />
      </I18nProvider>
    </FluentProvider>
  );
}

describe('TextField', () => {
  it('takes the limit of core’s TEXT_LIMITS as its maxLength: typing stops there', async () => {
    render(<Form limit="goalUnit" />);
    const field = screen.getByLabelText('Reason') as HTMLTextAreaElement;
    expect(field.maxLength).toBe(TEXT_LIMITS.goalUnit);
    await userEvent.setup().type(field, 'x'.repeat(TEXT_LIMITS.goalUnit + 5));
    expect(field.value).toHaveLength(TEXT_LIMITS.goalUnit);
    expect(screen.getByText('32 / 32 characters')).toBeTruthy();
  });

  it('shows the counter only near the limit, from 80 % of it', () => {
    const max = TEXT_LIMITS.reason;
    const near = Math.ceil(max * COUNTER_FROM);
    expect([counterState(near - 1, max), counterState(near, max), counterState(max + 1, max)]).toEqual([
      'hidden',
      'near',
      'over',
    ]);
    render(<Form limit="reason" initial={'x'.repeat(near - 1)} />);
    expect(screen.queryByText(/characters/)).toBeNull();
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'x'.repeat(near) } });
    expect(screen.getByText('1,600 / 2,000 characters')).toBeTruthy();
  });

  it('says a text over the limit beside the field, in Chinese too', () => {
    render(<Form limit="reason" locale="zh-CN" initial={'x'.repeat(TEXT_LIMITS.reason + 3)} />);
    expect(screen.getByText('2,003 / 2,000 个字符，超出 3 个')).toBeTruthy();
    expect(screen.getByText('最多 2,000 个字符，请删减后再发送。')).toBeTruthy();
    cleanup();
    render(<Form limit="reason" initial={'x'.repeat(TEXT_LIMITS.reason + 3)} />);
    expect(screen.getByText('2,003 / 2,000 characters: 3 too many')).toBeTruthy();
    expect(screen.getByText('At most 2,000 characters: shorten it to send it.')).toBeTruthy();
  });
});
