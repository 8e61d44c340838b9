// Money as the API sends it (integer cents of the organisation's currency, or of none) formatted in the tab's locale.

const formats = new Map<string, Intl.NumberFormat>();

/** One formatter per locale and currency (null: a plain amount with cents, no symbol). */
function formatOf(locale: string, currency: string | null): Intl.NumberFormat {
  const key = `${locale}|${currency ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    format = currency
      ? new Intl.NumberFormat(locale, { style: 'currency', currency })
      : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formats.set(key, format);
  }
  return format;
}

/**
 * `cents` (hundredths of the currency's unit) in `locale`: with the currency's symbol and digits when the
 * organisation has a currency (`€1,234.50`; CNY in zh-CN `¥1,234.50`, in en `CN¥1,234.50`), else a plain
 * amount with cents (`1,234.50`).
 */
export function formatMoney(locale: string, cents: number, currency: string | null): string {
  return formatOf(locale, currency).format(cents / 100);
}

/** The currency's symbol in `locale` (`€`, `US$`, `¥`…), for an amount field; '' without a currency. */
export function currencySymbol(locale: string, currency: string | null): string {
  if (!currency) return '';
  return (
    formatOf(locale, currency)
      .formatToParts(0)
      .find((p) => p.type === 'currency')?.value ?? currency
  );
}
