// Teams tab benchmark: initial JavaScript (gzip) and time to first meaningful render in headless Chromium on localhost,
// against a baseline measured in the same run (an empty Vite page served the same way). Prints BENCH lines.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { demoPeopleList } from '@perfloop/api/src/demo/banner.ts';
import { seedOnFirstStart } from '@perfloop/api/src/demo/firstStart.ts';
import { createDeps } from '@perfloop/api/src/deps.ts';
import { loadEnv } from '@perfloop/api/src/env.ts';
import { createKit } from '@perfloop/api/src/kit/index.ts';
import { createLogger } from '@perfloop/api/src/logger.ts';
import { createRoutes } from '@perfloop/api/src/routes/index.ts';
import { startServer } from '@perfloop/api/src/server.ts';
import { teamsTabRoutes } from '@perfloop/api/src/static/teamsTab.ts';
import { Hono } from 'hono';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/support/browser.ts';

const RUNS = Number(process.argv[2] ?? 7);
const root = fileURLToPath(new URL('..', import.meta.url));

/** The JavaScript index.html loads before anything runs: its module script and modulepreloads, gzipped. */
async function initialJs(dir: string): Promise<{ files: string[]; kbGzip: number }> {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/teams\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  let bytes = 0;
  for (const f of files) bytes += gzipSync(await readFile(join(dir, f)), { level: 9 }).length;
  return { files, kbGzip: Math.round((bytes / 1024) * 10) / 10 };
}

async function buildBaseline(dir: string): Promise<void> {
  const src = join(dir, 'src');
  await mkdir(src, { recursive: true });
  await writeFile(
    join(src, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title></head><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>',
  );
  await writeFile(join(src, 'main.js'), "document.getElementById('root').textContent = 'Baseline ready';\n");
  await build({
    root: src,
    base: '/teams/',
    logLevel: 'warn',
    configFile: false,
    build: { outDir: join(dir, 'dist'), emptyOutDir: true },
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'perfloop-tab-bench-'));
  const watchdog = setTimeout(() => {
    process.stderr.write('bench watchdog: took over 10 minutes\n');
    process.exit(1);
  }, 600_000);
  try {
    const tabDir = join(work, 'tab');
    await build({ root, logLevel: 'warn', build: { outDir: tabDir, emptyOutDir: true } });
    await buildBaseline(join(work, 'baseline'));
    const baselineDir = join(work, 'baseline', 'dist');

    // The real API (demo seed) serving the tab; the baseline through the same static module on a bare Hono app.
    const env = {
      ...loadEnv({
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATA_DIR: join(work, 'data'),
        TEAMS_TAB_DIR: tabDir,
      }),
      port: 0,
    };
    const deps = await createDeps(env);
    await seedOnFirstStart(env, deps);
    const api = startServer(
      env,
      { ...deps, routes: createRoutes(createKit(deps.store)), demoPeople: () => demoPeopleList(deps.store) },
      createLogger('warn'),
    );
    const apiBase = `http://127.0.0.1:${(await api.listening).port}`;
    const bare = new Hono().route(
      '/teams',
      teamsTabRoutes({
        env: { demo: false, entra: null, teamsTab: { dir: baselineDir, frameAncestors: [] } },
      }),
    );
    let baselinePort = 0;
    const baselineServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        baselinePort = info.port;
        resolve(s);
      });
    });
    const baselineBase = `http://127.0.0.1:${baselinePort}`;

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    /** ms from navigation start until `selector` exists, in a fresh context (cold cache). */
    const timeTo = async (url: string, selector: string, email?: string): Promise<number> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.route('https://res.cdn.office.net/**', (r) => r.abort());
      if (email) {
        await context.addInitScript((demo) => sessionStorage.setItem('perfloop.demoEmail', demo), email);
      }
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'commit' });
      // Playwright watches the DOM for the selector; performance.now() is ms since navigation start (the round trip
      // back to the page adds a few ms, the same for the tab and the baseline).
      await page.waitForSelector(selector, { state: 'attached', timeout: 30_000 });
      const ms = await page.evaluate(() => performance.now());
      await context.close();
      return ms;
    };

    const cycles = await fetch(`${apiBase}/v1/cycles?phase=coach`, {
      headers: { Authorization: 'Bearer dev:ava@acme.test' },
    });
    const h2 = ((await cycles.json()) as { items: { id: string }[] }).items[0]?.id ?? '';
    // Warm-up (not counted): the first launch pays for Chromium's own start.
    await timeTo(`${baselineBase}/teams/`, '#root:not(:empty)');
    await timeTo(`${apiBase}/teams/me?cycle=${h2}`, '[data-testid="me-plan"] tbody tr', 'ava@acme.test');

    const baselineMs: number[] = [];
    const signInMs: number[] = [];
    const meMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      baselineMs.push(await timeTo(`${baselineBase}/teams/`, '#root:not(:empty)'));
      signInMs.push(await timeTo(`${apiBase}/teams/`, '[data-email]'));
      meMs.push(
        await timeTo(`${apiBase}/teams/me?cycle=${h2}`, '[data-testid="me-plan"] tbody tr', 'ava@acme.test'),
      );
    }
    await browser.close();
    await new Promise<void>((resolve) => baselineServer.close(() => resolve()));
    await api.shutdown('bench done');

    const tab = await initialJs(tabDir);
    const base = await initialJs(baselineDir);
    const round = (n: number) => Math.round(n * 10) / 10;
    const machine = {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      load1: round(loadavg()[0] ?? 0),
      runs: RUNS,
    };
    const line = (o: object) => process.stdout.write(`BENCH ${JSON.stringify(o)}\n`);
    line({
      name: 'teams-tab.baseline-empty-vite',
      kbGzip: base.kbGzip,
      ms: round(median(baselineMs)),
      ...machine,
    });
    line({
      name: 'teams-tab.signin',
      kbGzip: tab.kbGzip,
      ms: round(median(signInMs)),
      baselineKbGzip: base.kbGzip,
      baselineMs: round(median(baselineMs)),
      ...machine,
    });
    line({
      name: 'teams-tab.me',
      kbGzip: tab.kbGzip,
      ms: round(median(meMs)),
      baselineKbGzip: base.kbGzip,
      baselineMs: round(median(baselineMs)),
      initialFiles: tab.files.length,
      targets: { kbGzip: 300, ms: 1500 },
      ...machine,
    });
  } finally {
    clearTimeout(watchdog);
    await rm(work, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
