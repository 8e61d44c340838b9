// Shared by the API benchmark and profiler: the bench server child, its per-engine database, autocannon scenarios.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openStore } from '@perfloop/store';
import autocannon from 'autocannon';
import type { BenchFixture } from './fixture.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const HOST = '127.0.0.1';
export const CONNECTIONS = 50;
const READY_TIMEOUT_MS = 180_000;
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export type Engine = 'sqlite' | 'postgres';

/**
 * CPU pinning (Linux `taskset`): the load generator (this process) on one core, the bench server on another, so
 * the two never take turns on one core and the server's figures are one core's worth, bare and real alike.
 * `BENCH_PIN=0` turns it off; `BENCH_PIN=<client>,<server>` picks the cores (default `0,1`).
 */
export interface Pinning {
  client: number;
  server: number;
}

function pinning(): Pinning | undefined {
  const setting = process.env.BENCH_PIN ?? '0,1';
  if (setting === '0' || setting === 'off' || availableParallelism() < 2) return undefined;
  const [client, server] = setting.split(',').map((n) => Number.parseInt(n, 10));
  if (client === undefined || server === undefined || Number.isNaN(client) || Number.isNaN(server))
    throw new Error(`BENCH_PIN must be "<client core>,<server core>" or 0, not ${setting}`);
  const probe = spawnSync('taskset', ['-pc', String(client), String(process.pid)], { encoding: 'utf8' });
  if (probe.status !== 0) {
    process.stderr.write(`api bench: taskset unavailable (${probe.stderr || probe.error}); not pinning\n`);
    return undefined;
  }
  return { client, server };
}

/** Pins this process (the load generator) once; the bench server is started under `taskset` on the other core. */
export const pinned: Pinning | undefined = pinning();

export interface Ready {
  apiPort: number;
  barePort: number;
  fixture: BenchFixture;
}

export interface Run {
  rps: number;
  /** The bench server's CPU time (user + system) per request: steadier than rps on a shared machine. */
  cpuUsPerReq: number;
  /** Writes: transactions per commit (group commit), on average. */
  txPerCommit?: number;
  p99ms: number;
  requests: number;
  /** Non-2xx responses, connection errors and timeouts: any at all means the figures are wrong. */
  non2xx: number;
  errors: number;
}

export interface Child {
  process: ChildProcess;
  ready: Promise<Ready>;
  /** Lines the child prints after READY (e.g. the profiler's), one listener at a time. */
  onLine(listener: ((line: string) => void) | undefined): void;
  stop(): Promise<void>;
}

/** Every child started and not yet stopped (the watchdog kills them). */
export const children = new Set<ChildProcess>();

/** The settings and arguments of a bench server on `engine`, and how to drop its database afterwards. */
export async function engineDatabase(
  engine: Engine,
): Promise<{ settings: Record<string, string>; args: string[]; cleanup: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'perfloop-api-bench-'));
    return {
      settings: { DATA_DIR: dir },
      args: [],
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const pgUrl = process.env.DATABASE_URL ?? PG_URL;
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  return {
    settings: { DATABASE_URL: pgUrl },
    args: ['--schema', schema],
    // Dropped once the server has exited.
    cleanup: async () => {
      const store = await openStore({ kind: 'postgres', url: pgUrl, poolSize: 1 });
      try {
        await store.db.schema.dropSchema(schema).ifExists().cascade().execute();
      } finally {
        await store.close();
      }
    },
  };
}

/** Starts bench/server.ts and waits for its READY line. */
export function startChild(
  engine: Engine,
  settings: Record<string, string>,
  args: string[],
  nodeArgs: string[] = [],
): Child {
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
  const command = [process.execPath, ...nodeArgs, '--import', 'tsx', join(HERE, 'server.ts'), ...args];
  const pin = pinned === undefined ? [] : ['taskset', '-c', String(pinned.server)];
  const [file, ...rest] = [...pin, ...command] as [string, ...string[]];
  const child = spawn(file, rest, {
    cwd: join(HERE, '..'),
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  let listener: ((line: string) => void) | undefined;
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
      } else if (listener !== undefined) listener(line);
      else if (line.trim() !== '') process.stderr.write(`[${engine} server] ${line}\n`);
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
  return {
    process: child,
    ready,
    onLine: (l) => {
      listener = l;
    },
    stop,
  };
}

interface ServerStats {
  cpuUs: number;
  commits: number;
  transactions: number;
}

async function serverStats(cpuUrl: string): Promise<ServerStats> {
  const res = await fetch(cpuUrl);
  const s = (await res.json()) as { user: number; system: number; commits: number; transactions: number };
  return { cpuUs: s.user + s.system, commits: s.commits, transactions: s.transactions };
}

/** Drives `scenario` for `duration` seconds; `cpuUrl` is the bench server's /cpu. */
export async function cannon(scenario: Scenario, duration: number): Promise<Run> {
  const before = await serverStats(scenario.cpuUrl);
  const result = await autocannon({
    url: scenario.url,
    connections: CONNECTIONS,
    duration,
    requests: scenario.requests,
  });
  const after = await serverStats(scenario.cpuUrl);
  const cpu = after.cpuUs - before.cpuUs;
  const commits = after.commits - before.commits;
  return {
    ...(commits > 0
      ? { txPerCommit: Math.round(((after.transactions - before.transactions) / commits) * 10) / 10 }
      : {}),
    rps: Math.round(result.requests.average),
    cpuUsPerReq: result.requests.total > 0 ? Math.round((cpu / result.requests.total) * 10) / 10 : 0,
    p99ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export interface Scenario {
  url: string;
  cpuUrl: string;
  requests: autocannon.Request[];
}

/**
 * The baseline (bare Hono route), "my goals" reads as rotating employees and check-in writes by managers,
 * and a diagnostic: a bare route sending the bytes of a "my goals" response.
 */
export function scenarios(ready: Ready): Record<'bare' | 'read' | 'write' | 'bareSized', Scenario> {
  const { fixture } = ready;
  // Every request is built up front: autocannon cycles through the list on each connection and sends each one's
  // precompiled bytes. (A `setupRequest` hook makes it rebuild every request in JavaScript, and on a pinned core
  // that made the load generator, not the server, the limit of every scenario but the bare route.)
  const read: autocannon.Request[] = fixture.employees.map((email) => ({
    method: 'GET',
    path: `/v1/me/goals?cycleId=${fixture.cycleId}`,
    headers: { authorization: `Bearer dev:${email}` },
  }));
  const write: autocannon.Request[] = fixture.pairs.map((pair, n) => ({
    method: 'POST',
    path: '/v1/check-ins',
    headers: { authorization: `Bearer dev:${pair.manager}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      cycleId: fixture.cycleId,
      subjectId: pair.subjectId,
      kind: 'guidance_note',
      notes: `Bench guidance note ${n}: keep the top goal in focus this week.`,
    }),
  }));
  const cpuUrl = `http://${HOST}:${ready.barePort}/cpu`;
  return {
    bare: { url: `http://${HOST}:${ready.barePort}`, cpuUrl, requests: [{ method: 'GET', path: '/bare' }] },
    read: { url: `http://${HOST}:${ready.apiPort}`, cpuUrl, requests: read },
    write: { url: `http://${HOST}:${ready.apiPort}`, cpuUrl, requests: write },
    bareSized: {
      url: `http://${HOST}:${ready.barePort}`,
      cpuUrl,
      requests: [{ method: 'GET', path: '/bare-sized' }],
    },
  };
}
