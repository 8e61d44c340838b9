// A calendar-day field in the tab's locale (Teams' or the demo's, never the browser's): the day as the locale writes it,
// typed that way or as YYYY-MM-DD, or picked from a calendar in the locale's words (`DayPicker`, loaded on first use).
import { Field, Input } from '@fluentui/react-components';
import { lazy, Suspense, useState } from 'react';
import { shownDate } from '../dates.ts';
import { dayText } from '../i18n/days.ts';
import { useI18n } from '../i18n/index.tsx';

const DayPicker = lazy(() => import('./DayPicker.tsx'));

/** The day a field's placeholder and its "not a date" message show as the example. */
const EXAMPLE = new Date(2027, 5, 15);

export interface DayFieldProps {
  label: string;
  hint?: string;
  required?: boolean;
  /** The day as the API takes it (YYYY-MM-DD); '' for none. */
  value: string;
  /** The picked or typed day (YYYY-MM-DD), '' when the field was emptied. */
  onChange: (day: string) => void;
  disabled?: boolean;
  /** A day the calendar opens at while the field is empty (e.g. the cycle's start); the API checks the bounds. */
  near?: string;
  /** The first and last days the calendar offers (YYYY-MM-DD); a day typed outside them is the form's `error` to say. */
  min?: string | undefined;
  max?: string | undefined;
  /** What is wrong with the day picked (e.g. after today), said under the field. */
  error?: string | null;
}

export function DayField({
  label,
  hint,
  required = false,
  value,
  onChange,
  disabled = false,
  near,
  min,
  max,
  error = null,
}: DayFieldProps) {
  const { t, locale, date } = useI18n();
  const [problem, setProblem] = useState<'invalid' | 'out_of_bounds' | null>(null);
  const example = dayText(EXAMPLE, locale);
  const placeholder = t('day.placeholder', { example });
  const bounds =
    min && max
      ? t('day.between', { min: date(min), max: date(max) })
      : max
        ? t('day.notAfter', { max: date(max) })
        : min
          ? t('day.notBefore', { min: date(min) })
          : null;
  return (
    <Field
      label={label}
      required={required}
      {...(hint ? { hint } : {})}
      {...(problem === 'invalid'
        ? { validationState: 'error' as const, validationMessage: t('day.invalid', { example }) }
        : problem === 'out_of_bounds' && bounds
          ? { validationState: 'error' as const, validationMessage: bounds }
          : error
            ? { validationState: 'error' as const, validationMessage: error }
            : {})}
    >
      <Suspense
        // Until the picker's chunk is there: the same day, read-only.
        fallback={
          <Input
            readOnly
            lang={locale}
            value={value ? dayText(shownDate(value), locale) : ''}
            placeholder={placeholder}
            disabled={disabled}
          />
        }
      >
        <DayPicker
          value={value}
          onChange={onChange}
          onInvalid={setProblem}
          placeholder={placeholder}
          disabled={disabled}
          near={near}
          min={min}
          max={max}
        />
      </Suspense>
    </Field>
  );
}
