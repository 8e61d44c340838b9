// The Perfloop API as the signed-in Sheets user: the add-on's addon:sheets key plus the user's Google ID token, with safe retries.
import type { z } from 'zod';
import { DEFAULT_RETRY, parseRetryAfter, type RetryDecision, type RetryPolicy, withRetry } from '../retry.ts';
import {
  type BulkScoreEntries,
  BulkScoreEntriesResult,
  CycleBody,
  DepartmentBody,
  GoalBodySchema,
  PersonBody,
  Problem,
  page,
  ReviewBody,
  ScoreBody,
  ScoreFailureBody,
} from './schemas.ts';

export const USER_TOKEN_HEADER = 'X-Perfloop-User-Token';
const PAGE_SIZE = 500;
/** Statuses worth another try: rate limits and transient upstream failures. */
const TRANSIENT = new Set([429, 502, 503, 504]);

/** A non-2xx answer from the API, with its problem+json. */
export class PerfloopError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly retryAfterMs?: number,
  ) {
    super(problem.detail ?? problem.title ?? `Perfloop API answered ${status}`);
    this.name = 'PerfloopError';
  }
  get code(): string {
    return this.problem.code ?? String(this.status);
  }
}

export interface PerfloopClientOptions {
  apiUrl: string;
  apiKey: string;
  /** The user's Google ID token from the add-on event. */
  userToken: string;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
  /** Counts every HTTP request (retries included), for tests and the benchmark. */
  onRequest?: (method: string, path: string) => void;
}

/** The API's answer to a bulk request: each person's outcome, or the whole request refused. */
export type ApplyOutcome = { ok: true; result: BulkScoreEntriesResult } | { ok: false; error: PerfloopError };

export interface PerfloopClient {
  me(): Promise<PersonBody>;
  cycles(): Promise<CycleBody[]>;
  cycle(id: string): Promise<CycleBody>;
  departments(): Promise<DepartmentBody[]>;
  /** Everyone the user may see. */
  people(): Promise<PersonBody[]>;
  /** The goals of a cycle the user may see. */
  goals(cycleId: string): Promise<z.infer<typeof GoalBodySchema>[]>;
  /** Manager reviews of the cycle the user may see (their own drafts included). */
  managerReviews(cycleId: string): Promise<ReviewBody[]>;
  scores(cycleId: string): Promise<{ items: ScoreBody[]; failures: z.infer<typeof ScoreFailureBody>[] }>;
  /**
   * Many people's actuals and ratings in one request, all or nothing per person
   * (`POST /v1/cycles/{id}/score-entries`); a refusal of the whole request comes back as a value, not a throw.
   */
  applyScoreEntries(cycleId: string, body: BulkScoreEntries, idempotencyKey: string): Promise<ApplyOutcome>;
}

function decide(method: string, idempotent: boolean) {
  return (error: unknown): RetryDecision => {
    if (error instanceof PerfloopError) {
      const retry = TRANSIENT.has(error.status) && (method === 'GET' || idempotent);
      return error.retryAfterMs === undefined ? { retry } : { retry, retryAfterMs: error.retryAfterMs };
    }
    // A network failure: the request may or may not have arrived; safe only when repeating is safe.
    return { retry: method === 'GET' || idempotent };
  };
}

export function createPerfloopClient(options: PerfloopClientOptions): PerfloopClient {
  const doFetch = options.fetch ?? fetch;
  const policy = options.retry ?? DEFAULT_RETRY;

  async function request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    init: { body?: unknown; idempotencyKey?: string } = {},
  ): Promise<z.infer<S>> {
    return withRetry(
      async () => {
        options.onRequest?.(method, path);
        const headers: Record<string, string> = {
          Authorization: `Bearer ${options.apiKey}`,
          [USER_TOKEN_HEADER]: options.userToken,
          Accept: 'application/json',
        };
        if (init.body !== undefined) headers['Content-Type'] = 'application/json';
        if (init.idempotencyKey) headers['Idempotency-Key'] = init.idempotencyKey;
        const res = await doFetch(`${options.apiUrl}${path}`, {
          method,
          headers,
          ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        });
        const text = await res.text();
        let json: unknown = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          json = null;
        }
        if (!res.ok) {
          const problem = Problem.safeParse(json);
          throw new PerfloopError(
            res.status,
            problem.success
              ? problem.data
              : { status: res.status, detail: `Perfloop API answered ${res.status}` },
            parseRetryAfter(res.headers.get('retry-after')),
          );
        }
        const parsed = schema.safeParse(json);
        if (!parsed.success) {
          throw new PerfloopError(502, {
            status: 502,
            code: 'unexpected_response',
            detail: `The Perfloop API's answer to ${method} ${path.split('?')[0]} did not have the expected shape.`,
          });
        }
        return parsed.data;
      },
      decide(method, init.idempotencyKey !== undefined),
      policy,
    );
  }

  async function all<S extends z.ZodType>(path: string, item: S): Promise<z.infer<S>[]> {
    const out: z.infer<S>[] = [];
    let cursor: string | null = null;
    const sep = path.includes('?') ? '&' : '?';
    do {
      const url: string = `${path}${sep}limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const p: { items: z.infer<S>[]; nextCursor: string | null } = await request('GET', url, page(item));
      out.push(...p.items);
      cursor = p.nextCursor;
    } while (cursor);
    return out;
  }

  const enc = encodeURIComponent;
  return {
    me: () => request('GET', '/v1/people/me', PersonBody),
    cycles: () => all('/v1/cycles', CycleBody),
    cycle: (id) => request('GET', `/v1/cycles/${enc(id)}`, CycleBody),
    departments: () => all('/v1/departments', DepartmentBody),
    people: () => all('/v1/people', PersonBody),
    goals: (cycleId) => all(`/v1/goals?cycleId=${enc(cycleId)}&level=person`, GoalBodySchema),
    managerReviews: (cycleId) => all(`/v1/reviews?cycleId=${enc(cycleId)}&component=manager`, ReviewBody),
    async scores(cycleId) {
      const items: ScoreBody[] = [];
      const failures: z.infer<typeof ScoreFailureBody>[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/v1/cycles/${enc(cycleId)}/scores?limit=${PAGE_SIZE}${cursor ? `&cursor=${enc(cursor)}` : ''}`;
        const p = await request('GET', url, page(ScoreBody).extend({ failures: ScoreFailureBody.array() }));
        items.push(...p.items);
        failures.push(...p.failures);
        cursor = p.nextCursor;
      } while (cursor);
      return { items, failures };
    },
    async applyScoreEntries(cycleId, body, idempotencyKey) {
      try {
        const result = await request(
          'POST',
          `/v1/cycles/${enc(cycleId)}/score-entries`,
          BulkScoreEntriesResult,
          { body, idempotencyKey },
        );
        return { ok: true, result };
      } catch (error) {
        if (error instanceof PerfloopError && error.status < 500 && error.status !== 429)
          return { ok: false, error };
        throw error;
      }
    },
  };
}
