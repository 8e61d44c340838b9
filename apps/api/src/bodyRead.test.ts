// Request bodies over a real Node server, where they are read straight from the socket's stream: JSON, a BOM,
// multi-byte characters across chunks, malformed JSON, too large, chunked, and a text body for idempotency hashing.
import { request } from 'node:http';
import { createRoute, z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from './router.ts';
import { type RunningServer, startServer } from './server.ts';
import { createMemoryDirectory } from './testing/memoryDirectory.ts';
import { captureLogger, devAuth, testEnv } from './testing/testApp.ts';

const MAX = 4096;

describe('request bodies through @hono/node-server', () => {
  let running: RunningServer;
  let port = 0;
  beforeAll(async () => {
    const echo = createRoute({
      method: 'post',
      path: '/echo',
      request: {
        body: { required: true, content: { 'application/json': { schema: z.object({ text: z.string() }) } } },
      },
      responses: {
        200: {
          description: 'echo',
          content: { 'application/json': { schema: z.object({ text: z.string(), length: z.number() }) } },
        },
      },
    });
    const router = createRouter().openapi(echo, (c) => {
      const { text } = c.req.valid('json');
      return c.json({ text, length: [...text].length }, 200);
    });
    router.post('/raw', async (c) => c.json({ raw: await c.req.text() }));
    const directory = createMemoryDirectory();
    directory.addPerson({ orgId: 'o', personId: 'p', roles: [], email: 'p@o.test' });
    running = startServer(
      { ...testEnv({ MAX_BODY_BYTES: String(MAX) }), port: 0 },
      { directory, ready: async () => true, close: async () => undefined, routes: [{ path: '/x', router }] },
      captureLogger().logger,
    );
    port = (await running.listening).port;
  });
  afterAll(async () => {
    await running.shutdown();
  });

  /** POSTs `chunks` (written one by one) with a Content-Length, or chunked when `chunked`. */
  function post(path: string, chunks: Buffer[], chunked = false): Promise<{ status: number; body: unknown }> {
    const total = chunks.reduce((n, c) => n + c.length, 0);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/v1/x${path}`,
          headers: {
            ...devAuth('p@o.test'),
            'Content-Type': 'application/json',
            ...(chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(total) }),
          },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => {
            const text = Buffer.concat(parts).toString('utf8');
            resolve({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) });
          });
        },
      );
      req.on('error', reject);
      (async () => {
        for (const chunk of chunks) {
          req.write(chunk);
          await new Promise((r) => setTimeout(r, 5));
        }
        req.end();
      })().catch(reject);
    });
  }

  it('parses JSON, also with a BOM and with a multi-byte character split across writes', async () => {
    expect(await post('/echo', [Buffer.from('{"text":"hello"}')])).toEqual({
      status: 200,
      body: { text: 'hello', length: 5 },
    });
    expect(await post('/echo', [Buffer.from('\uFEFF{"text":"bom"}')])).toMatchObject({ status: 200 });
    const euro = Buffer.from('{"text":"5 €"}');
    const cut = euro.indexOf(0xe2) + 1;
    expect(await post('/echo', [euro.subarray(0, cut), euro.subarray(cut)])).toEqual({
      status: 200,
      body: { text: '5 €', length: 3 },
    });
  });

  it('400 for malformed JSON, 413 beyond the limit, and chunked bodies still work and are limited', async () => {
    const malformed = await post('/echo', [Buffer.from('{"text":')]);
    expect(malformed.status).toBe(400);
    const big = await post('/echo', [Buffer.from(`{"text":"${'x'.repeat(MAX)}"}`)]);
    expect([big.status, (big.body as { code?: string }).code]).toEqual([413, 'payload_too_large']);
    expect(await post('/echo', [Buffer.from('{"text":'), Buffer.from('"chunks"}')], true)).toEqual({
      status: 200,
      body: { text: 'chunks', length: 6 },
    });
    const bigChunked = await post('/echo', [Buffer.from(`{"text":"${'y'.repeat(MAX)}"}`)], true);
    expect(bigChunked.status).toBe(413);
  });

  it('text() reads the same body (as the idempotency hash does)', async () => {
    expect(await post('/raw', [Buffer.from('{"b":1,'), Buffer.from('"a":2}')])).toEqual({
      status: 200,
      body: { raw: '{"b":1,"a":2}' },
    });
  });
});
