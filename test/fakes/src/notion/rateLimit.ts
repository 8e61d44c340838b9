// Notion's request limit per integration token: a token bucket (average rate, small burst); refusals carry Retry-After in whole seconds.
export interface RateLimitOptions {
  /** Average requests per second per token; Notion's documented limit is 3. */
  requestsPerSecond: number;
  /** Requests a token may make at once after being idle. */
  burst: number;
}

export const NOTION_RATE_LIMIT: RateLimitOptions = { requestsPerSecond: 3, burst: 6 };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    public options: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** 0 when the request may go ahead (and spends a token); otherwise the seconds to wait. */
  take(token: string): number {
    const { requestsPerSecond: rate, burst } = this.options;
    if (rate <= 0) return 0;
    const t = this.now();
    const b = this.buckets.get(token) ?? { tokens: burst, at: t };
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * rate);
    b.at = t;
    this.buckets.set(token, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate));
  }
}
