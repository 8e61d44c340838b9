// API benchmark: per engine (SQLite temp file, PostgreSQL fresh schema) a bench server child process; autocannon
// against a bare Hono route (baseline), "my goals" reads and "add a check-in" writes. Prints `BENCH {...}` lines.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openStore } from '@perfloop/store';
import autocannon from 'autocannon';
import type { BenchFixture } from './fixture.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const HOST = '127.0.0.1';
const CONNECTIONS = 50;
const DURATION_S = Number(process.argv[2] ?? 10);
const WARMUP_S = 2;
const READY_TIMEOUT_MS = 180_000;
/** The whole run stops itself after this long, whatever happens. */
const WATCHDOG_MS = 15 * 60_000;
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

type Engine = 'sqlite' | 'postgres';

interface Ready {
  apiPort: number;
  barePort: number;
  fixture: BenchFixture;
}

interface Run {
  rps: number;
  p99ms: number;
  requests: number;
  /** Non-2xx responses, connection errors and timeouts: any at all means the figures are wrong. */
  non2xx: number;
  errors: number;
}

const children = new Set<ChildProcess>();
const watchdog = setTimeout(() => {
  process.stderr.write(`api bench: watchdog after ${WATCHDOG_MS / 1000} s; stopping\n`);
  for (const child of children) child.kill('SIGKILL');
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

/** Starts bench/server.ts and waits for its READY line. */
async function startChild(engine: Engine, settings: Record<string, string>, args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST,
    LOG_LEVEL: 'warn',
    PERFLOOP_DEMO: 'true',
    PERFLOOP_SEED: 'false',
    ...settings,
  };
  delete env.PORT;
  if (engine === 'sqlite') delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'server.ts'), ...args], {
    cwd: join(HERE, '..'),
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no READY within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(6)) as Ready);
      } else if (line.trim() !== '') process.stderr.write(`[${engine} server] ${line}\n`);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bench server exited (${code}) before it was ready`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    children.delete(child);
  };
  return { ready, stop };
}

async function cannon(url: string, requests: autocannon.Request[], duration: number): Promise<Run> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration, requests });
  return {
    rps: Math.round(result.requests.average),
    p99ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** Cycles through `items` across all connections. */
function rotate<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => {
    const item = items[i % items.length];
    i++;
    if (item === undefined) throw new Error('nothing to rotate through');
    return item;
  };
}

function scenarios(ready: Ready) {
  const { fixture } = ready;
  const nextEmployee = rotate(fixture.employees);
  const nextPair = rotate(fixture.pairs);
  let n = 0;
  const read: autocannon.Request = {
    method: 'GET',
    path: `/v1/me/goals?cycleId=${fixture.cycleId}`,
    setupRequest: (req) => ({
      ...req,
      headers: { ...req.headers, authorization: `Bearer dev:${nextEmployee()}` },
    }),
  };
  const write: autocannon.Request = {
    method: 'POST',
    path: '/v1/check-ins',
    setupRequest: (req) => {
      const pair = nextPair();
      n++;
      return {
        ...req,
        headers: {
          ...req.headers,
          authorization: `Bearer dev:${pair.manager}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          cycleId: fixture.cycleId,
          subjectId: pair.subjectId,
          kind: 'guidance_note',
          notes: `Bench guidance note ${n}: keep the top goal in focus this week.`,
        }),
      };
    },
  };
  return {
    bare: {
      url: `http://${HOST}:${ready.barePort}`,
      requests: [{ method: 'GET', path: '/bare' }] as autocannon.Request[],
    },
    read: { url: `http://${HOST}:${ready.apiPort}`, requests: [read] },
    write: { url: `http://${HOST}:${ready.apiPort}`, requests: [write] },
  };
}

function line(name: string, run: Run, baselineRps?: number): string {
  return `BENCH ${JSON.stringify({
    name,
    rps: run.rps,
    p99ms: run.p99ms,
    ...(baselineRps !== undefined
      ? { baselineRps, ofBaseline: Math.round((run.rps / baselineRps) * 1000) / 1000 }
      : {}),
    requests: run.requests,
    non2xx: run.non2xx,
    errors: run.errors,
  })}`;
}

async function benchEngine(engine: Engine): Promise<number> {
  let settings: Record<string, string>;
  let args: string[] = [];
  let cleanup: () => Promise<void>;
  const pgUrl = process.env.DATABASE_URL ?? PG_URL;
  if (engine === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'perfloop-api-bench-'));
    settings = { DATA_DIR: dir };
    cleanup = () => rm(dir, { recursive: true, force: true });
  } else {
    const schema = `bench_${randomBytes(5).toString('hex')}`;
    settings = { DATABASE_URL: pgUrl };
    args = ['--schema', schema];
    // Dropped here once the server has exited.
    cleanup = async () => {
      const store = await openStore({ kind: 'postgres', url: pgUrl, poolSize: 1 });
      try {
        await store.db.schema.dropSchema(schema).ifExists().cascade().execute();
      } finally {
        await store.close();
      }
    };
  }
  const child = await startChild(engine, settings, args);
  let bad = 0;
  try {
    const t0 = Date.now();
    const ready = await child.ready;
    process.stderr.write(
      `api bench ${engine}: server ready in ${Date.now() - t0} ms (${ready.fixture.employees.length} participants); ${CONNECTIONS} connections × ${DURATION_S} s per scenario\n`,
    );
    const s = scenarios(ready);
    for (const sc of [s.bare, s.read, s.write]) await cannon(sc.url, sc.requests, WARMUP_S);
    const bare = await cannon(s.bare.url, s.bare.requests, DURATION_S);
    const read = await cannon(s.read.url, s.read.requests, DURATION_S);
    const write = await cannon(s.write.url, s.write.requests, DURATION_S);
    console.log(line(`api.${engine}.bare`, bare));
    console.log(line(`api.${engine}.read`, read, bare.rps));
    console.log(line(`api.${engine}.write`, write, bare.rps));
    for (const [name, run] of [
      ['bare', bare],
      ['read', read],
      ['write', write],
    ] as const) {
      if (run.non2xx + run.errors > 0) {
        bad++;
        process.stderr.write(
          `api bench ${engine} ${name}: ${run.non2xx} non-2xx responses and ${run.errors} errors — these figures are wrong\n`,
        );
      }
    }
  } finally {
    await child.stop();
    await cleanup();
  }
  return bad;
}

async function main(): Promise<void> {
  let bad = 0;
  for (const engine of ['sqlite', 'postgres'] as const) bad += await benchEngine(engine);
  clearTimeout(watchdog);
  if (bad > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `api bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
});
