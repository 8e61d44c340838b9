// Write-throughput benchmark: concurrent API-shaped transactions (write + audit + emit) on SQLite or PostgreSQL.
// Machines are shared: compare CPU µs per transaction (stable under load) as well as tx/s.
// Run: node --import tsx bench/writes.ts [sqlite|postgres] [--writers 50] [--seconds 5] [--pool 10]
// Profile: node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/writes.ts sqlite
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/open-store.ts';
import type { Store } from '../src/store.ts';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const engine = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const writers = option('writers', 50);
const seconds = option('seconds', 5);
const poolSize = option('pool', 10);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The data of a typical goal, so JSON and hashing costs are realistic. */
const goalData = (i: number) => ({
  id: `gol_${i}`,
  title: `Ship feature ${i}`,
  description: 'Deliver the Teams tab to every pilot customer with single sign-on.',
  weight: 25,
  kpi: { kind: 'number', target: 100, unit: 'customers', direction: 'up' },
  ownerId: 'per_ann',
  cycleId: 'cyc_2025',
  status: 'active',
});

/** `i` numbers the transaction, `w` the writer running it. */
type Scenario = (store: Store, orgId: string, i: number, w: number) => Promise<void>;

/** POST: create + audit + feed event. */
const create: Scenario = (store, orgId, i) =>
  store.transaction(orgId, async (tx) => {
    const record = await tx
      .resources('goals')
      .create(orgId, { id: `gol_${i}`, cycleId: 'cyc_2025', subjectId: 'per_ann', data: goalData(i) });
    await tx.audit({
      actor: 'per_bob',
      action: 'goal.create',
      resourceKind: 'goals',
      resourceId: record.id,
      data: record.data,
    });
    await tx.emit({
      kind: 'goals',
      resourceId: record.id,
      op: 'create',
      version: record.version,
      data: record.data,
    });
  });

/** PATCH: read + compare-and-set update + audit + feed event (each writer updates its own record). */
const update: Scenario = (store, orgId, i, w) =>
  store.transaction(orgId, async (tx) => {
    const id = `upd_${w}`;
    const before = await tx.resources('goals').get(orgId, id);
    if (before === undefined) throw new Error(`missing ${id}`);
    const result = await tx
      .resources('goals')
      .update(orgId, id, { expectedVersion: before.version, data: { ...before.data, weight: i % 100 } });
    if (!result.ok) throw new Error(result.reason);
    await tx.audit({
      actor: 'per_bob',
      action: 'goal.update',
      resourceKind: 'goals',
      resourceId: id,
      data: { weight: i % 100 },
    });
    await tx.emit({
      kind: 'goals',
      resourceId: id,
      op: 'update',
      version: result.record.version,
      data: result.record.data,
    });
  });

/** Transaction counter across runs, so created ids never repeat. */
let next = 0;

/** An API write request: reads outside the transaction (sign-in, access, idempotency), then the write. */
const request: Scenario = async (store, orgId, i, w) => {
  await store.resources('goals').get(orgId, `upd_${w}`);
  await store.resources('goals').list(orgId, { limit: 20 });
  await store.idempotency.get(orgId, 'per_bob', `key_${i}`);
  await create(store, orgId, i, w);
};

async function run(store: Store, name: string, scenario: Scenario, orgIds: string[]): Promise<void> {
  let done = 0;
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const orgId = orgIds[w % orgIds.length] ?? '';
      while (performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        await scenario(store, orgId, i, w);
        latencies.push(performance.now() - t0);
        done++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuPerTx = (cpu.user + cpu.system) / Math.max(1, done);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies[Math.floor((latencies.length - 1) * p)] ?? 0).toFixed(2);
  console.log(
    `${engine} ${name.padEnd(22)} ${String(Math.round(done / elapsed)).padStart(6)} tx/s  ` +
      `${String(Math.round(cpuPerTx)).padStart(5)} µs CPU/tx (this process)  p50 ${pct(0.5)} ms  p99 ${pct(0.99)} ms  ` +
      `(${done} tx, ${writers} writers, ${orgIds.length} org(s))`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'perfloop-bench-'));
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const store =
    engine === 'sqlite'
      ? await openStore({ kind: 'sqlite', file: join(dir, 'bench.db') })
      : await openStore({ kind: 'postgres', url, schema, poolSize });
  try {
    const orgIds: string[] = [];
    for (let o = 0; o < 10; o++) {
      const id = `org_${o}_${randomBytes(3).toString('hex')}`;
      await store.organisations.create({ id, name: id, slug: id });
      orgIds.push(id);
      for (let w = 0; w < writers; w++) {
        await store.resources('goals').create(id, { id: `upd_${w}`, data: goalData(w) });
      }
    }
    const one = orgIds.slice(0, 1);
    // Warm-up (JIT, statement caches), then the measured runs.
    await run(store, 'warm-up', create, one);
    await run(store, 'create, one org', create, one);
    await run(store, 'update, one org', update, one);
    await run(store, 'create, 10 orgs', create, orgIds);
    await run(store, '3 reads + create', request, one);
  } finally {
    if (engine === 'postgres') await store.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
