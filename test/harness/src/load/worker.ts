// A Notion sync worker (apps/notion-sync/src/main.ts through tsx) as a child process: stopped with SIGTERM or killed with SIGKILL.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inheritedEnv } from '../env.ts';

const require = createRequire(import.meta.url);
/** apps/notion-sync/src/main.ts, found through the worker package's export. */
const WORKER_SRC = dirname(require.resolve('@perfloop/notion-sync'));
const WORKER_ENTRY = join(WORKER_SRC, 'main.ts');
/** The worker package's folder: tsx resolves its imports from there. */
const WORKER_DIR = join(WORKER_SRC, '..');

const STARTUP_TIMEOUT_MS = 180_000;

export interface RunningWorker {
  id: string;
  pid: number;
  /** Graceful: the worker finishes its round and releases the lease. */
  stop(): Promise<void>;
  /** SIGKILL: the lease lapses after its time to live, a round dies half-way. */
  kill9(): Promise<void>;
  /** Rounds that ended in an error (logged by the worker), so far. */
  failedRounds(): number;
  /** The worker's log lines (JSON), for failure reports. */
  output(): string;
}

/** Starts a worker with `settings` (its whole configuration) and resolves once it logs that it started. */
export async function startWorker(id: string, settings: Record<string, string>): Promise<RunningWorker> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], {
    cwd: WORKER_DIR,
    env: { ...inheritedEnv(), ...settings, WORKER_ID: id },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let failed = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`worker ${id} did not start within ${STARTUP_TIMEOUT_MS} ms:\n${output.slice(-3000)}`),
      );
    }, STARTUP_TIMEOUT_MS);
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes('"sync round failed')) failed += 1;
        if (line.includes('"Notion sync worker started"')) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`worker ${id} exited before it started:\n${output.slice(-6000)}`));
    });
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    id,
    pid: child.pid ?? -1,
    async stop() {
      if (!gone()) child.kill('SIGTERM');
      await exited;
    },
    async kill9() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    failedRounds: () => failed,
    output: () => output,
  };
}
