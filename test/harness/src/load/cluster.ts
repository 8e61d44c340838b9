// The scale-out set-up: two API processes and two Notion sync worker processes on one fresh PostgreSQL schema,
// the Notion fake serving both workers; the lease holder can be stopped or killed and replaced mid-load.
import { type FakeNotion, startFakeNotion } from '@perfloop/fakes';
import { type Database, prepareDatabase } from '../crash/database.ts';
import { type RunningApi, startApiRetrying } from '../crash/server.ts';
import { httpTarget, ok, str, type Target } from '../world/client.ts';
import { type RunningWorker, startWorker } from './worker.ts';
import { listAll } from './world.ts';

/** The fake's per-token limit and the workers' own pace (below it, as against Notion's 3/s). */
const FAKE_RATE = { requestsPerSecond: 50, burst: 10 };
const WORKER_RATE = '40';

export interface Cluster {
  apis: RunningApi[];
  targets: Target[];
  fake: FakeNotion;
  /** The workers now running (one per API instance). */
  workers(): RunningWorker[];
  /** Replaces the worker holding the sync lease: SIGTERM (it hands the lease over) or SIGKILL (the lease lapses). */
  replaceHolder(how: 'stop' | 'kill'): Promise<string>;
  /** Round failures the workers logged, over every worker started. */
  failedRounds(): number;
  /** The workers' log lines of their failed rounds (the reasons), for the report. */
  failedRoundLines(): string[];
  /** API log lines at level error (a 5xx answered to anyone, workers included). */
  serverErrors(): string[];
  /** Starts retried after a failed migration check on the shared server. */
  startRetries: number;
  close(): Promise<void>;
}

export async function startCluster(databaseUrl: string | undefined): Promise<Cluster> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const db: Database = await prepareDatabase('postgres', databaseUrl, 'load');
    cleanups.push(() => db.drop());
    let startRetries = 0;
    const apis: RunningApi[] = [];
    // One at a time: the first start migrates and seeds the demo, the second finds it there.
    for (let i = 0; i < 2; i++) {
      const api = await startApiRetrying(db.storage, () => {
        startRetries += 1;
      });
      apis.push(api);
      cleanups.push(() => api.stop());
    }
    const targets = apis.map((a) => httpTarget(a.base));
    const first = targets[0] as Target;
    const hr = 'dev:hr@acme.test';

    const fake = await startFakeNotion({ rateLimit: FAKE_RATE });
    cleanups.push(() => fake.close());
    for (const p of await listAll(first, '/v1/people', hr)) fake.addPerson(str(p, 'name'), str(p, 'email'));
    const parentPageId = fake.createSharedPage('Perfloop').id;
    const syncKey = str(
      await ok(first, 'POST', '/v1/api-keys', {
        token: hr,
        json: { name: 'Notion sync (load)', scopes: ['sync:notion'] },
      }),
      'key',
    );

    const settings = (apiBase: string): Record<string, string> => ({
      NOTION_TOKEN: fake.token,
      NOTION_BASE_URL: fake.url,
      NOTION_PARENT_PAGE_ID: parentPageId,
      NOTION_REQUESTS_PER_SECOND: WORKER_RATE,
      NOTION_BURST: '10',
      NOTION_CONCURRENCY: '4',
      NOTION_TIMEOUT_MS: '15000',
      PERFLOOP_API_URL: apiBase,
      PERFLOOP_API_KEY: syncKey,
      SYNC_INTERVAL_SECONDS: '1',
      SYNC_LEASE_SECONDS: '10',
      LOG_LEVEL: 'info',
    });
    // Slot i runs against API instance i; each start gets a new id, as a restarted process would.
    const slots: RunningWorker[] = [];
    const all: RunningWorker[] = [];
    let generation = 0;
    const launch = async (slot: number) => {
      generation += 1;
      const api = apis[slot] as RunningApi;
      const w = await startWorker(`worker-${slot === 0 ? 'a' : 'b'}-${generation}`, settings(api.base));
      slots[slot] = w;
      all.push(w);
      cleanups.push(() => w.kill9());
      return w;
    };
    await launch(0);
    await launch(1);

    return {
      apis,
      targets,
      fake,
      workers: () => [...slots],
      async replaceHolder(how) {
        const lease = await ok(first, 'GET', '/v1/integrations/notion/leases/sync', { token: syncKey });
        const holder = str(lease, 'holder');
        const slot = slots.findIndex((w) => w.id === holder);
        if (slot < 0) throw new Error(`the lease is held by ${holder}, not by a running worker`);
        const w = slots[slot] as RunningWorker;
        if (how === 'stop') await w.stop();
        else await w.kill9();
        await launch(slot);
        return holder;
      },
      failedRounds: () => all.reduce((n, w) => n + w.failedRounds(), 0),
      failedRoundLines: () =>
        all.flatMap((w) =>
          w
            .output()
            .split('\n')
            .filter((line) => line.includes('"sync round failed'))
            .map((line) => `${w.id}: ${line.slice(0, 600)}`),
        ),
      serverErrors: () =>
        apis.flatMap((a) => a.output().split('\n')).filter((line) => /^\{.*"level":(50|60)\b/.test(line)),
      get startRetries() {
        return startRetries;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
