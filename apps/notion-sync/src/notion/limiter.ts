// Client-side rate limiter per integration token: a token bucket (average rate, burst), bounded concurrency, and a pause on Retry-After.
export interface LimiterOptions {
  /** Average requests per second (Notion: 3 per integration). */
  requestsPerSecond: number;
  /** Requests that may start back to back after an idle spell (1 = strictly paced). */
  burst: number;
  /** Requests in flight at once. */
  concurrency: number;
}

export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: LimiterClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RateLimiter {
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = 0;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  /** Grants are handed out one at a time, in arrival order. */
  private gate: Promise<void> = Promise.resolve();
  /** Highest number of requests seen in flight at once (for tests). */
  maxInFlight = 0;

  constructor(
    readonly options: LimiterOptions,
    private readonly clock: LimiterClock = realClock,
  ) {
    this.tokens = options.burst;
    this.refilledAt = clock.now();
  }

  /** Waits for a concurrency slot and a token; returns the function that frees the slot. */
  async acquire(): Promise<() => void> {
    await this.slot();
    const grant = this.gate.then(() => this.token());
    this.gate = grant.catch(() => undefined);
    try {
      await grant;
    } catch (error) {
      this.free();
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.free();
    };
  }

  /** Nobody starts a request before `ms` from now (the server said Retry-After). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
    this.tokens = Math.min(this.tokens, 0);
  }

  private async slot(): Promise<void> {
    if (this.inFlight < this.options.concurrency) {
      this.inFlight += 1;
    } else {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
  }

  private free(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight -= 1;
  }

  private async token(): Promise<void> {
    const { requestsPerSecond: rate, burst } = this.options;
    for (;;) {
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now);
        this.refilledAt = Math.max(this.refilledAt, this.pausedUntil);
        continue;
      }
      this.tokens = Math.min(burst, this.tokens + ((now - this.refilledAt) / 1000) * rate);
      this.refilledAt = now;
      // (The epsilon absorbs floating-point drift, so a refill never falls a hair short of a whole token.)
      if (this.tokens >= 1 - 1e-9) {
        this.tokens = Math.max(0, this.tokens - 1);
        return;
      }
      await this.clock.sleep(Math.max(1, ((1 - this.tokens) / rate) * 1000));
    }
  }
}
