// ApiClient: headers it sends (Bearer, If-Match, Idempotency-Key), problem+json into ApiError, one retry after a 401, read-ahead.
import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, MAX_LIST_ITEMS } from './client.ts';

type Seen = { url: string; init: RequestInit };

function fakeFetch(responses: Response[], seen: Seen[]): typeof fetch {
  return (async (url: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(url), init: init ?? {} });
    const next = responses.shift();
    if (!next) throw new TypeError('Failed to fetch');
    return next;
  }) as typeof fetch;
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('ApiClient', () => {
  it('sends the token, If-Match for edits and an Idempotency-Key for POSTs', async () => {
    const seen: Seen[] = [];
    const client = new ApiClient({
      token: async () => 'dev:ava@acme.test',
      fetch: fakeFetch([json(200, { ok: 1 }), json(201, { id: 'x' }), json(200, {})], seen),
    });
    await client.get('/v1/me/goals', { cycleId: 'c1', skip: undefined });
    await client.post('/v1/check-ins', { a: 1 }, { version: 3 });
    await client.patch('/v1/reviews/r1', { summary: 's' }, 7);
    const h = (i: number) => new Headers(seen[i]?.init.headers);
    expect(seen[0]?.url).toBe('/v1/me/goals?cycleId=c1');
    expect(h(0).get('authorization')).toBe('Bearer dev:ava@acme.test');
    expect(h(1).get('if-match')).toBe('"3"');
    expect(h(1).get('idempotency-key')).toMatch(/.{8,}/);
    expect(h(2).get('if-match')).toBe('"7"');
    expect(seen[2]?.init.method).toBe('PATCH');
  });

  it('deletes with If-Match and no body; a 204 resolves to nothing', async () => {
    const seen: Seen[] = [];
    const client = new ApiClient({
      token: async () => 't',
      fetch: fakeFetch([new Response(null, { status: 204 })], seen),
    });
    await expect(client.delete('/v1/goals/g1', 4)).resolves.toBeUndefined();
    const headers = new Headers(seen[0]?.init.headers);
    expect([seen[0]?.url, seen[0]?.init.method, seen[0]?.init.body]).toEqual([
      '/v1/goals/g1',
      'DELETE',
      undefined,
    ]);
    expect(headers.get('if-match')).toBe('"4"');
    expect(headers.get('content-type')).toBeNull();
  });

  it('turns problem+json into an ApiError with field errors, and a 412 into a stale error', async () => {
    const client = new ApiClient({
      token: async () => 't',
      fetch: fakeFetch(
        [
          json(
            422,
            {
              title: 'Unprocessable',
              status: 422,
              detail: 'Two problems.',
              code: 'validation_failed',
              errors: [{ path: 'notes', message: 'too long' }],
            },
            'application/problem+json',
          ),
          json(
            412,
            { title: 'Precondition Failed', status: 412, code: 'stale_version' },
            'application/problem+json',
          ),
        ],
        [],
      ),
    });
    const refused = await client.post('/v1/x', {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).problem.errors).toEqual([{ path: 'notes', message: 'too long' }]);
    expect((refused as ApiError).stale).toBe(false);
    const stale = await client.patch('/v1/x', {}, 1).catch((e: unknown) => e);
    expect((stale as ApiError).stale).toBe(true);
  });

  it('asks for a fresh token once after a 401, keeping the same Idempotency-Key', async () => {
    const seen: Seen[] = [];
    const asked: boolean[] = [];
    const client = new ApiClient({
      token: async (fresh) => {
        asked.push(Boolean(fresh));
        return fresh ? 'new' : 'old';
      },
      fetch: fakeFetch([json(401, { title: 'Unauthorized', status: 401 }), json(201, { id: 1 })], seen),
    });
    await client.post('/v1/check-ins', {});
    expect(asked).toEqual([false, true]);
    const key = (i: number) => new Headers(seen[i]?.init.headers).get('idempotency-key');
    expect(key(0)).toBe(key(1));
    expect(new Headers(seen[1]?.init.headers).get('authorization')).toBe('Bearer new');
  });

  it('reports a network failure as a plain ApiError with status 0', async () => {
    const client = new ApiClient({ token: async () => 't', fetch: fakeFetch([], []) });
    const error = (await client.get('/v1/x').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.problem.code).toBe('network_error');
  });

  it('reports a token the host would not give (Teams SSO refused) as a sign-in failure with its cause', async () => {
    const seen: Seen[] = [];
    const client = new ApiClient({
      token: async () => {
        throw new Error('resourceRequiresConsent');
      },
      fetch: fakeFetch([json(200, {})], seen),
    });
    const error = (await client.get('/v1/x').catch((e: unknown) => e)) as ApiError;
    expect([error.status, error.problem.code, error.problem.detail]).toEqual([
      0,
      'signin_failed',
      'resourceRequiresConsent',
    ]);
    expect(seen).toEqual([]);
  });
});

describe('ApiClient.all', () => {
  it('follows nextCursor through short and empty pages (a filtered listing) to the last page', async () => {
    const seen: Seen[] = [];
    const client = new ApiClient({
      token: async () => 't',
      fetch: fakeFetch(
        [
          json(200, { items: [1], nextCursor: 'c1' }),
          json(200, { items: [], nextCursor: 'c2' }),
          json(200, { items: [2, 3], nextCursor: null }),
        ],
        seen,
      ),
    });
    expect(await client.all('/v1/alerts/deliveries', { day: '2026-12-07' })).toEqual([1, 2, 3]);
    expect(seen.map((s) => s.url)).toEqual([
      '/v1/alerts/deliveries?day=2026-12-07&limit=200',
      '/v1/alerts/deliveries?day=2026-12-07&limit=200&cursor=c1',
      '/v1/alerts/deliveries?day=2026-12-07&limit=200&cursor=c2',
    ]);
  });

  /** A list of `total` numbered items (endless when Infinity), served 200 a page by cursor. */
  const listOf = (total: number, seen: Seen[]): typeof fetch =>
    (async (url: RequestInfo | URL) => {
      seen.push({ url: String(url), init: {} });
      const params = new URL(String(url), 'https://api.test').searchParams;
      const from = Number(params.get('cursor') ?? 0);
      const to = Math.min(total, from + Number(params.get('limit')));
      const items = Array.from({ length: to - from }, (_, i) => from + i);
      return json(200, { items, nextCursor: to < total ? String(to) : null });
    }) as typeof fetch;

  it('refuses a list longer than it reads (list_too_long), never handing back part of it', async () => {
    const seen: Seen[] = [];
    const client = new ApiClient({ token: async () => 't', fetch: listOf(Number.POSITIVE_INFINITY, seen) });
    const error = await client.all('/v1/alerts/deliveries', { day: '2026-12-07' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).problem).toMatchObject({ code: 'list_too_long', details: { max: 10_000 } });
    expect(MAX_LIST_ITEMS).toBe(10_000);
    expect(seen).toHaveLength(50);
    // One item over is refused too; exactly the most it reads is handed back whole.
    const over = new ApiClient({ token: async () => 't', fetch: listOf(MAX_LIST_ITEMS + 1, []) });
    await expect(over.all('/v1/people')).rejects.toMatchObject({ problem: { code: 'list_too_long' } });
    const exact = new ApiClient({ token: async () => 't', fetch: listOf(MAX_LIST_ITEMS, []) });
    expect(await exact.all('/v1/people')).toHaveLength(MAX_LIST_ITEMS);
  });

  it('upTo reads the first items of a list and says whether more follow (also through a read-ahead)', async () => {
    const seen: Seen[] = [];
    const client = new ApiClient({ token: async () => 't', fetch: listOf(450, seen) });
    const first = await client.upTo<number>('/v1/alerts/unreachable', {}, 200);
    expect([first.items.length, first.items.at(-1), first.more]).toEqual([200, 199, true]);
    expect(seen).toHaveLength(1);
    const more = await client.upTo<number>('/v1/alerts/unreachable', {}, 400);
    expect([more.items.length, more.more]).toEqual([400, true]);
    const whole = await client.upTo<number>('/v1/alerts/unreachable', {}, 600);
    expect([whole.items.length, whole.more]).toEqual([450, false]);
    const exact = await client.readAhead().upTo<number>('/v1/alerts/unreachable', {}, 450);
    expect([exact.items.length, exact.more]).toEqual([450, false]);
  });
});

describe('ApiClient.readAhead', () => {
  const page = (n: number) => json(200, { items: [n], nextCursor: null });

  it('hands a read started ahead to the first get() of the same path and query, once', async () => {
    const seen: Seen[] = [];
    const client = new ApiClient({ token: async () => 't', fetch: fakeFetch([page(1), page(2)], seen) });
    const ahead = client.readAhead();
    const started = ahead.all('/v1/me/goals', { cycleId: 'c1' });
    // The same read asked ahead twice goes out once.
    void ahead.get('/v1/me/goals', { cycleId: 'c1', limit: 200 });
    await started;
    expect(seen.map((s) => s.url)).toEqual(['/v1/me/goals?cycleId=c1&limit=200']);
    expect(client.unclaimed()).toEqual(['/v1/me/goals?cycleId=c1&limit=200']);
    expect(await client.all('/v1/me/goals', { cycleId: 'c1' })).toEqual([1]);
    expect(client.unclaimed()).toEqual([]);
    // The second get() reads afresh.
    expect(await client.all('/v1/me/goals', { cycleId: 'c1' })).toEqual([2]);
    expect(seen).toHaveLength(2);
  });

  it('drops what is still kept on any write, and once its window has passed', async () => {
    const seen: Seen[] = [];
    const client = new ApiClient({
      token: async () => 't',
      fetch: fakeFetch([page(1), json(201, {}), page(2)], seen),
    });
    void client.readAhead().get('/v1/check-ins');
    await client.post('/v1/check-ins', {});
    expect(client.unclaimed()).toEqual([]);
    expect(await client.get('/v1/check-ins')).toEqual({ items: [2], nextCursor: null });

    const expired = new ApiClient({
      token: async () => 't',
      fetch: fakeFetch([page(1), page(2)], []),
      aheadMs: -1,
    });
    void expired.readAhead().get('/v1/check-ins');
    expect(await expired.get('/v1/check-ins')).toEqual({ items: [2], nextCursor: null });
  });

  it('hands a read that has already succeeded over synchronously, once; nothing while it is under way', async () => {
    let release: (res: Response) => void = () => undefined;
    const client = new ApiClient({
      token: async () => 't',
      fetch: (async () => new Promise<Response>((resolve) => (release = resolve))) as typeof fetch,
    });
    const plan = client.readAhead().get('/v1/cycles/c1/plans/p1');
    expect(client.takeSettled('/v1/cycles/c1/plans/p1')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 0));
    release(json(200, { goals: [] }));
    await plan;
    expect(client.takeSettled('/v1/cycles/c1/plans/p1')).toEqual({ value: { goals: [] } });
    expect(client.takeSettled('/v1/cycles/c1/plans/p1')).toBeUndefined();
    expect(client.unclaimed()).toEqual([]);
  });

  it('keeps a failure for its claimer, as the call would have failed', async () => {
    const client = new ApiClient({
      token: async () => 't',
      fetch: fakeFetch(
        [json(403, { title: 'Forbidden', status: 403, code: 'forbidden' }, 'application/problem+json')],
        [],
      ),
    });
    void client.readAhead().get('/v1/me/results');
    const error = (await client.get('/v1/me/results').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.problem.code).toBe('forbidden');
  });
});
