// One load run: the cluster up and in sync, `seconds` of mixed load with lease hand-overs between the workers, then
// Notion given time to catch up, and every write, page and note checked. The report is the LOAD line.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { type Cluster, startCluster } from './cluster.ts';
import { type OperationFigures, percentile } from './metrics.ts';
import { LoadLedger, startTraffic } from './traffic.ts';
import { checkNotes, checkWrites, compareNotion } from './verify.ts';
import { discoverWorld, type LoadWorld } from './world.ts';

export interface LoadRunOptions {
  seconds: number;
  /** Concurrent closed-loop clients (no think time). */
  clients: number;
  seed: number;
  /** Worker hand-overs during the load, evenly spaced: SIGTERM the lease holder ('stop') or SIGKILL it ('kill'). */
  handOvers: readonly ('stop' | 'kill')[];
  databaseUrl?: string;
  /**
   * How long Notion may take to catch up after the load in all (default 1,800 s), and without getting any closer
   * (default 120 s): hang guards, not speed checks.
   */
  convergeSeconds?: number;
  stallSeconds?: number;
  log?: (line: string) => void;
}

export interface LoadReport {
  engine: 'postgres';
  apiInstances: number;
  workers: number;
  seconds: number;
  clients: number;
  seed: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  /** 5xx and unexpected 4xx answers, and failed connections: must be 0. */
  errors: number;
  networkErrors: number;
  /** API log lines at error level (5xx to anyone, the workers included): must be 0. */
  serverErrors: number;
  races: number;
  /** The losing PATCH of each race: 412, the only conflicts. */
  raceConflicts: number;
  acknowledged: { checkIns: number; goalsCreated: number; progressUpdates: number; notionEdits: number };
  readBack: number;
  /**
   * After each acknowledged progress update, the owner's "my goals" on the other API instance: reads, how many
   * first showed the old version, and how long those took to show the new one (ms).
   */
  freshness: { reads: number; stale: number; lagP50Ms: number; lagMaxMs: number };
  /** Everything missing, duplicated or applied twice, in Perfloop or Notion: must be empty. */
  lost: string[];
  problems: string[];
  notion: {
    goals: number;
    pages: number;
    pagesCreated: number;
    /** From the end of the load until Notion matched Perfloop. */
    caughtUpMs: number;
    handOvers: string[];
    workerFailedRounds: number;
    /** The first few failed rounds' log lines (a failed round is retried; these say why it failed). */
    workerFailures: string[];
  };
  operations: Record<string, OperationFigures>;
  startRetries: number;
  /** The machine's 1-minute load average when the load began and ended (it is shared: figures are indications). */
  loadAverage: number[];
  ms: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freshnessFigures(ledger: LoadLedger): LoadReport['freshness'] {
  const { reads, stale, lagsMs } = ledger.freshness;
  const sorted = [...lagsMs].sort((a, b) => a - b);
  return { reads, stale, lagP50Ms: percentile(sorted, 50), lagMaxMs: sorted.at(-1) ?? 0 };
}

/**
 * Polls until Notion matches Perfloop (pages, values, notes); returns the problems left when it gives up. A hang
 * guard, not a speed check: it waits while the differences keep shrinking (Notion's rate limit paces how fast a
 * backlog drains, and how big the backlog is depends on how much load the machine could drive), and gives up after
 * `stallSeconds` without progress or `seconds` in all.
 */
async function converge(
  cluster: Cluster,
  world: LoadWorld,
  ledger: LoadLedger | null,
  seconds: number,
  stallSeconds: number,
): Promise<string[]> {
  const started = Date.now();
  let progressAt = started;
  let fewest = Number.POSITIVE_INFINITY;
  const api = cluster.targets[0];
  if (!api) throw new Error('no API');
  for (;;) {
    const notion = await compareNotion(api, world, cluster.fake);
    const notes = ledger ? checkNotes(world, ledger, cluster.fake) : [];
    const problems = [...notion.problems, ...notes];
    if (problems.length === 0) return problems;
    const now = Date.now();
    if (problems.length < fewest) {
      fewest = problems.length;
      progressAt = now;
    }
    if (now - progressAt > stallSeconds * 1000 || now - started > seconds * 1000) return problems;
    await sleep(1000);
  }
}

export async function runLoad(options: LoadRunOptions): Promise<LoadReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const convergeSeconds = options.convergeSeconds ?? 1_800;
  const stallSeconds = options.stallSeconds ?? 120;
  const cluster = await startCluster(options.databaseUrl);
  try {
    const [api] = cluster.targets;
    if (!api) throw new Error('no API');
    const world = await discoverWorld(api);
    log(
      `load: 2 API instances (${cluster.apis.map((a) => a.base).join(', ')}), 2 workers, ${world.participants.length} people, ${world.apiGoals.length + world.notionGoals.length} KPI goals`,
    );
    const initial = await converge(cluster, world, null, convergeSeconds, stallSeconds);
    if (initial.length > 0)
      throw new Error(`the first sync did not complete:\n${initial.slice(0, 20).join('\n')}`);
    log(`load: first sync done (${cluster.fake.count({ route: 'POST /v1/pages', status: 200 })} pages)`);

    const ledger = new LoadLedger(world);
    const before = loadavg()[0] ?? 0;
    const run = randomBytes(3).toString('hex');
    const loadStart = performance.now();
    const traffic = startTraffic(cluster.targets, world, cluster.fake, ledger, {
      clients: options.clients,
      seed: options.seed,
      run,
    });
    const handOvers: string[] = [];
    const end = loadStart + options.seconds * 1000;
    // The hand-overs run beside the load (a new worker takes seconds to start); the load ends on time.
    let handOverError: unknown;
    const handing = (async () => {
      const step = (options.seconds * 1000) / (options.handOvers.length + 1);
      for (const [i, how] of options.handOvers.entries()) {
        await sleep(Math.max(0, loadStart + step * (i + 1) - performance.now()));
        const holder = await cluster.replaceHolder(how);
        handOvers.push(`${how} ${holder}`);
        log(
          `load: ${how === 'stop' ? 'stopped' : 'killed'} the lease holder ${holder} and started a new worker`,
        );
      }
    })().catch((error: unknown) => {
      handOverError = error;
    });
    await sleep(Math.max(0, end - performance.now()));
    await traffic.stop();
    const loadMs = performance.now() - loadStart;
    const loadAverage = [before, loadavg()[0] ?? 0].map((n) => Math.round(n * 10) / 10);
    const overall = ledger.metrics.overall();
    log(`load: ${overall.requests} requests in ${Math.round(loadMs)} ms; waiting for Notion to catch up`);

    await handing;
    if (handOverError) throw handOverError;
    const caughtUpFrom = performance.now();
    const left = await converge(cluster, world, ledger, convergeSeconds, stallSeconds);
    const caughtUpMs = Math.round(performance.now() - caughtUpFrom);
    // The workers finish their rounds and hand the lease back before the final reading.
    for (const w of cluster.workers()) await w.stop();
    const writes = await checkWrites(api, world, ledger);
    const notion = await compareNotion(api, world, cluster.fake);
    const notes = checkNotes(world, ledger, cluster.fake);
    const pagesCreated = cluster.fake.count({ route: 'POST /v1/pages', status: 200 });
    const lost = [...writes.lost, ...notion.problems, ...notes];
    if (pagesCreated !== notion.goals)
      lost.push(`${pagesCreated} pages created in Notion for ${notion.goals} goals`);
    if (left.length > 0)
      lost.push(
        `Notion had not caught up ${Math.round(caughtUpMs / 1000)} s after the load (it stopped getting closer)`,
      );
    if (cluster.fake.unexpected.length > 0)
      lost.push(`the Notion fake failed: ${String(cluster.fake.unexpected[0])}`);
    const serverErrors = cluster.serverErrors();
    const progressUpdates = [...ledger.goals.values()].reduce((n, g) => n + g.acked, 0);
    const notionEdits = [...ledger.notionEdits.values()].reduce((n, e) => n + e.length, 0);
    return {
      engine: 'postgres',
      apiInstances: cluster.apis.length,
      workers: 2,
      seconds: options.seconds,
      clients: options.clients,
      seed: options.seed,
      requests: overall.requests,
      rps: Math.round((overall.requests / loadMs) * 10_000) / 10,
      p50: overall.p50,
      p99: overall.p99,
      max: overall.max,
      statuses: overall.statuses,
      errors: ledger.errors,
      networkErrors: ledger.networkErrors,
      serverErrors: serverErrors.length,
      races: ledger.races,
      raceConflicts: ledger.raceConflicts,
      acknowledged: {
        checkIns: ledger.checkIns.length,
        goalsCreated: ledger.created.length,
        progressUpdates,
        notionEdits,
      },
      readBack: writes.checked,
      freshness: freshnessFigures(ledger),
      lost,
      problems: [...ledger.problems, ...serverErrors.slice(0, 10)],
      notion: {
        goals: notion.goals,
        pages: notion.pages,
        pagesCreated,
        caughtUpMs,
        handOvers,
        workerFailedRounds: cluster.failedRounds(),
        workerFailures: cluster.failedRoundLines().slice(0, 5),
      },
      operations: ledger.metrics.byOperation(),
      startRetries: cluster.startRetries,
      loadAverage,
      ms: Date.now() - started,
    };
  } finally {
    await cluster.close();
  }
}

/** Why a run failed (empty when it held): errors, lost or duplicated writes or pages, or conflicts outside the races. */
export function failures(report: LoadReport): string[] {
  const out: string[] = [];
  if (report.errors > 0) out.push(`${report.errors} error answers`);
  if (report.networkErrors > 0) out.push(`${report.networkErrors} failed connections`);
  if (report.serverErrors > 0) out.push(`${report.serverErrors} server errors logged`);
  if (report.lost.length > 0) out.push(`${report.lost.length} writes, pages or notes lost or duplicated`);
  const conflicts = report.statuses['412'] ?? 0;
  if (conflicts !== report.raceConflicts)
    out.push(`${conflicts} answers 412, ${report.raceConflicts} of them from races`);
  return out;
}
