// The demo seed's clock (the store's and the API's): the system clock, turned back while the seed records what happened on an earlier day.
import type { Clock } from '@perfloop/store';
import { turnApiClock } from '../kit/clock.ts';

/**
 * A store clock the demo seed can turn back, with the API's (kit/clock.ts): the seed's story happened over months, but it
 * is written in one go, and a check-in is judged by when it was recorded (core checkInCounting), an agreement or a
 * result is read with its day. Only the seed turns it, on the first start of an
 * empty database, before the server listens; otherwise it is the system clock.
 */
export interface SeedClock {
  /** The store's clock (`openStore({ clock })`). */
  readonly clock: Clock;
  /** Runs `fn` with the store's clock at `iso` (never ahead of now), then back to the system clock. */
  at<T>(iso: string, fn: () => Promise<T>): Promise<T>;
}

export function createSeedClock(): SeedClock {
  let turnedTo: string | null = null;
  return {
    clock: () => turnedTo ?? new Date().toISOString(),
    async at(iso, fn) {
      const before = turnedTo;
      turnedTo = new Date(Math.min(Date.parse(iso), Date.now())).toISOString();
      turnApiClock(turnedTo);
      try {
        return await fn();
      } finally {
        turnedTo = before;
        turnApiClock(before);
      }
    },
  };
}
