// A 5,000-row sheet: the Sheets calls stay at the minimum whatever N is (create 3, import 2 + 1 write-back). Counts, not timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COL, letter } from './sheet/layout.ts';
import { type ScaleFixture, seedScale } from './testing/scale.ts';
import { type Stack, startStack } from './testing/stack.ts';

let s: Stack;
let f: ScaleFixture;
beforeAll(async () => {
  s = await startStack();
  f = await seedScale(s, 1250, 4, 'test');
});
afterAll(async () => {
  await s.close();
});

describe('a 5,000-row scoring sheet', () => {
  it('is created with one create, one structural batchUpdate and one values write, and imported with one read', async () => {
    s.resetCounts();
    const created = await s.invoke('createScoringSheet', {
      as: 'hr@acme.test',
      formInputs: { cycleId: f.cycleId, scope: f.departmentId },
    });
    expect(s.sheetsCalls).toEqual({ create: 1, batchUpdate: 1, 'values.batchUpdate': 1 });
    const spreadsheetId = /spreadsheets\/d\/([\w-]+)\/edit/.exec(JSON.stringify(created.body))?.[1] ?? '';
    const sheets = s.sheetsAs('hr@acme.test');
    const rows = (
      await sheets.spreadsheets.values.get({
        spreadsheetId,
        range: 'Scores!A2:U',
        valueRenderOption: 'UNFORMATTED_VALUE',
      })
    ).data.values as unknown[][];
    expect(rows).toHaveLength(5000);

    // The analyst changes 8 actuals of 2 people and one bad value of a third person.
    const col = letter(COL.actual);
    const edits = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({
      range: `Scores!${col}${i + 2}`,
      values: [[String(500 + i)]],
    }));
    edits.push({ range: `Scores!${col}${4999}`, values: [['lots']] });
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: { valueInputOption: 'USER_ENTERED', data: edits },
    });

    s.resetCounts();
    const imported = await s.invoke('importScores', { as: 'hr@acme.test', spreadsheetId });
    expect(s.sheetsCalls).toEqual({ 'developerMetadata.search': 1, 'values.batchGet': 1, batchUpdate: 1 });
    expect(s.apiRequests.filter((r) => r.startsWith('POST'))).toHaveLength(2);
    expect(JSON.stringify(imported.body)).toContain('Row 4999');

    s.resetCounts();
    await s.invoke('importScores', { as: 'hr@acme.test', spreadsheetId });
    expect(s.sheetsCalls).toEqual({ 'developerMetadata.search': 1, 'values.batchGet': 1 });
    expect(s.apiRequests.filter((r) => r.startsWith('POST'))).toEqual([]);
  });
});
