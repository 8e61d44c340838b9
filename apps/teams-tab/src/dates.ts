// Calendar days as people pick them (local time) and the instants the API stores for them.

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
