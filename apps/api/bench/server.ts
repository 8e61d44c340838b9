// Bench server (a child of api.bench.ts): the real app with routes, seeded with the bench fixture, plus a bare Hono app
// on a second port in the same process as the baseline. Prints one `READY {...}` line; SIGTERM stops both.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../src/app.ts';
import { createDeps } from '../src/deps.ts';
import { loadEnv } from '../src/env.ts';
import { createKit } from '../src/kit/index.ts';
import { createLogger } from '../src/logger.ts';
import { createRoutes } from '../src/routes/index.ts';
import { startServer } from '../src/server.ts';
import { seedBenchFixture } from './fixture.ts';

const { values } = parseArgs({ options: { schema: { type: 'string' }, profile: { type: 'string' } } });
const schema = values.schema;

/**
 * `--profile <dir>` (bench/profile.ts): SIGUSR2 starts the V8 CPU profiler (100 µs sampling); the next
 * SIGUSR2 stops it, writes `<dir>/<n>.cpuprofile` and prints `PROFILE <path>`.
 */
function profileOnSignal(dir: string): void {
  const session = new Session();
  session.connect();
  let running = false;
  let n = 0;
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  process.on('SIGUSR2', () => {
    void (async () => {
      if (!running) {
        running = true;
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 100 });
        await post('Profiler.start');
        process.stdout.write('PROFILING\n');
        return;
      }
      running = false;
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      const file = join(dir, `${++n}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      process.stdout.write(`PROFILE ${file}\n`);
    })();
  });
}

async function main(): Promise<void> {
  // HOST (127.0.0.1), LOG_LEVEL=warn, DATA_DIR or DATABASE_URL and PERFLOOP_DEMO come from the parent; any free port.
  const env = { ...loadEnv(), port: 0 };
  const logger = createLogger(env.logLevel);
  // The store as production runs it: without the development-time nested-transaction check.
  const commits = { commits: 0, transactions: 0 };
  const deps = await createDeps(env, {
    detectNestedTransactions: false,
    ...(schema ? { schema } : {}),
    batch: {
      // Diagnostics: BENCH_PG_BATCHES compares settings of the PostgreSQL writer (default: the store's).
      ...(process.env.BENCH_PG_BATCHES ? { maxConcurrentBatches: Number(process.env.BENCH_PG_BATCHES) } : {}),
      onCommit: (transactions) => {
        commits.commits += 1;
        commits.transactions += transactions;
      },
    },
  });
  const { store, directory, ready } = deps;
  const seedApp = createApp({
    env,
    directory,
    ready,
    logger: createLogger('silent'),
    routes: createRoutes(createKit(store)),
  });
  const fixture = await seedBenchFixture(store, seedApp);

  const bareApp = new Hono().get('/bare', (c) => c.text('ok'));
  // A diagnostic, not the baseline: the bytes of one "my goals" response (status line aside, the same headers
  // and body), served by a bare route. How fast the client and the kernel move a response that size.
  const sample = await seedApp.request(`/v1/me/goals?cycleId=${fixture.cycleId}`, {
    headers: { Authorization: `Bearer dev:${fixture.employees[0]}` },
  });
  const sampleBody = await sample.text();
  const sampleHeaders = Object.fromEntries(sample.headers.entries());
  bareApp.get('/bare-sized', () => new Response(sampleBody, { status: 200, headers: sampleHeaders }));
  // The bench reads this process's CPU time before and after each scenario (CPU µs per request).
  const cpu = new Hono().get('/cpu', (c) => c.json({ ...process.cpuUsage(), ...commits }));
  bareApp.route('/', cpu);
  let barePort = 0;
  let closeBare: () => Promise<void> = async () => undefined;
  const bareListening = new Promise<void>((resolve) => {
    const server = serve({ fetch: bareApp.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      barePort = info.port;
      resolve();
    });
    closeBare = () => new Promise<void>((done) => server.close(() => done()));
  });

  const running = startServer(
    env,
    {
      directory,
      ready,
      routes: createRoutes(createKit(store)),
      // The parent drops a PostgreSQL schema once this process has exited (requests abandoned by
      // autocannon may still be running while the store closes).
      close: async () => {
        await closeBare();
        await store.close();
      },
    },
    logger,
  );
  const address = await running.listening;
  await bareListening;
  if (values.profile !== undefined) profileOnSignal(values.profile);
  process.stdout.write(`READY ${JSON.stringify({ apiPort: address.port, barePort, fixture })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
