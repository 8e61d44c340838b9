// The real API server (apps/api/src/server.ts through tsx) as a child process on 127.0.0.1:0, killed with SIGKILL.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inheritedEnv } from '../env.ts';

const require = createRequire(import.meta.url);
/** apps/api/src/server.ts, found through the API package's exports. */
export const SERVER_ENTRY = join(dirname(require.resolve('@perfloop/api/app')), 'server.ts');
/** This package's folder: tsx resolves from here. */
const HARNESS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type Storage = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string };

export interface RunningApi {
  /** `http://127.0.0.1:<port>` */
  base: string;
  pid: number;
  /** SIGKILL: no shutdown handler runs, in-flight requests and transactions die with the process. */
  kill9(): Promise<void>;
  /** SIGTERM: the graceful shutdown. */
  stop(): Promise<void>;
  /** Everything the process wrote (stdout and stderr), for failure reports. */
  output(): string;
}

const STARTUP_TIMEOUT_MS = 180_000;

export interface StartOptions {
  /** More API settings (e.g. `TEAMS_TAB_DIR`, `GOOGLE_ADDON_CLIENT_ID`); the storage, host, port and demo ones win. */
  env?: Record<string, string>;
}

/**
 * Starts the server; a start that fails in the store's migration check is retried (twice at most) and
 * reported through `onRetry`. On a shared PostgreSQL, Kysely's migrator lists the tables of every schema,
 * so a schema another test drops at that moment fails the start (3F000); that is not what a harness tests.
 */
export async function startApiRetrying(
  storage: Storage,
  onRetry: () => void,
  options: StartOptions = {},
): Promise<RunningApi> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startApi(storage, options);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (attempt >= 3 || !/could not open the store|migration_failed/.test(text)) throw error;
      onRetry();
    }
  }
}

/** Starts the server and resolves once it logs the address it listens on (the demo seed runs first on an empty database). */
export async function startApi(storage: Storage, options: StartOptions = {}): Promise<RunningApi> {
  const settings: Record<string, string> = {
    ...options.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    PERFLOOP_DEMO: 'true',
    PERFLOOP_SEED: 'true',
    ...(storage.kind === 'sqlite' ? { DATA_DIR: storage.dataDir } : { DATABASE_URL: storage.url }),
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY], {
    cwd: HARNESS_DIR,
    env: { ...inheritedEnv(), ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the API did not start within ${STARTUP_TIMEOUT_MS} ms:\n${output.slice(-3000)}`));
    }, STARTUP_TIMEOUT_MS);
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        try {
          const entry = JSON.parse(line) as { api?: unknown };
          if (typeof entry.api === 'string') {
            clearTimeout(timer);
            resolve(entry.api.replace(/\/v1$/, ''));
          }
        } catch {
          // not a log line
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited (${code}) before listening:\n${output.slice(-6000)}`));
    });
  });
  const pid = child.pid ?? -1;
  return {
    base,
    pid,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
    output: () => output,
  };
}
