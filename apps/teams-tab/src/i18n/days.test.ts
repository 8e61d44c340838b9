// Days typed in the tab's locale: read back as the locale writes them and in ISO form, never a day that does not exist.
import { describe, expect, it } from 'vitest';
import { localDay } from '../dates.ts';
import { calendarFormatting, calendarStrings, dayText, firstDayOfWeek, parseDay } from './days.ts';
import { translator } from './index.tsx';

const read = (text: string, locale: 'en' | 'zh-CN') => {
  const day = parseDay(text, locale);
  return day ? localDay(day) : null;
};

describe('days in the locale', () => {
  it('writes a day as the tab’s dates read, and reads it back', () => {
    const day = new Date(2027, 5, 15);
    expect(dayText(day, 'en')).toBe('Jun 15, 2027');
    expect(dayText(day, 'zh-CN')).toBe('2027年6月15日');
    expect(read(dayText(day, 'en'), 'en')).toBe('2027-06-15');
    expect(read(dayText(day, 'zh-CN'), 'zh-CN')).toBe('2027-06-15');
  });

  it('reads ISO and Chinese forms in either locale, full-width digits too', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      expect(read('2027-06-15', locale)).toBe('2027-06-15');
      expect(read(' 2027/6/5 ', locale)).toBe('2027-06-05');
      expect(read('2027.12.31', locale)).toBe('2027-12-31');
      expect(read('2027年7月4日', locale)).toBe('2027-07-04');
      expect(read('2027 年 7 月 4 日', locale)).toBe('2027-07-04');
      expect(read('２０２７－０７－０４', locale)).toBe('2027-07-04');
    }
  });

  it('reads English month names and month-first numbers in English only', () => {
    expect(read('Jul 4, 2027', 'en')).toBe('2027-07-04');
    expect(read('july 4 2027', 'en')).toBe('2027-07-04');
    expect(read('Sept. 3rd, 2027', 'en')).toBe('2027-09-03');
    expect(read('4 July 2027', 'en')).toBe('2027-07-04');
    expect(read('7/4/2027', 'en')).toBe('2027-07-04');
    expect(read('Jul 4, 2027', 'zh-CN')).toBeNull();
    expect(read('7/4/2027', 'zh-CN')).toBeNull();
  });

  it('refuses what names no day', () => {
    for (const text of [
      '',
      'next week',
      '2027-02-30',
      '2027-13-01',
      '2027-00-10',
      'Ju 4, 2027',
      '31 June 2027',
      '27-6-15',
    ])
      expect([text, read(text, 'en')]).toEqual([text, null]);
    expect(read('2027年2月29日', 'zh-CN')).toBeNull();
    expect(read('2028年2月29日', 'zh-CN')).toBe('2028-02-29');
  });

  it('gives the calendar the locale’s names, first weekday and labels', () => {
    const zh = calendarStrings('zh-CN', translator('zh-CN'));
    expect(zh.months[0]).toBe('一月');
    expect(zh.shortMonths[11]).toBe('12月');
    expect(zh.days).toEqual(['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六']);
    expect(zh.shortDays).toEqual(['日', '一', '二', '三', '四', '五', '六']);
    expect(zh.goToToday).toBe('转到今天');
    const en = calendarStrings('en', translator('en'));
    expect([en.months[5], en.shortDays[0], en.goToToday]).toEqual(['June', 'S', 'Go to today']);
    expect([firstDayOfWeek('en'), firstDayOfWeek('zh-CN')]).toEqual([0, 1]);
    const day = new Date(2027, 5, 15);
    expect(calendarFormatting('zh-CN').formatMonthYear(day, zh)).toBe('2027年6月');
    expect(calendarFormatting('zh-CN').formatMonthDayYear(day, zh)).toBe('2027年6月15日');
    expect(calendarFormatting('en').formatMonthYear(day, en)).toBe('June 2027');
    expect(calendarFormatting('en').formatMonthDayYear(day, en)).toBe('June 15, 2027');
  });
});
