// Every long mode in one command (`pnpm --filter @perfloop/harness long`): load 60 s, crash 20 rounds per engine, fuzz long
// on both engines, one after the other (each loads the machine); prints their summary lines again at the end, exits 1 if any failed.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = dirname(fileURLToPath(import.meta.url));
const HARNESS_DIR = join(SRC, '..');

/** Shortest first, so that a failure shows early. */
const MODES = [
  { name: 'load', cli: 'load/cli.ts', summary: 'LOAD ' },
  { name: 'crash', cli: 'crash/cli.ts', summary: 'CRASH ' },
  { name: 'fuzz', cli: 'fuzz/cli.ts', summary: 'FUZZ ' },
] as const;

interface Outcome {
  name: string;
  code: number | null;
  seconds: number;
  summaries: string[];
}

/** Runs one CLI with `--long` (settings come through the inherited environment), echoing its output. */
function run(mode: (typeof MODES)[number]): Promise<Outcome> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(SRC, mode.cli), '--long'], {
    cwd: HARNESS_DIR,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const summaries: string[] = [];
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith(mode.summary)) summaries.push(line);
  });
  return new Promise((resolve) => {
    child.once('close', (code) =>
      resolve({ name: mode.name, code, seconds: Math.round((Date.now() - started) / 1000), summaries }),
    );
  });
}

const outcomes: Outcome[] = [];
for (const mode of MODES) {
  process.stdout.write(`\n=== ${mode.name} (long mode) ===\n`);
  outcomes.push(await run(mode));
}
process.stdout.write('\n=== all long modes ===\n');
for (const o of outcomes) {
  process.stdout.write(
    `${o.name}: ${o.code === 0 ? 'passed' : `FAILED (exit ${o.code})`} in ${o.seconds} s\n`,
  );
  for (const line of o.summaries) process.stdout.write(`${line}\n`);
}
process.exit(outcomes.every((o) => o.code === 0) ? 0 : 1);
