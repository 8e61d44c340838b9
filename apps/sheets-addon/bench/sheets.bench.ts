// Benchmark: a 5,000-row scoring sheet created and imported (Sheets calls must equal the minimum), and 10,000 rows validated.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadCycleData } from '../src/flows/context.ts';
import { assessContext } from '../src/flows/importScores.ts';
import { createPerfloopClient } from '../src/perfloop/client.ts';
import { assessRows } from '../src/scoring/assess.ts';
import { CHUNK_LIMITS } from '../src/scoring/plan.ts';
import { parseScope } from '../src/scoring/relations.ts';
import { buildScoringSheet } from '../src/sheet/build.ts';
import { COL, dataGridRange, letter } from '../src/sheet/layout.ts';
import { scoringRows } from '../src/sheet/rows.ts';
import { seedScale } from '../src/testing/scale.ts';
import { CLIENT_ID, startStack } from '../src/testing/stack.ts';

const PEOPLE = 1250;
const GOALS_PER_PERSON = 4;
const ROWS = PEOPLE * GOALS_PER_PERSON;
const VALIDATE_ROWS = 10_000;
const HR = 'hr@acme.test';

const watchdog = setTimeout(() => {
  process.stderr.write('sheets bench: watchdog fired after 10 minutes\n');
  process.exit(1);
}, 600_000);
watchdog.unref();

let failed = false;
function bench(line: Record<string, unknown>) {
  process.stdout.write(`BENCH ${JSON.stringify(line)}\n`);
}
function expectCalls(name: string, got: Record<string, number | undefined>, want: Record<string, number>) {
  const clean = Object.fromEntries(Object.entries(got).filter(([, v]) => v !== undefined));
  if (JSON.stringify(clean) !== JSON.stringify(want)) {
    failed = true;
    process.stderr.write(
      `${name}: Sheets calls ${JSON.stringify(clean)}, expected the minimum ${JSON.stringify(want)}\n`,
    );
  }
}
const total = (calls: Record<string, number | undefined>) =>
  Object.values(calls).reduce<number>((a, v) => a + (v ?? 0), 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (ms: number) => Math.round(ms * 10) / 10;

async function main() {
  process.stdout.write(
    `sheets bench: node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${ROWS} rows (${PEOPLE} people × ${GOALS_PER_PERSON} goals)\n`,
  );
  const s = await startStack({ applyConcurrency: Number(process.env.BENCH_CONCURRENCY ?? 4) });
  try {
    const f = await seedScale(s, PEOPLE, GOALS_PER_PERSON, 'bench');
    const form = { cycleId: f.cycleId, scope: f.departmentId };
    const hrSheets = s.sheetsAs(HR);

    // Baseline, same run: the same three payloads sent straight through googleapis (transport + fake only).
    const client = createPerfloopClient({
      apiUrl: s.apiUrl,
      apiKey: s.apiKey,
      userToken: await s.issuer.userToken({ email: HR }, CLIENT_ID),
    });
    const data = await loadCycleData(client, f.cycleId);
    const payloads = buildScoringSheet({
      spreadsheetTitle: 'Baseline',
      cycleId: f.cycleId,
      cycleName: data.cycle.name,
      scope: f.departmentId,
      exportId: 'exp_baseline',
      exportedAt: new Date().toISOString(),
      scale: data.cycle.policy.ratingScale,
      rows: scoringRows({ ...data, scope: parseScope(f.departmentId) }),
    });
    let t = performance.now();
    const raw = await hrSheets.spreadsheets.create({ requestBody: payloads.create });
    const rawId = raw.data.spreadsheetId as string;
    await hrSheets.spreadsheets.batchUpdate({
      spreadsheetId: rawId,
      requestBody: { requests: payloads.requests },
    });
    await hrSheets.spreadsheets.values.batchUpdate({
      spreadsheetId: rawId,
      requestBody: { valueInputOption: 'RAW', data: payloads.values },
    });
    const baselineCreate = performance.now() - t;
    t = performance.now();
    await hrSheets.spreadsheets.developerMetadata.search({
      spreadsheetId: rawId,
      requestBody: { dataFilters: [{ developerMetadataLookup: { metadataKey: 'perfloop.sheet' } }] },
    });
    await hrSheets.spreadsheets.values.batchGetByDataFilter({
      spreadsheetId: rawId,
      requestBody: {
        dataFilters: [{ gridRange: dataGridRange(payloads.metadata.sheetId) }],
        valueRenderOption: 'UNFORMATTED_VALUE',
        majorDimension: 'ROWS',
      },
    });
    const baselineRead = performance.now() - t;
    bench({ name: 'sheets.baseline.create.raw', ms: round(baselineCreate), apiCalls: 3, rows: ROWS });
    bench({ name: 'sheets.baseline.read.raw', ms: round(baselineRead), apiCalls: 2, rows: ROWS });

    // Create through the add-on: Perfloop reads, building, the three Sheets calls.
    s.resetCounts();
    t = performance.now();
    const created = await s.invoke('createScoringSheet', { as: HR, formInputs: form });
    const createMs = performance.now() - t;
    expectCalls('create', s.sheetsCalls, { create: 1, batchUpdate: 1, 'values.batchUpdate': 1 });
    bench({
      name: 'sheets.create.5000',
      ms: round(createMs),
      apiCalls: total(s.sheetsCalls),
      calls: { ...s.sheetsCalls },
      perfloopRequests: s.apiRequests.length,
      rows: ROWS,
      baselineMs: round(baselineCreate),
    });
    const spreadsheetId = /spreadsheets\/d\/([\w-]+)\/edit/.exec(JSON.stringify(created.body))?.[1] ?? '';

    // The analyst changes every actual (the worst case: every person's entries go to Perfloop).
    await hrSheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: 'RAW',
        data: [
          {
            range: `Scores!${letter(COL.actual)}2:${letter(COL.actual)}${ROWS + 1}`,
            values: Array.from({ length: ROWS }, (_, i) => [200 + (i % 50)]),
          },
        ],
      },
    });
    s.resetCounts();
    t = performance.now();
    await s.invoke('importScores', { as: HR, spreadsheetId });
    const importMs = performance.now() - t;
    expectCalls('import', s.sheetsCalls, {
      'developerMetadata.search': 1,
      'values.batchGetByDataFilter': 1,
      batchUpdate: 1,
    });
    // Every person changed: the bulk requests hold CHUNK_LIMITS.people people each (4 entries apiece is far below the entry cap).
    const posts = s.apiRequests.filter((r) => r.startsWith('POST')).length;
    const expectedPosts = Math.ceil(PEOPLE / CHUNK_LIMITS.people);
    if (posts !== expectedPosts) {
      failed = true;
      process.stderr.write(
        `import: ${posts} score-entries requests, expected ${expectedPosts} (${PEOPLE} people, ${CHUNK_LIMITS.people} per request)\n`,
      );
    }
    bench({
      name: 'sheets.import.5000',
      ms: round(importMs),
      apiCalls: total(s.sheetsCalls),
      calls: { ...s.sheetsCalls },
      perfloopRequests: s.apiRequests.length,
      perfloopBatches: posts,
      rows: ROWS,
      baselineMs: round(baselineRead),
    });

    s.resetCounts();
    t = performance.now();
    await s.invoke('importScores', { as: HR, spreadsheetId });
    const reimportMs = performance.now() - t;
    expectCalls('re-import', s.sheetsCalls, {
      'developerMetadata.search': 1,
      'values.batchGetByDataFilter': 1,
    });
    bench({
      name: 'sheets.reimport.5000',
      ms: round(reimportMs),
      apiCalls: total(s.sheetsCalls),
      calls: { ...s.sheetsCalls },
      perfloopRequests: s.apiRequests.length,
      rows: ROWS,
      baselineMs: round(baselineRead),
    });

    // Validation alone: 10,000 edited rows judged against Perfloop's state (pure, in memory).
    const read = await hrSheets.spreadsheets.values.batchGet({
      spreadsheetId,
      ranges: ['Scores!A2:U'],
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    const sheetRows = (read.data.valueRanges?.[0]?.values ?? []) as unknown[][];
    const fresh = await loadCycleData(client, f.cycleId);
    // 10,000 rows: the sheet twice over, the second copy against copies of the goals, every actual edited.
    const base = assessContext(fresh);
    const goals = new Map(base.goals);
    for (const g of base.goals.values()) goals.set(`${g.id}_copy`, { ...g, id: `${g.id}_copy` });
    const ctx = { ...base, goals };
    const doubled = [
      ...sheetRows,
      ...sheetRows.map((r) => r.map((v, c) => (c === COL.goalId ? `${String(v)}_copy` : v))),
    ].slice(0, VALIDATE_ROWS);
    const edited = doubled.map((r) => r.map((v, c) => (c === COL.actual ? Number(v) + 1 : v)));
    const times: number[] = [];
    let judged: ReturnType<typeof assessRows> = [];
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      judged = assessRows(edited, ctx);
      times.push(performance.now() - start);
    }
    const edits = judged.filter((r) => r.verdict === 'edit').length;
    if (edits !== VALIDATE_ROWS) {
      failed = true;
      process.stderr.write(
        `validate: ${edits} of ${judged.length} rows judged as edits, expected ${VALIDATE_ROWS}\n`,
      );
    }
    bench({
      name: 'sheets.validate.10000',
      ms: round(median(times)),
      minMs: round(Math.min(...times)),
      rows: judged.length,
      apiCalls: 0,
    });
  } finally {
    await s.close();
  }
}

main().then(
  () => process.exit(failed ? 1 : 0),
  (error: unknown) => {
    process.stderr.write(
      `sheets bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
