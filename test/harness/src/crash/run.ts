// The crash loop: start the real server, put it under write load, kill -9 it once writes are being acknowledged,
// check the database with the server down, restart, retry the writes in doubt, read every acknowledged one back.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreConfig } from '@perfloop/store';
import pg from 'pg';
import { postgresUrl } from '../fuzz/engines.ts';
import { httpTarget } from '../world/client.ts';
import { discover, Ledger, retryPending, rng, startLoad, type Targets } from './load.ts';
import { type RunningApi, type Storage, startApi } from './server.ts';
import { checkDatabase, readBack } from './verify.ts';

export interface CrashOptions {
  engine: 'sqlite' | 'postgres';
  rounds: number;
  seed: number;
  /** Concurrent writing clients. */
  clients?: number;
  databaseUrl?: string;
  /** Progress lines (one per round). */
  log?: (line: string) => void;
}

export interface CrashReport {
  engine: string;
  seed: number;
  rounds: number;
  /** Rounds whose kill -9 the data survived (every check passed). */
  survived: number;
  /** Writes acknowledged (2xx) over the run, and how many of them came from a retry after a crash. */
  acknowledged: number;
  acknowledgedOnRetry: number;
  /** Acknowledged writes read back after each restart (cumulative checks). */
  readBack: number;
  /** What was missing or wrong: must be empty. */
  lost: string[];
  /** Database integrity problems found with the server down: must be empty. */
  integrity: string[];
  refused: number;
  networkErrors: number;
  /** Starts retried because the store's migration check failed (see `start`). */
  startRetries: number;
  ms: number;
}

interface Database {
  storage: Storage;
  config: StoreConfig;
  drop(): Promise<void>;
}

async function prepare(engine: CrashOptions['engine'], databaseUrl: string | undefined): Promise<Database> {
  if (engine === 'sqlite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'perfloop-crash-'));
    return {
      storage: { kind: 'sqlite', dataDir },
      config: { kind: 'sqlite', file: join(dataDir, 'perfloop.sqlite') },
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  // A fresh schema, named to the server through the URL's `options` (libpq's search_path setting).
  const base = postgresUrl(databaseUrl);
  const schema = `crash_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    storage: { kind: 'postgres', url: url.toString() },
    config: { kind: 'postgres', url: base, schema },
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Starts the server; a start that fails in the store's migration check is retried (twice at most) and
 * counted. On a shared PostgreSQL, Kysely's migrator lists the tables of every schema, so a schema another
 * test drops at that moment fails the start (3F000); that is not the crash under test.
 */
async function start(storage: Storage, report: CrashReport): Promise<RunningApi> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startApi(storage);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (attempt >= 3 || !/could not open the store|migration_failed/.test(text)) throw error;
      report.startRetries += 1;
    }
  }
}

export async function runCrash(options: CrashOptions): Promise<CrashReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const random = rng(options.seed);
  const db = await prepare(options.engine, options.databaseUrl);
  const ledger = new Ledger();
  const report: CrashReport = {
    engine: options.engine,
    seed: options.seed,
    rounds: options.rounds,
    survived: 0,
    acknowledged: 0,
    acknowledgedOnRetry: 0,
    readBack: 0,
    lost: [],
    integrity: [],
    refused: 0,
    networkErrors: 0,
    startRetries: 0,
    ms: 0,
  };
  let server: RunningApi | undefined;
  try {
    server = await start(db.storage, report);
    const targets: Targets = await discover(httpTarget(server.base));
    for (let round = 1; round <= options.rounds; round++) {
      const api = httpTarget(server.base);
      const retried = await retryPending(api, ledger);
      const load = startLoad(api, targets, ledger, {
        clients: options.clients ?? 6,
        seed: options.seed + round,
        round,
      });
      // Kill once this round has acknowledged some writes (5 to 40, seeded), a moment later (0–250 ms).
      const target = 5 + Math.floor(random() * 36);
      await load.acknowledged(target);
      await new Promise((r) => setTimeout(r, Math.floor(random() * 250)));
      await server.kill9();
      await load.stop();
      const failure = load.failure();
      if (failure) throw failure;

      const integrity = await checkDatabase(db.config);
      report.integrity.push(...integrity.map((p) => `round ${round}: ${p}`));
      server = await start(db.storage, report);
      const back = await readBack(httpTarget(server.base), targets, ledger);
      report.readBack += back.checked;
      report.lost.push(...back.lost.map((p) => `round ${round}: ${p}`));
      if (integrity.length === 0 && back.lost.length === 0) report.survived += 1;
      log(
        `${options.engine} round ${round}/${options.rounds}: killed after ≥${target} acks; ${ledger.acks} acknowledged so far (${retried} in doubt retried), ${back.checked} read back, ${back.lost.length + integrity.length} problems`,
      );
    }
    // The writes still in doubt after the last kill are retried too, and read back once more.
    const api = httpTarget(server.base);
    await retryPending(api, ledger);
    const last = await readBack(api, targets, ledger);
    report.lost.push(...last.lost.map((p) => `final: ${p}`));
    await server.stop();
    server = undefined;
    report.integrity.push(...(await checkDatabase(db.config)).map((p) => `final: ${p}`));
  } finally {
    if (server) await server.kill9();
    await db.drop();
  }
  report.acknowledged = ledger.acks;
  report.acknowledgedOnRetry = ledger.retriedAcks;
  report.refused = ledger.refused;
  report.networkErrors = ledger.networkErrors;
  report.ms = Date.now() - started;
  return report;
}
