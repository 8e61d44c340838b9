// @vitest-environment happy-dom
// Number fields follow the tab's locale, not the browser's (which <input type=number> follows): typed grouped or not,
// in full width too, shown grouped once left; what is not a number is said beside the field in English or Chinese and
// never read as 0 or cut short; labelled, with the decimal keyboard.
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider, type Locale } from '../i18n/index.tsx';
import { parseNumber } from '../i18n/numbers.ts';
import { NumberField } from './NumberField.tsx';

const language = window.navigator.language;
afterEach(() => {
  cleanup();
  Object.defineProperty(window.navigator, 'language', { value: language, configurable: true });
});

/** A field as a form holds it (its text), the number the form would send shown beside it. */
function Form({
  locale,
  initial,
  ariaLabel,
  signed,
}: {
  locale: Locale;
  initial: string;
  ariaLabel?: string;
  signed?: boolean;
}) {
  const [value, setValue] = useState(initial);
  const n = parseNumber(value, locale);
  return (
    <FluentProvider theme={webLightTheme}>
      <I18nProvider locale={locale}>
        <NumberField
          label="Target"
          value={value}
          onChange={setValue}
          contentAfter="k€"
          {...(ariaLabel ? { ariaLabel } : {})}
          {...(signed ? { signed } : {})}
        />
        <output data-testid="sent">
          {n === null ? 'none' : Number.isNaN(n) ? 'not a number' : String(n)}
        </output>
      </I18nProvider>
    </FluentProvider>
  );
}

/** The field in `locale`, the browser saying German (which reads "1,5" as 1.5): nothing may follow it. */
function renderField(locale: Locale, initial = '', ariaLabel?: string, signed = false) {
  Object.defineProperty(window.navigator, 'language', { value: 'de-DE', configurable: true });
  render(<Form locale={locale} initial={initial} signed={signed} {...(ariaLabel ? { ariaLabel } : {})} />);
  const input = screen.getByLabelText(ariaLabel ?? 'Target') as HTMLInputElement;
  return {
    input,
    sent: () => screen.getByTestId('sent').textContent,
    /** Types `text` into the focused field (replacing it), then leaves it. */
    type: (text: string, leave = true) => {
      fireEvent.focus(input);
      fireEvent.change(input, { target: { value: text } });
      if (leave) fireEvent.blur(input);
    },
    error: () => screen.queryByText(/^Not a number|^无法识别的数字/),
  };
}

/** An amount that may not be below zero: the form's error passed to the field. */
function Amount() {
  const [value, setValue] = useState('');
  const n = parseNumber(value, 'en');
  return (
    <FluentProvider theme={webLightTheme}>
      <I18nProvider locale="en">
        <NumberField
          label="Bonus pool"
          value={value}
          onChange={setValue}
          error={n !== null && n < 0 ? 'The bonus pool cannot be negative.' : null}
        />
      </I18nProvider>
    </FluentProvider>
  );
}

describe('NumberField', () => {
  it('is a labelled text field with the decimal keyboard, in the tab’s language', () => {
    const f = renderField('en', '1,234.5');
    expect(f.input.type).toBe('text');
    expect(f.input.inputMode).toBe('decimal');
    expect(f.input.getAttribute('lang')).toBe('en');
    expect(f.input.value).toBe('1,234.5');
    expect(f.sent()).toBe('1234.5');
    expect(screen.getByText('k€')).toBeTruthy();
  });

  it('a signed field (a KPI value may be below zero) asks for the full keyboard: a phone’s decimal pad has no minus', () => {
    const f = renderField('en', '', undefined, true);
    expect(f.input.inputMode).toBe('text');
    f.type('-1,234.5');
    expect([f.input.value, f.sent()]).toEqual(['-1,234.5', '-1234.5']);
  });

  it('a number with more digits than can be kept is said so beside the field and never sent rounded', () => {
    const f = renderField('en');
    f.type('99999999999999999999999');
    expect([f.input.value, f.sent()]).toEqual(['99999999999999999999999', 'not a number']);
    expect(
      screen.getByText(/^Too many digits to keep exactly: .* at most 15 significant digits/),
    ).toBeTruthy();
    cleanup();
    const z = renderField('zh-CN');
    z.type('99999999999999999999999');
    expect(z.sent()).toBe('not a number');
    expect(screen.getByText(/^位数过多/)).toBeTruthy();
  });

  it('in English: reads "1,234.5" as 1234.5 and shows a number grouped once left', () => {
    const f = renderField('en');
    f.type('1,234.5');
    expect([f.input.value, f.sent()]).toEqual(['1,234.5', '1234.5']);
    f.type('65000.50');
    expect([f.input.value, f.sent()]).toEqual(['65,000.5', '65000.5']);
    f.type('-12');
    expect([f.input.value, f.sent()]).toEqual(['-12', '-12']);
    f.type('');
    expect([f.input.value, f.sent()]).toEqual(['', 'none']);
    expect(f.error()).toBeNull();
  });

  it('what is not a number is said beside the field once left, kept as typed, never sent as 0 or cut short', () => {
    const f = renderField('en');
    // German's decimal comma: neither 15 nor 1.5.
    f.type('1,5', false);
    // While typing, nothing is said yet.
    expect(f.error()).toBeNull();
    fireEvent.blur(f.input);
    expect([f.input.value, f.sent()]).toEqual(['1,5', 'not a number']);
    expect(f.error()?.textContent).toBe(
      'Not a number: type it like 1,234.5 (digits, commas between thousands, a point before decimals).',
    );
    expect(f.input.getAttribute('aria-invalid')).toBe('true');
    for (const text of ['12abc', '1.234,5', '1e3']) {
      f.type(text);
      expect([text, f.input.value, f.sent()]).toEqual([text, text, 'not a number']);
    }
    // Corrected: the message goes.
    f.type('1,500');
    expect([f.input.value, f.sent(), f.error()]).toEqual(['1,500', '1500', null]);
    expect(f.input.getAttribute('aria-invalid')).not.toBe('true');
  });

  it('in Chinese: full-width digits typed on a Chinese keyboard, the message in Chinese', () => {
    const f = renderField('zh-CN');
    expect(f.input.getAttribute('lang')).toBe('zh-CN');
    f.type('１２３４．５');
    expect([f.input.value, f.sent()]).toEqual(['1,234.5', '1234.5']);
    f.type('十二');
    expect(f.sent()).toBe('not a number');
    expect(f.error()?.textContent).toBe(
      '无法识别的数字：请按 1,234.5 的格式输入（千位之间用逗号，小数用小数点）。',
    );
  });

  it('takes an accessible name that says more than its label', () => {
    const f = renderField('en', '', 'Target (k€)');
    f.type('70');
    expect(f.sent()).toBe('70');
  });

  it('says the form’s own error (e.g. below zero) once the field is left; not a number comes first', () => {
    render(<Amount />);
    const input = screen.getByLabelText('Bonus pool') as HTMLInputElement;
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: '-1000' } });
    expect(screen.queryByText('The bonus pool cannot be negative.')).toBeNull();
    fireEvent.blur(input);
    expect(screen.getByText('The bonus pool cannot be negative.')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: 'lots' } });
    fireEvent.blur(input);
    expect(screen.queryByText('The bonus pool cannot be negative.')).toBeNull();
    expect(screen.getByText(/^Not a number: type it like 1,234\.5/)).toBeTruthy();
  });
});
