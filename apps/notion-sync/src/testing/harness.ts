// Integration harness: the real API (in-process over HTTP, SQLite or PostgreSQL), the Notion fake, a seeded cycle, and workers.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { SYSTEM_ACTOR } from '@perfloop/api/src/bootstrap.ts';
import { createWrite } from '@perfloop/api/src/kit/write.ts';
import { StoredCycleSchema } from '@perfloop/api/src/routes/cycles/cycleRecord.ts';
import {
  type ApiHarness,
  createApiHarness,
  type Fixture,
  seedFixture,
} from '@perfloop/api/src/testing/apiHarness.ts';
import { type Goal, type Phase, POLICY_PRESETS } from '@perfloop/core';
import { type FakeNotion, startFakeNotion } from '@perfloop/fakes';
import { createNotionSync, loadEnv, type NotionSync } from '../index.ts';
import { createLogger } from '../log.ts';
import { plainValue } from './values.ts';

export { plainValue } from './values.ts';

export const CYCLE = 'cyc_sync';
/** The people whose goals are synced (the fixture's Acme, without HR). */
export const OWNERS = ['cat', 'hana', 'sam', 'erin', 'mo', 'pia', 'paul'] as const;

export interface Harness {
  h: ApiHarness;
  f: Fixture;
  fake: FakeNotion;
  apiUrl: string;
  apiKey: string;
  parentPageId: string;
  /** Goal ids by owner name (`goals.sam[0]`…). */
  goals: Record<(typeof OWNERS)[number], string[]>;
  allGoals: string[];
  /** A worker against this API and fake (env overrides merged in). */
  worker(overrides?: Record<string, string>): NotionSync;
  /** The env a worker child process needs. */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** The rows of the worker's data source (not in the trash). */
  rows(): Record<string, unknown>[];
  /** The row of a goal (by its Perfloop id). */
  row(goalId: string): Record<string, unknown> | undefined;
  /** A property value of a goal's row in plain form. */
  value(goalId: string, property: string): unknown;
  /** A person of the fixture editing a row in Notion. */
  editAs(
    name: (typeof OWNERS)[number] | 'hal',
    goalId: string,
    properties: Record<string, unknown>,
  ): Promise<void>;
  /** Perfloop: the goal as the API has it. */
  goal(goalId: string): Promise<Goal & { version: number }>;
  /** Perfloop: a user changes a goal with If-Match. */
  patchGoal(
    as: (typeof OWNERS)[number] | 'hal',
    goalId: string,
    body: Record<string, unknown>,
  ): Promise<number>;
  /** Another API instance on the same database (PostgreSQL: its own pool), served over HTTP; returns its URL. */
  secondApi(): Promise<string>;
  /** Moves the cycle to a phase (HR, with an override reason). */
  moveCycle(to: Phase): Promise<void>;
  dataSourceId(): string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  engine?: 'sqlite' | 'postgres';
  phase?: Phase;
  goalsPerPerson?: number;
  /** Instead of goalsPerPerson: this many goals in all, spread over the owners. */
  totalGoals?: number;
  /** Requests/s the fake allows per token (0 = unlimited). */
  fakeRate?: number;
}

/** A cycle in `phase` with `goalsPerPerson` KPI goals per owner, written with audit and feed events (as the API would). */
async function seedCycle(h: ApiHarness, f: Fixture, phase: Phase, counts: readonly number[]) {
  const orgId = f.acme.organisation.id;
  const people = [...OWNERS.map((n) => f.id[n]), f.id.hal].sort();
  const goals = Object.fromEntries(OWNERS.map((n) => [n, [] as string[]])) as Harness['goals'];
  await h.store.transaction(orgId, async (tx) => {
    const w = createWrite(tx, SYSTEM_ACTOR);
    const history =
      phase === 'plan'
        ? []
        : [
            {
              from: 'plan',
              to: phase,
              at: '2026-07-01T00:00:00Z',
              actorId: 'system',
              override: { reason: 'sync test fixture', refusals: [] },
              skipped: [],
            },
          ];
    const cycle = StoredCycleSchema.parse({
      id: CYCLE,
      name: '2026 H2',
      policyName: POLICY_PRESETS.incentive.name,
      startsOn: '2026-07-01',
      endsOn: '2026-12-31',
      phase,
      history,
      policyId: 'pol_sync',
      policy: POLICY_PRESETS.incentive,
      participants: people,
    });
    await w.create('cycles', { id: CYCLE, cycleId: CYCLE, data: cycle });
    for (const [index, name] of OWNERS.entries()) {
      const ownerId = f.id[name];
      const goalsPerPerson = counts[index] ?? 0;
      for (let i = 0; i < goalsPerPerson; i++) {
        const id = `gol_${name}_${String(i).padStart(3, '0')}`;
        const goal: Goal = {
          id,
          cycleId: CYCLE,
          title: `${name} goal ${i}`,
          description: '',
          level: 'person',
          ownerId,
          departmentId:
            f.dept[
              name === 'cat'
                ? 'root'
                : name === 'hana' || name === 'sam'
                  ? 'sales'
                  : name === 'erin'
                    ? 'eng'
                    : 'platform'
            ],
          weight: Math.floor(100 / Math.max(1, goalsPerPerson)),
          alignedTo: null,
          status: 'active',
          dueDate: '2026-12-31',
          kind: 'kpi',
          unit: 'deals',
          direction: 'higher_is_better',
          baseline: 0,
          threshold: null,
          target: 10,
          stretch: null,
          curve: { type: 'linear' },
          actual: null,
        };
        await w.create('goals', { id, cycleId: CYCLE, subjectId: ownerId, data: goal });
        goals[name].push(id);
      }
    }
  });
  return goals;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const h = await createApiHarness({ engine: options.engine ?? 'sqlite' });
  const f = await seedFixture(h);
  const total = options.totalGoals;
  const counts = OWNERS.map((_, i) =>
    total === undefined
      ? (options.goalsPerPerson ?? 2)
      : Math.floor(total / OWNERS.length) + (i < total % OWNERS.length ? 1 : 0),
  );
  const goals = await seedCycle(h, f, options.phase ?? 'coach', counts);
  const apiKey = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
  const server = await new Promise<{ close: () => void; port: number }>((resolve) => {
    const s = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ close: () => s.close(), port: info.port }),
    );
  });
  const apiUrl = `http://127.0.0.1:${server.port}`;
  const cleanups: (() => Promise<void>)[] = [];
  const fake = await startFakeNotion({ rateLimit: { requestsPerSecond: options.fakeRate ?? 0, burst: 6 } });
  for (const n of [...OWNERS, 'hal'] as const) fake.addPerson(n, f.email[n]);
  const parentPageId = fake.createSharedPage('Perfloop').id;
  const started: NotionSync[] = [];
  const userOf = (n: (typeof OWNERS)[number] | 'hal') => {
    const u = [...fake.workspace.users.values()].find((x) => x.email === f.email[n].toLowerCase());
    if (!u) throw new Error(`no Notion user for ${n}`);
    return u.id;
  };
  const env = (overrides: Record<string, string> = {}) => ({
    NOTION_TOKEN: fake.token,
    NOTION_BASE_URL: fake.url,
    NOTION_PARENT_PAGE_ID: parentPageId,
    NOTION_REQUESTS_PER_SECOND: '100',
    NOTION_BURST: '10',
    NOTION_CONCURRENCY: '4',
    NOTION_TIMEOUT_MS: '5000',
    PERFLOOP_API_URL: apiUrl,
    PERFLOOP_API_KEY: apiKey,
    SYNC_INTERVAL_SECONDS: '1',
    SYNC_LEASE_SECONDS: '30',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
  const harness: Harness = {
    h,
    f,
    fake,
    apiUrl,
    apiKey,
    parentPageId,
    goals,
    allGoals: Object.values(goals).flat(),
    env,
    worker(overrides = {}) {
      const e = loadEnv(env(overrides));
      const sync = createNotionSync(e, createLogger(e.logLevel));
      started.push(sync);
      return sync;
    },
    dataSourceId() {
      const ds = [...fake.workspace.dataSources.values()][0];
      if (!ds) throw new Error('no data source yet');
      return ds.id;
    },
    rows() {
      return [...fake.workspace.dataSources.keys()].flatMap((id) => fake.rows(id));
    },
    row(goalId) {
      return harness.rows().find((r) => plainValue(r, 'Perfloop id') === goalId);
    },
    value(goalId, property) {
      const r = harness.row(goalId);
      return r ? plainValue(r, property) : undefined;
    },
    async editAs(name, goalId, properties) {
      const r = harness.row(goalId);
      if (!r) throw new Error(`no row for ${goalId}`);
      await fake.editPageAs(userOf(name), String(r.id), properties);
    },
    async goal(goalId) {
      const res = await h.call<Goal & { version: number }>('GET', `/v1/goals/${goalId}`, { as: f.email.hal });
      if (res.status !== 200) throw new Error(`GET goal ${goalId}: ${res.status}`);
      return res.body;
    },
    async patchGoal(as, goalId, body) {
      const current = await harness.goal(goalId);
      const res = await h.call<{ version: number }>('PATCH', `/v1/goals/${goalId}`, {
        as: f.email[as],
        json: body,
        headers: { 'If-Match': `"${current.version}"` },
      });
      if (res.status !== 200)
        throw new Error(`PATCH goal ${goalId}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.version;
    },
    async secondApi() {
      const instance = await h.secondInstance();
      const second = await new Promise<{ close: () => void; port: number }>((resolve) => {
        const s = serve({ fetch: instance.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
          resolve({ close: () => s.close(), port: info.port }),
        );
      });
      cleanups.push(async () => {
        second.close();
        await instance.close();
      });
      return `http://127.0.0.1:${second.port}`;
    },
    async moveCycle(to) {
      const res = await h.call('POST', `/v1/cycles/${CYCLE}/transitions`, {
        as: f.email.hal,
        json: { to, override: { reason: 'moving the sync test cycle on' } },
      });
      if (res.status !== 200)
        throw new Error(`transition to ${to}: ${res.status} ${JSON.stringify(res.body)}`);
    },
    async close() {
      for (const s of started) await s.close().catch(() => undefined);
      await fake.close();
      for (const c of cleanups) await c();
      server.close();
      await h.close();
    },
  };
  return harness;
}
