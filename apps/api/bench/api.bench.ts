// API benchmark: per engine (SQLite temp file, PostgreSQL fresh schema) a bench server child process; autocannon
// against a bare Hono route (baseline), "my goals" reads and "add a check-in" writes. Prints `BENCH {...}` lines.
import {
  CONNECTIONS,
  cannon,
  children,
  type Engine,
  engineDatabase,
  pinned,
  type Run,
  scenarios,
  startChild,
} from './harness.ts';

const DURATION_S = Number(process.argv[2] ?? 10);
/**
 * Rounds of (bare, read, write), interleaved: on a shared machine the load drifts over a run, so each
 * scenario is compared with the baseline measured right next to it and the medians are reported.
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const WARMUP_S = 2;
/** The whole run stops itself after this long, whatever happens. */
const WATCHDOG_MS = 20 * 60_000;

const watchdog = setTimeout(() => {
  process.stderr.write(`api bench: watchdog after ${WATCHDOG_MS / 1000} s; stopping\n`);
  for (const child of children) child.kill('SIGKILL');
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** One BENCH line from the rounds of a scenario (and of the baseline measured next to each). */
function line(name: string, runs: readonly Run[], bare?: readonly Run[]): string {
  const ratios = bare?.map((b, i) => (runs[i]?.rps ?? 0) / b.rps);
  const commits = runs.map((r) => r.txPerCommit).filter((n): n is number => n !== undefined);
  return `BENCH ${JSON.stringify({
    name,
    rps: Math.round(median(runs.map((r) => r.rps))),
    p99ms: median(runs.map((r) => r.p99ms)),
    p99msMax: Math.max(...runs.map((r) => r.p99ms)),
    cpuUsPerReq: round1(median(runs.map((r) => r.cpuUsPerReq))),
    ...(commits.length > 0 ? { txPerCommit: round1(median(commits)) } : {}),
    ...(bare !== undefined && ratios !== undefined
      ? {
          baselineRps: Math.round(median(bare.map((b) => b.rps))),
          ofBaseline: Math.round(median(ratios) * 1000) / 1000,
          rounds: ratios.map((r) => Math.round(r * 1000) / 1000),
        }
      : {}),
    requests: runs.reduce((n, r) => n + r.requests, 0),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  })}`;
}

async function benchEngine(engine: Engine): Promise<number> {
  const { settings, args, cleanup } = await engineDatabase(engine);
  const child = startChild(engine, settings, args);
  let bad = 0;
  try {
    const t0 = Date.now();
    const ready = await child.ready;
    process.stderr.write(
      `api bench ${engine}: server ready in ${Date.now() - t0} ms (${ready.fixture.employees.length} participants); ${CONNECTIONS} connections, ${ROUNDS} rounds × ${DURATION_S} s per scenario; ${pinned ? `load generator on core ${pinned.client}, server on core ${pinned.server}` : 'not pinned'}\n`,
    );
    const s = scenarios(ready);
    for (const sc of [s.bare, s.read, s.write]) await cannon(sc, WARMUP_S);
    const names = ['bare', 'read', 'write', 'bareSized'] as const;
    const runs: Record<(typeof names)[number], Run[]> = { bare: [], read: [], write: [], bareSized: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of names) runs[name].push(await cannon(s[name], DURATION_S));
    }
    console.log(line(`api.${engine}.bare`, runs.bare));
    console.log(line(`api.${engine}.read`, runs.read, runs.bare));
    console.log(line(`api.${engine}.write`, runs.write, runs.bare));
    // Diagnostic only (no target): the baseline route sending a "my goals" response's bytes.
    console.log(line(`api.${engine}.bare_sized`, runs.bareSized, runs.bare));
    for (const name of names) {
      const wrong = runs[name].reduce((n, r) => n + r.non2xx + r.errors, 0);
      if (wrong > 0) {
        bad++;
        process.stderr.write(
          `api bench ${engine} ${name}: ${wrong} non-2xx responses or errors — these figures are wrong\n`,
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
  // BENCH_ENGINES=sqlite (or postgres) runs one engine only, e.g. while working on it.
  const only = process.env.BENCH_ENGINES?.split(',');
  for (const engine of ['sqlite', 'postgres'] as const) {
    if (only === undefined || only.includes(engine)) bad += await benchEngine(engine);
  }
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
