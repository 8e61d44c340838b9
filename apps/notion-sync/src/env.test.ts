// The worker's configuration: defaults, exactly one Notion target, every problem reported at once.
import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from './env.ts';

const base = {
  NOTION_TOKEN: 'ntn_x',
  NOTION_PARENT_PAGE_ID: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  PERFLOOP_API_URL: 'http://127.0.0.1:8787/',
  PERFLOOP_API_KEY: 'pl_abc123_secret',
};

describe('loadEnv', () => {
  it('applies Notion’s limits and the documented defaults', () => {
    const env = loadEnv(base);
    expect(env.notion).toMatchObject({
      baseUrl: 'https://api.notion.com',
      requestsPerSecond: 3,
      burst: 1,
      concurrency: 3,
    });
    expect(env.notion.target).toEqual({ parentPageId: base.NOTION_PARENT_PAGE_ID });
    expect(env.perfloop.apiUrl).toBe('http://127.0.0.1:8787');
    expect(env.sync).toMatchObject({
      intervalMs: 30_000,
      leaseSeconds: 120,
      overlapMs: 60_000,
      cycles: 'open',
      once: false,
    });
    expect(env.webhook).toBe(null);
    expect(loadEnv({ ...base, WEBHOOK_PORT: '8788' }).webhook).toMatchObject({
      port: 8788,
      host: '127.0.0.1',
    });
  });

  it('wants exactly one of a parent page and a data source, and reports every problem at once', () => {
    expect(() => loadEnv({ ...base, NOTION_DATA_SOURCE_ID: base.NOTION_PARENT_PAGE_ID })).toThrow(EnvError);
    try {
      loadEnv({
        NOTION_PARENT_PAGE_ID: 'nope',
        PERFLOOP_API_KEY: 'LEAKED-VALUE',
        SYNC_INTERVAL_SECONDS: '0',
      });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of [
        'NOTION_TOKEN',
        'NOTION_PARENT_PAGE_ID',
        'PERFLOOP_API_URL',
        'PERFLOOP_API_KEY',
        'SYNC_INTERVAL_SECONDS',
      ]) {
        expect(message).toContain(name);
      }
      expect(message).not.toContain('LEAKED-VALUE');
    }
  });
});
