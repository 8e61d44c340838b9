// The add-on's settings: every problem reported at once, secrets never echoed, https in production.
import { describe, expect, it } from 'vitest';
import { AddonEnvError, DEFAULT_SHEETS_ROOT_URL, loadAddonEnv } from './env.ts';

const KEY = `pl_0123456789ab_${'a'.repeat(64)}`;
const valid = {
  PUBLIC_URL: 'https://sheets.perfloop.example/',
  GOOGLE_ADDON_SERVICE_ACCOUNT: 'Service-1@gcp-sa-gsuiteaddons.iam.gserviceaccount.com',
  GOOGLE_ADDON_CLIENT_ID: '1-a.apps.googleusercontent.com, 2-b.apps.googleusercontent.com',
  PERFLOOP_API_URL: 'https://api.perfloop.example',
  PERFLOOP_API_KEY: KEY,
};

describe('loadAddonEnv', () => {
  it('reads a complete configuration with defaults', () => {
    expect(loadAddonEnv(valid)).toMatchObject({
      port: 8790,
      publicUrl: 'https://sheets.perfloop.example',
      serviceAccount: 'service-1@gcp-sa-gsuiteaddons.iam.gserviceaccount.com',
      clientIds: ['1-a.apps.googleusercontent.com', '2-b.apps.googleusercontent.com'],
      sheetsRootUrl: DEFAULT_SHEETS_ROOT_URL,
      apiKey: KEY,
    });
    expect(loadAddonEnv({ ...valid, SHEETS_API_ROOT_URL: 'http://127.0.0.1:9999' }).sheetsRootUrl).toBe(
      'http://127.0.0.1:9999/',
    );
  });

  it('reports every bad setting at once and never echoes the key', () => {
    let error: unknown;
    try {
      loadAddonEnv({ PERFLOOP_API_KEY: 'pl_secret_but_malformed', PORT: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AddonEnvError);
    const settings = (error as AddonEnvError).issues.map((i) => i.setting).sort();
    expect(settings).toEqual([
      'GOOGLE_ADDON_CLIENT_ID',
      'GOOGLE_ADDON_SERVICE_ACCOUNT',
      'PERFLOOP_API_KEY',
      'PERFLOOP_API_URL',
      'PORT',
      'PUBLIC_URL',
    ]);
    expect((error as Error).message).not.toContain('pl_secret_but_malformed');
  });

  it('requires https in production', () => {
    expect(() =>
      loadAddonEnv({ ...valid, NODE_ENV: 'production', PUBLIC_URL: 'http://sheets.perfloop.example' }),
    ).toThrow(/PUBLIC_URL: must use https/);
  });
});
