// Validated runtime configuration: the only module in the API that reads process.env.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const DEFAULT_ENTRA_JWKS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';
/** Google's federated sign-on certificates in the PEM map format (`{kid: pem}`) the Node client uses. */
export const DEFAULT_GOOGLE_CERTS_URL = 'https://www.googleapis.com/oauth2/v1/certs';
/** Microsoft Graph v1.0 and the Entra authority the overdue alerts use unless configured otherwise. */
export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com/v1.0';
export const DEFAULT_ENTRA_AUTHORITY = 'https://login.microsoftonline.com';
const MIB = 1024 * 1024;
/** The Teams tab's build output in this repository (apps/teams-tab/dist), whatever the working directory. */
export const DEFAULT_TEAMS_TAB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../teams-tab/dist');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Microsoft Entra (Teams SSO) settings; present only when ENTRA_CLIENT_ID is configured. */
export interface EntraConfig {
  clientId: string;
  /** `api://<domain>/<client-id>`: the audience of v1 access tokens. */
  appIdUri: string;
  jwksUrl: string;
  /** Lower-case tenant ids whose tokens are accepted. */
  allowedTenants: readonly string[];
}

/**
 * Google sign-in of Sheets users (their ID tokens, forwarded by the add-on with its `addon:sheets`
 * API key); present only when GOOGLE_ADDON_CLIENT_ID is configured.
 */
export interface GoogleConfig {
  certsUrl: string;
  /** Accepted audiences (the add-on's OAuth client ids) of the user's ID token. */
  userAudiences: readonly string[];
}

export type DatabaseConfig =
  | {
      kind: 'postgres';
      url: string;
      /** Hot-path statements as named prepared statements (off behind a pooler that does not keep them). */
      preparedStatements: boolean;
    }
  | { kind: 'sqlite'; dataDir: string };

/**
 * Overdue alerts in the Teams activity feed (src/alerts/): an app-only Graph token from the Entra client-credentials
 * flow, sent as activity notifications of the Teams app; present only when TEAMS_ALERTS_CLIENT_ID is configured.
 */
export interface TeamsAlertsConfig {
  /** Graph base URL without a trailing slash (`…/v1.0`). */
  graphUrl: string;
  /** The token endpoint: `<authority>/<tenant>/oauth2/v2.0/token`. */
  tokenUrl: string;
  /** Lower-case tenant id: only Entra logins of this tenant receive alerts. */
  tenantId: string;
  clientId: string;
  /** The client secret: never logged (the config's toJSON hides it). */
  clientSecret: string;
  /** The Teams app id of the manifest (`id`), installed for the recipients. */
  teamsAppId: string;
  /** The tab's base URL (`<PUBLIC_URL>/teams`), for the notifications' links. */
  tabUrl: string;
  intervalMs: number;
  /** Delay from the start of the process to the first run (then one run every `intervalMs`). */
  startDelayMs: number;
}

/** The typed configuration every other module receives (never process.env). */
export interface Env {
  nodeEnv: NodeEnv;
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  /** Demo mode: seeded data and `Bearer dev:<email>` sign-in. Never in production. */
  demo: boolean;
  /** Seed the demo organisation (Acme) on the first start of an empty database; only in demo mode. */
  seed: boolean;
  logLevel: LogLevel;
  /** External base URL of the API without a trailing slash. */
  publicUrl: string | undefined;
  maxBodyBytes: number;
  /** How long a POST's Idempotency-Key (and its stored response) is kept before it is purged. */
  idempotencyRetentionHours: number;
  entra: EntraConfig | null;
  google: GoogleConfig | null;
  /** The Teams tab served under /teams/. */
  teamsTab: TeamsTabConfig;
  teamsAlerts: TeamsAlertsConfig | null;
}

/** Where the built Teams tab lives and which extra origins may frame it. */
export interface TeamsTabConfig {
  /** Absolute path of the tab's build output (index.html and assets/). */
  dir: string;
  /** Origins allowed to frame /teams/* besides the API itself and Microsoft's Teams hosts. */
  frameAncestors: readonly string[];
}

export interface EnvIssue {
  setting: string;
  message: string;
}

/** Thrown by `loadEnv` with every bad setting at once. */
export class EnvError extends Error {
  readonly issues: readonly EnvIssue[];
  constructor(issues: readonly EnvIssue[]) {
    const lines = issues.map((i) => `  - ${i.setting}: ${i.message}`).join('\n');
    super(
      `Invalid environment configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines}`,
    );
    this.name = 'EnvError';
    this.issues = issues;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const intSetting = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);

/** true / false (and the other TRUE_WORDS / FALSE_WORDS), case-insensitive, as a boolean. */
const boolSetting = () =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => TRUE_WORDS.includes(v) || FALSE_WORDS.includes(v), 'must be true or false')
    .transform((v) => TRUE_WORDS.includes(v));

const httpUrl = (message = 'must be an absolute http(s) URL') => z.string().trim().refine(isHttpUrl, message);

const commaList = (itemOk: (item: string) => boolean, message: (item: string) => string) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .superRefine((items, ctx) => {
      if (items.length === 0) ctx.addIssue({ code: 'custom', message: 'must list at least one value' });
      for (const item of items) if (!itemOk(item)) ctx.addIssue({ code: 'custom', message: message(item) });
    });

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

/** One schema per setting; each is parsed on its own so that every bad setting is reported. */
const fields = {
  NODE_ENV: z.enum(NODE_ENVS, { error: `must be one of ${NODE_ENVS.join(', ')}` }).default('development'),
  // 0 lets the system pick a free port (tests and harnesses); the banner and the log show the one bound.
  PORT: intSetting(0, 65_535, 'must be an integer from 0 to 65535').default(8787),
  HOST: z
    .string()
    .trim()
    .regex(/^[\w.:[\]-]+$/, 'must be a host name or IP address')
    .default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .trim()
    .refine(
      (v) => isUrlWithProtocol(v, ['postgres:', 'postgresql:']),
      'must be a postgres:// or postgresql:// URL (leave unset to use the embedded SQLite database)',
    )
    .optional(),
  DATABASE_PREPARED_STATEMENTS: boolSetting().optional(),
  DATA_DIR: z.string().trim().default('./.data'),
  PERFLOOP_DEMO: boolSetting().optional(),
  PERFLOOP_SEED: boolSetting().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ENTRA_CLIENT_ID: z
    .string()
    .trim()
    .regex(GUID, 'must be the app registration client id (a GUID)')
    .transform((v) => v.toLowerCase())
    .optional(),
  ENTRA_APP_ID_URI: z
    .string()
    .trim()
    .regex(
      /^api:\/\/[a-z0-9.-]+(?::\d+)?(?:\/[^\s/]+)*\/[^\s/]+$/i,
      'must look like api://<domain>/<client-id>',
    )
    .optional(),
  ENTRA_JWKS_URL: httpUrl().default(DEFAULT_ENTRA_JWKS_URL),
  ENTRA_ALLOWED_TENANTS: commaList(
    (t) => GUID.test(t),
    (t) => `"${t}" is not a tenant id (a GUID); list tenant ids separated by commas`,
  )
    .transform((list) => list.map((t) => t.toLowerCase()))
    .optional(),
  GOOGLE_CERTS_URL: httpUrl().default(DEFAULT_GOOGLE_CERTS_URL),
  GOOGLE_ADDON_SERVICE_ACCOUNT: z
    .string()
    .refine(() => false, {
      error:
        'is no longer read by the API: the add-on service verifies its system tokens itself and calls the API with an addon:sheets API key; set it on the add-on (apps/sheets-addon) and remove it here',
    })
    .optional(),
  GOOGLE_ADDON_CLIENT_ID: commaList(
    (c) => /^[\w.-]+$/.test(c),
    (c) => `"${c}" is not an OAuth client id`,
  ).optional(),
  PUBLIC_URL: httpUrl('must be the absolute http(s) base URL of the API, e.g. https://api.example.com')
    .refine((v) => isHttpUrl(v) && !/[?#]/.test(v), 'must not contain a query or fragment')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  TEAMS_TAB_DIR: z.string().trim().default(DEFAULT_TEAMS_TAB_DIR),
  TEAMS_FRAME_ANCESTORS: commaList(
    isOrigin,
    (o) => `"${o}" is not an origin (scheme://host[:port], no path); list origins separated by commas`,
  ).optional(),
  TEAMS_ALERTS_CLIENT_ID: z
    .string()
    .trim()
    .regex(GUID, 'must be the client id (a GUID) of the app registration that sends the alerts')
    .transform((v) => v.toLowerCase())
    .optional(),
  TEAMS_ALERTS_CLIENT_SECRET: z.string().optional(),
  TEAMS_ALERTS_TENANT_ID: z
    .string()
    .trim()
    .regex(GUID, 'must be the tenant id (a GUID)')
    .transform((v) => v.toLowerCase())
    .optional(),
  TEAMS_ALERTS_APP_ID: z
    .string()
    .trim()
    .regex(GUID, 'must be the Teams app id of the manifest (a GUID)')
    .transform((v) => v.toLowerCase())
    .optional(),
  TEAMS_ALERTS_GRAPH_URL: httpUrl()
    .transform((v) => v.replace(/\/+$/, ''))
    .default(DEFAULT_GRAPH_URL),
  TEAMS_ALERTS_AUTHORITY: httpUrl()
    .transform((v) => v.replace(/\/+$/, ''))
    .default(DEFAULT_ENTRA_AUTHORITY),
  TEAMS_ALERTS_INTERVAL_MINUTES: intSetting(
    1,
    24 * 60,
    'must be a whole number of minutes from 1 to 1440',
  ).default(60),
  TEAMS_ALERTS_START_DELAY_SECONDS: intSetting(
    0,
    3600,
    'must be a whole number of seconds from 0 to 3600',
  ).default(60),
  MAX_BODY_BYTES: intSetting(1, 64 * MIB, `must be an integer number of bytes from 1 to ${64 * MIB}`).default(
    MIB,
  ),
  IDEMPOTENCY_RETENTION_HOURS: intSetting(
    1,
    24 * 365,
    'must be a whole number of hours from 1 to 8760',
  ).default(24),
};

type Fields = typeof fields;
type Parsed = { [K in keyof Fields]: z.output<Fields[K]> };
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** `https://host[:port]` or `http://host[:port]` with nothing after it. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '');
  } catch {
    return false;
  }
}

function isUrlWithProtocol(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * Parses and validates the environment. Empty values count as unset. Throws one `EnvError` that
 * lists every bad setting; never echoes values (DATABASE_URL can hold a password).
 */
export function loadEnv(source: EnvSource = process.env): Env {
  const issues: EnvIssue[] = [];
  const parsed: Partial<Parsed> = {};
  const parse = <K extends keyof Fields>(key: K): void => {
    const raw = source[key];
    const result = fields[key].safeParse(raw === undefined || raw.trim() === '' ? undefined : raw);
    if (result.success) parsed[key] = result.data as Parsed[K];
    else for (const issue of result.error.issues) issues.push({ setting: key, message: issue.message });
  };
  for (const key of Object.keys(fields) as (keyof Fields)[]) parse(key);
  // Settings given but invalid are reported above; cross-setting rules only use what parsed.
  const given = (key: keyof Fields): boolean => (source[key] ?? '').trim() !== '';
  const add = (setting: string, message: string) => issues.push({ setting, message });

  const nodeEnv = parsed.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  if (production && parsed.PERFLOOP_DEMO === true) {
    add(
      'PERFLOOP_DEMO',
      'must not be true when NODE_ENV=production (demo sign-in lets anyone act as any user)',
    );
  }

  const demo = parsed.PERFLOOP_DEMO ?? !production;
  if (parsed.PERFLOOP_SEED === true && !demo) {
    add(
      'PERFLOOP_SEED',
      'must not be true outside demo mode (the demo data is seeded only when PERFLOOP_DEMO is on)',
    );
  }

  const entraKeys = ['ENTRA_CLIENT_ID', 'ENTRA_APP_ID_URI', 'ENTRA_ALLOWED_TENANTS'] as const;
  if (entraKeys.some(given)) {
    for (const key of entraKeys) {
      if (!given(key)) {
        add(
          key,
          'is required when Entra sign-in is configured (set ENTRA_CLIENT_ID, ENTRA_APP_ID_URI and ENTRA_ALLOWED_TENANTS together)',
        );
      }
    }
  }
  const clientId = parsed.ENTRA_CLIENT_ID;
  const appIdUri = parsed.ENTRA_APP_ID_URI;
  if (clientId && appIdUri && !appIdUri.toLowerCase().endsWith(`/${clientId}`)) {
    add('ENTRA_APP_ID_URI', 'must end with /<ENTRA_CLIENT_ID> (api://<domain>/<client-id>)');
  }

  const alertKeys = [
    'TEAMS_ALERTS_CLIENT_ID',
    'TEAMS_ALERTS_CLIENT_SECRET',
    'TEAMS_ALERTS_TENANT_ID',
    'TEAMS_ALERTS_APP_ID',
  ] as const;
  const alertsOn = alertKeys.some(given);
  if (alertsOn) {
    for (const key of alertKeys) {
      if (!given(key)) {
        add(
          key,
          'is required when Teams overdue alerts are configured (set TEAMS_ALERTS_CLIENT_ID, TEAMS_ALERTS_CLIENT_SECRET, TEAMS_ALERTS_TENANT_ID and TEAMS_ALERTS_APP_ID together)',
        );
      }
    }
    if (!given('PUBLIC_URL')) {
      add(
        'PUBLIC_URL',
        'is required when Teams overdue alerts are configured (the links open the tab there)',
      );
    }
  }

  if (production && parsed.PUBLIC_URL?.startsWith('http:')) add('PUBLIC_URL', 'must use https in production');

  if (issues.length > 0) throw new EnvError(issues);
  const p = parsed as Parsed;

  const dataDir = p.DATA_DIR;
  return {
    nodeEnv,
    production,
    port: p.PORT,
    host: p.HOST,
    dataDir,
    database: p.DATABASE_URL
      ? {
          kind: 'postgres',
          url: p.DATABASE_URL,
          preparedStatements: p.DATABASE_PREPARED_STATEMENTS ?? true,
        }
      : { kind: 'sqlite', dataDir },
    demo,
    seed: demo && (p.PERFLOOP_SEED ?? true),
    logLevel: p.LOG_LEVEL,
    publicUrl: p.PUBLIC_URL,
    maxBodyBytes: p.MAX_BODY_BYTES,
    idempotencyRetentionHours: p.IDEMPOTENCY_RETENTION_HOURS,
    entra:
      p.ENTRA_CLIENT_ID && p.ENTRA_APP_ID_URI && p.ENTRA_ALLOWED_TENANTS
        ? {
            clientId: p.ENTRA_CLIENT_ID,
            appIdUri: p.ENTRA_APP_ID_URI,
            jwksUrl: p.ENTRA_JWKS_URL,
            allowedTenants: p.ENTRA_ALLOWED_TENANTS,
          }
        : null,
    google: p.GOOGLE_ADDON_CLIENT_ID
      ? { certsUrl: p.GOOGLE_CERTS_URL, userAudiences: p.GOOGLE_ADDON_CLIENT_ID }
      : null,
    teamsTab: {
      dir: resolve(p.TEAMS_TAB_DIR),
      frameAncestors: (p.TEAMS_FRAME_ANCESTORS ?? []).map((o) => o.replace(/\/$/, '')),
    },
    teamsAlerts:
      alertsOn &&
      p.TEAMS_ALERTS_CLIENT_ID &&
      p.TEAMS_ALERTS_CLIENT_SECRET &&
      p.TEAMS_ALERTS_TENANT_ID &&
      p.TEAMS_ALERTS_APP_ID &&
      p.PUBLIC_URL
        ? teamsAlertsConfig({
            graphUrl: p.TEAMS_ALERTS_GRAPH_URL,
            tokenUrl: `${p.TEAMS_ALERTS_AUTHORITY}/${p.TEAMS_ALERTS_TENANT_ID}/oauth2/v2.0/token`,
            tenantId: p.TEAMS_ALERTS_TENANT_ID,
            clientId: p.TEAMS_ALERTS_CLIENT_ID,
            clientSecret: p.TEAMS_ALERTS_CLIENT_SECRET,
            teamsAppId: p.TEAMS_ALERTS_APP_ID,
            tabUrl: `${p.PUBLIC_URL}/teams`,
            intervalMs: p.TEAMS_ALERTS_INTERVAL_MINUTES * 60_000,
            startDelayMs: p.TEAMS_ALERTS_START_DELAY_SECONDS * 1000,
          })
        : null,
  };
}

/** The alerts configuration with its secret kept out of JSON (logs, error reports): `toJSON` shows it redacted. */
export function teamsAlertsConfig(config: TeamsAlertsConfig): TeamsAlertsConfig {
  return Object.defineProperty({ ...config }, 'toJSON', {
    enumerable: false,
    value: () => ({ ...config, clientSecret: '[redacted]' }),
  });
}
