// The scoring tab's grid as analysts leave it — deleted, rows or columns deleted, an older layout — end to end against the API and the Sheets fake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COL, letter, WIDTH } from './sheet/layout.ts';
import { METADATA_KEY } from './sheet/metadata.ts';
import type { sheets_v4 } from './sheets/googleapis.ts';
import { type Stack, startStack } from './testing/stack.ts';

let s: Stack;
let h2: string;
let sheets: sheets_v4.Sheets;

beforeAll(async () => {
  s = await startStack();
  h2 =
    (await s.api<{ items: { id: string }[] }>('GET', '/v1/cycles?phase=coach', { as: 'hr@acme.test' })).body
      .items[0]?.id ?? '';
  sheets = s.sheetsAs('sofia@acme.test');
});
afterAll(async () => {
  await s.close();
});

async function createSheet(): Promise<string> {
  const created = await s.invoke('createScoringSheet', {
    as: 'sofia@acme.test',
    formInputs: { cycleId: h2, scope: 'team' },
  });
  const id = /spreadsheets\/d\/([\w-]+)\/edit/.exec(JSON.stringify(created.body))?.[1];
  if (!id) throw new Error('no spreadsheet created');
  return id;
}

async function tab(spreadsheetId: string) {
  const props = (await sheets.spreadsheets.get({ spreadsheetId })).data.sheets?.[0]?.properties;
  return {
    sheetId: props?.sheetId ?? 0,
    rowCount: props?.gridProperties?.rowCount ?? 0,
    columnCount: props?.gridProperties?.columnCount ?? 0,
  };
}

async function readRows(spreadsheetId: string): Promise<unknown[][]> {
  const res = await sheets.spreadsheets.values.get({
    spreadsheetId,
    range: 'Scores',
    valueRenderOption: 'UNFORMATTED_VALUE',
  });
  return ((res.data.values ?? []) as unknown[][]).slice(1);
}

/** What an analyst does in the UI when deleting the last rows or columns: the grid shrinks, their cells go. */
async function shrink(spreadsheetId: string, grid: { rowCount?: number; columnCount?: number }) {
  const { sheetId } = await tab(spreadsheetId);
  await sheets.spreadsheets.batchUpdate({
    spreadsheetId,
    requestBody: {
      requests: [
        {
          updateSheetProperties: {
            properties: { sheetId, gridProperties: grid },
            fields: Object.keys(grid)
              .map((k) => `gridProperties.${k}`)
              .join(','),
          },
        },
      ],
    },
  });
}

const posts = () => s.apiRequests.filter((r) => r.startsWith('POST ')).length;
const text = (body: unknown) => JSON.stringify(body);

describe('creating sizes the grid first', () => {
  it('the tab is exactly the header plus one row per goal, and as wide as the layout', async () => {
    const spreadsheetId = await createSheet();
    const rows = await readRows(spreadsheetId);
    expect(rows.length).toBeGreaterThan(5);
    expect(await tab(spreadsheetId)).toMatchObject({ rowCount: rows.length + 1, columnCount: WIDTH });
  });
});

describe('a deleted scoring tab', () => {
  it('import and refresh each answer a card that says so; nothing reaches Perfloop, nothing is written', async () => {
    const spreadsheetId = await createSheet();
    const { sheetId } = await tab(spreadsheetId);
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [{ addSheet: { properties: { title: 'Notes' } } }, { deleteSheet: { sheetId } }],
      },
    });
    const before = s.fake.spreadsheet(spreadsheetId);
    for (const endpoint of ['importScores', 'refresh'] as const) {
      s.resetCounts();
      const res = await s.invoke(endpoint, { as: 'sofia@acme.test', spreadsheetId });
      expect(res.status).toBe(200);
      expect(text(res.body)).toContain('Scoring tab not found');
      expect(text(res.body)).toContain(
        'was deleted from this spreadsheet, so nothing was imported or changed',
      );
      expect(s.sheetsCalls).toEqual({ 'developerMetadata.search': 1, 'values.batchGetByDataFilter': 1 });
      expect(posts()).toBe(0);
    }
    expect(s.fake.spreadsheet(spreadsheetId)).toBe(before);
  });
});

describe('a scoring tab with fewer rows than exported', () => {
  it('every data row deleted: import says there is nothing to import; refresh puts every goal back, sizing the grid first', async () => {
    const spreadsheetId = await createSheet();
    const rows = await readRows(spreadsheetId);
    // Row 2 is now past the grid: Sheets refuses the read ("exceeds grid limits"), which is no rows, not a deleted tab.
    await shrink(spreadsheetId, { rowCount: 1 });
    const before = s.fake.spreadsheet(spreadsheetId);
    s.resetCounts();
    const imported = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(text(imported.body)).toContain('No rows to import');
    expect(text(imported.body)).not.toContain('Scoring tab not found');
    expect(posts()).toBe(0);
    expect(s.fake.spreadsheet(spreadsheetId)).toBe(before);
    s.resetCounts();
    const refreshed = await s.invoke('refresh', { as: 'sofia@acme.test', spreadsheetId });
    expect(text(refreshed.body)).toContain(
      `Updated 0 rows, added ${rows.length}; kept 0 edits not imported yet.`,
    );
    expect(s.sheetsCalls).toEqual({
      'developerMetadata.search': 1,
      'values.batchGetByDataFilter': 1,
      batchUpdate: 1,
    });
    expect(await tab(spreadsheetId)).toMatchObject({ rowCount: rows.length + 1 });
    const back = await readRows(spreadsheetId);
    expect(back.map((r) => r[COL.goalId]).sort()).toEqual(rows.map((r) => r[COL.goalId]).sort());
  });

  it('the last rows deleted: the rows left import as usual; refresh appends the missing goals past the old grid', async () => {
    const spreadsheetId = await createSheet();
    const rows = await readRows(spreadsheetId);
    const kpi = rows.findIndex(
      (r, i) => i < 3 && r[COL.kind] === 'KPI' && String(r[COL.editable]).includes('A'),
    );
    if (kpi < 0) throw new Error('a KPI goal Sofia may edit in the first three rows expected');
    await shrink(spreadsheetId, { rowCount: 4 });
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: `Scores!${letter(COL.actual)}${kpi + 2}`,
      valueInputOption: 'RAW',
      requestBody: { values: [[77]] },
    });
    s.resetCounts();
    const imported = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(text(imported.body)).toContain('Imported 1 row.');
    expect(posts()).toBe(1);
    expect((await readRows(spreadsheetId))[kpi]?.[COL.status]).toBe('✓ Imported');
    expect((await tab(spreadsheetId)).rowCount).toBe(4);
    const refreshed = await s.invoke('refresh', { as: 'sofia@acme.test', spreadsheetId });
    expect(text(refreshed.body)).toContain(`added ${rows.length - 3}`);
    expect(await tab(spreadsheetId)).toMatchObject({ rowCount: rows.length + 1 });
    const after = await readRows(spreadsheetId);
    expect(after.map((r) => r[COL.goalId]).sort()).toEqual(rows.map((r) => r[COL.goalId]).sort());
    expect(after[kpi]?.[COL.actual]).toBe(77);
  });
});

describe('a scoring tab with columns deleted', () => {
  it('import and refresh refuse it with a card naming the missing columns; nothing reaches Perfloop, nothing is written', async () => {
    const spreadsheetId = await createSheet();
    const rows = await readRows(spreadsheetId);
    const kpi = rows.findIndex((r) => r[COL.kind] === 'KPI' && String(r[COL.editable]).includes('A'));
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: `Scores!${letter(COL.actual)}${kpi + 2}`,
      valueInputOption: 'RAW',
      requestBody: { values: [[66]] },
    });
    // The status column and the hidden bookkeeping after it deleted: Sheets clamps the read to what is left.
    await shrink(spreadsheetId, { columnCount: COL.status });
    const before = s.fake.spreadsheet(spreadsheetId);
    for (const endpoint of ['importScores', 'refresh'] as const) {
      s.resetCounts();
      const res = await s.invoke(endpoint, { as: 'sofia@acme.test', spreadsheetId });
      expect(text(res.body)).toContain('Columns missing');
      expect(text(res.body)).toContain(
        `The scoring tab has ${COL.status} columns; Perfloop’s layout has ${WIDTH}`,
      );
      expect(text(res.body)).toContain('Import status');
      expect(posts()).toBe(0);
      expect(s.sheetsCalls).toEqual({ 'developerMetadata.search': 1, 'values.batchGetByDataFilter': 1 });
    }
    expect(s.fake.spreadsheet(spreadsheetId)).toBe(before);
  });
});

describe('a scoring sheet of an older layout (layout 1)', () => {
  it('home, import and refresh say it must be made again and offer it for the same cycle and team; nothing is read or written', async () => {
    const spreadsheetId = await createSheet();
    const search = await sheets.spreadsheets.developerMetadata.search({
      spreadsheetId,
      requestBody: { dataFilters: [{ developerMetadataLookup: { metadataKey: METADATA_KEY } }] },
    });
    const found = search.data.matchedDeveloperMetadata?.[0]?.developerMetadata;
    const old = { ...JSON.parse(found?.metadataValue ?? '{}'), layout: 1 };
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [
          {
            updateDeveloperMetadata: {
              dataFilters: [{ developerMetadataLookup: { metadataId: found?.metadataId ?? 0 } }],
              developerMetadata: { metadataValue: JSON.stringify(old) },
              fields: 'metadataValue',
            },
          },
        ],
      },
    });
    const before = s.fake.spreadsheet(spreadsheetId);
    // The card's button: the create action, with the old sheet's cycle and team as its parameters.
    const createAgain = `create-scoring-sheet","parameters":[{"key":"cycleId","value":"${h2}"},{"key":"scope","value":"team"}]`;
    for (const endpoint of ['importScores', 'refresh'] as const) {
      s.resetCounts();
      const res = await s.invoke(endpoint, { as: 'sofia@acme.test', spreadsheetId });
      expect(res.status).toBe(200);
      const body = text(res.body);
      expect(body).toContain('Sheet from an older version');
      expect(body).toContain(
        'made with an older layout of the Perfloop add-on (layout 1; this version reads layout 2)',
      );
      expect(body).toContain('Create a new scoring sheet for the same cycle and team');
      expect(body).toContain(createAgain);
      expect(s.sheetsCalls).toEqual({ 'developerMetadata.search': 1 });
      expect(posts()).toBe(0);
    }
    const home = await s.invoke('home', { as: 'sofia@acme.test', spreadsheetId });
    expect(text(home.body)).toContain('This scoring sheet is from an older version');
    expect(text(home.body)).not.toContain('Import scores');
    expect(s.fake.spreadsheet(spreadsheetId)).toBe(before);
    // The card's button creates the new sheet for the same cycle and team.
    const again = await s.invoke('createScoringSheet', {
      as: 'sofia@acme.test',
      parameters: { cycleId: h2, scope: 'team' },
    });
    expect(text(again.body)).toContain('Scoring sheet ready');
  });
});
