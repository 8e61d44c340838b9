// Notion sync benchmark: initial sync of 1,000 goals, a no-op sync, 50 goals changed in Perfloop, 50 rows edited in Notion (polling, then with webhooks).
// Real worker, real @notionhq/client, the real API (SQLite temp file) and the Notion fake at a configured rate limit.
// Usage: node --import tsx bench/sync.bench.ts [requests-per-second, default 30]
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import type { NotionSync } from '../src/index.ts';
import { createHarness, OWNERS } from '../src/testing/harness.ts';

const limit = Number(process.argv[2] ?? 30);
const concurrency = Math.max(3, Math.ceil(limit / 4));
const GOALS = 1000;
const CHANGED = 50;
const watchdog = setTimeout(() => {
  console.error('benchmark watchdog: 15 minutes passed, giving up');
  process.exit(2);
}, 15 * 60_000);

const x = await createHarness({ totalGoals: GOALS, fakeRate: limit });
// The fake enforces `limit` requests/s per token (burst 2 × limit); the worker paces itself at the same rate.
x.fake.limiter.options = { requestsPerSecond: limit, burst: Math.max(1, limit * 2) };
const workerEnv = {
  NOTION_REQUESTS_PER_SECOND: String(limit),
  NOTION_BURST: '1',
  // Three in flight suit Notion's 3/s (a call takes a few hundred ms); a faster fake needs proportionally more.
  NOTION_CONCURRENCY: String(concurrency),
  NOTION_TIMEOUT_MS: '30000',
  LOG_LEVEL: 'warn',
};
let sync: NotionSync = x.worker(workerEnv);

console.log(
  `# machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, fake rate limit ${limit} requests/s`,
);

let failed = false;
async function scenario(name: string, minimumCalls: number, work: () => Promise<void>, throughput = false) {
  x.fake.resetCalls();
  const started = performance.now();
  await sync.worker.runOnce();
  await work();
  const ms = performance.now() - started;
  const notionCalls = x.fake.calls.length;
  const refused = x.fake.count({ status: 429 });
  const line: Record<string, unknown> = {
    name,
    ms: Math.round(ms),
    notionCalls,
    minimumCalls,
    refused429: refused,
  };
  if (throughput) {
    const rps = notionCalls / (ms / 1000);
    line.requestsPerSecond = Number(rps.toFixed(2));
    line.limit = limit;
    line.concurrency = concurrency;
    line.ofLimit = Number((rps / limit).toFixed(3));
  }
  console.log(`BENCH ${JSON.stringify(line)}`);
  if (notionCalls !== minimumCalls) {
    console.error(`${name}: ${notionCalls} Notion calls, expected ${minimumCalls}`);
    failed = true;
  }
}

// Initial: users.me, databases.create, dataSources.update (self-relation), users.list, one (empty) query, 1,000 creates.
await scenario('notion.initial_1000', 5 + GOALS, async () => undefined, true);
await scenario('notion.noop', 1, async () => undefined);

const changed = OWNERS.flatMap((n) => x.goals[n].slice(0, 10)).slice(0, CHANGED);
for (const [i, id] of changed.entries()) await x.patchGoal('hal', id, { actual: i + 1 });
await scenario(`notion.perfloop_changed_${CHANGED}`, CHANGED + 1, async () => undefined);

const edited = OWNERS.flatMap((n) => x.goals[n].slice(10, 20)).slice(0, CHANGED);
for (const id of edited) await x.editAs('hal', id, { Actual: { number: 7 } });
// One query finds the 50 edited rows; each page's blocks are read once (notes people wrote there become check-ins);
// the API takes the edits; their new progress is written back (50 updates).
await scenario(`notion.notion_edited_${CHANGED}`, 2 * CHANGED + 1, async () => undefined);

// The same with webhooks: another instance with the endpoint takes over and Notion is subscribed to it. Each edit's
// page.properties_updated is recorded before editAs returns, so the pull reads no blocks: one query and 50 updates.
await sync.close();
sync = x.worker({ ...workerEnv, WEBHOOK_PORT: '0', SYNC_INTERVAL_SECONDS: '3600' });
const address = (await sync.listenWebhooks()) as AddressInfo;
await x.fake.webhooks.subscribe(`http://127.0.0.1:${address.port}/webhooks/notion`);
await sync.worker.runOnce(); // this instance's first round reads the workspace (not measured)
const hooked = OWNERS.flatMap((n) => x.goals[n].slice(20, 30)).slice(0, CHANGED);
for (const id of hooked) await x.editAs('hal', id, { Actual: { number: 8 } });
await scenario(`notion.notion_edited_${CHANGED}_webhooks`, CHANGED + 1, async () => undefined);

await sync.close();
await x.close();
clearTimeout(watchdog);
process.exit(failed ? 1 : 0);
