// The crash loop: start the real server, put it under write load, kill -9 it once writes are being acknowledged,
// check the database with the server down, restart, retry the writes in doubt, read every acknowledged one back.
import { httpTarget } from '../world/client.ts';
import { prepareDatabase } from './database.ts';
import { discover, Ledger, retryPending, rng, startLoad, type Targets } from './load.ts';
import { type RunningApi, type Storage, startApiRetrying } from './server.ts';
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

/** Starts the server, counting starts retried after a failed migration check (see startApiRetrying). */
function start(storage: Storage, report: CrashReport): Promise<RunningApi> {
  return startApiRetrying(storage, () => {
    report.startRetries += 1;
  });
}

export async function runCrash(options: CrashOptions): Promise<CrashReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const random = rng(options.seed);
  const db = await prepareDatabase(options.engine, options.databaseUrl);
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
