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

/** The analyst deletes rows or columns [start, end) (0-based sheet indexes, as Edit › Delete does). */
async function deleteDimension(
  spreadsheetId: string,
  sheetId: number,
  dimension: 'ROWS' | 'COLUMNS',
  startIndex: number,
  endIndex: number,
) {
  await sheets.spreadsheets.batchUpdate({
    spreadsheetId,
    requestBody: { requests: [{ deleteDimension: { range: { sheetId, dimension, startIndex, endIndex } } }] },
  });
}

type Goal = { id: string; actual?: number | null; version: number };
async function goalsById(): Promise<Map<string, Goal>> {
  const res = await s.api<{ items: Goal[] }>('GET', `/v1/goals?cycleId=${h2}&level=person&limit=500`, {
    as: 'hr@acme.test',
  });
  return new Map(res.body.items.map((g) => [g.id, g]));
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
      expect(text(res.body)).toContain(
        'Import status, goal version, actual at export, review version, rating at export, editable, row key were deleted',
      );
      expect(posts()).toBe(0);
      // The data read, then (on this refusal only) the header row that names what was deleted.
      expect(s.sheetsCalls).toEqual({ 'developerMetadata.search': 1, 'values.batchGetByDataFilter': 2 });
    }
    expect(s.fake.spreadsheet(spreadsheetId)).toBe(before);
  });

  it('a column deleted in the middle (Department): refused the same way, naming it; the columns after it are not read as shifted', async () => {
    const spreadsheetId = await createSheet();
    const rows = await readRows(spreadsheetId);
    const kpi = rows.findIndex((r) => r[COL.kind] === 'KPI' && String(r[COL.editable]).includes('A'));
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: `Scores!${letter(COL.actual)}${kpi + 2}`,
      valueInputOption: 'RAW',
      requestBody: { values: [[88]] },
    });
    const { sheetId } = await tab(spreadsheetId);
    await deleteDimension(spreadsheetId, sheetId, 'COLUMNS', COL.department, COL.department + 1);
    // Every column after Department moved one left: the typed actual now sits where Stretch was.
    expect((await readRows(spreadsheetId))[kpi]?.[COL.actual - 1]).toBe(88);
    const before = s.fake.spreadsheet(spreadsheetId);
    for (const endpoint of ['importScores', 'refresh'] as const) {
      s.resetCounts();
      const res = await s.invoke(endpoint, { as: 'sofia@acme.test', spreadsheetId });
      expect(text(res.body)).toContain('Columns missing');
      expect(text(res.body)).toContain(
        `The scoring tab has ${WIDTH - 1} columns; Perfloop’s layout has ${WIDTH}: Department was deleted.`,
      );
      expect(posts()).toBe(0);
    }
    expect(s.fake.spreadsheet(spreadsheetId)).toBe(before);
    expect((await goalsById()).get(String(rows[kpi]?.[COL.goalId]))?.actual).not.toBe(88);
  });
});

describe('a scoring tab with rows deleted in the middle', () => {
  it('the edits on the rows left are applied to exactly their goals, the rest reported on their new row numbers; refresh puts the deleted goals back', async () => {
    const spreadsheetId = await createSheet();
    const rows = await readRows(spreadsheetId);
    // The first editable KPI row of four different people, in sheet order: above, inside, below (twice) the deleted rows.
    const picks: number[] = [];
    for (const [i, r] of rows.entries()) {
      if (
        r[COL.kind] === 'KPI' &&
        String(r[COL.editable]).includes('A') &&
        !picks.some((p) => rows[p]?.[COL.personId] === r[COL.personId])
      )
        picks.push(i);
    }
    const [above, inside, below, invalid] = picks;
    if (above === undefined || inside === undefined || below === undefined || invalid === undefined)
      throw new Error('four people with editable KPI goals expected');
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: 'USER_ENTERED',
        data: [
          { range: `Scores!${letter(COL.actual)}${above + 2}`, values: [['4321']] },
          { range: `Scores!${letter(COL.actual)}${inside + 2}`, values: [['999']] },
          { range: `Scores!${letter(COL.actual)}${below + 2}`, values: [['1234']] },
          { range: `Scores!${letter(COL.actual)}${invalid + 2}`, values: [['about 40']] },
        ],
      },
    });
    // The analyst deletes the data rows from `inside` up to (not including) `below`: sheet rows inside+2 … below+1.
    const gone = below - inside;
    const { sheetId } = await tab(spreadsheetId);
    await deleteDimension(spreadsheetId, sheetId, 'ROWS', inside + 1, below + 1);
    expect((await tab(spreadsheetId)).rowCount).toBe(rows.length + 1 - gone);
    const before = await goalsById();
    const id = (i: number) => String(rows[i]?.[COL.goalId]);

    s.resetCounts();
    const imported = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    const body = text(imported.body);
    expect(body).toContain('Imported 2 rows; 1 needs attention.');
    // The refused row is reported where it is now, not where it was exported.
    expect(body).toContain(`Row ${invalid + 2 - gone} · ${String(rows[invalid]?.[COL.person])}`);
    expect(body).not.toContain(`Row ${invalid + 2} ·`);
    expect(posts()).toBe(1);
    expect(s.sheetsCalls).toEqual({
      'developerMetadata.search': 1,
      'values.batchGetByDataFilter': 1,
      batchUpdate: 1,
    });
    const goals = await goalsById();
    expect(goals.get(id(above))?.actual).toBe(4321);
    expect(goals.get(id(below))?.actual).toBe(1234);
    // The deleted row's edit is gone with it; the refused one changed nothing; no other goal moved.
    for (const [goalId, goal] of before) {
      if (goalId !== id(above) && goalId !== id(below)) expect(goals.get(goalId)).toEqual(goal);
    }
    // Statuses and versions land on the rows as they are now; every other row is as exported, minus the deleted ones.
    const after = await readRows(spreadsheetId);
    const expected = [...rows.slice(0, inside + 1), ...rows.slice(below + 1)];
    expect(after).toHaveLength(rows.length - gone);
    const at = (i: number) => (i > inside ? i - gone : i);
    expect(after[at(above)]?.[COL.status]).toBe('✓ Imported');
    expect(after[at(above)]?.[COL.goalVersion]).toBe(goals.get(id(above))?.version);
    expect(after[at(below)]?.[COL.status]).toBe('✓ Imported');
    expect(after[at(below)]?.[COL.actualAtExport]).toBe(1234);
    expect(after[at(below)]?.[COL.goalId]).toBe(id(below));
    expect(after[at(invalid)]?.[COL.actual]).toBe('about 40');
    expect(String(after[at(invalid)]?.[COL.status])).toMatch(/^✗ /);
    after.forEach((r, i) => {
      if (i !== at(above) && i !== at(below) && i !== at(invalid)) expect(r).toEqual(expected[i]);
    });
    expect(after.map((r) => r[COL.goalId])).not.toContain(id(inside));
    const noted = await sheets.spreadsheets.get({
      spreadsheetId,
      ranges: [`Scores!${letter(COL.actual)}${at(invalid) + 2}`],
      includeGridData: true,
    });
    expect(noted.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0]?.note).toMatch(/about 40/);

    // A second import applies nothing again.
    s.resetCounts();
    const again = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(text(again.body)).toContain('Imported 0 rows; 1 needs attention.');
    expect(posts()).toBe(0);

    const refreshed = await s.invoke('refresh', { as: 'sofia@acme.test', spreadsheetId });
    expect(text(refreshed.body)).toContain(`added ${gone}`);
    const back = await readRows(spreadsheetId);
    expect(back.map((r) => r[COL.goalId]).sort()).toEqual(rows.map((r) => r[COL.goalId]).sort());
    expect(back.find((r) => r[COL.goalId] === id(inside))?.[COL.actual]).toBe(
      before.get(id(inside))?.actual ?? '',
    );
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
