// End to end: the real API (HTTP, SQLite, demo seed) + the add-on + the Sheets and Google token fakes, driven as Google and an analyst would.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COL } from './sheet/layout.ts';
import type { sheets_v4 } from './sheets/googleapis.ts';
import { cardText, type Stack, startStack } from './testing/stack.ts';

type Goal = {
  id: string;
  ownerId: string;
  kind: 'kpi' | 'competency';
  actual?: number | null;
  version: number;
  title: string;
  dueDate?: string | null;
};
type Person = { id: string; email: string; name: string };

/** Sofia heads Sales: Marcus and Dan report to her, Ava, Ben and Chloe to Marcus. */
const TEAM = ['ava', 'ben', 'chloe', 'dan', 'marcus'];

let s: Stack;
let h2: string;
let people: Map<string, Person>;

/**
 * The add-on's fetch to the API, able to lose the answer of the next POST after the API handled it,
 * and to let someone change Perfloop just before the next POST arrives.
 */
let loseNextPostAnswer = false;
let beforeNextPost: (() => Promise<void>) | null = null;
const flakyFetch: typeof fetch = async (input, init) => {
  if (beforeNextPost && init?.method === 'POST') {
    const meanwhile = beforeNextPost;
    beforeNextPost = null;
    await meanwhile();
  }
  const res = await fetch(input, init);
  if (loseNextPostAnswer && init?.method === 'POST') {
    loseNextPostAnswer = false;
    await res.text();
    throw new TypeError('fetch failed (the answer was lost on the way back)');
  }
  return res;
};

beforeAll(async () => {
  s = await startStack({ fetch: flakyFetch });
  h2 =
    (await s.api<{ items: { id: string }[] }>('GET', '/v1/cycles?phase=coach', { as: 'hr@acme.test' })).body
      .items[0]?.id ?? '';
  const list = await s.api<{ items: Person[] }>('GET', '/v1/people?limit=500', { as: 'hr@acme.test' });
  people = new Map(list.body.items.map((p) => [p.email.split('@')[0] as string, p]));
});
afterAll(async () => {
  await s.close();
});

const id = (name: string) => people.get(name)?.id ?? `missing-${name}`;

async function goalsOf(name: string): Promise<Goal[]> {
  const res = await s.api<{ items: Goal[] }>(
    'GET',
    `/v1/goals?cycleId=${h2}&ownerId=${id(name)}&level=person&limit=500`,
    {
      as: 'hr@acme.test',
    },
  );
  return res.body.items.sort((a, b) => a.id.localeCompare(b.id));
}

/** The spreadsheet id from the "Open the sheet" link of a create response. */
function spreadsheetIdOf(response: unknown): string {
  const m = /spreadsheets\/d\/([\w-]+)\/edit/.exec(JSON.stringify(response));
  if (!m?.[1]) throw new Error(`no spreadsheet link in ${JSON.stringify(response).slice(0, 500)}`);
  return m[1];
}

async function readRows(sheets: sheets_v4.Sheets, spreadsheetId: string): Promise<unknown[][]> {
  const res = await sheets.spreadsheets.values.get({
    spreadsheetId,
    range: 'Scores!A2:U',
    valueRenderOption: 'UNFORMATTED_VALUE',
  });
  return (res.data.values ?? []) as unknown[][];
}

/** The sheet row number (1-based) of a person's goal. */
function rowNumber(rows: unknown[][], goalId: string): number {
  const i = rows.findIndex((r) => r[COL.goalId] === goalId);
  if (i < 0) throw new Error(`goal ${goalId} not in the sheet`);
  return i + 2;
}

/** The whole audit log (oldest first), as HR. */
async function auditEntries(): Promise<{ actor: string; action: string; resourceId: string | null }[]> {
  const out: { actor: string; action: string; resourceId: string | null }[] = [];
  let cursor: string | null = null;
  do {
    const page: ApiPage = (
      await s.api<ApiPage>('GET', `/v1/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`, {
        as: 'hr@acme.test',
      })
    ).body;
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
type ApiPage = {
  items: { actor: string; action: string; resourceId: string | null }[];
  nextCursor: string | null;
};

const cell = (col: number, row: number) => `Scores!${String.fromCharCode(65 + col)}${row}`;

/** Types into cells as the analyst would (USER_ENTERED, like the Sheets UI). */
async function type(sheets: sheets_v4.Sheets, spreadsheetId: string, edits: [string, string][]) {
  await sheets.spreadsheets.values.batchUpdate({
    spreadsheetId,
    requestBody: {
      valueInputOption: 'USER_ENTERED',
      data: edits.map(([range, v]) => ({ range, values: [[v]] })),
    },
  });
}

describe('the Sheets add-on, end to end', () => {
  let spreadsheetId = '';
  let sofiaSheets: sheets_v4.Sheets;

  it('home card: cycle and team pickers, what is pending', async () => {
    const home = await s.invoke('home', { as: 'sofia@acme.test' });
    expect(home.status).toBe(200);
    expect('action' in home.body).toBe(true);
    const text = cardText(home.body);
    expect(text).toContain('2026 H2');
    expect(text).toContain('KPI actuals missing');
    expect(text).toContain('Create scoring sheet');
    expect(text).toContain('Use this spreadsheet');
  });

  it('create scoring sheet: one create, one structural batchUpdate, one values write', async () => {
    s.resetCounts();
    const res = await s.invoke('createScoringSheet', {
      as: 'sofia@acme.test',
      formInputs: { cycleId: h2, scope: 'team' },
    });
    expect(cardText(res.body)).toContain('Scoring sheet ready');
    expect(s.sheetsCalls).toEqual({ create: 1, batchUpdate: 1, 'values.batchUpdate': 1 });
    spreadsheetId = spreadsheetIdOf(res.body);
    sofiaSheets = s.sheetsAs('sofia@acme.test');
    const rows = await readRows(sofiaSheets, spreadsheetId);
    const owners = new Set(rows.map((r) => r[COL.personId]));
    expect(owners).toEqual(new Set(TEAM.map(id)));
    const goals = (await Promise.all(TEAM.map(goalsOf))).flat();
    expect(rows).toHaveLength(goals.length);
    for (const g of goals) {
      const row = rows[rowNumber(rows, g.id) - 2] ?? [];
      expect(row[COL.goalVersion]).toBe(g.version);
      expect(row[COL.actual] ?? '').toBe(
        g.kind === 'kpi' && g.actual !== null && g.actual !== undefined ? g.actual : '',
      );
    }
    const meta = await sofiaSheets.spreadsheets.developerMetadata.search({
      spreadsheetId,
      requestBody: { dataFilters: [{ developerMetadataLookup: { metadataKey: 'perfloop.sheet' } }] },
    });
    expect(
      JSON.parse(meta.data.matchedDeveloperMetadata?.[0]?.developerMetadata?.metadataValue ?? '{}'),
    ).toMatchObject({
      kind: 'scoring',
      cycleId: h2,
      layout: 2,
      rows: goals.length,
    });
  });

  it('import: valid rows applied per person, bad values and a row changed meanwhile in Perfloop reported, nothing else written', async () => {
    const [avaK1, avaK2] = (await goalsOf('ava')).filter((g) => g.kind === 'kpi');
    const [benK1, benK2] = (await goalsOf('ben')).filter((g) => g.kind === 'kpi');
    const [chloeK1] = (await goalsOf('chloe')).filter((g) => g.kind === 'kpi');
    const danComp = (await goalsOf('dan')).find((g) => g.kind === 'competency');
    if (!avaK1 || !avaK2 || !benK1 || !benK2 || !chloeK1 || !danComp) throw new Error('demo goals missing');
    const rows = await readRows(sofiaSheets, spreadsheetId);
    const A = COL.actual;
    await type(sofiaSheets, spreadsheetId, [
      [cell(A, rowNumber(rows, avaK1.id)), '1,234.5'],
      [cell(A, rowNumber(rows, avaK2.id)), '42'],
      [cell(A, rowNumber(rows, benK1.id)), 'abc'],
      [cell(A, rowNumber(rows, benK2.id)), '50'],
      [cell(A, rowNumber(rows, chloeK1.id)), '77'],
      [cell(A, rowNumber(rows, danComp.id)), '5'],
    ]);
    // Meanwhile Chloe records her own actual in Perfloop.
    const chloeNow = await s.api<Goal>('GET', `/v1/goals/${chloeK1.id}`, { as: 'chloe@acme.test' });
    const patched = await s.api('PATCH', `/v1/goals/${chloeK1.id}`, {
      as: 'chloe@acme.test',
      json: { actual: 66 },
      headers: { 'If-Match': `"${chloeNow.body.version}"` },
    });
    expect(patched.status).toBe(200);

    s.resetCounts();
    const res = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    const text = cardText(res.body);
    // One metadata lookup, one read, one write-back.
    expect(s.sheetsCalls).toEqual({
      'developerMetadata.search': 1,
      'values.batchGetByDataFilter': 1,
      batchUpdate: 1,
    });
    // One bulk request reached the API (with Ava only: see what the API holds below).
    expect(s.apiRequests.filter((r) => r.startsWith('POST'))).toEqual([
      `POST /v1/cycles/${h2}/score-entries`,
    ]);

    // The API holds exactly the valid scores.
    expect((await goalsOf('ava')).filter((g) => g.kind === 'kpi').map((g) => g.actual)).toEqual([1234.5, 42]);
    expect((await goalsOf('ben')).filter((g) => g.kind === 'kpi').map((g) => g.actual)).toEqual([
      benK1.actual,
      benK2.actual,
    ]);
    expect((await s.api<Goal>('GET', `/v1/goals/${chloeK1.id}`, { as: 'hr@acme.test' })).body.actual).toBe(
      66,
    );

    // The card lists the rest, row by row.
    expect(text).toContain(`Row ${rowNumber(rows, benK1.id)}`);
    expect(text).toContain('Actual must be a number');
    expect(text).toContain(`Row ${rowNumber(rows, benK2.id)}`);
    expect(text).toContain(`fix row ${rowNumber(rows, benK1.id)} first`);
    expect(text).toContain(`Row ${rowNumber(rows, chloeK1.id)}`);
    expect(text).toContain('Changed in Perfloop since export (now 66)');
    expect(text).toContain('Competency goals have no actual');

    // The sheet too: a status per row, notes on the offending cells, new versions where applied.
    const after = await readRows(sofiaSheets, spreadsheetId);
    const status = (g: { id: string }) => after[rowNumber(after, g.id) - 2]?.[COL.status];
    expect(status(avaK1)).toBe('✓ Imported');
    expect(status(benK1)).toMatch(/^✗ Actual must be a number/);
    expect(status(benK2)).toMatch(/^Not imported: fix row/);
    expect(status(chloeK1)).toMatch(/^⚠ Conflict/);
    const avaNow = await goalsOf('ava');
    expect(after[rowNumber(after, avaK1.id) - 2]?.[COL.goalVersion]).toBe(
      avaNow.find((g) => g.id === avaK1.id)?.version,
    );
    expect(after[rowNumber(after, avaK1.id) - 2]?.[COL.actualAtExport]).toBe(1234.5);
    const grid = await sofiaSheets.spreadsheets.get({
      spreadsheetId,
      ranges: [`Scores!N${rowNumber(after, benK1.id)}`],
      includeGridData: true,
    });
    expect(grid.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0]?.note).toMatch(
      /Actual must be a number/,
    );

    // Recorded as Sofia acting through the add-on's key.
    const entries = await auditEntries();
    expect(entries.filter((e) => e.resourceId === avaK1.id).at(-1)?.actor).toBe(
      `${id('sofia')}@api_key:${s.apiKeyId}`,
    );
  });

  it('re-importing the same sheet changes nothing', async () => {
    const before = (await Promise.all(TEAM.map(goalsOf))).flat();
    s.resetCounts();
    const res = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(s.apiRequests.filter((r) => r.startsWith('POST'))).toEqual([]);
    expect(s.sheetsCalls).toEqual({ 'developerMetadata.search': 1, 'values.batchGetByDataFilter': 1 });
    const after = (await Promise.all(TEAM.map(goalsOf))).flat();
    expect(after).toEqual(before);
    expect(cardText(res.body)).toContain('Import scores');
  });

  it('fixing a bad value and importing again applies the person’s held rows with it', async () => {
    const [benK1, benK2] = (await goalsOf('ben')).filter((g) => g.kind === 'kpi');
    if (!benK1 || !benK2) throw new Error('demo goals missing');
    const rows = await readRows(sofiaSheets, spreadsheetId);
    await type(sofiaSheets, spreadsheetId, [[cell(COL.actual, rowNumber(rows, benK1.id)), '60']]);
    s.resetCounts();
    await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(s.apiRequests.filter((r) => r.startsWith('POST'))).toEqual([
      `POST /v1/cycles/${h2}/score-entries`,
    ]);
    expect((await goalsOf('ben')).filter((g) => g.kind === 'kpi').map((g) => g.actual)).toEqual([60, 50]);
    const after = await readRows(sofiaSheets, spreadsheetId);
    expect(after[rowNumber(after, benK1.id) - 2]?.[COL.status]).toBe('✓ Imported');
    expect(after[rowNumber(after, benK2.id) - 2]?.[COL.status]).toBe('✓ Imported');
    const grid = await sofiaSheets.spreadsheets.get({
      spreadsheetId,
      ranges: [`Scores!N${rowNumber(after, benK1.id)}`],
      includeGridData: true,
    });
    expect(grid.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0]?.note).toBeUndefined();
  });

  it('refresh: pulls Perfloop’s values, keeps edits not imported yet, adds new goals', async () => {
    const [danK1] = (await goalsOf('dan')).filter((g) => g.kind === 'kpi');
    if (!danK1) throw new Error('demo goals missing');
    const patched = await s.api('PATCH', `/v1/goals/${danK1.id}`, {
      as: 'hr@acme.test',
      json: { actual: 321 },
      headers: { 'If-Match': `"${danK1.version}"` },
    });
    expect(patched.status).toBe(200);
    const ava = (await goalsOf('ava'))[0];
    const added = await s.api<Goal>('POST', '/v1/goals', {
      as: 'hr@acme.test',
      json: {
        cycleId: h2,
        level: 'person',
        ownerId: id('ava'),
        kind: 'kpi',
        title: 'Referral pipeline',
        weight: 0,
        direction: 'higher_is_better',
        baseline: 0,
        target: 10,
        alignedTo: null,
        dueDate: ava?.dueDate ?? null,
        // Added after the plan was agreed (the cycle is in coach): a correction of it, with its reason.
        correctionReason: 'A referral pipeline was handed to Ava after the plan was agreed.',
      },
    });
    expect(added.status).toBe(201);
    s.resetCounts();
    const res = await s.invoke('refresh', { as: 'sofia@acme.test', spreadsheetId });
    expect(s.sheetsCalls).toEqual({
      'developerMetadata.search': 1,
      'values.batchGetByDataFilter': 1,
      batchUpdate: 1,
    });
    expect(cardText(res.body)).toContain('Refresh from Perfloop');
    const rows = await readRows(sofiaSheets, spreadsheetId);
    const dan = rows[rowNumber(rows, danK1.id) - 2] ?? [];
    expect([dan[COL.actual], dan[COL.actualAtExport], dan[COL.status]]).toEqual([
      321,
      321,
      '↻ Updated from Perfloop.',
    ]);
    expect(dan[COL.goalVersion]).toBe(danK1.version + 1);
    const [chloeK1] = (await goalsOf('chloe')).filter((g) => g.kind === 'kpi');
    const chloe = rows[rowNumber(rows, chloeK1?.id ?? '') - 2] ?? [];
    expect(chloe[COL.actual]).toBe(77);
    expect(chloe[COL.status]).toMatch(/^⚠ Not imported yet, and Perfloop changed it too/);
    const last = rows.at(-1) ?? [];
    expect([last[COL.goalId], last[COL.goal], last[COL.status]]).toEqual([
      added.body.id,
      'Referral pipeline',
      'New in Perfloop since export.',
    ]);
    const meta = await sofiaSheets.spreadsheets.developerMetadata.search({
      spreadsheetId,
      requestBody: { dataFilters: [{ developerMetadataLookup: { metadataKey: 'perfloop.sheet' } }] },
    });
    expect(
      JSON.parse(meta.data.matchedDeveloperMetadata?.[0]?.developerMetadata?.metadataValue ?? '{}'),
    ).toMatchObject({
      rows: rows.length,
      revision: 1,
    });
    s.resetCounts();
    const again = await s.invoke('refresh', { as: 'sofia@acme.test', spreadsheetId });
    expect(s.sheetsCalls).toEqual({ 'developerMetadata.search': 1, 'values.batchGetByDataFilter': 1 });
    expect(cardText(again.body)).toContain('Already up to date.');
  });

  it('a conflict is resolved by undoing the edit, refreshing and entering the value again', async () => {
    const [chloeK1] = (await goalsOf('chloe')).filter((g) => g.kind === 'kpi');
    if (!chloeK1) throw new Error('demo goals missing');
    let rows = await readRows(sofiaSheets, spreadsheetId);
    const n = rowNumber(rows, chloeK1.id);
    await type(sofiaSheets, spreadsheetId, [
      [cell(COL.actual, n), String(rows[n - 2]?.[COL.actualAtExport] ?? '')],
    ]);
    await s.invoke('refresh', { as: 'sofia@acme.test', spreadsheetId });
    rows = await readRows(sofiaSheets, spreadsheetId);
    expect([rows[n - 2]?.[COL.actual], rows[n - 2]?.[COL.goalVersion]]).toEqual([66, chloeK1.version]);
    await type(sofiaSheets, spreadsheetId, [[cell(COL.actual, n), '77']]);
    await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect((await s.api<Goal>('GET', `/v1/goals/${chloeK1.id}`, { as: 'hr@acme.test' })).body.actual).toBe(
      77,
    );
  });

  it('a lost answer is retried with the same Idempotency-Key: applied once', async () => {
    const [avaK2] = (await goalsOf('ava')).filter((g) => g.kind === 'kpi').slice(1);
    if (!avaK2) throw new Error('demo goals missing');
    const rows = await readRows(sofiaSheets, spreadsheetId);
    await type(sofiaSheets, spreadsheetId, [[cell(COL.actual, rowNumber(rows, avaK2.id)), '43']]);
    loseNextPostAnswer = true;
    s.resetCounts();
    await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(s.apiRequests.filter((r) => r.startsWith('POST'))).toHaveLength(2);
    const now = (await s.api<Goal>('GET', `/v1/goals/${avaK2.id}`, { as: 'hr@acme.test' })).body;
    expect([now.actual, now.version]).toEqual([43, avaK2.version + 1]);
    const after = await readRows(sofiaSheets, spreadsheetId);
    expect(after[rowNumber(after, avaK2.id) - 2]?.[COL.status]).toBe('✓ Imported');
  });

  it('one request for several people: a person changed meanwhile in Perfloop is a conflict, the others are applied', async () => {
    const [avaK1] = (await goalsOf('ava')).filter((g) => g.kind === 'kpi');
    const [benK1] = (await goalsOf('ben')).filter((g) => g.kind === 'kpi');
    if (!avaK1 || !benK1) throw new Error('demo goals missing');
    const rows = await readRows(sofiaSheets, spreadsheetId);
    const A = COL.actual;
    await type(sofiaSheets, spreadsheetId, [
      [cell(A, rowNumber(rows, avaK1.id)), '555'],
      [cell(A, rowNumber(rows, benK1.id)), '556'],
    ]);
    // HR records Ben's actual after the add-on read Perfloop, before its request arrives.
    beforeNextPost = async () => {
      const now = await s.api<Goal>('GET', `/v1/goals/${benK1.id}`, { as: 'hr@acme.test' });
      const patched = await s.api('PATCH', `/v1/goals/${benK1.id}`, {
        as: 'hr@acme.test',
        json: { actual: 400 },
        headers: { 'If-Match': `"${now.body.version}"` },
      });
      expect(patched.status).toBe(200);
    };
    s.resetCounts();
    const res = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    expect(beforeNextPost).toBeNull();
    expect(s.apiRequests.filter((r) => r.startsWith('POST'))).toEqual([
      `POST /v1/cycles/${h2}/score-entries`,
    ]);
    expect((await s.api<Goal>('GET', `/v1/goals/${avaK1.id}`, { as: 'hr@acme.test' })).body.actual).toBe(555);
    expect((await s.api<Goal>('GET', `/v1/goals/${benK1.id}`, { as: 'hr@acme.test' })).body.actual).toBe(400);
    expect(cardText(res.body)).toContain('Changed in Perfloop while you were importing');
    const after = await readRows(sofiaSheets, spreadsheetId);
    expect(after[rowNumber(after, avaK1.id) - 2]?.[COL.status]).toBe('✓ Imported');
    expect(after[rowNumber(after, benK1.id) - 2]?.[COL.status]).toMatch(/^⚠ Conflict/);
    expect(after[rowNumber(after, benK1.id) - 2]?.[COL.actual]).toBe(556);
    const grid = await sofiaSheets.spreadsheets.get({
      spreadsheetId,
      ranges: [cell(A, rowNumber(after, benK1.id))],
      includeGridData: true,
    });
    expect(grid.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0]?.note).toMatch(
      /while you were importing/,
    );
  });

  it('home card inside a scoring sheet offers import and refresh; access to the file is asked for first', async () => {
    const inside = await s.invoke('home', { as: 'sofia@acme.test', spreadsheetId });
    expect(cardText(inside.body)).toContain('This scoring sheet');
    expect(cardText(inside.body)).toContain('Import scores');
    const ask = await s.invoke('requestAccess', { as: 'sofia@acme.test' });
    expect(ask.body).toEqual({
      renderActions: { hostAppAction: { editorAction: { requestFileScopeForActiveDocument: {} } } },
    });
    const granted = await s.invoke('fileScopeGranted', { as: 'sofia@acme.test', spreadsheetId });
    expect(cardText(granted.body)).toContain('Perfloop can now use this spreadsheet.');
    const withoutAccess = await s.invoke('importScores', { as: 'sofia@acme.test' });
    expect(withoutAccess.body).toEqual({
      renderActions: { hostAppAction: { editorAction: { requestFileScopeForActiveDocument: {} } } },
    });
  });

  it('appraise: ratings go into the analyst’s draft manager reviews, all or nothing per person', async () => {
    const moved = await s.api('POST', `/v1/cycles/${h2}/transitions`, {
      as: 'hr@acme.test',
      json: { to: 'appraise' },
    });
    expect(moved.status).toBe(200);
    const created = await s.invoke('createScoringSheet', {
      as: 'sofia@acme.test',
      formInputs: { cycleId: h2, scope: 'team' },
    });
    const sheet = spreadsheetIdOf(created.body);
    const rows = await readRows(sofiaSheets, sheet);
    expect(rows.every((r) => String(r[COL.editable]).includes('R'))).toBe(true);
    const [avaK1] = (await goalsOf('ava')).filter((g) => g.kind === 'kpi');
    const avaComp = (await goalsOf('ava')).find((g) => g.kind === 'competency');
    const [benK1] = (await goalsOf('ben')).filter((g) => g.kind === 'kpi');
    const [chloeK1, chloeK2] = (await goalsOf('chloe')).filter((g) => g.kind === 'kpi');
    const [danK1] = (await goalsOf('dan')).filter((g) => g.kind === 'kpi');
    if (!avaK1 || !avaComp || !benK1 || !chloeK1 || !chloeK2 || !danK1) throw new Error('demo goals missing');
    const R = COL.rating;
    await type(sofiaSheets, sheet, [
      [cell(R, rowNumber(rows, avaK1.id)), '4'],
      [cell(R, rowNumber(rows, avaComp.id)), '3'],
      [cell(R, rowNumber(rows, benK1.id)), '7'],
      [cell(R, rowNumber(rows, chloeK1.id)), '5'],
      [cell(COL.actual, rowNumber(rows, danK1.id)), '999'],
    ]);
    // Meanwhile Sofia rates Chloe's other goal in Perfloop itself: her review now exists.
    const direct = await s.api('POST', '/v1/reviews', {
      as: 'sofia@acme.test',
      json: {
        cycleId: h2,
        subjectId: id('chloe'),
        component: 'manager',
        ratings: [{ goalId: chloeK2.id, rating: 2 }],
      },
    });
    expect(direct.status).toBe(201);
    s.resetCounts();
    const res = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId: sheet });
    expect(s.apiRequests.filter((r) => r.startsWith('POST'))).toEqual([
      `POST /v1/cycles/${h2}/score-entries`,
    ]);
    const reviews = await s.api<{
      items: {
        subjectId: string;
        ratings: { goalId: string; rating: number }[];
        submittedAt: string | null;
      }[];
    }>('GET', `/v1/reviews?cycleId=${h2}&component=manager&reviewerId=${id('sofia')}&limit=500`, {
      as: 'sofia@acme.test',
    });
    const bySubject = new Map(reviews.body.items.map((r) => [r.subjectId, r]));
    expect(new Map(bySubject.get(id('ava'))?.ratings.map((r) => [r.goalId, r.rating]))).toEqual(
      new Map([
        [avaK1.id, 4],
        [avaComp.id, 3],
      ]),
    );
    expect(bySubject.get(id('ava'))?.submittedAt).toBeNull();
    expect(bySubject.has(id('ben'))).toBe(false);
    expect(bySubject.get(id('chloe'))?.ratings.map((r) => [r.goalId, r.rating])).toEqual([[chloeK2.id, 2]]);
    expect((await s.api<Goal>('GET', `/v1/goals/${danK1.id}`, { as: 'hr@acme.test' })).body.actual).not.toBe(
      999,
    );
    const text = cardText(res.body);
    expect(text).toContain('Rating must be a level of the scale (1–5)');
    expect(text).toContain('Your manager review changed in Perfloop since export');
    expect(text).toContain('Actuals are closed in appraise');
    s.resetCounts();
    await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId: sheet });
    expect(s.apiRequests.filter((r) => r.startsWith('POST'))).toEqual([]);
    expect(s.sheetsCalls.batchUpdate).toBeUndefined();
  });

  it('calibration sheet: scores, normalised scores, distribution and raters, in three calls', async () => {
    const h1 =
      (await s.api<{ items: { id: string }[] }>('GET', '/v1/cycles?phase=closed', { as: 'hr@acme.test' }))
        .body.items[0]?.id ?? '';
    s.resetCounts();
    const res = await s.invoke('createCalibrationSheet', {
      as: 'hr@acme.test',
      formInputs: { cycleId: h1, scope: 'all' },
    });
    expect(s.sheetsCalls).toEqual({ create: 1, batchUpdate: 1, 'values.batchUpdate': 1 });
    expect(cardText(res.body)).toContain('Calibration sheet ready');
    const sheet = spreadsheetIdOf(res.body);
    const hr = s.sheetsAs('hr@acme.test');
    const read = await hr.spreadsheets.values.batchGet({
      spreadsheetId: sheet,
      ranges: ['Scores!A2:L', 'Distribution!A2:H', 'Raters!A2:I'],
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    const [scores = [], distribution = [], raters = []] = (read.data.valueRanges ?? []).map(
      (v) => (v.values ?? []) as unknown[][],
    );
    const api = await s.api<{ items: { subjectId: string; score: number; rating: { value: number } }[] }>(
      'GET',
      `/v1/cycles/${h1}/scores?limit=500`,
      {
        as: 'hr@acme.test',
      },
    );
    expect(scores).toHaveLength(api.body.items.length);
    for (const item of api.body.items) {
      const row = scores.find((r) => r[0] === item.subjectId);
      expect([row?.[4], row?.[5]]).toEqual([item.score, item.rating.value]);
    }
    expect(distribution.map((r) => r[0])).toEqual([1, 2, 3, 4, 5]);
    expect(distribution.reduce((a, r) => a + Number(r[2]), 0)).toBe(api.body.items.length);
    expect(raters.length).toBeGreaterThan(0);
    expect(scores.some((r) => typeof r[10] === 'number')).toBe(true);

    // Differences are signed as the tab signs a rater's leniency ("+0.40", "-0.40", "0.00"), by the columns' number
    // format: the cells stay numbers, and the sheet shows the sign.
    const leniency = raters.map((r) => r[6]);
    expect(leniency.every((v) => typeof v === 'number')).toBe(true);
    const shown = await hr.spreadsheets.values.batchGet({
      spreadsheetId: sheet,
      ranges: ['Raters!G2:G', 'Distribution!F2:F', 'Scores!L2:L'],
      valueRenderOption: 'FORMATTED_VALUE',
    });
    const [shownLeniency = [], shownDelta = [], shownNormalised = []] = (shown.data.valueRanges ?? []).map(
      (v) => ((v.values ?? []) as string[][]).map((r) => r[0] ?? ''),
    );
    const signed = (n: number) =>
      n > 0 ? `+${n.toFixed(2)}` : n < 0 ? `-${Math.abs(n).toFixed(2)}` : '0.00';
    expect(shownLeniency).toEqual(leniency.map((v) => signed(v as number)));
    expect(shownLeniency.some((text) => text.startsWith('+'))).toBe(true);
    expect(shownLeniency.some((text) => text.startsWith('-'))).toBe(true);
    expect(shownDelta).toEqual(distribution.map((r) => signed(r[5] as number)));
    const normalised = scores.filter((r) => typeof r[11] === 'number').map((r) => signed(r[11] as number));
    expect(shownNormalised.filter((text) => text !== '')).toEqual(normalised);
    // Headers and the other columns are as before: only the signed columns carry the format.
    const header = await hr.spreadsheets.values.get({ spreadsheetId: sheet, range: 'Raters!A1:I2' });
    expect(header.data.values?.[0]?.[6]).toBe('Leniency');
    expect(header.data.values?.[1]?.[3]).not.toMatch(/^\+/);
  });
});
