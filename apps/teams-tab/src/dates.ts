// Calendar days as people pick them (local time), the instants the API stores for them, and the Date to show for either.

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of `at` as YYYY-MM-DD (what a date input shows as today). */
export function localDay(at: Date = new Date()): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/**
 * The instant to record for something that happened on a picked local day: now when it is today (noon would still
 * be ahead in the morning, and a meeting "held" in the future cannot be acknowledged yet), else local noon that day.
 */
export function instantOfDay(day: string, now: Date = new Date()): string {
  if (day === localDay(now)) return now.toISOString();
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12).toISOString();
}

/**
 * The Date to show for an API value: a calendar day (`YYYY-MM-DD`, e.g. an improvement plan's start) is that day at
 * local midnight, so it reads as the same day in every time zone (`new Date('2026-07-20')` is UTC midnight, the 19th
 * west of UTC); an instant is itself.
 */
export function shownDate(iso: string): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(iso);
}
