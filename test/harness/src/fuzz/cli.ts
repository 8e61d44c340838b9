// The fuzzer from the command line: `--long` for the long mode (1000 cases per operation on SQLite, 250 on
// PostgreSQL, where a case costs about ten times as much here).
// FUZZ_RUNS, FUZZ_SEED, FUZZ_OPS, FUZZ_ENGINES and DATABASE_URL override; exits 1 on any violation.
import { parseArgs } from 'node:util';
import { HarnessEnvError, loadHarnessEnv } from '../env.ts';
import { seededEngine } from './engines.ts';
import { describeViolation, operationTable, summarise } from './report.ts';
import { type OperationReport, openFuzzSession, seedFor } from './run.ts';

const LONG_RUNS = { sqlite: 1000, postgres: 250 } as const;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { long: { type: 'boolean', default: false } } });
  const env = loadHarnessEnv();
  const seed = env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31);
  const engines = env.FUZZ_ENGINES ?? (values.long ? ['sqlite', 'postgres'] : ['sqlite']);
  process.stdout.write(`fuzz on ${engines.join(', ')}, FUZZ_SEED=${seed}\n`);
  let violations = 0;
  for (const name of engines) {
    const runs = env.FUZZ_RUNS ?? (values.long ? LONG_RUNS[name] : 200);
    process.stdout.write(`${name}: ${runs} cases per operation\n`);
    const engine = await seededEngine(name, env.DATABASE_URL);
    const session = await openFuzzSession(engine);
    const reports: OperationReport[] = [];
    try {
      for (const op of session.operations) {
        if (env.FUZZ_OPS && !op.key.includes(env.FUZZ_OPS)) continue;
        const report = await session.run(op, { runs, seed: seedFor(seed, op.key) });
        reports.push(report);
        violations += report.violations.length;
        process.stdout.write(
          `${name} ${op.key}: ${report.cases} cases, ${report.accepted} accepted, ${report.rejected} rejected, valid ${report.valid.accepted}/${report.valid.cases}, ${JSON.stringify(report.statuses)}, ${report.violations.length} violations (${report.ms} ms)\n`,
        );
        if (report.setupRefused.length > 0)
          process.stdout.write(`  setup refused: ${report.setupRefused.join('; ')}\n`);
        for (const v of report.violations) process.stdout.write(`${describeViolation(v)}\n`);
      }
    } finally {
      await session.close();
      await engine.close();
    }
    process.stdout.write(`${operationTable(reports)}\n`);
    process.stdout.write(`FUZZ ${JSON.stringify(summarise(name, seed, runs, reports))}\n`);
  }
  return violations === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof HarnessEnvError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
