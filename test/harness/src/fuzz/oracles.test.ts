// The oracles bite: an app sabotaged one way at a time (a 500, a bare 4xx, a write behind a refusal, another
// tenant's id, a missing field) makes the fuzzer report exactly that; the untouched app reports nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededEngine, seededEngine } from './engines.ts';
import type { Operation } from './openapi.ts';
import type { Requester } from './request.ts';
import { type FuzzSession, openFuzzSession, type RunOptions } from './run.ts';

let engine: SeededEngine;
let session: FuzzSession;
beforeAll(async () => {
  engine = await seededEngine('sqlite');
  session = await openFuzzSession(engine);
});
afterAll(async () => {
  await session?.close();
  await engine?.close();
});

const op = (key: string): Operation => {
  const found = session.operations.find((o) => o.key === key);
  if (!found) throw new Error(`no operation ${key}`);
  return found;
};

/** Answers through `edit`, which may replace the app's response. */
const answering =
  (edit: (req: Request, res: Response) => Promise<Response> | Response): RunOptions['wrap'] =>
  (app: Requester): Requester => ({
    async request(input, init) {
      const res = await app.request(input, init);
      return edit(new Request(`http://localhost${input}`, init), res);
    },
  });

const oracles = async (key: string, wrap?: RunOptions['wrap']) => {
  const report = await session.run(op(key), { runs: 60, seed: 7, ...(wrap ? { wrap } : {}) });
  return new Set(report.violations.map((v) => v.oracle));
};

describe('the fuzz oracles', () => {
  it('find nothing wrong with the real app', async () => {
    expect(await oracles('GET /v1/goals/{id}')).toEqual(new Set());
  });

  it('report a 5xx', async () => {
    const wrap = answering((_req, res) =>
      res.status === 404 ? new Response('{"code":"internal"}', { status: 500, headers: res.headers }) : res,
    );
    expect(await oracles('GET /v1/goals/{id}', wrap)).toContain('no_5xx');
  });

  it('report a 4xx that is not problem+json, or that shows a stack trace', async () => {
    const bare = answering(async (_req, res) =>
      res.status === 401
        ? new Response(await res.text(), { status: 401, headers: { 'content-type': 'application/json' } })
        : res,
    );
    expect(await oracles('GET /v1/goals/{id}', bare)).toContain('problem_json');
    const leaky = answering(async (_req, res) => {
      if (res.status !== 404) return res;
      const body = (await res.json()) as Record<string, unknown>;
      body.detail = 'TypeError: x is undefined\n    at load (/srv/app/src/routes/goals.ts:12:5)';
      return new Response(JSON.stringify(body), { status: 404, headers: res.headers });
    });
    expect(await oracles('GET /v1/goals/{id}', leaky)).toContain('no_internals');
    // A bare stack frame is caught on its own (no error name, no .ts path): `at fn (file:line:col)`.
    const frame = answering(async (_req, res) => {
      if (res.status !== 404) return res;
      const body = (await res.json()) as Record<string, unknown>;
      body.detail = 'lookup failed    at async Promise.all (/srv/app/dist/goals.js:12:5)';
      return new Response(JSON.stringify(body), { status: 404, headers: res.headers });
    });
    expect(await oracles('GET /v1/goals/{id}', frame)).toContain('no_internals');
  });

  it('report a refused request that changed something', async () => {
    const wrap: RunOptions['wrap'] = (app, store) => ({
      async request(input, init) {
        const res = await app.request(input, init);
        if (res.status >= 400 && res.status < 500) {
          const { organisations } = await store.organisations.list({ limit: 1 });
          const orgId = organisations[0]?.id ?? '';
          await store.transaction(orgId, async (tx) => {
            await tx.resources('departments').create(orgId, {
              id: `dep_sab${Math.random().toString(36).slice(2, 10)}`,
              data: { name: 'x' },
            });
          });
        }
        return res;
      },
    });
    expect(await oracles('POST /v1/departments', wrap)).toContain('unchanged');
  });

  it("report another organisation's id in an answer, and an answer off its documented schema", async () => {
    const globexId = engine.worlds.templates.get('final')?.manifest.globex.id ?? '';
    const leak = answering(async (req, res) => {
      if (res.status !== 200 || !req.headers.get('authorization')?.includes('acme')) return res;
      const body = (await res.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ ...body, description: globexId }), {
        status: 200,
        headers: res.headers,
      });
    });
    expect(await oracles('GET /v1/goals/{id}', leak)).toContain('tenant_isolation');
    const off = answering(async (_req, res) => {
      if (res.status !== 200) return res;
      const { title: _gone, ...body } = (await res.json()) as Record<string, unknown>;
      return new Response(JSON.stringify(body), { status: 200, headers: res.headers });
    });
    expect(await oracles('GET /v1/goals/{id}', off)).toContain('response_schema');
  });

  it('report a Location or ETag header the document does not declare for the answer', async () => {
    const located = answering((_req, res) => {
      if (res.status !== 200) return res;
      const headers = new Headers(res.headers);
      headers.set('Location', '/v1/goals/elsewhere');
      return new Response(res.body, { status: 200, headers });
    });
    expect(await oracles('GET /v1/goals/{id}', located)).toContain('undocumented_header');
  });

  it('report invalid input that was accepted', async () => {
    // Every refusal turned into an empty 200: forged credentials and bad bodies now "pass".
    const lax = answering((_req, res) =>
      res.status === 401
        ? new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
        : res,
    );
    expect(await oracles('POST /v1/departments', lax)).toContain('must_reject');
  });

  it('let a PUT create a state key of any allowed name, yet report one its schema forbids that was accepted', async () => {
    const put = 'PUT /v1/integrations/{integration}/state/{key}';
    expect(await oracles(put)).toEqual(new Set());
    // A key refused for its characters (400) answered as created instead: that is still accepting bad input.
    const lax = answering((req, res) =>
      req.method === 'PUT' && res.status === 400
        ? new Response('{}', { status: 201, headers: { 'content-type': 'application/json' } })
        : res,
    );
    expect(await oracles(put, lax)).toContain('must_reject');
  });
});
