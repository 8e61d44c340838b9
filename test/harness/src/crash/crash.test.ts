// The short crash run in `pnpm test`: a few kill -9 rounds of the real server under write load, on SQLite and on
// PostgreSQL; nothing acknowledged may be lost, the database must stay sound and the audit chain must verify.
import { describe, expect, it } from 'vitest';
import { loadHarnessEnv } from '../env.ts';
import { runCrash } from './run.ts';

const env = loadHarnessEnv();
const ROUNDS = env.CRASH_ROUNDS ?? 3;
const SEED = env.CRASH_SEED ?? 20_260_701;
const ENGINES = env.CRASH_ENGINES ?? ['sqlite', 'postgres'];

describe.each(ENGINES)('kill -9 under write load on %s', (engine) => {
  it(`survives ${ROUNDS} crashes with every acknowledged write intact`, async () => {
    const report = await runCrash({
      engine,
      rounds: ROUNDS,
      seed: SEED,
      ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    });
    process.stdout.write(`CRASH ${JSON.stringify(report)}\n`);
    expect(report.lost).toEqual([]);
    expect(report.integrity).toEqual([]);
    expect(report.survived).toBe(ROUNDS);
    // Every round killed the server only after it had acknowledged writes.
    expect(report.acknowledged).toBeGreaterThanOrEqual(5 * ROUNDS);
  });
});
