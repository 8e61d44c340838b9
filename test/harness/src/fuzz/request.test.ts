// Requests built at run time: late values read from the app, and the resource whose ETag an action's If-Match names.
import { describe, expect, it } from 'vitest';
import type { Caller, WorldManifest } from '../world/manifest.ts';
import type { FuzzCase } from './cases.ts';
import type { Credentials } from './credentials.ts';
import type { Operation } from './openapi.ts';
import { buildRequest, etagUrlOf, lateValue, type Requester } from './request.ts';

const op = (method: string, path: string, ifMatch = false): Operation => ({
  key: `${method} ${path}`,
  method,
  path,
  params: ifMatch ? [{ name: 'if-match', in: 'header', required: false, schema: {} }] : [],
  body: { required: true, contentType: 'application/json', schema: {} },
  responses: new Map(),
  authenticated: true,
});

const callers: Caller[] = [
  { label: 'acme:hr:hr', org: 'acme', role: 'hr', token: 'dev:hr@acme.test' },
  { label: 'acme:manager:raj', org: 'acme', role: 'manager', token: 'dev:raj@acme.test' },
];
const credentials = { authorization: () => 'Bearer dev:raj@acme.test' } as unknown as Credentials;
const world = {} as WorldManifest;

/** Answers GETs from a table (ETag and JSON), recording who asked. */
function fakeApp(answers: Record<string, { etag?: string; json: unknown }>) {
  const asked: string[] = [];
  const app: Requester = {
    request(input, init) {
      asked.push(`${input} as ${new Headers(init?.headers).get('authorization')}`);
      const a = answers[input];
      if (!a) return new Response('{}', { status: 404, headers: { 'content-type': 'application/json' } });
      return new Response(JSON.stringify(a.json), {
        headers: { 'content-type': 'application/json', ...(a.etag ? { etag: a.etag } : {}) },
      });
    },
  };
  return { app, asked };
}

const fuzzCase = (over: Partial<FuzzCase>): FuzzCase => ({
  label: 'valid',
  caller: 1,
  cred: { kind: 'caller' },
  path: {},
  rawPath: false,
  query: [],
  badPathId: false,
  ...over,
});

describe('building a request', () => {
  it('reads an action’s If-Match from the resource of its last path id', () => {
    expect(etagUrlOf(op('POST', '/v1/cycles/{id}/transitions'), '/v1/cycles/cyc_1/transitions')).toBe(
      '/v1/cycles/cyc_1',
    );
    expect(etagUrlOf(op('POST', '/v1/cycles/{id}/results/apply'), '/v1/cycles/cyc_1/results/apply')).toBe(
      '/v1/cycles/cyc_1',
    );
    expect(etagUrlOf(op('PATCH', '/v1/goals/{id}'), '/v1/goals/gol_1?x=1')).toBe('/v1/goals/gol_1');
    expect(
      etagUrlOf(
        op('DELETE', '/v1/people/{id}/identities/{provider}/{subject}'),
        '/v1/people/per_1/identities/entra/t%3Ao',
      ),
    ).toBe('/v1/people/per_1');
  });

  it('fills late values in as the caller reads them now, null when there is nothing to read', async () => {
    const { app, asked } = fakeApp({
      '/v1/goals/gol_1': { etag: '"4"', json: { version: 4 } },
      '/v1/reviews?subjectId=per_1': { json: { items: [{ version: 2 }] } },
    });
    const req = await buildRequest(
      app,
      op('POST', '/v1/cycles/{id}/score-entries'),
      fuzzCase({
        path: { id: 'cyc_1' },
        body: {
          kind: 'json',
          value: {
            goals: [{ goalId: 'gol_1', version: lateValue('/v1/goals/gol_1') }],
            review: { version: lateValue('/v1/reviews?subjectId=per_1', 'items.0.version') },
            none: lateValue('/v1/reviews?subjectId=per_2', 'items.0.version'),
          },
        },
      }),
      world,
      callers,
      credentials,
      'k',
    );
    expect(req.json).toEqual({
      goals: [{ goalId: 'gol_1', version: 4 }],
      review: { version: 2 },
      none: null,
    });
    expect(asked.every((a) => a.endsWith('as Bearer dev:raj@acme.test'))).toBe(true);
  });

  it('sends If-Match on an action with the resource’s ETag, and only when it exists for a create', async () => {
    const { app } = fakeApp({ '/v1/cycles/cyc_1': { etag: '"7"', json: {} } });
    const transition = await buildRequest(
      app,
      op('POST', '/v1/cycles/{id}/transitions', true),
      fuzzCase({ path: { id: 'cyc_1' }, ifMatch: { kind: 'current' } }),
      world,
      callers,
      credentials,
      'k',
    );
    expect(transition.headers['If-Match']).toBe('"7"');
    const put = op('PUT', '/v1/cycles/{id}/compensation/{personId}', true);
    const create = await buildRequest(
      app,
      put,
      fuzzCase({ path: { id: 'cyc_1', personId: 'per_9' }, ifMatch: { kind: 'current_if_exists' } }),
      world,
      callers,
      credentials,
      'k',
    );
    expect(create.headers['If-Match']).toBeUndefined();
    const replace = await buildRequest(
      fakeApp({ '/v1/cycles/cyc_1/compensation/per_9': { etag: '"3"', json: {} } }).app,
      put,
      fuzzCase({ path: { id: 'cyc_1', personId: 'per_9' }, ifMatch: { kind: 'current_if_exists' } }),
      world,
      callers,
      credentials,
      'k',
    );
    expect(replace.headers['If-Match']).toBe('"3"');
  });
});
