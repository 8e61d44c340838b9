// The package command's configuration, validated from the environment (the only reader of process.env here).
import { z } from 'zod';
import pkg from '../package.json' with { type: 'json' };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Teams app id used when TEAMS_APP_ID is not set (one fixed id, so updates replace the same app). */
export const DEFAULT_TEAMS_APP_ID = '6d1c3f0e-8b2a-4c7d-9e45-2f6a1b3c5d70';

export interface PackageConfig {
  /** Host name (optionally :port) that serves the API and /teams/, without scheme. */
  tabDomain: string;
  /** The Entra app registration's client id (webApplicationInfo.id). */
  entraClientId: string;
  teamsAppId: string;
  /** Semantic version of the app package. */
  version: string;
  /** Where the zip is written. */
  out: string;
}

const schema = z.object({
  TAB_DOMAIN: z
    .string({ error: 'is required: the host name that serves Perfloop, e.g. perfloop.example.com' })
    .trim()
    .toLowerCase()
    .regex(
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:\d{1,5})?$/,
      'must be a host name such as perfloop.example.com (no scheme, no path)',
    ),
  ENTRA_CLIENT_ID: z
    .string({ error: 'is required: the Entra app registration client id (a GUID)' })
    .trim()
    .regex(GUID, 'must be the Entra app registration client id (a GUID)')
    .transform((v) => v.toLowerCase()),
  TEAMS_APP_ID: z
    .string()
    .trim()
    .regex(GUID, 'must be a GUID')
    .transform((v) => v.toLowerCase())
    .default(DEFAULT_TEAMS_APP_ID),
  APP_VERSION: z
    .string()
    .trim()
    .regex(/^\d+\.\d+\.\d+$/, 'must be a version like 1.0.0')
    .default(pkg.version),
  OUT: z.string().trim().min(1).default('dist-package/perfloop-teams.zip'),
});

export class PackageConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`Invalid package configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'PackageConfigError';
  }
}

export function loadPackageConfig(
  source: Readonly<Record<string, string | undefined>> = process.env,
): PackageConfig {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new PackageConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const p = parsed.data;
  return {
    tabDomain: p.TAB_DOMAIN,
    entraClientId: p.ENTRA_CLIENT_ID,
    teamsAppId: p.TEAMS_APP_ID,
    version: p.APP_VERSION,
    out: p.OUT,
  };
}
