// What real analysts do to a scoring sheet: sort it, type numbers as text, import a colleague's sheet. End to end against the API and the fakes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISALIGNED } from './scoring/assess.ts';
import { COL, letter, quoteTitle } from './sheet/layout.ts';
import type { sheets_v4 } from './sheets/googleapis.ts';
import { type Stack, startStack } from './testing/stack.ts';

type Goal = { id: string; actual?: number | null; version: number };

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

async function readRows(spreadsheetId: string, tab = 'Scores'): Promise<unknown[][]> {
  const res = await sheets.spreadsheets.values.get({
    spreadsheetId,
    range: `${quoteTitle(tab)}!A2:${letter(COL.rowKey)}`,
    valueRenderOption: 'UNFORMATTED_VALUE',
  });
  return (res.data.values ?? []) as unknown[][];
}

async function goalsById(): Promise<Map<string, Goal>> {
  const res = await s.api<{ items: Goal[] }>('GET', `/v1/goals?cycleId=${h2}&level=person&limit=500`, {
    as: 'hr@acme.test',
  });
  return new Map(res.body.items.map((g) => [g.id, g]));
}

const scoreEntryPosts = () => s.apiRequests.filter((r) => r.startsWith('POST ')).length;

describe('a scoring sheet sorted by the analyst', () => {
  it('sorted without the hidden columns: nothing imported, every moved row told why; refresh realigns what it safely can', async () => {
    const spreadsheetId = await createSheet();
    const rows = await readRows(spreadsheetId);
    // "Sort range" on the visible columns A:P only (Z→A): the hidden versions and values at export stay put.
    const visible = rows.map((r) => r.slice(0, COL.status + 1).map((c) => c ?? ''));
    const sorted = [...visible].reverse();
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: 'RAW',
        data: [{ range: `Scores!A2:${letter(COL.status)}${rows.length + 1}`, values: sorted }],
      },
    });
    // Then the analyst edits one actual, in a row that moved.
    const editedIndex = sorted.findIndex(
      (r, i) => r[COL.kind] === 'KPI' && r[COL.goalId] !== rows[i]?.[COL.goalId],
    );
    const edited = sorted[editedIndex] as unknown[];
    const editedGoal = String(edited[COL.goalId]);
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: 'USER_ENTERED',
        data: [{ range: `Scores!${letter(COL.actual)}${editedIndex + 2}`, values: [['777']] }],
      },
    });
    const before = await goalsById();
    s.resetCounts();

    const imported = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(JSON.stringify(imported.body)).toContain('Imported 0 rows');
    expect(scoreEntryPosts()).toBe(0);
    expect(await goalsById()).toEqual(before);
    const after = await readRows(spreadsheetId);
    const moved = after.filter((r, i) => r[COL.goalId] !== rows[i]?.[COL.goalId]);
    expect(moved.length).toBeGreaterThan(1);
    for (const r of moved) expect(r[COL.status]).toBe(`✗ ${MISALIGNED}`);
    // The hidden bookkeeping is left exactly as it was.
    after.forEach((r, i) => {
      expect(r.slice(COL.goalVersion)).toEqual((rows[i] as unknown[]).slice(COL.goalVersion));
    });

    // Refresh rebuilds the moved rows whose values are Perfloop's (nothing to lose), keeps the edited one flagged.
    const refreshed = await s.invoke('refresh', { as: 'sofia@acme.test', spreadsheetId });
    expect(JSON.stringify(refreshed.body)).toContain('Sorted without the hidden columns');
    const realigned = await readRows(spreadsheetId);
    for (const r of realigned) {
      if (r[COL.goalId] === editedGoal) {
        expect(r[COL.actual]).toBe(777);
        expect(r[COL.status]).toBe(`✗ ${MISALIGNED}`);
      } else expect(r[COL.rowKey]).toBe(r[COL.goalId]);
    }
    const second = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(scoreEntryPosts()).toBe(0);
    expect(JSON.stringify(second.body)).toContain('1 invalid');
    expect(await goalsById()).toEqual(before);
  });

  it('sorted as whole rows (Data › Sort sheet): the edits import as usual', async () => {
    const spreadsheetId = await createSheet();
    const rows = await readRows(spreadsheetId);
    const sorted = [...rows].reverse().map((r) => {
      const full = [...r];
      while (full.length <= COL.rowKey) full.push('');
      return full.map((c) => c ?? '');
    });
    const kpiIndex = sorted.findIndex((r) => r[COL.kind] === 'KPI');
    const goalId = String(sorted[kpiIndex]?.[COL.goalId]);
    (sorted[kpiIndex] as unknown[])[COL.actual] = 321;
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: 'RAW',
        data: [{ range: `Scores!A2:${letter(COL.rowKey)}${rows.length + 1}`, values: sorted }],
      },
    });
    const imported = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(JSON.stringify(imported.body)).toContain('Imported 1 row.');
    expect((await goalsById()).get(goalId)?.actual).toBe(321);
  });
});

describe('the analyst renames the Scores tab', () => {
  const RENAMED = "Sofia's Q3 scores";

  async function renameTab(spreadsheetId: string, title: string): Promise<number> {
    const got = await sheets.spreadsheets.get({ spreadsheetId });
    const sheetId = got.data.sheets?.find((x) => x.properties?.title === 'Scores')?.properties?.sheetId;
    if (typeof sheetId !== 'number') throw new Error('no Scores tab');
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [{ updateSheetProperties: { properties: { sheetId, title }, fields: 'title' } }],
      },
    });
    return sheetId;
  }

  it('a name with a space and an apostrophe: import and refresh find the tab by its sheetId, nothing is lost', async () => {
    const spreadsheetId = await createSheet();
    const rows = await readRows(spreadsheetId);
    const sheetId = await renameTab(spreadsheetId, RENAMED);
    const tab = quoteTitle(RENAMED);
    expect(tab).toBe("'Sofia''s Q3 scores'");
    // KPI rows of three different people: a valid edit, an invalid one, and one Perfloop changes meanwhile.
    const picks: number[] = [];
    for (const [i, r] of rows.entries()) {
      if (r[COL.kind] === 'KPI' && !picks.some((p) => rows[p]?.[COL.personId] === r[COL.personId]))
        picks.push(i);
    }
    const [valid, invalid, changed] = picks.map((i) => ({
      row: i + 2,
      goalId: String(rows[i]?.[COL.goalId]),
    }));
    if (!valid || !invalid || !changed) throw new Error('three people with KPI goals expected');
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: 'USER_ENTERED',
        data: [
          { range: `${tab}!${letter(COL.actual)}${valid.row}`, values: [['4321']] },
          { range: `${tab}!${letter(COL.actual)}${invalid.row}`, values: [['about 40']] },
        ],
      },
    });
    const before = await goalsById();

    s.resetCounts();
    const imported = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(JSON.stringify(imported.body)).toContain('Imported 1 row; 1 needs attention.');
    // The same calls as under the original name: one metadata lookup, one read, one write-back.
    expect(s.sheetsCalls).toEqual({
      'developerMetadata.search': 1,
      'values.batchGetByDataFilter': 1,
      batchUpdate: 1,
    });
    expect(scoreEntryPosts()).toBe(1);
    const goals = await goalsById();
    expect(goals.get(valid.goalId)?.actual).toBe(4321);
    expect(goals.get(invalid.goalId)).toEqual(before.get(invalid.goalId));
    // Statuses, versions and the note land on the renamed tab; every row and edit is still there.
    const after = await readRows(spreadsheetId, RENAMED);
    expect(after).toHaveLength(rows.length);
    expect(after[valid.row - 2]?.[COL.status]).toBe('✓ Imported');
    expect(after[valid.row - 2]?.[COL.actualAtExport]).toBe(4321);
    expect(after[valid.row - 2]?.[COL.goalVersion]).toBe(goals.get(valid.goalId)?.version);
    expect(after[invalid.row - 2]?.[COL.actual]).toBe('about 40');
    expect(String(after[invalid.row - 2]?.[COL.status])).toMatch(/^✗ /);
    after.forEach((r, i) => {
      if (i + 2 !== valid.row && i + 2 !== invalid.row) expect(r).toEqual(rows[i]);
    });
    const noted = await sheets.spreadsheets.get({
      spreadsheetId,
      ranges: [`${tab}!${letter(COL.actual)}${invalid.row}`],
      includeGridData: true,
    });
    expect(noted.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0]?.note).toMatch(/about 40/);

    // Perfloop changes another person's actual; refresh pulls it into the renamed tab and keeps the pending edit.
    const current = goals.get(changed.goalId);
    const patched = await s.api('PATCH', `/v1/goals/${changed.goalId}`, {
      as: 'hr@acme.test',
      json: { actual: 55 },
      headers: { 'If-Match': `"${current?.version}"` },
    });
    expect(patched.status).toBe(200);
    s.resetCounts();
    const refreshed = await s.invoke('refresh', { as: 'sofia@acme.test', spreadsheetId });
    expect(JSON.stringify(refreshed.body)).toContain(
      'Updated 1 rows, added 0; kept 1 edits not imported yet.',
    );
    expect(s.sheetsCalls).toEqual({
      'developerMetadata.search': 1,
      'values.batchGetByDataFilter': 1,
      batchUpdate: 1,
    });
    const refreshedRows = await readRows(spreadsheetId, RENAMED);
    expect(refreshedRows[changed.row - 2]?.[COL.actual]).toBe(55);
    expect(refreshedRows[invalid.row - 2]?.[COL.actual]).toBe('about 40');
    const tabs = (await sheets.spreadsheets.get({ spreadsheetId })).data.sheets ?? [];
    expect(tabs.map((x) => [x.properties?.sheetId, x.properties?.title])).toEqual([[sheetId, RENAMED]]);
  });

  it('only its case changed (`SCORES`): found by its sheetId as before, and A1 ranges in any case still name it', async () => {
    const spreadsheetId = await createSheet();
    const rows = await readRows(spreadsheetId);
    const sheetId = await renameTab(spreadsheetId, 'SCORES');
    const kpi = rows.findIndex((r) => r[COL.kind] === 'KPI' && String(r[COL.editable]).includes('A'));
    if (kpi < 0) throw new Error('a KPI goal Sofia may edit expected');
    const goalId = String(rows[kpi]?.[COL.goalId]);
    // The analyst (or a formula, or a script) still writes `Scores!…`: Sheets matches tab titles in any case.
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: `Scores!${letter(COL.actual)}${kpi + 2}`,
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [['2468']] },
    });
    s.resetCounts();
    const imported = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(JSON.stringify(imported.body)).toContain('Imported 1 row.');
    expect(s.sheetsCalls).toEqual({
      'developerMetadata.search': 1,
      'values.batchGetByDataFilter': 1,
      batchUpdate: 1,
    });
    expect((await goalsById()).get(goalId)?.actual).toBe(2468);
    const after = await readRows(spreadsheetId, 'scores');
    expect(after[kpi]?.[COL.status]).toBe('✓ Imported');
    const refreshed = await s.invoke('refresh', { as: 'sofia@acme.test', spreadsheetId });
    expect(JSON.stringify(refreshed.body)).toContain('Already up to date.');
    expect((await readRows(spreadsheetId))[kpi]?.[COL.actual]).toBe(2468);
    // A tab the analyst adds may not take the name back in another case; the scoring tab keeps its new title.
    const clash = await sheets.spreadsheets
      .batchUpdate({
        spreadsheetId,
        requestBody: { requests: [{ addSheet: { properties: { title: 'Scores' } } }] },
      })
      .then(
        () => null,
        (e: { response?: { status: number; data: { error: { message: string } } } }) => e.response,
      );
    expect(clash?.status).toBe(400);
    expect(clash?.data.error.message).toBe(
      'Invalid requests[0].addSheet: A sheet with the name "Scores" already exists. Please enter another name.',
    );
    const tabs = (await sheets.spreadsheets.get({ spreadsheetId })).data.sheets ?? [];
    expect(tabs.map((x) => [x.properties?.sheetId, x.properties?.title])).toEqual([[sheetId, 'SCORES']]);
  });

  it('a deleted tab: the card says so and nothing reaches Perfloop', async () => {
    const spreadsheetId = await createSheet();
    const sheetId = await renameTab(spreadsheetId, RENAMED);
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [{ addSheet: { properties: { title: 'Other' } } }, { deleteSheet: { sheetId } }],
      },
    });
    s.resetCounts();
    const imported = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(JSON.stringify(imported.body)).toContain('Scoring tab not found');
    expect(scoreEntryPosts()).toBe(0);
  });
});

describe('numbers typed as text (a plain-text cell, pasted values, another locale’s notation)', () => {
  it('imports text that can mean one number, refuses text that could be two, and a re-import changes nothing', async () => {
    const spreadsheetId = await createSheet();
    const rows = await readRows(spreadsheetId);
    // One KPI row each of three different people, so that one refusal holds no one else.
    const picks: number[] = [];
    for (const [i, r] of rows.entries()) {
      if (r[COL.kind] === 'KPI' && !picks.some((p) => rows[p]?.[COL.personId] === r[COL.personId]))
        picks.push(i);
    }
    const [plain, comma, ambiguous] = picks.map((i) => ({
      row: i + 2,
      goalId: String(rows[i]?.[COL.goalId]),
    }));
    if (!plain || !comma || !ambiguous) throw new Error('three people with KPI goals expected');
    // RAW strings: what values:batchGet returns for cells formatted as plain text.
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: 'RAW',
        data: [
          { range: `Scores!${letter(COL.actual)}${plain.row}`, values: [['412']] },
          { range: `Scores!${letter(COL.actual)}${comma.row}`, values: [['312,5']] },
          { range: `Scores!${letter(COL.actual)}${ambiguous.row}`, values: [['1,200']] },
        ],
      },
    });
    const imported = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(JSON.stringify(imported.body)).toContain('Imported 2 rows; 1 needs attention.');
    const goals = await goalsById();
    expect(goals.get(plain.goalId)?.actual).toBe(412);
    expect(goals.get(comma.goalId)?.actual).toBe(312.5);
    const after = await readRows(spreadsheetId);
    expect(after[plain.row - 2]?.[COL.status]).toBe('✓ Imported');
    expect(after[plain.row - 2]?.[COL.actualAtExport]).toBe(412);
    expect(after[plain.row - 2]?.[COL.goalVersion]).toBe(goals.get(plain.goalId)?.version);
    expect(after[ambiguous.row - 2]?.[COL.status]).toMatch(/“1,200” is text that could be 1200 or 1.2/);

    s.resetCounts();
    const again = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(JSON.stringify(again.body)).toContain('Imported 0 rows; 1 needs attention.');
    expect(scoreEntryPosts()).toBe(0);
    expect(s.sheetsCalls.batchUpdate ?? 0).toBe(0);

    // Refresh sees the imported text as Perfloop's value (no edit pending) and writes it back as a number.
    const refreshed = await s.invoke('refresh', { as: 'sofia@acme.test', spreadsheetId });
    expect(JSON.stringify(refreshed.body)).toContain('kept 1 edits not imported yet');
    const refreshedRows = await readRows(spreadsheetId);
    expect(refreshedRows[plain.row - 2]?.[COL.actual]).toBe(412);
    expect(refreshedRows[comma.row - 2]?.[COL.actual]).toBe(312.5);
    expect(refreshedRows[ambiguous.row - 2]?.[COL.actual]).toBe('1,200');
  });
});

describe('a colleague imports the sheet', () => {
  it('Perfloop applies their edits; when the protected columns refuse the write-back, the card still says what was applied', async () => {
    const spreadsheetId = await createSheet();
    const rows = await readRows(spreadsheetId);
    // Marcus (Ava's manager) may edit the spreadsheet, but not the Perfloop columns Sofia's sheet protects.
    s.fake.share(spreadsheetId, 'marcus@acme.test');
    const marcus = s.sheetsAs('marcus@acme.test');
    const index = rows.findIndex((r) => r[COL.person] === 'Ava Chen' && r[COL.kind] === 'KPI');
    const goalId = String(rows[index]?.[COL.goalId]);
    await marcus.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: 'RAW',
        data: [{ range: `Scores!${letter(COL.actual)}${index + 2}`, values: [[999]] }],
      },
    });
    s.resetCounts();
    const imported = await s.invoke('importScores', { as: 'marcus@acme.test', spreadsheetId });
    const text = JSON.stringify(imported.body);
    expect(text).toContain('Imported 1 row. The sheet was not updated.');
    expect(text).toContain('its Perfloop columns are protected');
    expect(text).toContain('1 rows of 1 people');
    expect((await goalsById()).get(goalId)?.actual).toBe(999);
    expect(scoreEntryPosts()).toBe(1);
    expect((await readRows(spreadsheetId))[index]?.[COL.status]).toBe('');

    // Importing again changes nothing more in Perfloop.
    s.resetCounts();
    const again = await s.invoke('importScores', { as: 'marcus@acme.test', spreadsheetId });
    expect(JSON.stringify(again.body)).toContain('The sheet was not updated');
    expect(scoreEntryPosts()).toBe(0);
  });
});
