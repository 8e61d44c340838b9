// A number field in the tab's locale (Teams' or the demo's, never the browser's, which <input type=number> follows): typed
// as the locale writes numbers ("1,234.5", full-width digits too), shown grouped once left, and "not a number" said
// beside it instead of a value silently dropped, cut short or read as 0.
import { Field, Input } from '@fluentui/react-components';
import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { EXACT_DIGITS, notANumber, numberText, shownNumber, tooManyDigits } from '../i18n/numbers.ts';

/** The number a field's "not a number" message shows as the example. */
const EXAMPLE = 1234.5;

export interface NumberFieldProps {
  label: string;
  hint?: string;
  required?: boolean;
  /** The field's text as typed (read it with `parseNumber(value, locale)`); '' for none. */
  value: string;
  onChange: (text: string) => void;
  /** A unit or currency symbol shown before or after the number. */
  contentBefore?: string | undefined;
  contentAfter?: string | undefined;
  /** The input's accessible name when it says more than the label (e.g. its unit). */
  ariaLabel?: string;
  disabled?: boolean;
  /**
   * The value may be below zero (a KPI's baseline, target or actual): the full keyboard, since a phone's decimal pad
   * (iOS's) has no minus key. Without it the decimal pad, for amounts, shares and weights that are never negative.
   */
  signed?: boolean;
  /** What else is wrong with the number (e.g. below zero), said like "not a number" once the field is left. */
  error?: string | null;
  /** What looks wrong with a valid number (e.g. an implausible actual), said as a warning once the field is left. */
  warning?: string | null;
}

export function NumberField({
  label,
  hint,
  required = false,
  value,
  onChange,
  contentBefore,
  contentAfter,
  ariaLabel,
  disabled = false,
  signed = false,
  error = null,
  warning = null,
}: NumberFieldProps) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  // Said once the field is left, not at every keystroke of "-" or "1,".
  const invalid = !editing && notANumber(value, locale);
  const message = invalid
    ? tooManyDigits(value, locale)
      ? t('number.tooManyDigits', { max: EXACT_DIGITS })
      : t('number.invalid', { example: numberText(EXAMPLE, locale) })
    : editing
      ? null
      : error;
  return (
    <Field
      label={label}
      required={required}
      {...(hint ? { hint } : {})}
      {...(message
        ? { validationState: 'error' as const, validationMessage: message }
        : !editing && warning
          ? { validationState: 'warning' as const, validationMessage: warning }
          : {})}
    >
      <Input
        type="text"
        inputMode={signed ? 'text' : 'decimal'}
        autoComplete="off"
        lang={locale}
        value={value}
        disabled={disabled}
        {...(ariaLabel ? { 'aria-label': ariaLabel } : {})}
        {...(contentBefore ? { contentBefore } : {})}
        {...(contentAfter ? { contentAfter } : {})}
        onChange={(_, d) => onChange(d.value)}
        onFocus={() => setEditing(true)}
        onBlur={() => {
          setEditing(false);
          const shown = shownNumber(value, locale);
          if (shown !== value) onChange(shown);
        }}
      />
    </Field>
  );
}
