// Calendar days typed and picked in the tab's locale (not the browser's): how a day field writes a day, reads one typed
// back, and the calendar's month and weekday names, first day of the week and labels.
import type { CalendarStrings, DateFormatting, DayOfWeek } from '@fluentui/react-calendar-compat';
import { DAY_FORMAT, type Locale, type Translate } from './index.tsx';

/** A day as a day field shows it: "Jun 15, 2027" in English, "2027年6月15日" in Chinese (as the tab's dates read). */
export function dayText(day: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, DAY_FORMAT).format(day);
}

/** The local day y-m-d when it exists (no 30 February), else null. */
function existing(y: number, m: number, d: number): Date | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  const day = new Date(y, m - 1, d);
  return day.getMonth() === m - 1 && day.getDate() === d ? day : null;
}

/** English month names, long and short, lower case, January first. */
const MONTHS = Array.from({ length: 12 }, (_, m) =>
  new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' })
    .format(Date.UTC(2026, m, 1))
    .toLowerCase(),
);

/** The month an English name or abbreviation of at least three letters means ("jun", "Sept", "June"), 1–12; else 0. */
function monthOf(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return 0;
  return MONTHS.findIndex((m) => m.startsWith(w)) + 1;
}

/**
 * The day a person typed, read as the locale writes it and in ISO form; null when it names no day.
 * - either locale: `2027-06-15`, `2027/6/15`, `2027.6.15`, `2027年6月15日` (full-width digits too, as a Chinese IME types);
 * - English: `Jun 15, 2027`, `June 15 2027`, `15 June 2027`, and `6/15/2027` (month first, as the tab writes English dates).
 */
export function parseDay(text: string, locale: Locale): Date | null {
  const t = text
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uff0f\uff0d\uff0e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, ' ')
    .trim();
  const ymd = /^(\d{4}) ?[-/.年] ?(\d{1,2}) ?[-/.月] ?(\d{1,2}) ?日?$/.exec(t);
  if (ymd) return existing(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  if (locale !== 'en') return null;
  const mdy = /^([A-Za-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(t);
  if (mdy) return existing(Number(mdy[3]), monthOf(mdy[1] ?? ''), Number(mdy[2]));
  const dmy = /^(\d{1,2}) ([A-Za-z]+\.?),? (\d{4})$/.exec(t);
  if (dmy) return existing(Number(dmy[3]), monthOf(dmy[2] ?? ''), Number(dmy[1]));
  const numeric = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (numeric) return existing(Number(numeric[3]), Number(numeric[1]), Number(numeric[2]));
  return null;
}

/** Monday in Chinese (as calendars in China start the week), Sunday in English (en-US). */
export function firstDayOfWeek(locale: Locale): DayOfWeek {
  // DayOfWeek.Monday is 1, Sunday 0 (a type-only import: the calendar stays in the picker's chunk).
  return (locale === 'zh-CN' ? 1 : 0) as DayOfWeek;
}

const names = (
  locale: Locale,
  count: number,
  options: Intl.DateTimeFormatOptions,
  at: (i: number) => number,
) => {
  const format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
  return Array.from({ length: count }, (_, i) => format.format(at(i)));
};

/** The calendar's words in the locale: month and weekday names from Intl, the labels from the catalogue. */
export function calendarStrings(locale: Locale, t: Translate): CalendarStrings {
  // 4 January 2026 was a Sunday: the calendar's weekday lists start on Sunday whatever the first day of the week.
  const weekday = (i: number) => Date.UTC(2026, 0, 4 + i);
  const month = (i: number) => Date.UTC(2026, i, 1);
  return {
    months: names(locale, 12, { month: 'long' }, month),
    shortMonths: names(locale, 12, { month: 'short' }, month),
    days: names(locale, 7, { weekday: 'long' }, weekday),
    shortDays: names(locale, 7, { weekday: 'narrow' }, weekday),
    goToToday: t('day.goToToday'),
    prevMonthAriaLabel: t('day.prevMonth'),
    nextMonthAriaLabel: t('day.nextMonth'),
    prevYearAriaLabel: t('day.prevYear'),
    nextYearAriaLabel: t('day.nextYear'),
    prevYearRangeAriaLabel: t('day.prevYearRange'),
    nextYearRangeAriaLabel: t('day.nextYearRange'),
    closeButtonAriaLabel: t('day.close'),
    selectedDateFormatString: t('day.selectedDate'),
    todayDateFormatString: t('day.todayDate'),
    weekNumberFormatString: t('day.weekNumber'),
    monthPickerHeaderAriaLabel: t('day.monthPickerHeader'),
    yearPickerHeaderAriaLabel: t('day.yearPickerHeader'),
    dayMarkedAriaLabel: t('day.marked'),
  };
}

/** How the calendar writes its header, its years and each day's name in the locale ("June 2027" / "2027年6月"). */
export function calendarFormatting(locale: Locale): DateFormatting {
  const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options);
  const monthYear = format({ year: 'numeric', month: 'long' });
  const monthDayYear = format({ year: 'numeric', month: 'long', day: 'numeric' });
  const year = format({ year: 'numeric' });
  const month = format({ month: 'long' });
  return {
    formatDay: (date) => String(date.getDate()),
    formatMonth: (date) => month.format(date),
    formatYear: (date) => year.format(date),
    formatMonthDayYear: (date) => monthDayYear.format(date),
    formatMonthYear: (date) => monthYear.format(date),
  };
}
