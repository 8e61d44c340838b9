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
}

export function DayField({
  label,
  hint,
  required = false,
  value,
  onChange,
  disabled = false,
  near,
}: DayFieldProps) {
  const { t, locale } = useI18n();
  const [invalid, setInvalid] = useState(false);
  const example = dayText(EXAMPLE, locale);
  const placeholder = t('day.placeholder', { example });
  return (
    <Field
      label={label}
      required={required}
      {...(hint ? { hint } : {})}
      {...(invalid
        ? { validationState: 'error' as const, validationMessage: t('day.invalid', { example }) }
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
          onInvalid={setInvalid}
          placeholder={placeholder}
          disabled={disabled}
          near={near}
        />
      </Suspense>
    </Field>
  );
}
