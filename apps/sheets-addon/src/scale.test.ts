// A 5,000-row sheet: the Sheets calls stay at the minimum whatever N is (create 3, import 2 + 1 write-back), people go to Perfloop 100 per request. Counts, not timing.
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

    // The analyst changes the first actual of 250 people (4 rows each) and puts a bad value in another person's row.
    const col = letter(COL.actual);
    const edited = Array.from({ length: 250 }, (_, p) => p * 4);
    const edits = edited.map((i) => ({ range: `Scores!${col}${i + 2}`, values: [[String(500 + i)]] }));
    edits.push({ range: `Scores!${col}${4999}`, values: [['lots']] });
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: { valueInputOption: 'USER_ENTERED', data: edits },
    });

    s.resetCounts();
    const imported = await s.invoke('importScores', { as: 'hr@acme.test', spreadsheetId });
    expect(s.sheetsCalls).toEqual({
      'developerMetadata.search': 1,
      'values.batchGetByDataFilter': 1,
      batchUpdate: 1,
    });
    // 250 people in three bulk requests (100, 100, 50), each person all or nothing.
    expect(s.apiRequests.filter((r) => r.startsWith('POST'))).toEqual(
      Array.from({ length: 3 }, () => `POST /v1/cycles/${f.cycleId}/score-entries`),
    );
    expect(JSON.stringify(imported.body)).toContain('250 rows of 250 people');
    expect(JSON.stringify(imported.body)).toContain('Row 4999');
    for (const i of [0, 99 * 4, 100 * 4, 249 * 4]) {
      const goal = await s.api<{ actual: number | null }>(
        'GET',
        `/v1/goals/${String(rows[i]?.[COL.goalId])}`,
        {
          as: 'hr@acme.test',
        },
      );
      expect(goal.body.actual).toBe(500 + i);
    }
    const after = (
      await sheets.spreadsheets.values.get({
        spreadsheetId,
        range: 'Scores!A2:U',
        valueRenderOption: 'UNFORMATTED_VALUE',
      })
    ).data.values as unknown[][];
    expect(edited.map((i) => after[i]?.[COL.status])).toEqual(edited.map(() => '✓ Imported'));
    expect(after[4997]?.[COL.status]).toMatch(/^✗/);

    s.resetCounts();
    await s.invoke('importScores', { as: 'hr@acme.test', spreadsheetId });
    expect(s.sheetsCalls).toEqual({ 'developerMetadata.search': 1, 'values.batchGetByDataFilter': 1 });
    expect(s.apiRequests.filter((r) => r.startsWith('POST'))).toEqual([]);
  });
});
