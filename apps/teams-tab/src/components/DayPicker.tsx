// The day field's picker, its own chunk (Fluent's DatePicker and Calendar): the day as the tab's locale writes it, typed
// that way or as YYYY-MM-DD, and a calendar in the locale's words. Loaded the first time a day field is shown.
import { DatePicker } from '@fluentui/react-datepicker-compat';
import { useMemo } from 'react';
import { localDay, shownDate } from '../dates.ts';
import { calendarFormatting, calendarStrings, dayText, firstDayOfWeek, parseDay } from '../i18n/days.ts';
import { useI18n } from '../i18n/index.tsx';

export interface DayPickerProps {
  value: string;
  onChange: (day: string) => void;
  /** What is wrong with the text last left in the field: no day (`invalid`), a day outside min…max, or nothing. */
  onInvalid: (problem: 'invalid' | 'out_of_bounds' | null) => void;
  placeholder: string;
  disabled: boolean;
  near?: string | undefined;
  /** The first and last days the calendar offers. */
  min?: string | undefined;
  max?: string | undefined;
}

export default function DayPicker({
  value,
  onChange,
  onInvalid,
  placeholder,
  disabled,
  near,
  min,
  max,
}: DayPickerProps) {
  const { t, locale } = useI18n();
  // Stable per locale: the picker rewrites its text whenever its formatter (or value) changes.
  const kit = useMemo(() => {
    const formatting = calendarFormatting(locale);
    const strings = calendarStrings(locale, t);
    return {
      format: (day?: Date) => (day ? dayText(day, locale) : ''),
      parse: (text: string) => parseDay(text, locale),
      strings,
      formatting,
      firstDay: firstDayOfWeek(locale),
      // Fluent names each day's button "24, May, 2027" whatever the strings: said as the locale says a day instead.
      calendar: {
        calendarDayProps: {
          customDayCellRef: (cell: HTMLElement | null, date: Date) => {
            cell
              ?.querySelector('button')
              ?.setAttribute('aria-label', formatting.formatMonthDayYear(date, strings));
          },
        },
      },
    };
  }, [locale, t]);
  const day = useMemo(() => (value ? shownDate(value) : null), [value]);
  const opensAt = useMemo(() => (near ? shownDate(near) : undefined), [near]);
  const minDate = useMemo(() => (min ? shownDate(min) : undefined), [min]);
  const maxDate = useMemo(() => (max ? shownDate(max) : undefined), [max]);
  return (
    <DatePicker
      allowTextInput
      // A click puts the caret in the text; the calendar opens from its button, Enter or the down arrow.
      openOnClick={false}
      value={day}
      disabled={disabled}
      lang={locale}
      placeholder={placeholder}
      formatDate={kit.format}
      parseDateFromString={kit.parse}
      strings={kit.strings}
      dateTimeFormatter={kit.formatting}
      firstDayOfWeek={kit.firstDay}
      {...(opensAt ? { initialPickerDate: opensAt } : {})}
      {...(minDate ? { minDate } : {})}
      {...(maxDate ? { maxDate } : {})}
      popupSurface={{ lang: locale, 'aria-label': t('day.calendar') }}
      calendar={kit.calendar}
      onSelectDate={(picked) => {
        onInvalid(null);
        onChange(picked ? localDay(picked) : '');
      }}
      onValidationResult={({ error }) =>
        onInvalid(error === 'invalid-input' ? 'invalid' : error === 'out-of-bounds' ? 'out_of_bounds' : null)
      }
    />
  );
}
