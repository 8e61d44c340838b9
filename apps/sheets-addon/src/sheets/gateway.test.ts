// The Sheets gateway against the fake with the real googleapis client: which failures are retried, how long it waits, counts.
import { type FakeSheets, startFakeSheets } from '@perfloop/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSheetsGateway, type SheetsCall, SheetsFailure } from './gateway.ts';

let fake: FakeSheets;
let t = 5_000_000;
beforeAll(async () => {
  fake = await startFakeSheets({ quotaPerMinute: 3, now: () => t });
  fake.grant('ya29.ava', 'ava@acme.test');
});
afterAll(() => fake.close());

function gateway(onSleep: (ms: number) => void = () => undefined) {
  const calls: SheetsCall[] = [];
  const waits: number[] = [];
  const g = createSheetsGateway({
    accessToken: 'ya29.ava',
    rootUrl: fake.rootUrl,
    retry: {
      attempts: 4,
      baseMs: 100,
      maxMs: 1000,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
        onSleep(ms);
      },
    },
    onCall: (c) => calls.push(c),
  });
  return { g, calls, waits };
}

async function spreadsheet(g: ReturnType<typeof gateway>['g']) {
  const s = await g.create({ properties: { title: 'T' }, sheets: [{ properties: { title: 'Scores' } }] });
  return s.spreadsheetId as string;
}

/** The first tab's grid range, by sheetId. */
const firstTab = (id: string) => ({ sheetId: fake.spreadsheet(id)?.sheets[0]?.properties.sheetId ?? -1 });

describe('Sheets gateway', () => {
  it('honours Retry-After, and waits out the per-user quota before trying again', async () => {
    t += 120_000;
    const { g, calls, waits } = gateway(() => fake.advance(0));
    const id = await spreadsheet(g);
    fake.failNext('spreadsheets.values.batchGetByDataFilter', { status: 429, retryAfterSeconds: 2 });
    await g.valuesByGridRange(id, [firstTab(id)]);
    expect(waits).toEqual([2000]);
    // Quota: 3 reads a minute per user; the 4th is refused until the window turns.
    const q = gateway(() => {
      t += 60_000;
    });
    await q.g.valuesByGridRange(id, [firstTab(id)]);
    await q.g.valuesByGridRange(id, [firstTab(id)]);
    await q.g.valuesByGridRange(id, [firstTab(id)]);
    expect(q.waits).toHaveLength(1);
    expect(calls.filter((c) => c === 'values.batchGetByDataFilter')).toHaveLength(2);
  });

  it('retries a create Google refused (429) but never one whose outcome is unknown (5xx)', async () => {
    const { g, calls } = gateway();
    fake.failNext('spreadsheets.create', { status: 429 });
    await spreadsheet(g);
    expect(calls).toEqual(['create', 'create']);
    const second = gateway();
    fake.failNext('spreadsheets.create', { status: 503, afterApplying: true });
    const error = await spreadsheet(second.g).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SheetsFailure);
    expect((error as SheetsFailure).uncertain).toBe(true);
    expect(second.calls).toEqual(['create']);
  });

  it('repeats a batchUpdate with an unknown outcome only after asking whether it was applied', async () => {
    t += 120_000;
    const { g, calls } = gateway();
    const id = await spreadsheet(g);
    fake.failNext('spreadsheets.batchUpdate', { status: 503, afterApplying: true });
    const requests = [{ addSheet: { properties: { title: 'Second' } } }];
    expect(await g.batchUpdate(id, requests, async () => true)).toBe('applied-before');
    fake.failNext('spreadsheets.batchUpdate', { status: 503 });
    const done = await g.batchUpdate(
      id,
      [{ addSheet: { properties: { title: 'Third' } } }],
      async () => false,
    );
    expect(done).toMatchObject({ spreadsheetId: id });
    fake.failNext('spreadsheets.batchUpdate', { status: 503 });
    await expect(
      g.batchUpdate(id, [{ addSheet: { properties: { title: 'Fourth' } } }]),
    ).rejects.toBeInstanceOf(SheetsFailure);
    expect(calls.filter((c) => c === 'batchUpdate')).toHaveLength(4);
    expect(fake.spreadsheet(id)?.sheets.map((s) => s.properties.title)).toEqual([
      'Scores',
      'Second',
      'Third',
    ]);
  });

  it('reads grid ranges by sheetId after a rename, each answer in the order asked', async () => {
    t += 120_000;
    const { g, calls } = gateway();
    const id = await spreadsheet(g);
    const { sheetId } = firstTab(id);
    await g.valuesBatchUpdate(id, [
      {
        range: 'Scores!A1:B3',
        values: [
          ['h', 'h'],
          [1, 2],
          [3, 4],
        ],
      },
    ]);
    await g.batchUpdate(id, [
      { updateSheetProperties: { properties: { sheetId, title: "It's mine" }, fields: 'title' } },
    ]);
    const [column, rows] = await g.valuesByGridRange(id, [
      { sheetId, startRowIndex: 1, startColumnIndex: 1, endColumnIndex: 2 },
      { sheetId, startRowIndex: 1, startColumnIndex: 0, endColumnIndex: 2 },
    ]);
    expect(rows).toMatchObject({
      range: "'It''s mine'!A2:B1000",
      values: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(column).toMatchObject({ range: "'It''s mine'!B2:B1000", values: [[2], [4]] });
    expect(calls.filter((c) => c === 'values.batchGetByDataFilter')).toHaveLength(1);
  });

  it('does not retry a request Google refused as invalid', async () => {
    t += 120_000;
    const { g, calls } = gateway();
    const id = await spreadsheet(g);
    const error = await g.valuesByGridRange(id, [{ sheetId: 987654 }]).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 400,
      googleStatus: 'INVALID_ARGUMENT',
      message: 'No grid with id: 987654',
    });
    expect(calls.filter((c) => c === 'values.batchGetByDataFilter')).toHaveLength(1);
  });
});
