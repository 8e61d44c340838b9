// In-process tests of /teams/*: static files, SPA fallback, config.json, missing build, and the headers for Teams.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testEnv } from '../testing/testApp.ts';
import { NOT_BUILT_MESSAGE } from './teamsTab.ts';

let dir: string;
const BIG_JS = `export const rows = [${'"a goal, its weight and its targets",'.repeat(200)}];\n`;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perfloop-tab-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Perfloop</title>');
  await writeFile(join(dir, 'assets', 'main-abc123.js'), 'console.log(1)');
  await writeFile(join(dir, 'assets', 'big-def456.js'), BIG_JS);
  await writeFile(join(dir, 'favicon.png'), Buffer.alloc(4096, 7));
  await writeFile(join(dir, 'secret.txt'), 'inside');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const appWith = (overrides: Record<string, string> = {}, demoPeople?: () => Promise<never[]>) =>
  createTestApp({
    env: testEnv({ TEAMS_TAB_DIR: dir, ...overrides }),
    ...(demoPeople ? { demoPeople } : {}),
  }).app;

describe('/teams/*', () => {
  it('serves index.html, hashed assets (immutable) and the SPA fallback for extension-less paths', async () => {
    const app = appWith();
    const index = await app.request('/teams/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<title>Perfloop</title>');

    const asset = await app.request('/teams/assets/main-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    const page = await app.request('/teams/team?cycle=x');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Perfloop</title>');

    const missing = await app.request('/teams/assets/nope.js');
    expect(missing.status).toBe(404);

    const redirect = await app.request('/teams');
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/teams/');
  });

  it('compresses text assets for clients that accept it (br, else gzip), never images or tiny files', async () => {
    const app = appWith();
    const br = await app.request('/teams/assets/big-def456.js', {
      headers: { 'Accept-Encoding': 'gzip, br' },
    });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(Number(br.headers.get('content-length'))).toBe(brBytes.length);
    expect(brBytes.length).toBeLessThan(BIG_JS.length / 5);
    expect(brotliDecompressSync(brBytes).toString()).toBe(BIG_JS);

    const gz = await app.request('/teams/assets/big-def456.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(BIG_JS);

    const plain = await app.request('/teams/assets/big-def456.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(BIG_JS);

    const image = await app.request('/teams/favicon.png', { headers: { 'Accept-Encoding': 'br' } });
    expect(image.headers.get('content-encoding')).toBeNull();
    expect(image.headers.get('vary')).toBeNull();
    expect((await image.arrayBuffer()).byteLength).toBe(4096);

    const tiny = await app.request('/teams/assets/main-abc123.js', { headers: { 'Accept-Encoding': 'br' } });
    expect(tiny.headers.get('content-encoding')).toBeNull();
    expect(await tiny.text()).toBe('console.log(1)');
  });

  it('answers a matching If-None-Match with 304 (index.html is revalidated, never kept blindly)', async () => {
    const app = appWith();
    const first = await app.request('/teams/me');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await app.request('/teams/me', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('no-cache');
    expect(await again.text()).toBe('');
    const other = await app.request('/teams/me', { headers: { 'If-None-Match': 'W/"something-else"' } });
    expect(other.status).toBe(200);
  });

  it('never serves files outside its directory', async () => {
    const app = appWith();
    for (const path of ['/teams/..%2Fpackage.json', '/teams/%2e%2e/%2e%2e/etc/passwd', '/teams/a%00.js']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
    }
  });

  it('lets Teams hosts and configured origins frame the tab, but not the API', async () => {
    const app = appWith({ TEAMS_FRAME_ANCESTORS: 'http://127.0.0.1:9999,https://host.example' });
    const tab = await app.request('/teams/');
    expect(tab.headers.get('x-frame-options')).toBeNull();
    const csp = tab.headers.get('content-security-policy') ?? '';
    const ancestors = csp.split('; ').find((d) => d.startsWith('frame-ancestors')) ?? '';
    for (const origin of [
      "'self'",
      'https://teams.microsoft.com',
      'https://*.teams.microsoft.com',
      'https://*.office.com',
      'https://*.cloud.microsoft',
      'http://127.0.0.1:9999',
      'https://host.example',
    ]) {
      expect(ancestors).toContain(origin);
    }
    expect(csp).toContain("script-src 'self'");
    expect(tab.headers.get('x-content-type-options')).toBe('nosniff');

    const api = await app.request('/healthz');
    expect(api.headers.get('x-frame-options')).toBe('DENY');
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('answers config.json without authentication: demo flag, Entra client id, demo people', async () => {
    const people = [{ email: 'ava@acme.test', name: 'Ava Chen', jobTitle: null, group: 'Employees' }];
    const app = createTestApp({
      env: testEnv({
        TEAMS_TAB_DIR: dir,
        ENTRA_CLIENT_ID: '00000000-0000-4000-8000-000000000001',
        ENTRA_APP_ID_URI: 'api://tab.example/00000000-0000-4000-8000-000000000001',
        ENTRA_ALLOWED_TENANTS: '11111111-1111-4111-8111-111111111111',
      }),
      demoPeople: async () => people,
    }).app;
    const res = await app.request('/teams/config.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      demo: true,
      entra: {
        clientId: '00000000-0000-4000-8000-000000000001',
        appIdUri: 'api://tab.example/00000000-0000-4000-8000-000000000001',
      },
      demoPeople: people,
    });
  });

  it('offers no demo people outside demo mode, and survives a failing lister', async () => {
    const off = createTestApp({
      env: testEnv({ TEAMS_TAB_DIR: dir, PERFLOOP_DEMO: 'false' }),
      demoPeople: async () => [{ email: 'x@y.z', name: 'X', jobTitle: null, group: 'Employees' }],
    }).app;
    expect(await (await off.request('/teams/config.json')).json()).toMatchObject({
      demo: false,
      demoPeople: [],
    });
    const failing = appWith({}, async () => {
      throw new Error('database down');
    });
    const res = await failing.request('/teams/config.json');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ demo: true, demoPeople: [] });
  });

  it('explains a missing build with a 503, not a crash', async () => {
    const app = createTestApp({ env: testEnv({ TEAMS_TAB_DIR: join(dir, 'nothing-here') }) }).app;
    for (const path of ['/teams/', '/teams/me', '/teams/assets/main.js']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(503);
      expect(await res.text()).toBe(NOT_BUILT_MESSAGE);
    }
  });

  it('refuses writes', async () => {
    const res = await appWith().request('/teams/', { method: 'POST' });
    expect(res.status).toBe(405);
  });
});
