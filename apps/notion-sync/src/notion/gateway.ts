// The worker's door to Notion: @notionhq/client v5 on API 2025-09-03 behind the rate limiter, with retries, call counts and the server's clock.
import { Client, LogLevel } from '@notionhq/client';
import type { Logger } from '../log.ts';
import { classify, describe, retryAfterMs, UncertainWriteError } from './errors.ts';
import { type LimiterClock, RateLimiter, realClock } from './limiter.ts';

export const NOTION_VERSION = '2025-09-03';

export interface GatewayOptions {
  token: string;
  baseUrl: string;
  requestsPerSecond: number;
  burst: number;
  concurrency: number;
  timeoutMs: number;
  /** Attempts per call before giving up (rate-limited waits included). */
  maxAttempts?: number;
  logger: Logger;
  clock?: LimiterClock;
}

export interface CallOptions {
  /** Safe to repeat after an unknown outcome (reads, and updates that set the same values again). */
  idempotent: boolean;
  /**
   * Runs after the limiter let the call through, right before it is sent (every attempt): a write checks the
   * sync lease here, so a call that queued behind others never goes out after the lease ran out.
   */
  guard?: () => Promise<unknown>;
}

type Fetch = typeof globalThis.fetch;

export class NotionGateway {
  readonly client: Client;
  readonly limiter: RateLimiter;
  /** HTTP requests sent to Notion (retries included), in total and by operation. */
  calls = 0;
  readonly callsByOperation = new Map<string, number>();
  /** Server time minus local time, from the last response's Date header (ms). */
  private serverOffsetMs = 0;
  private readonly maxAttempts: number;
  private readonly clock: LimiterClock;

  constructor(private readonly options: GatewayOptions) {
    this.clock = options.clock ?? realClock;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.limiter = new RateLimiter(
      {
        requestsPerSecond: options.requestsPerSecond,
        burst: options.burst,
        concurrency: options.concurrency,
      },
      this.clock,
    );
    const counted: Fetch = async (input, init) => {
      this.calls += 1;
      const res = await globalThis.fetch(input, {
        ...init,
        // The client's own timeout does not cancel the request; this does (a little later).
        signal: AbortSignal.timeout(options.timeoutMs + 5_000),
      });
      const date = res.headers.get('date');
      if (date) {
        const at = Date.parse(date);
        if (!Number.isNaN(at)) this.serverOffsetMs = at - Date.now();
      }
      return res;
    };
    this.client = new Client({
      auth: options.token,
      baseUrl: options.baseUrl,
      notionVersion: NOTION_VERSION,
      timeoutMs: options.timeoutMs,
      // Retries live here, behind the limiter, so every attempt is paced and counted.
      retry: false,
      fetch: counted as never,
      logLevel: LogLevel.ERROR,
      logger: (level, message, extra) => options.logger.debug({ level, extra }, `notion client: ${message}`),
    });
  }

  /** Notion's clock (from the Date header; second resolution), in ms since the epoch. */
  serverNow(): number {
    return Date.now() + this.serverOffsetMs;
  }

  /**
   * Runs one Notion call under the limiter. 429/529: pauses every call for Retry-After, then retries.
   * Transient failures: retried with backoff when `idempotent`, otherwise UncertainWriteError (look first).
   */
  async call<T>(operation: string, fn: (client: Client) => Promise<T>, options: CallOptions): Promise<T> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const release = await this.limiter.acquire();
      try {
        await options.guard?.();
      } catch (error) {
        release();
        throw error;
      }
      this.callsByOperation.set(operation, (this.callsByOperation.get(operation) ?? 0) + 1);
      try {
        return await fn(this.client);
      } catch (error) {
        lastError = error;
        const kind = classify(error);
        if (kind === 'permanent') throw error;
        if (kind === 'rate_limited') {
          const wait = retryAfterMs(error) ?? this.backoff(attempt);
          this.options.logger.info({ operation, waitMs: wait }, 'Notion asked us to slow down');
          this.limiter.pause(wait);
          continue;
        }
        if (!options.idempotent) throw new UncertainWriteError(operation, error);
        const wait = this.backoff(attempt);
        this.options.logger.warn(
          { operation, attempt, waitMs: wait, ...describe(error) },
          'Notion call failed; retrying',
        );
        await this.clock.sleep(wait);
      } finally {
        release();
      }
    }
    throw lastError;
  }

  private backoff(attempt: number): number {
    const base = Math.min(30_000, 500 * 2 ** (attempt - 1));
    return base / 2 + Math.random() * (base / 2);
  }
}
