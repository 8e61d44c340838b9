// The load and scale-out harness from the command line: `--long` for the long mode (60 s, two worker hand-overs).
// LOAD_SECONDS, LOAD_CLIENTS, LOAD_SEED and DATABASE_URL override; exits 1 on any error or loss.
import { parseArgs } from 'node:util';
import { HarnessEnvError, loadHarnessEnv } from '../env.ts';
import { loadMode } from './modes.ts';
import { failures, runLoad } from './run.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { long: { type: 'boolean', default: false } } });
  const options = loadMode(loadHarnessEnv(), values.long, () => Math.floor(Math.random() * 2 ** 31));
  process.stdout.write(
    `load: ${options.seconds} s, ${options.clients} clients, hand-overs ${options.handOvers.join(', ')}, LOAD_SEED=${options.seed}\n`,
  );
  const report = await runLoad({ ...options, log: (line) => process.stdout.write(`${line}\n`) });
  const failed = failures(report);
  for (const p of [...report.lost, ...report.problems]) process.stdout.write(`PROBLEM ${p}\n`);
  process.stdout.write(`LOAD ${JSON.stringify(report)}\n`);
  return failed.length === 0 ? 0 : 1;
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
