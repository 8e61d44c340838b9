// The crash harness from the command line: `--long` for the long mode (20 kill -9 rounds per engine).
// CRASH_ROUNDS, CRASH_SEED, CRASH_ENGINES and DATABASE_URL override; exits 1 if anything was lost.
import { parseArgs } from 'node:util';
import { HarnessEnvError, loadHarnessEnv } from '../env.ts';
import { runCrash } from './run.ts';

const LONG_ROUNDS = 20;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { long: { type: 'boolean', default: false } } });
  const env = loadHarnessEnv();
  const rounds = env.CRASH_ROUNDS ?? (values.long ? LONG_ROUNDS : 3);
  const seed = env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31);
  const engines = env.CRASH_ENGINES ?? ['sqlite', 'postgres'];
  process.stdout.write(`crash: ${rounds} kill -9 rounds on ${engines.join(', ')}, CRASH_SEED=${seed}\n`);
  let failed = false;
  for (const engine of engines) {
    const report = await runCrash({
      engine,
      rounds,
      seed,
      ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
      log: (line) => process.stdout.write(`${line}\n`),
    });
    for (const p of [...report.lost, ...report.integrity]) process.stdout.write(`PROBLEM ${p}\n`);
    process.stdout.write(`CRASH ${JSON.stringify(report)}\n`);
    failed ||= report.lost.length > 0 || report.integrity.length > 0 || report.survived !== rounds;
  }
  return failed ? 1 : 0;
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
