// The short fuzz run in `pnpm test`: every operation of /openapi.json, 200 cases each (FUZZ_RUNS), on SQLite
// (FUZZ_ENGINES adds PostgreSQL; the long mode runs both). Every oracle must hold for every case, and every write
// operation must get accepted cases, not only refused ones.
import { openStore } from '@perfloop/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHarnessEnv } from '../env.ts';
import { type SeededEngine, seededEngine } from './engines.ts';
import { operationsOf } from './openapi.ts';
import { describeViolation, operationTable, summarise } from './report.ts';
import { type FuzzSession, type OperationReport, openFuzzSession, readDocument, seedFor } from './run.ts';
import { VALID_GENERATORS } from './valid/index.ts';

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

/** Below this many unmutated cases an operation's accepted count says little (FUZZ_RUNS set low). */
const MIN_VALID_CASES = 20;

describe('the valid-input generators', () => {
  it('are each for an operation of the document', async () => {
    const probeStore = await openStore({ kind: 'sqlite', file: ':memory:' });
    const keys = operationsOf(await readDocument(probeStore)).map((op) => op.key);
    await probeStore.close();
    expect(Object.keys(VALID_GENERATORS).filter((key) => !keys.includes(key))).toEqual([]);
  });
});

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
    process.stdout.write(`${operationTable(reports)}\nFUZZ ${JSON.stringify(summary)}\n`);
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

  it('reaches the accepted path of every write operation', () => {
    const shallow = reports
      .filter((r) => !r.op.startsWith('GET ') && r.valid.cases >= MIN_VALID_CASES && r.accepted === 0)
      .map((r) => `${r.op}: 0 of ${r.cases} accepted (${JSON.stringify(r.validRefusals)})`);
    expect(shallow).toEqual([]);
  });
});
