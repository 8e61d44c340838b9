// API benchmark: per engine (SQLite temp file, PostgreSQL fresh schema) a bench server child process; autocannon
// against a bare Hono route (baseline), "my goals" reads and "add a check-in" writes. Prints `BENCH {...}` lines.
import {
  CONNECTIONS,
  cannon,
  children,
  type Engine,
  engineDatabase,
  type Run,
  scenarios,
  startChild,
} from './harness.ts';

const DURATION_S = Number(process.argv[2] ?? 10);
const WARMUP_S = 2;
/** The whole run stops itself after this long, whatever happens. */
const WATCHDOG_MS = 15 * 60_000;

const watchdog = setTimeout(() => {
  process.stderr.write(`api bench: watchdog after ${WATCHDOG_MS / 1000} s; stopping\n`);
  for (const child of children) child.kill('SIGKILL');
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

function line(name: string, run: Run, baselineRps?: number): string {
  return `BENCH ${JSON.stringify({
    name,
    rps: run.rps,
    p99ms: run.p99ms,
    cpuUsPerReq: run.cpuUsPerReq,
    ...(run.txPerCommit !== undefined ? { txPerCommit: run.txPerCommit } : {}),
    ...(baselineRps !== undefined
      ? { baselineRps, ofBaseline: Math.round((run.rps / baselineRps) * 1000) / 1000 }
      : {}),
    requests: run.requests,
    non2xx: run.non2xx,
    errors: run.errors,
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
      `api bench ${engine}: server ready in ${Date.now() - t0} ms (${ready.fixture.employees.length} participants); ${CONNECTIONS} connections × ${DURATION_S} s per scenario\n`,
    );
    const s = scenarios(ready);
    for (const sc of [s.bare, s.read, s.write]) await cannon(sc, WARMUP_S);
    const bare = await cannon(s.bare, DURATION_S);
    const read = await cannon(s.read, DURATION_S);
    const write = await cannon(s.write, DURATION_S);
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
