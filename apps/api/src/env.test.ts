// loadEnv: defaults, derived settings and one error listing every bad setting.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ENTRA_JWKS_URL,
  DEFAULT_GOOGLE_CERTS_URL,
  DEFAULT_TEAMS_TAB_DIR,
  EnvError,
  loadEnv,
} from './env.ts';

const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const TENANT = 'AAAAAAAA-0000-4000-8000-000000000001';

function issuesOf(source: Record<string, string>): Record<string, string> {
  try {
    loadEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return Object.fromEntries((error as EnvError).issues.map((i) => [i.setting, i.message]));
  }
  throw new Error('expected loadEnv to throw');
}

describe('loadEnv', () => {
  it('applies defaults for an empty environment', () => {
    expect(loadEnv({})).toEqual({
      nodeEnv: 'development',
      production: false,
      port: 8787,
      host: '127.0.0.1',
      dataDir: './.data',
      database: { kind: 'sqlite', dataDir: './.data' },
      demo: true,
      seed: true,
      logLevel: 'info',
      publicUrl: undefined,
      maxBodyBytes: 1_048_576,
      idempotencyRetentionHours: 24,
      entra: null,
      google: null,
      teamsTab: { dir: DEFAULT_TEAMS_TAB_DIR, frameAncestors: [] },
      teamsAlerts: null,
    });
    expect(DEFAULT_TEAMS_TAB_DIR.replaceAll('\\', '/')).toMatch(/\/apps\/teams-tab\/dist$/);
  });

  it('reads the Teams overdue alerts settings together, with PUBLIC_URL, and never shows the secret in JSON', () => {
    const env = loadEnv({
      PUBLIC_URL: 'https://perfloop.example.com/',
      TEAMS_ALERTS_CLIENT_ID: CLIENT_ID.toUpperCase(),
      TEAMS_ALERTS_CLIENT_SECRET: 's3cret-value',
      TEAMS_ALERTS_TENANT_ID: TENANT,
      TEAMS_ALERTS_APP_ID: '6d1c3f0e-8b2a-4c7d-9e45-2f6a1b3c5d70',
      TEAMS_ALERTS_INTERVAL_MINUTES: '15',
    });
    expect(env.teamsAlerts).toEqual({
      graphUrl: 'https://graph.microsoft.com/v1.0',
      tokenUrl: `https://login.microsoftonline.com/${TENANT.toLowerCase()}/oauth2/v2.0/token`,
      tenantId: TENANT.toLowerCase(),
      clientId: CLIENT_ID,
      clientSecret: 's3cret-value',
      teamsAppId: '6d1c3f0e-8b2a-4c7d-9e45-2f6a1b3c5d70',
      tabUrl: 'https://perfloop.example.com/teams',
      intervalMs: 15 * 60_000,
      startDelayMs: 60_000,
    });
    expect(JSON.stringify(env)).not.toContain('s3cret-value');
    expect(JSON.stringify(env.teamsAlerts)).toContain('[redacted]');
    const issues = issuesOf({
      TEAMS_ALERTS_CLIENT_ID: CLIENT_ID,
      TEAMS_ALERTS_INTERVAL_MINUTES: '0',
      TEAMS_ALERTS_START_DELAY_SECONDS: '3601',
    });
    expect(Object.keys(issues).sort()).toEqual([
      'PUBLIC_URL',
      'TEAMS_ALERTS_APP_ID',
      'TEAMS_ALERTS_CLIENT_SECRET',
      'TEAMS_ALERTS_INTERVAL_MINUTES',
      'TEAMS_ALERTS_START_DELAY_SECONDS',
      'TEAMS_ALERTS_TENANT_ID',
    ]);
    expect(issues.TEAMS_ALERTS_START_DELAY_SECONDS).toMatch(/seconds from 0 to 3600/);
    const now = loadEnv({
      PUBLIC_URL: 'https://perfloop.example.com',
      TEAMS_ALERTS_CLIENT_ID: CLIENT_ID,
      TEAMS_ALERTS_CLIENT_SECRET: 's3cret-value',
      TEAMS_ALERTS_TENANT_ID: TENANT,
      TEAMS_ALERTS_APP_ID: '6d1c3f0e-8b2a-4c7d-9e45-2f6a1b3c5d70',
      TEAMS_ALERTS_START_DELAY_SECONDS: '0',
    });
    expect(now.teamsAlerts?.startDelayMs).toBe(0);
    expect(issues.TEAMS_ALERTS_CLIENT_SECRET).toMatch(/required when Teams overdue alerts/);
  });

  it('reads the Teams tab directory and the extra origins allowed to frame it', () => {
    const env = loadEnv({
      TEAMS_TAB_DIR: '/srv/tab',
      TEAMS_FRAME_ANCESTORS: 'http://127.0.0.1:9000, https://a.example/',
    });
    expect(env.teamsTab).toEqual({
      dir: '/srv/tab',
      frameAncestors: ['http://127.0.0.1:9000', 'https://a.example'],
    });
    const issues = issuesOf({ TEAMS_FRAME_ANCESTORS: 'https://a.example/path,teams' });
    expect(Object.keys(issues)).toEqual(['TEAMS_FRAME_ANCESTORS']);
    expect(issues.TEAMS_FRAME_ANCESTORS).toMatch(/is not an origin/);
  });

  it('parses a full configuration', () => {
    const env = loadEnv({
      NODE_ENV: 'production',
      PORT: '3000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/perfloop',
      LOG_LEVEL: 'warn',
      ENTRA_CLIENT_ID: CLIENT_ID,
      ENTRA_APP_ID_URI: `api://teams.perfloop.dev/${CLIENT_ID}`,
      ENTRA_ALLOWED_TENANTS: `${TENANT} , bbbbbbbb-0000-4000-8000-000000000002`,
      GOOGLE_ADDON_CLIENT_ID: 'a.apps.googleusercontent.com,b.apps.googleusercontent.com',
      PUBLIC_URL: 'https://api.perfloop.dev/',
      MAX_BODY_BYTES: '2048',
      IDEMPOTENCY_RETENTION_HOURS: '72',
    });
    expect(env).toMatchObject({
      production: true,
      demo: false,
      port: 3000,
      database: { kind: 'postgres', url: 'postgres://u:p@db:5432/perfloop', preparedStatements: true },
      publicUrl: 'https://api.perfloop.dev',
      maxBodyBytes: 2048,
      idempotencyRetentionHours: 72,
      entra: {
        clientId: CLIENT_ID,
        jwksUrl: DEFAULT_ENTRA_JWKS_URL,
        allowedTenants: [TENANT.toLowerCase(), 'bbbbbbbb-0000-4000-8000-000000000002'],
      },
      google: {
        certsUrl: DEFAULT_GOOGLE_CERTS_URL,
        userAudiences: ['a.apps.googleusercontent.com', 'b.apps.googleusercontent.com'],
      },
    });
  });

  it('reads DATABASE_PREPARED_STATEMENTS as a boolean (PostgreSQL only) and refuses anything else', () => {
    const url = 'postgres://u@db:5432/perfloop';
    expect(loadEnv({ DATABASE_URL: url, DATABASE_PREPARED_STATEMENTS: 'false' }).database).toEqual({
      kind: 'postgres',
      url,
      preparedStatements: false,
    });
    expect(() => loadEnv({ DATABASE_URL: url, DATABASE_PREPARED_STATEMENTS: 'sometimes' })).toThrow(
      /DATABASE_PREPARED_STATEMENTS/,
    );
  });

  it('treats empty values as unset and reads PERFLOOP_DEMO as a boolean', () => {
    expect(loadEnv({ PORT: '', PERFLOOP_DEMO: '' }).port).toBe(8787);
    // 0: any free port (the server reports the one it bound).
    expect(loadEnv({ PORT: '0' }).port).toBe(0);
    expect(loadEnv({ PERFLOOP_DEMO: 'false' }).demo).toBe(false);
    expect(loadEnv({ NODE_ENV: 'test', PERFLOOP_DEMO: '1' }).demo).toBe(true);
    expect(loadEnv({ NODE_ENV: 'production' }).demo).toBe(false);
  });

  it('seeds the demo data by default in demo mode only (PERFLOOP_SEED)', () => {
    expect(loadEnv({}).seed).toBe(true);
    expect(loadEnv({ PERFLOOP_SEED: 'false' }).seed).toBe(false);
    expect(loadEnv({ PERFLOOP_DEMO: 'false' }).seed).toBe(false);
    expect(loadEnv({ NODE_ENV: 'production' }).seed).toBe(false);
    expect(issuesOf({ PERFLOOP_DEMO: 'false', PERFLOOP_SEED: 'true' }).PERFLOOP_SEED).toMatch(/demo mode/);
    expect(issuesOf({ PERFLOOP_SEED: 'maybe' }).PERFLOOP_SEED).toBe('must be true or false');
  });

  it('throws ONE error naming every bad setting with its own message', () => {
    const source = {
      PORT: '99999',
      NODE_ENV: 'staging',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://root:hunter2@db/x',
      PERFLOOP_DEMO: 'maybe',
      ENTRA_CLIENT_ID: 'not-a-guid',
      ENTRA_JWKS_URL: 'ftp://keys',
      ENTRA_ALLOWED_TENANTS: 'contoso',
      GOOGLE_ADDON_CLIENT_ID: 'no spaces allowed',
      MAX_BODY_BYTES: '-1',
      IDEMPOTENCY_RETENTION_HOURS: '0',
    };
    const issues = issuesOf(source);
    expect(Object.keys(issues).sort()).toEqual(
      [
        'DATABASE_URL',
        'ENTRA_ALLOWED_TENANTS',
        'ENTRA_APP_ID_URI',
        'ENTRA_CLIENT_ID',
        'ENTRA_JWKS_URL',
        'GOOGLE_ADDON_CLIENT_ID',
        'IDEMPOTENCY_RETENTION_HOURS',
        'LOG_LEVEL',
        'MAX_BODY_BYTES',
        'NODE_ENV',
        'PERFLOOP_DEMO',
        'PORT',
      ].sort(),
    );
    expect(issues.PORT).toBe('must be an integer from 0 to 65535');
    expect(issues.NODE_ENV).toBe('must be one of development, test, production');
    expect(issues.ENTRA_ALLOWED_TENANTS).toContain('"contoso" is not a tenant id');
    expect(issues.DATABASE_URL).toContain('postgres://');
    let message = '';
    try {
      loadEnv(source);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid environment configuration \(\d+ problems\):/);
    expect(message).toContain('  - PORT: must be an integer from 0 to 65535');
    expect(message).not.toContain('hunter2');
  });

  it('refuses PERFLOOP_DEMO=true in production', () => {
    expect(issuesOf({ NODE_ENV: 'production', PERFLOOP_DEMO: 'true' }).PERFLOOP_DEMO).toMatch(
      /NODE_ENV=production/,
    );
  });

  it('requires the Entra settings together and an App ID URI ending in the client id', () => {
    expect(Object.keys(issuesOf({ ENTRA_CLIENT_ID: CLIENT_ID })).sort()).toEqual([
      'ENTRA_ALLOWED_TENANTS',
      'ENTRA_APP_ID_URI',
    ]);
    const issues = issuesOf({
      ENTRA_CLIENT_ID: CLIENT_ID,
      ENTRA_APP_ID_URI: 'api://teams.perfloop.dev/99999999-2222-4333-8444-555555555555',
      ENTRA_ALLOWED_TENANTS: TENANT,
    });
    expect(issues).toEqual({
      ENTRA_APP_ID_URI: 'must end with /<ENTRA_CLIENT_ID> (api://<domain>/<client-id>)',
    });
    expect(issuesOf({ ENTRA_APP_ID_URI: 'https://example.com' }).ENTRA_APP_ID_URI).toMatch(/api:\/\//);
  });

  it('turns Sheets users’ Google sign-in on with the client id alone; PUBLIC_URL is https in production', () => {
    expect(loadEnv({ GOOGLE_ADDON_CLIENT_ID: 'x.apps.googleusercontent.com' }).google).toEqual({
      certsUrl: DEFAULT_GOOGLE_CERTS_URL,
      userAudiences: ['x.apps.googleusercontent.com'],
    });
    expect(loadEnv({}).google).toBeNull();
    expect(issuesOf({ NODE_ENV: 'production', PUBLIC_URL: 'http://api.example.com' }).PUBLIC_URL).toBe(
      'must use https in production',
    );
    expect(issuesOf({ PUBLIC_URL: 'https://api.example.com/?x=1' }).PUBLIC_URL).toMatch(/query/);
  });

  it('refuses the retired GOOGLE_ADDON_SERVICE_ACCOUNT, pointing at the add-on', () => {
    expect(
      issuesOf({ GOOGLE_ADDON_SERVICE_ACCOUNT: 'a@b.iam.gserviceaccount.com' }).GOOGLE_ADDON_SERVICE_ACCOUNT,
    ).toMatch(/addon:sheets API key/);
  });
});
