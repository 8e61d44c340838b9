// Crash tests: run the real worker process (src/main.ts) and kill -9 it as it sends the first Notion request a test names.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Harness } from './harness.ts';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts the worker (one Notion call at a time, so the request it dies in is the only one in flight) and kills it
 * with SIGKILL when the fake receives the first request `at` matches; that request itself still lands. Resolves
 * once the process has exited and the fake's hook is cleared: true when it was killed so, false when no such request
 * came within 90 s. The process is pushed to `children` for clean-up.
 */
export async function runWorkerKilledAt(
  x: Harness,
  children: ChildProcess[],
  at: (method: string, path: string) => boolean,
): Promise<boolean> {
  let child: ChildProcess | undefined;
  let killed: Promise<void> | undefined;
  x.fake.onRequest = async (method, path) => {
    if (killed === undefined && child && at(method, path)) {
      const target = child;
      killed = new Promise((r) => target.once('exit', () => r()));
      target.kill('SIGKILL');
      await killed;
    }
  };
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: packageDir,
    env: {
      PATH: process.env.PATH,
      ...x.env({
        SYNC_LEASE_SECONDS: '10',
        SYNC_INTERVAL_SECONDS: '1',
        LOG_LEVEL: 'error',
        NOTION_CONCURRENCY: '1',
      }),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  for (let i = 0; i < 900 && killed === undefined; i++) await new Promise((r) => setTimeout(r, 100));
  x.fake.onRequest = undefined;
  if (killed === undefined) return false;
  await killed;
  return true;
}
