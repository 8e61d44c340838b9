// The short fuzz run in `pnpm test`: every operation of /openapi.json, 200 cases each (FUZZ_RUNS), on SQLite
// (FUZZ_ENGINES adds PostgreSQL; the long mode runs both). Every oracle must hold for every case.
import { openStore } from '@perfloop/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHarnessEnv } from '../env.ts';
import { type SeededEngine, seededEngine } from './engines.ts';
import { operationsOf } from './openapi.ts';
import { describeViolation, summarise } from './report.ts';
import { type FuzzSession, type OperationReport, openFuzzSession, readDocument, seedFor } from './run.ts';

const env = loadHarnessEnv();
const RUNS = env.FUZZ_RUNS ?? 200;
/** Fixed in CI so that a failure reproduces; set FUZZ_SEED to explore. */
const SEED = env.FUZZ_SEED ?? 20_260_701;
const ENGINES = env.FUZZ_ENGINES ?? ['sqlite'];

// The operations come from the app's own document (an empty in-memory database is enough to serve it).
const probe = await openStore({ kind: 'sqlite', file: ':memory:' });
const operations = operationsOf(await readDocument(probe)).filter(
  (op) => !env.FUZZ_OPS || op.key.includes(env.FUZZ_OPS),
);
await probe.close();

describe.each(ENGINES)('fuzzing every operation on %s', (engineName) => {
  let engine: SeededEngine;
  let session: FuzzSession;
  const reports: OperationReport[] = [];
  beforeAll(async () => {
    engine = await seededEngine(engineName, env.DATABASE_URL);
    session = await openFuzzSession(engine);
  }, 300_000);
  afterAll(async () => {
    const summary = summarise(engineName, SEED, RUNS, reports);
    process.stdout.write(`FUZZ ${JSON.stringify(summary)}\n`);
    await session?.close();
    await engine?.close();
  });

  it('serves the same document the operations were read from', () => {
    expect(session.operations.map((op) => op.key)).toEqual(
      expect.arrayContaining(operations.map((op) => op.key)),
    );
  });

  it.each(operations.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    const report = await session.run(op, { runs: RUNS, seed: seedFor(SEED, op.key) });
    reports.push(report);
    expect(report.cases).toBe(RUNS);
    const text = report.violations.map(describeViolation).join('\n\n');
    expect(report.violations, `seed ${report.seed} on template ${report.template}:\n${text}`).toEqual([]);
  });
});
