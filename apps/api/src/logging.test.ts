// Logging: one JSON line per request with its id, and no credentials anywhere in the log.
import { describe, expect, it } from 'vitest';
import { generateApiKey } from './auth/apiKey.ts';
import { captureLogger, createTestApp, devAuth } from './testing/testApp.ts';

describe('request logging', () => {
  it('logs method, path, status, duration and request id as JSON', async () => {
    const { app, log } = createTestApp();
    const res = await app.request('/v1/test/whoami?x=1', {
      headers: { ...devAuth(), 'X-Request-Id': 'req-42' },
    });
    expect(res.status).toBe(200);
    const line = log.entries().find((e) => e.msg === 'request');
    expect(line).toMatchObject({
      level: 30,
      requestId: 'req-42',
      req: { method: 'GET', path: '/v1/test/whoami' },
      res: { status: 200 },
      principal: { kind: 'user', via: 'dev', personId: 'p-alice' },
    });
    expect(typeof line?.durationMs).toBe('number');
  });

  it('never logs Authorization, tokens, API keys or cookies', async () => {
    const { app, log } = createTestApp();
    const { key } = generateApiKey();
    const secrets = {
      bearer: 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl',
      apiKey: key,
      cookie: 'session=cookie-secret-123',
      userToken: 'user-token-secret-456',
      query: 'query-token-secret-789',
    };
    const requests: [string, Record<string, string>][] = [
      [`/v1/test/whoami?access_token=${secrets.query}`, { Authorization: `Bearer ${secrets.bearer}` }],
      ['/v1/test/whoami', { Authorization: `Bearer ${secrets.apiKey}`, Cookie: secrets.cookie }],
      [
        '/v1/test/whoami',
        { ...devAuth(), 'X-Api-Key': secrets.apiKey, 'X-Perfloop-User-Token': secrets.userToken },
      ],
      ['/v1/test/boom', { ...devAuth(), Cookie: secrets.cookie }],
    ];
    for (const [path, headers] of requests) await app.request(path, { headers });
    const text = log.text();
    expect(log.entries().length).toBeGreaterThan(4);
    for (const secret of [...Object.values(secrets), 'dev:alice', 'cookie-secret', 'Bearer']) {
      expect(text).not.toContain(secret);
    }
  });

  it('redacts credentials passed to the logger by mistake', () => {
    const log = captureLogger();
    log.logger.info(
      {
        authorization: 'Bearer a-secret',
        token: 't-secret',
        headers: { authorization: 'Bearer h-secret', cookie: 'c-secret', 'x-api-key': 'k-secret' },
        req: { headers: { authorization: 'Bearer r-secret', 'x-perfloop-user-token': 'u-secret' } },
        auth: { apiKey: 'pl_x_secret', idToken: 'i-secret', password: 'p-secret' },
        ok: 'visible',
      },
      'oops',
    );
    const text = log.text();
    expect(text).toContain('visible');
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(/-secret|pl_x_secret/);
  });
});
