// The Perfloop API over its public HTTP contract (API key with the sync:notion scope): feed, goals, directory, sync state, leases.
import type { Logger } from '../log.ts';
import {
  type ApiGoal,
  type ChangeEvent,
  ChangesPageSchema,
  type CheckIn,
  CheckInSchema,
  type Directory,
  DirectorySchema,
  type Lease,
  LeaseSchema,
  parseApiGoal,
  type StateEntry,
  StateEntrySchema,
} from './types.ts';

export const INTEGRATION = 'notion';

/** A problem+json answer of the API. */
export class PerfloopError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly errors: { path: string; message: string; code: string }[] = [],
  ) {
    super(message);
  }
}

export interface StateWrite {
  key: string;
  ifVersion: number | null;
  value?: Record<string, unknown>;
  delete?: true;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PerfloopApi {
  /** Requests sent (retries included). */
  calls = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly logger: Logger,
  ) {}

  /**
   * One request. Network errors (e.g. a kept-alive socket the server just closed) and 5xx are retried:
   * everything the worker sends is safe to repeat — reads, POSTs with an Idempotency-Key, writes
   * guarded by If-Match or by the state's compare-and-set (a repeat that finds its own change answers 412,
   * and the round reads the state again), and lease requests by the same holder (a renewal).
   * Every problem+json comes back as a PerfloopError.
   */
  private async request<T>(
    method: string,
    path: string,
    init: { json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const attempts = 5;
    let last: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      this.calls += 1;
      try {
        const res = await fetch(`${this.baseUrl}/v1${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${this.apiKey}`,
            Accept: 'application/json',
            ...(init.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...init.headers,
          },
          ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        const body = text === '' ? null : (JSON.parse(text) as unknown);
        if (res.ok) return { status: res.status, body: body as T, headers: res.headers };
        const p = (body ?? {}) as {
          code?: string;
          detail?: string;
          details?: Record<string, unknown>;
          errors?: [];
        };
        const error = new PerfloopError(
          res.status,
          p.code ?? 'error',
          p.detail ?? `HTTP ${res.status}`,
          p.details,
          p.errors,
        );
        if (res.status < 500) throw error;
        last = error;
      } catch (error) {
        if (error instanceof PerfloopError && error.status < 500) throw error;
        last = error;
      }
      const wait = Math.min(10_000, 250 * 2 ** attempt);
      this.logger.warn(
        { method, path, attempt, waitMs: wait, error: String(last) },
        'Perfloop API call failed; retrying',
      );
      await sleep(wait);
    }
    throw last;
  }

  async changes(after: number, limit = 500): Promise<{ events: ChangeEvent[]; nextCursor: number }> {
    const { body } = await this.request<unknown>('GET', `/changes?after=${after}&limit=${limit}`);
    return ChangesPageSchema.parse(body);
  }

  async goal(id: string): Promise<ApiGoal | null> {
    try {
      const { body } = await this.request<unknown>('GET', `/goals/${encodeURIComponent(id)}`);
      return parseApiGoal(body);
    } catch (error) {
      if (error instanceof PerfloopError && error.status === 404) return null;
      throw error;
    }
  }

  /** PATCH with If-Match: 412 `stale_version` when the goal moved on since `version`. */
  async patchGoal(id: string, version: number, changes: Record<string, unknown>): Promise<ApiGoal> {
    const { body } = await this.request<unknown>('PATCH', `/goals/${encodeURIComponent(id)}`, {
      json: changes,
      headers: { 'If-Match': `"${version}"` },
    });
    return parseApiGoal(body);
  }

  async proposeGoal(body: Record<string, unknown>, idempotencyKey: string): Promise<ApiGoal> {
    const res = await this.request<unknown>('POST', `/integrations/${INTEGRATION}/goals`, {
      json: body,
      headers: { 'Idempotency-Key': idempotencyKey },
    });
    return parseApiGoal(res.body);
  }

  /**
   * Records a check-in (POST /v1/check-ins with an Idempotency-Key: the same request again answers with the check-in
   * it created). The sync key writes progress notes about a goal's owner, authored by them (the API decides).
   */
  async createCheckIn(body: Record<string, unknown>, idempotencyKey: string): Promise<CheckIn> {
    const res = await this.request<Record<string, unknown>>('POST', '/check-ins', {
      json: body,
      headers: { 'Idempotency-Key': idempotencyKey },
    });
    const { version: _v, createdAt: _c, updatedAt: _u, updatedGoals: _g, ...checkIn } = res.body;
    return CheckInSchema.parse(checkIn);
  }

  /** Every check-in about a person in a cycle. */
  async checkIns(cycleId: string, subjectId: string): Promise<CheckIn[]> {
    const out: CheckIn[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `?cycleId=${encodeURIComponent(cycleId)}&subjectId=${encodeURIComponent(subjectId)}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { body } = await this.request<{ items: unknown[]; nextCursor: string | null }>(
        'GET',
        `/check-ins${q}`,
      );
      // Resources carry their version and times too (not part of the check-in).
      out.push(
        ...body.items.map((i) => {
          const { version: _v, createdAt: _c, updatedAt: _u, ...checkIn } = i as Record<string, unknown>;
          return CheckInSchema.parse(checkIn);
        }),
      );
      cursor = body.nextCursor;
    } while (cursor !== null);
    return out;
  }

  async directory(): Promise<Directory> {
    const { body } = await this.request<unknown>('GET', `/integrations/${INTEGRATION}/directory`);
    return DirectorySchema.parse(body);
  }

  async listState(prefix = ''): Promise<StateEntry[]> {
    const out: StateEntry[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `?limit=1000${prefix ? `&prefix=${encodeURIComponent(prefix)}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { body } = await this.request<{ items: unknown[]; nextCursor: string | null }>(
        'GET',
        `/integrations/${INTEGRATION}/state${q}`,
      );
      out.push(...body.items.map((i) => StateEntrySchema.parse(i)));
      cursor = body.nextCursor;
    } while (cursor !== null);
    return out;
  }

  async getState(key: string): Promise<StateEntry | null> {
    try {
      const { body } = await this.request<unknown>(
        'GET',
        `/integrations/${INTEGRATION}/state/${encodeURIComponent(key)}`,
      );
      return StateEntrySchema.parse(body);
    } catch (error) {
      if (error instanceof PerfloopError && error.status === 404) return null;
      throw error;
    }
  }

  /** Atomic compare-and-set of several entries, fenced by the lease when given. */
  async writeState(
    writes: StateWrite[],
    lease?: { name: string; token: number },
  ): Promise<Map<string, number>> {
    const { body } = await this.request<{ entries: { key: string; version: number }[] }>(
      'POST',
      `/integrations/${INTEGRATION}/state`,
      { json: { writes, ...(lease ? { lease } : {}) } },
    );
    return new Map(body.entries.map((e) => [e.key, e.version]));
  }

  async acquireLease(name: string, holder: string, ttlSeconds: number): Promise<Lease> {
    const { body } = await this.request<unknown>(
      'POST',
      `/integrations/${INTEGRATION}/leases/${encodeURIComponent(name)}`,
      { json: { holder, ttlSeconds } },
    );
    return LeaseSchema.parse(body);
  }

  async releaseLease(name: string, version: number): Promise<void> {
    await this.request('DELETE', `/integrations/${INTEGRATION}/leases/${encodeURIComponent(name)}`, {
      headers: { 'If-Match': `"${version}"` },
    });
  }
}
