// Validated configuration of the add-on service: the only module that reads process.env.
import { z } from 'zod';

export const DEFAULT_GOOGLE_CERTS_URL = 'https://www.googleapis.com/oauth2/v1/certs';
export const DEFAULT_SHEETS_ROOT_URL = 'https://sheets.googleapis.com/';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AddonEnv {
  production: boolean;
  port: number;
  host: string;
  logLevel: LogLevel;
  /** The add-on's external base URL without a trailing slash; endpoint URLs (and token audiences) start with it. */
  publicUrl: string;
  /** The e-mail of the add-on's Google service account: the `email` of the system ID tokens Google sends. */
  serviceAccount: string;
  /** The add-on's OAuth client id(s): the audience of the users' ID tokens. */
  clientIds: readonly string[];
  certsUrl: string;
  /** Perfloop API base URL (the add-on calls `<apiUrl>/v1/...`), without a trailing slash. */
  apiUrl: string;
  /** The `addon:sheets` API key HR created for this service. Never logged. */
  apiKey: string;
  /** Root URL of the Sheets API, with a trailing slash (tests point it at the fake). */
  sheetsRootUrl: string;
}

export class AddonEnvError extends Error {
  constructor(readonly issues: readonly { setting: string; message: string }[]) {
    super(
      `Invalid add-on configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${issues
        .map((i) => `  - ${i.setting}: ${i.message}`)
        .join('\n')}`,
    );
    this.name = 'AddonEnvError';
  }
}

const httpUrl = (message = 'must be an absolute http(s) URL without query or fragment') =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        const u = new URL(v);
        return (
          (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && !u.search && !u.hash
        );
      } catch {
        return false;
      }
    }, message);

const fields = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be an integer from 1 to 65535')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 65_535, 'must be an integer from 1 to 65535')
    .default(8790),
  HOST: z
    .string()
    .trim()
    .regex(/^[\w.:[\]-]+$/, 'must be a host name or IP address')
    .default('127.0.0.1'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  PUBLIC_URL: httpUrl(
    'must be the add-on’s absolute base URL, e.g. https://sheets.perfloop.example',
  ).transform((v) => v.replace(/\/+$/, '')),
  GOOGLE_ADDON_SERVICE_ACCOUNT: z
    .email({
      error:
        'must be the add-on’s service account e-mail (service-<n>@gcp-sa-gsuiteaddons.iam.gserviceaccount.com)',
    })
    .transform((v) => v.toLowerCase()),
  GOOGLE_ADDON_CLIENT_ID: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .refine(
      (ids) => ids.length > 0 && ids.every((id) => /^[\w.-]+$/.test(id)),
      'must list the OAuth client id(s), comma-separated',
    ),
  GOOGLE_CERTS_URL: httpUrl().default(DEFAULT_GOOGLE_CERTS_URL),
  PERFLOOP_API_URL: httpUrl('must be the Perfloop API base URL, e.g. https://api.perfloop.example').transform(
    (v) => v.replace(/\/+$/, ''),
  ),
  PERFLOOP_API_KEY: z
    .string()
    .trim()
    .regex(
      /^pl_[a-f0-9]{8,32}_[A-Za-z0-9]{16,128}$/,
      'must be a Perfloop API key (pl_<prefix>_<secret>) with the addon:sheets scope',
    ),
  SHEETS_API_ROOT_URL: httpUrl()
    .transform((v) => (v.endsWith('/') ? v : `${v}/`))
    .default(DEFAULT_SHEETS_ROOT_URL),
};

type Fields = typeof fields;

/** Parses the environment; every bad setting is reported at once, values are never echoed (the key is secret). */
export function loadAddonEnv(source: Readonly<Record<string, string | undefined>> = process.env): AddonEnv {
  const issues: { setting: string; message: string }[] = [];
  const parsed: Partial<{ [K in keyof Fields]: z.output<Fields[K]> }> = {};
  for (const key of Object.keys(fields) as (keyof Fields)[]) {
    const raw = source[key];
    const result = fields[key].safeParse(raw === undefined || raw.trim() === '' ? undefined : raw);
    if (result.success) (parsed as Record<string, unknown>)[key] = result.data;
    else
      for (const issue of result.error.issues) {
        issues.push({ setting: key, message: issue.code === 'invalid_type' ? 'is required' : issue.message });
      }
  }
  const production = parsed.NODE_ENV === 'production';
  for (const key of ['PUBLIC_URL', 'PERFLOOP_API_URL'] as const) {
    if (production && parsed[key]?.startsWith('http:'))
      issues.push({ setting: key, message: 'must use https in production' });
  }
  if (issues.length > 0) throw new AddonEnvError(issues);
  const p = parsed as { [K in keyof Fields]: z.output<Fields[K]> };
  return {
    production,
    port: p.PORT,
    host: p.HOST,
    logLevel: p.LOG_LEVEL,
    publicUrl: p.PUBLIC_URL,
    serviceAccount: p.GOOGLE_ADDON_SERVICE_ACCOUNT,
    clientIds: p.GOOGLE_ADDON_CLIENT_ID,
    certsUrl: p.GOOGLE_CERTS_URL,
    apiUrl: p.PERFLOOP_API_URL,
    apiKey: p.PERFLOOP_API_KEY,
    sheetsRootUrl: p.SHEETS_API_ROOT_URL,
  };
}
