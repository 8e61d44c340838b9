// @vitest-environment happy-dom
// Day fields follow the tab's locale, not the browser's: the day written, typed and picked as English or Chinese write
// it (the calendar's month, weekdays from Monday in Chinese, its labels), the API's YYYY-MM-DD either way.
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { dayPicker } from '../../test/support/days.ts';
import { shownDate } from '../dates.ts';
import { dayText } from '../i18n/days.ts';
import { I18nProvider, type Locale } from '../i18n/index.tsx';
import { DayField } from './DayField.tsx';

afterEach(cleanup);

/** A field as a form holds it, its value shown beside it. */
function Form({ locale, initial, label }: { locale: Locale; initial: string; label: string }) {
  const [value, setValue] = useState(initial);
  return (
    <FluentProvider theme={webLightTheme}>
      <I18nProvider locale={locale}>
        <DayField label={label} value={value} onChange={setValue} near="2027-01-01" />
        <output data-testid="value">{value}</output>
      </I18nProvider>
    </FluentProvider>
  );
}

/** The field in `locale`; the browser says German, which nothing may follow. */
async function renderField(locale: Locale, initial: string, label = 'Starts on') {
  Object.defineProperty(window.navigator, 'language', { value: 'de-DE', configurable: true });
  render(<Form locale={locale} initial={initial} label={label} />);
  // The read-only stand-in shows the day until the picker's chunk is there.
  expect((screen.getByLabelText(label) as HTMLInputElement).value).toBe(
    initial ? dayText(shownDate(initial), locale) : '',
  );
  const input = await dayPicker(() => screen.getByLabelText(label));
  return {
    input,
    value: () => screen.getByTestId('value').textContent,
    type: (text: string) => {
      fireEvent.change(input, { target: { value: text } });
      fireEvent.blur(input);
    },
  };
}

const openCalendar = async (input: HTMLElement) => {
  fireEvent.keyDown(input, { key: 'ArrowDown' });
  return screen.findByRole('dialog');
};

describe('DayField', () => {
  it('in English: the day as English writes it, typed back in English or ISO, picked from an English calendar', async () => {
    const f = await renderField('en', '2027-06-15');
    expect(f.input.type).toBe('text');
    expect(f.input.value).toBe('Jun 15, 2027');
    expect(f.input.getAttribute('lang')).toBe('en');

    f.type('Jul 4, 2027');
    expect(f.value()).toBe('2027-07-04');
    expect(f.input.value).toBe('Jul 4, 2027');
    f.type('2027-08-01');
    expect([f.value(), f.input.value]).toEqual(['2027-08-01', 'Aug 1, 2027']);

    const calendar = await openCalendar(f.input);
    expect(calendar.getAttribute('aria-label')).toBe('Calendar');
    expect(calendar.getAttribute('lang')).toBe('en');
    expect(within(calendar).getByText('August 2027')).toBeTruthy();
    const weekdays = within(calendar)
      .getAllByRole('columnheader')
      .map((h) => h.getAttribute('title'));
    expect(weekdays[0]).toBe('Sunday');
    fireEvent.click(within(calendar).getByRole('button', { name: 'August 20, 2027' }));
    expect(f.value()).toBe('2027-08-20');
    expect(f.input.value).toBe('Aug 20, 2027');
  });

  it('in Chinese: the day as Chinese writes it, a Chinese calendar from Monday, typed back in Chinese or ISO', async () => {
    const f = await renderField('zh-CN', '2027-06-15', '开始日期');
    expect(f.input.value).toBe('2027年6月15日');
    expect(f.input.getAttribute('lang')).toBe('zh-CN');

    const calendar = await openCalendar(f.input);
    expect(calendar.getAttribute('aria-label')).toBe('日历');
    expect(calendar.getAttribute('lang')).toBe('zh-CN');
    expect(within(calendar).getByText('2027年6月')).toBeTruthy();
    const weekdays = within(calendar)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(weekdays).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    expect(within(calendar).getByText('已选日期 2027年6月15日')).toBeTruthy();
    expect(within(calendar).getByRole('button', { name: '上个月 五月' })).toBeTruthy();
    fireEvent.click(within(calendar).getByRole('button', { name: '2027年6月20日' }));
    expect(f.value()).toBe('2027-06-20');
    expect(f.input.value).toBe('2027年6月20日');

    f.type('2027年7月4日');
    expect([f.value(), f.input.value]).toEqual(['2027-07-04', '2027年7月4日']);
    f.type('２０２７－０９－０１');
    expect([f.value(), f.input.value]).toEqual(['2027-09-01', '2027年9月1日']);
  });

  it('says a text that names no day in the locale and keeps the day it had; an emptied field is no day', async () => {
    const zh = await renderField('zh-CN', '2027-06-15', '开始日期');
    zh.type('Jul 4, 2027');
    expect(zh.value()).toBe('2027-06-15');
    expect(zh.input.value).toBe('2027年6月15日');
    expect(
      screen.getByText(
        '无法识别的日期：请按 2027年6月15日 的格式输入，或从日历中选择（按 Enter 键或日历按钮）。',
      ),
    ).toBeTruthy();
    zh.type('2027-06-16');
    expect(screen.queryByText(/无法识别的日期/)).toBeNull();
    zh.type('');
    expect(zh.value()).toBe('');
    expect(zh.input.placeholder).toBe('例如 2027年6月15日');
    cleanup();

    const en = await renderField('en', '');
    expect(en.input.placeholder).toBe('e.g. Jun 15, 2027');
    en.type('2027-02-30');
    expect(en.value()).toBe('');
    expect(
      screen.getByText(
        'Not a date: type it like Jun 15, 2027, or pick it from the calendar (Enter or the calendar button).',
      ),
    ).toBeTruthy();
    // Empty, the calendar opens where the form points it (the cycle's start).
    const calendar = await openCalendar(en.input);
    expect(within(calendar).getByText('January 2027')).toBeTruthy();
  });
});
