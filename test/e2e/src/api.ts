// The test's own view of the API: HTTP calls as a demo person (`Bearer dev:<email>`), and waiting on a condition.
import { PEOPLE, type Who } from './people.ts';

export interface Reply<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Api {
  base: string;
  /** Calls the API as a person. */
  call<T = Record<string, unknown>>(
    as: Who,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply<T>>;
  /** Like call, but throws unless the answer is 2xx (with the problem in the message). */
  ok<T = Record<string, unknown>>(
    as: Who,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T>;
  /** Every item of a paged list. */
  all<T = Record<string, unknown>>(as: Who, path: string): Promise<T[]>;
  /** A write with If-Match from a fresh read of `path` (PATCH, PUT, DELETE, or a POST action on it). */
  withVersion<T = Record<string, unknown>>(
    as: Who,
    method: string,
    read: string,
    path: string,
    body?: unknown,
  ): Promise<T>;
}

export function apiClient(base: string): Api {
  const call: Api['call'] = async (as, method, path, body, headers = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer dev:${PEOPLE[as]}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as never };
  };
  const ok: Api['ok'] = async (as, method, path, body, headers) => {
    const r = await call(as, method, path, body, headers);
    if (r.status < 200 || r.status > 299)
      throw new Error(`${as}: ${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as never;
  };
  return {
    base,
    call,
    ok,
    async all(as, path) {
      const out: never[] = [];
      let cursor: string | null = null;
      do {
        const sep = path.includes('?') ? '&' : '?';
        const page: { items: never[]; nextCursor: string | null } = await ok(
          as,
          'GET',
          `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      return out;
    },
    async withVersion(as, method, read, path, body) {
      const current = await ok<{ version: number }>(as, 'GET', read);
      return ok(as, method, path, body, { 'If-Match': `"${current.version}"` });
    },
  };
}

/**
 * Waits until `check` returns a value other than undefined/false (polling; a condition, never a sleep
 * standing in for one). `what` names the condition in the timeout error, with the last value seen.
 */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}; last: ${last instanceof Error ? last.message : String(last)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
