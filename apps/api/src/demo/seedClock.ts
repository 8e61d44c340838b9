// The demo seed's store clock: the system clock, turned back while the seed records what was written up on an earlier day (its check-ins).
import type { Clock } from '@perfloop/store';

/**
 * A store clock the demo seed can turn back: the seed's story happened over months, but it is written in one go, and a
 * check-in is judged by when it was recorded (core checkInCounting). Only the seed turns it, on the first start of an
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
      try {
        return await fn();
      } finally {
        turnedTo = before;
      }
    },
  };
}
