// Retries with exponential backoff and full jitter, honouring Retry-After: for Google's 429/5xx and the Perfloop API's.
export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1); injectable for tests. */
  random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 500, maxMs: 20_000 };

export interface RetryDecision {
  retry: boolean;
  /** The server's Retry-After, in ms. */
  retryAfterMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `Retry-After` as delay-seconds or an HTTP date → ms (undefined when absent or unreadable). */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait before retry number `attempt` (1-based): full jitter under an exponential cap, never below Retry-After. */
export function backoffMs(attempt: number, policy: RetryPolicy, retryAfterMs?: number): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  const jittered = Math.floor((policy.random ?? Math.random)() * cap);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/** Runs `fn` until it succeeds, `decide` says the failure is final, or the attempts run out (the last error is thrown). */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  decide: (error: unknown) => RetryDecision,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const decision = decide(error);
      if (!decision.retry || attempt >= policy.attempts) throw error;
      await (policy.sleep ?? realSleep)(backoffMs(attempt, policy, decision.retryAfterMs));
    }
  }
}
