// The harnesses' settings: the only module here that reads process.env (validated with zod, every problem at once).
import { z } from 'zod';

const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

const positiveInt = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be from 1 to ${max}`);

const engineList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  )
  .pipe(z.array(z.enum(ENGINES, { error: 'engines are sqlite and postgres' })).min(1));

const fields = {
  /** Cases per operation and engine (short mode 200). */
  FUZZ_RUNS: positiveInt(1_000_000).optional(),
  /** Base seed of a fuzz run (random and printed when unset). */
  FUZZ_SEED: z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be an integer')
    .transform(Number)
    .optional(),
  /** Only operations whose `METHOD /path` contains this text. */
  FUZZ_OPS: z.string().optional(),
  FUZZ_ENGINES: engineList.optional(),
  /** Kill -9 rounds per engine (short mode 3, long mode 20). */
  CRASH_ROUNDS: positiveInt(10_000).optional(),
  CRASH_ENGINES: engineList.optional(),
  CRASH_SEED: z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be an integer')
    .transform(Number)
    .optional(),
  /** Seconds of load (short mode 12, long mode 60). */
  LOAD_SECONDS: positiveInt(3600).optional(),
  /** Concurrent load clients (default 8). */
  LOAD_CLIENTS: positiveInt(256).optional(),
  LOAD_SEED: z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be an integer')
    .transform(Number)
    .optional(),
  DATABASE_URL: z.string().trim().optional(),
};

export type HarnessEnv = { [K in keyof typeof fields]: z.output<(typeof fields)[K]> };

export class HarnessEnvError extends Error {}

/** Parses the harness settings; empty values count as unset. */
export function loadHarnessEnv(
  source: Readonly<Record<string, string | undefined>> = process.env,
): HarnessEnv {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, schema] of Object.entries(fields)) {
    const raw = source[key];
    const parsed = schema.safeParse(raw === undefined || raw.trim() === '' ? undefined : raw);
    if (parsed.success) out[key] = parsed.data;
    else problems.push(`${key}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  if (problems.length > 0)
    throw new HarnessEnvError(`Invalid harness settings:\n  - ${problems.join('\n  - ')}`);
  return out as HarnessEnv;
}

/** What a child process inherits: the system's paths and locale, none of the API's or harness's settings. */
export function inheritedEnv(
  source: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'SYSTEMROOT']) {
    const value = source[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
