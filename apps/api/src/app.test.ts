// App infrastructure: problem+json errors, probes, request ids, headers and the OpenAPI document.
import { describe, expect, it } from 'vitest';
import { ProblemSchema } from './problem.ts';
import { createTestApp, devAuth, testEnv } from './testing/testApp.ts';

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { ...devAuth(), 'Content-Type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return (await res.json()) as Record<string, unknown>;
}

describe('problem+json errors', () => {
  it('400 validation_failed lists every field problem, including unknown fields', async () => {
    const { app } = createTestApp();
    const res = await app.request('/v1/test/echo', json({ title: '', weight: 140, colour: 'red' }));
    expect(res.status).toBe(400);
    const body = await problem(res);
    expect(body).toMatchObject({
      type: 'https://perfloop.dev/problems/validation_failed',
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      instance: '/v1/test/echo',
    });
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
    expect(typeof body.detail).toBe('string');
    const errors = body.errors as { path: string; code: string; location: string; message: string }[];
    expect(errors.map((e) => [e.path, e.code])).toEqual(
      expect.arrayContaining([
        ['title', 'too_small'],
        ['weight', 'too_big'],
        ['colour', 'unrecognized_key'],
      ]),
    );
    expect(errors.every((e) => e.location === 'body' && e.message.length > 0)).toBe(true);
  });

  it('400 validation_failed says a missing field is required, with the facts of each code', async () => {
    const { app } = createTestApp();
    const res = await app.request('/v1/test/echo', json({ weight: 140 }));
    expect(res.status).toBe(400);
    const body = await problem(res);
    const errors = body.errors as { path: string; code: string; params?: Record<string, unknown> }[];
    expect(errors.map((e) => [e.path, e.code, e.params])).toEqual(
      expect.arrayContaining([
        ['title', 'required', { expected: 'string' }],
        ['weight', 'too_big', { origin: 'number', maximum: 100, inclusive: true }],
      ]),
    );
    // As the published Problem schema (FieldError with its params) says.
    expect(ProblemSchema.safeParse(body).success).toBe(true);
  });

  it('passes a valid body through', async () => {
    const { app } = createTestApp();
    const res = await app.request('/v1/test/echo', json({ title: 'Ship it', weight: 40 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ title: 'Ship it', weight: 40 });
  });

  it('400 malformed_json', async () => {
    const { app } = createTestApp();
    const res = await app.request('/v1/test/echo', json('{"title": "x",'));
    expect(res.status).toBe(400);
    expect(await problem(res)).toMatchObject({ code: 'malformed_json', status: 400 });
  });

  it('415 for a body that is not JSON', async () => {
    const { app } = createTestApp();
    const res = await app.request('/v1/test/echo', json('title=x', { 'Content-Type': 'text/plain' }));
    expect(res.status).toBe(415);
    expect(await problem(res)).toMatchObject({ code: 'unsupported_media_type', status: 415 });
  });

  it('413 when the body exceeds MAX_BODY_BYTES, with or without Content-Length', async () => {
    const { app } = createTestApp({ env: testEnv({ MAX_BODY_BYTES: '64' }) });
    const big = JSON.stringify({ title: 'x'.repeat(200), weight: 1 });
    const streamed = await app.request('/v1/test/echo', json(big));
    expect(streamed.status).toBe(413);
    expect(await problem(streamed)).toMatchObject({ code: 'payload_too_large', details: { maxBytes: 64 } });
    const declared = await app.request('/v1/test/echo', json(big, { 'Content-Length': String(big.length) }));
    expect(declared.status).toBe(413);
  });

  it('404 route_not_found for unknown routes', async () => {
    const { app } = createTestApp();
    const res = await app.request('/nope');
    expect(res.status).toBe(404);
    expect(await problem(res)).toMatchObject({
      type: 'https://perfloop.dev/problems/route_not_found',
      code: 'route_not_found',
      instance: '/nope',
    });
    const v1 = await app.request('/v1/nope', { headers: devAuth() });
    expect(v1.status).toBe(404);
  });

  it('500 internal without leaking the message or stack, but logs it', async () => {
    const { app, log } = createTestApp();
    const res = await app.request('/v1/test/boom', { headers: devAuth() });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/hunter2|ECONNREFUSED|postgres|at /);
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'internal', status: 500, title: 'Internal Server Error' });
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
    const logged = log.entries().find((e) => e.msg === 'unhandled error');
    expect(logged?.requestId).toBe(body.requestId);
    expect(JSON.stringify(logged)).toContain('ECONNREFUSED');
  });
});

describe('request ids and headers', () => {
  it('generates an X-Request-Id, honours a sane incoming one and replaces an unsafe one', async () => {
    const { app } = createTestApp();
    const fresh = await app.request('/healthz');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await app.request('/healthz', { headers: { 'X-Request-Id': 'trace-abc_123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-abc_123');
    const replaced = await app.request('/healthz', { headers: { 'X-Request-Id': 'bad id\u00e9<script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const long = await app.request('/healthz', { headers: { 'X-Request-Id': 'a'.repeat(200) } });
    expect(long.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets secure headers, also on errors', async () => {
    const { app } = createTestApp();
    for (const path of ['/healthz', '/nope']) {
      const res = await app.request(path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    }
  });
});

describe('probes', () => {
  it('/healthz is 200 without authentication', async () => {
    const { app } = createTestApp({ ready: async () => false });
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is 200 when the database is reachable', async () => {
    const { app } = createTestApp({ ready: async () => true });
    const res = await app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('/readyz is a 503 problem when it is not, or when the check throws', async () => {
    for (const ready of [async () => false, async () => Promise.reject(new Error('db down'))]) {
      const { app } = createTestApp({ ready });
      const res = await app.request('/readyz');
      expect(res.status).toBe(503);
      expect(await problem(res)).toMatchObject({ code: 'not_ready', status: 503 });
    }
  });
});

describe('OpenAPI', () => {
  it('/openapi.json is an OpenAPI 3.1 document with the probes and mounted routes', async () => {
    const { app } = createTestApp();
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
      components: {
        schemas: Record<string, { additionalProperties?: unknown }>;
        securitySchemes: Record<string, unknown>;
      };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Perfloop API');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/v1/test/echo']));
    expect(doc.paths['/v1/test/echo']?.post?.requestBody).toBeDefined();
    expect(doc.components.schemas.Problem).toBeDefined();
    expect(doc.components.schemas.TestGoalInput?.additionalProperties).toBe(false);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('/docs serves Swagger UI pointing at /openapi.json', async () => {
    const { app } = createTestApp();
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('/openapi.json');
  });
});
