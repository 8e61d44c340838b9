// The Perfloop client against a stand-in API app: credentials sent, transient failures retried safely, refusals returned.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createPerfloopClient, PerfloopError, USER_TOKEN_HEADER } from './client.ts';

function standInApi() {
  const seen: { method: string; path: string; headers: Record<string, string> }[] = [];
  let failures: { status: number; retryAfter?: string }[] = [];
  const app = new Hono();
  app.use('*', async (c, next) => {
    seen.push({ method: c.req.method, path: c.req.path, headers: Object.fromEntries(c.req.raw.headers) });
    const f = failures.shift();
    if (f)
      return c.json(
        { status: f.status, code: 'busy', detail: 'try later' },
        f.status as 503,
        f.retryAfter ? { 'Retry-After': f.retryAfter } : {},
      );
    await next();
  });
  app.get('/v1/people/me', (c) =>
    c.json({
      id: 'per_1',
      name: 'Sofia',
      email: 'sofia@acme.test',
      departmentId: 'd',
      managerId: null,
      roles: ['employee'],
      active: true,
    }),
  );
  app.get('/v1/departments', (c) => c.json({ items: [{ nope: true }], nextCursor: null }));
  app.post('/v1/cycles/:id/score-entries', async (c) => {
    const body = (await c.req.json()) as { people: { personId: string }[] };
    return c.req.header('Idempotency-Key') === 'refuse'
      ? c.json(
          {
            status: 404,
            code: 'not_found',
            detail: '1 of the people were not found.',
            errors: [{ path: 'people.0.personId', message: 'no such person', code: 'not_found' }],
          },
          404,
        )
      : c.json({
          cycleId: c.req.param('id'),
          applied: body.people.length,
          conflicts: 0,
          refused: 0,
          people: body.people.map((p) => ({
            outcome: 'applied',
            personId: p.personId,
            changed: true,
            goals: [],
            managerReview: null,
          })),
        });
  });
  const waits: number[] = [];
  const client = createPerfloopClient({
    apiUrl: 'http://api.test',
    apiKey: 'pl_key',
    userToken: 'user.id.token',
    fetch: async (input, init) => app.request(String(input), init),
    retry: { attempts: 3, baseMs: 10, maxMs: 100, random: () => 0, sleep: async (ms) => void waits.push(ms) },
  });
  return { client, seen, waits, fail: (f: typeof failures) => (failures = f) };
}

describe('Perfloop client', () => {
  it('sends the add-on key and the user’s token on every call', async () => {
    const { client, seen } = standInApi();
    expect((await client.me()).name).toBe('Sofia');
    expect(seen[0]?.headers.authorization).toBe('Bearer pl_key');
    expect(seen[0]?.headers[USER_TOKEN_HEADER.toLowerCase()]).toBe('user.id.token');
  });

  it('retries 429/503 honouring Retry-After; a POST only with its Idempotency-Key', async () => {
    const { client, seen, waits, fail } = standInApi();
    fail([{ status: 503, retryAfter: '2' }, { status: 429 }]);
    await client.me();
    expect(waits).toEqual([2000, 0]);
    fail([{ status: 503 }]);
    const people = { people: [{ personId: 'per_2', goals: [{ goalId: 'g', version: 1, actual: 1 }] }] };
    const applied = await client.applyScoreEntries('cyc_1', people, 'key-1');
    expect(applied.ok && applied.result.people.map((p) => [p.personId, p.outcome])).toEqual([
      ['per_2', 'applied'],
    ]);
    const posts = seen.filter((s) => s.method === 'POST');
    expect(posts.map((p) => p.headers['idempotency-key'])).toEqual(['key-1', 'key-1']);
  });

  it('returns a refused bulk request as a value, and throws when retries run out', async () => {
    const { client, fail } = standInApi();
    const refused = await client.applyScoreEntries(
      'cyc_1',
      { people: [{ personId: 'per_2', goals: [] }] },
      'refuse',
    );
    expect(refused.ok).toBe(false);
    expect(!refused.ok && [refused.error.code, refused.error.problem.errors?.[0]?.path]).toEqual([
      'not_found',
      'people.0.personId',
    ]);
    fail([{ status: 503 }, { status: 503 }, { status: 503 }]);
    await expect(client.me()).rejects.toBeInstanceOf(PerfloopError);
  });

  it('refuses answers that do not have the expected shape', async () => {
    const { client } = standInApi();
    await expect(client.departments()).rejects.toMatchObject({ status: 502, code: 'unexpected_response' });
  });
});
