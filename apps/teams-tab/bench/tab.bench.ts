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

const args = process.argv.slice(2);
const RUNS = Number(args.find((a) => /^\d+$/.test(a)) ?? 7);
/** `--waterfall`: also print each case's network timeline up to its first meaningful render. */
const WATERFALL = args.includes('--waterfall');
const root = fileURLToPath(new URL('..', import.meta.url));

interface Load {
  /** Navigation start → the selector's element is in the DOM. */
  dom: number;
  /** Navigation start → a task after the animation frame that followed: the frame showing it was produced. */
  ms: number;
  htmlEnd: number;
  resources: { url: string; start: number; end: number; encoded: number; decoded: number }[];
}

interface JsBeforeRender {
  files: string[];
  kbGzip: number;
  kbTransferred: number;
}

/** The JavaScript the page fetched before the first meaningful render (from its network timeline), gzip -9 from disk. */
async function jsBeforeRender(load: Load, dir: string): Promise<JsBeforeRender> {
  const js = load.resources.filter((r) => new URL(r.url).pathname.endsWith('.js'));
  let bytes = 0;
  for (const r of js) {
    const file = new URL(r.url).pathname.replace(/^\/teams\//, '');
    bytes += gzipSync(await readFile(join(dir, file)), { level: 9 }).length;
  }
  const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
  return {
    files: js.map((r) => new URL(r.url).pathname),
    kbGzip: kb(bytes),
    kbTransferred: kb(js.reduce((sum, r) => sum + r.encoded, 0)),
  };
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
    /**
     * One cold load (fresh context, so a cold cache) of `url`: ms from navigation start until `selector` is in the DOM
     * and the browser has produced the frame that shows it (a MutationObserver in the page notes the insertion, the
     * next animation frame and a task after it close the measure; no driver round trip is counted), and the network
     * timeline up to then.
     */
    const load = async (url: string, selector: string, email?: string): Promise<Load> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.route('https://res.cdn.office.net/**', (r) => r.abort());
      if (email) {
        await context.addInitScript((demo) => sessionStorage.setItem('perfloop.demoEmail', demo), email);
      }
      await context.addInitScript((sel) => {
        const w = window as unknown as { __fmr?: { dom: number; frame?: number } };
        const observer = new MutationObserver(() => {
          if (w.__fmr || !document.querySelector(sel)) return;
          const mark = { dom: performance.now() } as { dom: number; frame?: number };
          w.__fmr = mark;
          observer.disconnect();
          requestAnimationFrame(() =>
            setTimeout(() => {
              mark.frame = performance.now();
            }, 0),
          );
        });
        observer.observe(document, { childList: true, subtree: true });
      }, selector);
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'commit' });
      await page.waitForFunction(
        () => (window as unknown as { __fmr?: { frame?: number } }).__fmr?.frame !== undefined,
        undefined,
        { timeout: 30_000, polling: 50 },
      );
      const result = await page.evaluate(() => {
        const mark = (window as unknown as { __fmr: { dom: number; frame: number } }).__fmr;
        const resources = performance
          .getEntriesByType('resource')
          .map((e) => e as PerformanceResourceTiming)
          .filter((e) => e.startTime <= mark.dom)
          .map((e) => ({
            url: e.name,
            start: e.startTime,
            end: e.responseEnd,
            encoded: e.encodedBodySize,
            decoded: e.decodedBodySize,
          }));
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        return { dom: mark.dom, ms: mark.frame, htmlEnd: nav?.responseEnd ?? 0, resources };
      });
      await context.close();
      return result;
    };
    const timeTo = async (url: string, selector: string, email?: string) =>
      (await load(url, selector, email)).ms;

    const cycles = await fetch(`${apiBase}/v1/cycles?phase=coach`, {
      headers: { Authorization: 'Bearer dev:ava@acme.test' },
    });
    const h2 = ((await cycles.json()) as { items: { id: string }[] }).items[0]?.id ?? '';
    const cases = [
      {
        name: 'teams-tab.baseline-empty-vite',
        base: baselineBase,
        url: '/teams/',
        selector: '#root:not(:empty)',
      },
      { name: 'teams-tab.signin', base: apiBase, url: '/teams/', selector: '[data-email]' },
      {
        name: 'teams-tab.me',
        base: apiBase,
        url: `/teams/me?cycle=${h2}`,
        // The Me view showing the person's goals (a row of the plan's table), not a spinner.
        selector: '[data-testid="me-plan"] tbody tr',
        email: 'ava@acme.test',
      },
    ];
    // Warm-up (not counted): the first launch pays for Chromium's own start.
    for (const c of cases) await timeTo(c.base + c.url, c.selector, c.email);

    const load1Start = loadavg()[0] ?? 0;
    const runs = new Map<string, Load[]>(cases.map((c) => [c.name, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const c of cases) runs.get(c.name)?.push(await load(c.base + c.url, c.selector, c.email));
    }
    const load1End = loadavg()[0] ?? 0;
    await browser.close();
    await new Promise<void>((resolve) => baselineServer.close(() => resolve()));
    await api.shutdown('bench done');

    const round = (n: number) => Math.round(n * 10) / 10;
    const machine = {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      load1: round(Math.max(load1Start, load1End)),
      runs: RUNS,
    };
    const line = (o: object) => process.stdout.write(`BENCH ${JSON.stringify(o)}\n`);
    const results = new Map<string, { ms: number; js: JsBeforeRender; median: Load }>();
    for (const c of cases) {
      const loads = runs.get(c.name) ?? [];
      const ms = median(loads.map((l) => l.ms));
      const closest = [...loads].sort((a, b) => Math.abs(a.ms - ms) - Math.abs(b.ms - ms))[0] as Load;
      const dir = c.base === apiBase ? tabDir : baselineDir;
      results.set(c.name, { ms, js: await jsBeforeRender(closest, dir), median: closest });
    }
    const baseline = results.get('teams-tab.baseline-empty-vite');
    for (const c of cases) {
      const r = results.get(c.name);
      if (!r || !baseline) continue;
      line({
        name: c.name,
        kbGzip: r.js.kbGzip,
        ms: round(r.ms),
        domMs: round(r.median.dom),
        jsFiles: r.js.files.length,
        jsKbTransferred: r.js.kbTransferred,
        ...(r === baseline
          ? {}
          : {
              baselineKbGzip: baseline.js.kbGzip,
              baselineMs: round(baseline.ms),
              targets: { kbGzip: 300, ms: 1500 },
            }),
        ...machine,
      });
      if (WATERFALL) {
        process.stdout.write(
          `  waterfall of ${c.name} (the run closest to the median), ms since navigation start:\n`,
        );
        process.stdout.write(
          `    ${'0'.padStart(6)} → ${round(r.median.htmlEnd).toFixed(1).padStart(7)}  document\n`,
        );
        for (const e of [...r.median.resources].sort((a, b) => a.start - b.start)) {
          const name = new URL(e.url).pathname + new URL(e.url).search;
          process.stdout.write(
            `    ${round(e.start).toFixed(1).padStart(6)} → ${round(e.end).toFixed(1).padStart(7)}  ${name.slice(0, 110)}\n`,
          );
        }
        process.stdout.write(
          `    in the DOM at ${round(r.median.dom)}, its frame at ${round(r.median.ms)}\n`,
        );
      }
    }
  } finally {
    clearTimeout(watchdog);
    await rm(work, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
