// The API's clock for the times it writes into records (agreed, submitted, applied, held …): the system's, except while the demo seed turns it back.

let turnedTo: string | null = null;

/** Now as an ISO date-time (UTC): the system clock, or the instant the demo seed turned it to (seedClock.ts). */
export function nowIso(): string {
  return turnedTo ?? new Date().toISOString();
}

/**
 * Only for the demo seed, on the first start of an empty database before the server listens: the API's clock at
 * `iso`, or back to the system clock with null — the same instant as the store's clock, so a record's own times
 * (`employeeAgreedAt`, `submittedAt` …) and its `createdAt` tell one story.
 */
export function turnApiClock(iso: string | null): void {
  turnedTo = iso;
}
