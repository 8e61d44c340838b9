// Standard headers on responses built with plain header objects (sendJson) and on every other response alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, type Fixture, seedFixture } from '../testing/apiHarness.ts';
import { DOCUMENT_SECURITY_HEADERS, SECURITY_HEADERS } from './standardHeaders.ts';

describe('standard headers', () => {
  let h: ApiHarness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createApiHarness();
    f = await seedFixture(h);
  });
  afterAll(async () => {
    await h.close();
  });

  it('every response carries the security headers and the request id: plain-header, c.json and problems alike', async () => {
    const requests: [string, string, Record<string, unknown>][] = [
      ['GET', '/v1/me/goals', {}], // sendJson
      ['POST', '/v1/policies', { json: { preset: 'control', overrides: { name: 'Headers' } } }], // send()
      ['GET', '/v1/people/me', {}], // c.json
      ['GET', '/v1/people/per_nobody', {}], // problem+json
    ];
    for (const [method, path, init] of requests) {
      const res = await h.call(method, path, {
        as: f.email.hal,
        headers: { 'X-Request-Id': 'trace-7' },
        ...init,
      });
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name)).toBe(value);
      expect(res.headers.get('x-request-id')).toBe('trace-7');
      expect(res.headers.get('content-type')).toMatch(/^application\/(problem\+)?json/);
    }
  });

  it('API answers are never stored and never rendered or framed; the HTML docs get the document set instead', async () => {
    const api = await h.call('GET', '/v1/people/me', { as: f.email.hal });
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers.get('x-frame-options')).toBe('DENY');
    expect(api.headers.get('referrer-policy')).toBeNull();

    const docs = await h.app.request('/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
    for (const [name, value] of Object.entries(DOCUMENT_SECURITY_HEADERS))
      expect(docs.headers.get(name)).toBe(value);
    // The docs page loads its script and styles: the API's `default-src 'none'` is not put on it.
    expect(docs.headers.get('content-security-policy')).toBeNull();
    expect(docs.headers.get('cache-control')).not.toBe('no-store');
  });
});
