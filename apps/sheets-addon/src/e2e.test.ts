// End to end: the real API (HTTP, SQLite, demo seed) + the add-on + the Sheets and Google token fakes, driven as Google and an analyst would.
import type { sheets_v4 } from 'googleapis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COL } from './sheet/layout.ts';
import { cardText, type Stack, startStack } from './testing/stack.ts';

type Goal = {
  id: string;
  ownerId: string;
  kind: 'kpi' | 'competency';
  actual?: number | null;
  version: number;
  title: string;
};
type Person = { id: string; email: string; name: string };

/** Sofia heads Sales: Marcus and Dan report to her, Ava, Ben and Chloe to Marcus. */
const TEAM = ['ava', 'ben', 'chloe', 'dan', 'marcus'];

let s: Stack;
let h2: string;
let people: Map<string, Person>;

beforeAll(async () => {
  s = await startStack();
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
      layout: 1,
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
    expect(s.sheetsCalls).toEqual({ 'developerMetadata.search': 1, 'values.batchGet': 1, batchUpdate: 1 });
    // Exactly one person's batch reached the API.
    expect(s.apiRequests.filter((r) => r.startsWith('POST'))).toEqual([
      `POST /v1/cycles/${h2}/people/${id('ava')}/score-entries`,
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
    expect(s.sheetsCalls).toEqual({ 'developerMetadata.search': 1, 'values.batchGet': 1 });
    const after = (await Promise.all(TEAM.map(goalsOf))).flat();
    expect(after).toEqual(before);
    expect(cardText(res.body)).toContain('Import scores');
  });
});
