// A pass-through HTTP proxy in front of the Perfloop API for tests: records each request and its answer, and lets a test act on Perfloop just before one is forwarded.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** Path and query, as the worker sent them (`/v1/check-ins`). */
  path: string;
  /** What the API answered. */
  status: number;
  /** What the worker got (503 when the test had the answer lost). */
  sent: number;
}

export interface ApiProxy {
  /** Give this to the worker as PERFLOOP_API_URL. */
  url: string;
  requests: ProxiedRequest[];
  /**
   * Called before a request is forwarded (the test may change Perfloop then). Answering `'lose-answer'` forwards it
   * and answers the worker 503 instead of the API's answer: applied, but the worker cannot know it.
   */
  onRequest?: (
    method: string,
    path: string,
  ) => Promise<undefined | 'lose-answer'> | undefined | 'lose-answer';
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Hop-by-hop and recomputed headers, not copied across. */
const SKIPPED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'content-encoding']);

export async function startApiProxy(target: string): Promise<ApiProxy> {
  const proxy: ApiProxy = {
    url: '',
    requests: [],
    close: async () => {},
  };
  const server = createServer((req, res) => {
    void (async () => {
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const body = await bodyOf(req);
      const lose = (await proxy.onRequest?.(method, path)) === 'lose-answer';
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string' && !SKIPPED.has(k.toLowerCase())) headers[k] = v;
      }
      const answer = await fetch(`${target}${path}`, {
        method,
        headers,
        ...(body.length > 0 ? { body } : {}),
      });
      const text = Buffer.from(await answer.arrayBuffer());
      proxy.requests.push({ method, path, status: answer.status, sent: lose ? 503 : answer.status });
      if (lose) {
        res.writeHead(503, { 'Content-Type': 'application/problem+json' });
        res.end(JSON.stringify({ title: 'Service Unavailable', status: 503, code: 'unavailable' }));
        return;
      }
      const out: Record<string, string> = {};
      answer.headers.forEach((v, k) => {
        if (!SKIPPED.has(k.toLowerCase())) out[k] = v;
      });
      res.writeHead(answer.status, out);
      res.end(text);
    })().catch((error: unknown) => {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  proxy.url = `http://127.0.0.1:${port}`;
  proxy.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return proxy;
}
