// The message catalogue in use: English or Simplified Chinese from the Teams locale (or the browser's).
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { shownDate } from '../dates.ts';
import { en, type MessageKey, type Messages } from './en.ts';
import { currencySymbol, formatMoney } from './money.ts';
import { zh } from './zh.ts';

export type Locale = 'en' | 'zh-CN';
export type { MessageKey, Messages };

/** `zh-cn`, `zh-CN`, `zh-Hans`, `zh-SG` → Simplified Chinese; everything else English. */
export function localeOf(tag: string | null | undefined): Locale {
  const t = (tag ?? '').toLowerCase();
  return t === 'zh' || t.startsWith('zh-cn') || t.startsWith('zh-hans') || t.startsWith('zh-sg')
    ? 'zh-CN'
    : 'en';
}

export const catalogues: Record<Locale, Messages> = { en, 'zh-CN': zh };

/** How the tab writes a day: "Jun 15, 2027" in English, "2027年6月15日" in Chinese (shown dates and day fields alike). */
export const DAY_FORMAT: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };

/** Dates in the locale: calendar days as those days, instants in the local time zone; '—' for none. */
export function dateFormatter(locale: Locale): (iso: string | null | undefined) => string {
  const format = new Intl.DateTimeFormat(locale, DAY_FORMAT);
  return (iso) => (iso ? format.format(shownDate(iso)) : '—');
}

/** A difference in the locale, signed: "+0.4" above zero, "-0.4" below, "0" for none (Intl `signDisplay: 'exceptZero'`). */
export function signedFormatter(locale: Locale): (n: number, digits?: number) => string {
  return (n, digits = 2) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(n);
}

/** A counted message: its singular form (`<key>.one`) for a count of 1 when the catalogue has one ("1 person"). */
export function counted(key: MessageKey, count: number): MessageKey {
  const one = `${key}.one`;
  return count === 1 && one in en ? (one as MessageKey) : key;
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const messages = catalogues[locale];
  return (key, vars) => {
    const text = messages[key] ?? en[key] ?? key;
    return vars
      ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
      : text;
  };
}

interface I18n {
  locale: Locale;
  t: Translate;
  /** Dates and numbers in the locale. */
  date: (iso: string | null | undefined) => string;
  number: (n: number, digits?: number) => string;
  /** A difference (e.g. a rater's leniency), with its sign: + above zero, - below. */
  signed: (n: number, digits?: number) => string;
  /** Cents in the organisation's currency (the `currency` of the response carrying them); null: no symbol. */
  money: (cents: number, currency: string | null) => string;
  /** The currency's symbol for an amount field ('' without a currency). */
  currencySymbol: (currency: string | null) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo<I18n>(() => {
    return {
      locale,
      t: translator(locale),
      date: dateFormatter(locale),
      number: (n, digits = 2) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n),
      signed: signedFormatter(locale),
      money: (cents, currency) => formatMoney(locale, cents, currency),
      currencySymbol: (currency) => currencySymbol(locale, currency),
    };
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
