// The worker's configuration: the only reader of process.env; every bad setting is reported at once.
import { hostname } from 'node:os';
import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const notionId = z.string().regex(UUID, 'must be a Notion id (32 hex digits, dashes optional)');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

const EnvSchema = z
  .object({
    NOTION_TOKEN: z.string().min(1, 'is required (the internal integration secret)'),
    NOTION_PARENT_PAGE_ID: notionId.optional(),
    NOTION_DATA_SOURCE_ID: notionId.optional(),
    NOTION_BASE_URL: z.url().default('https://api.notion.com'),
    NOTION_DATABASE_TITLE: z.string().min(1).max(200).default('Perfloop goals'),
    NOTION_REQUESTS_PER_SECOND: z.coerce.number().positive().max(100).default(3),
    NOTION_BURST: int(1, 100).default(1),
    NOTION_CONCURRENCY: int(1, 16).default(3),
    NOTION_TIMEOUT_MS: int(1000, 120_000).default(30_000),
    PERFLOOP_API_URL: z.url(),
    PERFLOOP_API_KEY: z
      .string()
      .regex(/^pl_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/, 'must be a Perfloop API key (pl_<prefix>_<secret>)'),
    SYNC_INTERVAL_SECONDS: int(1, 3600).default(30),
    SYNC_LEASE_SECONDS: int(10, 3600).default(120),
    PULL_OVERLAP_SECONDS: int(0, 3600).default(60),
    SYNC_CYCLES: z.enum(['open', 'all']).default('open'),
    WEBHOOK_PORT: int(0, 65535).optional(),
    WEBHOOK_HOST: z.string().min(1).default('127.0.0.1'),
    NOTION_WEBHOOK_VERIFICATION_TOKEN: z.string().min(1).optional(),
    WORKER_ID: z.string().min(1).max(200).default(`notion-sync@${hostname()}#${process.pid}`),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SYNC_ONCE: bool.default(false),
  })
  .refine((e) => (e.NOTION_PARENT_PAGE_ID === undefined) !== (e.NOTION_DATA_SOURCE_ID === undefined), {
    message:
      'set exactly one of NOTION_PARENT_PAGE_ID (create the database) and NOTION_DATA_SOURCE_ID (adopt one)',
    path: ['NOTION_PARENT_PAGE_ID'],
  });

export interface Env {
  notion: {
    token: string;
    baseUrl: string;
    /** Where the worker creates its database, or the data source it adopts. */
    target: { parentPageId: string } | { dataSourceId: string };
    databaseTitle: string;
    requestsPerSecond: number;
    burst: number;
    concurrency: number;
    timeoutMs: number;
  };
  perfloop: { apiUrl: string; apiKey: string };
  sync: {
    intervalMs: number;
    leaseSeconds: number;
    overlapMs: number;
    cycles: 'open' | 'all';
    workerId: string;
    /** One round, then exit (cron-style runs and tests). */
    once: boolean;
  };
  webhook: { port: number; host: string; verificationToken: string | undefined } | null;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

export class EnvError extends Error {}

/** Reads the environment (empty values count as unset); throws EnvError listing every problem. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    notion: {
      token: e.NOTION_TOKEN,
      baseUrl: e.NOTION_BASE_URL.replace(/\/+$/, ''),
      target:
        e.NOTION_DATA_SOURCE_ID !== undefined
          ? { dataSourceId: e.NOTION_DATA_SOURCE_ID }
          : { parentPageId: e.NOTION_PARENT_PAGE_ID as string },
      databaseTitle: e.NOTION_DATABASE_TITLE,
      requestsPerSecond: e.NOTION_REQUESTS_PER_SECOND,
      burst: e.NOTION_BURST,
      concurrency: e.NOTION_CONCURRENCY,
      timeoutMs: e.NOTION_TIMEOUT_MS,
    },
    perfloop: { apiUrl: e.PERFLOOP_API_URL.replace(/\/+$/, ''), apiKey: e.PERFLOOP_API_KEY },
    sync: {
      intervalMs: e.SYNC_INTERVAL_SECONDS * 1000,
      leaseSeconds: e.SYNC_LEASE_SECONDS,
      overlapMs: e.PULL_OVERLAP_SECONDS * 1000,
      cycles: e.SYNC_CYCLES,
      workerId: e.WORKER_ID,
      once: e.SYNC_ONCE,
    },
    webhook:
      e.WEBHOOK_PORT === undefined
        ? null
        : {
            port: e.WEBHOOK_PORT,
            host: e.WEBHOOK_HOST,
            verificationToken: e.NOTION_WEBHOOK_VERIFICATION_TOKEN,
          },
    logLevel: e.LOG_LEVEL,
  };
}
