// Conformance: sheet titles are case-insensitive, as in Google Sheets — A1 ranges find a tab in any case, and no two tabs differ only in case.
import { auth as googleAuth, sheets as googleSheets, type sheets_v4 } from 'googleapis/build/src/apis/sheets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSheets, startFakeSheets } from './server.ts';

const ANALYST = { token: 'ya29.titles-analyst', email: 'ava@acme.test' };

let fake: FakeSheets;
let api: sheets_v4.Sheets;
beforeAll(async () => {
  fake = await startFakeSheets({ quotaPerMinute: 1000 });
  fake.grant(ANALYST.token, ANALYST.email);
  const auth = new googleAuth.OAuth2();
  auth.setCredentials({ access_token: ANALYST.token });
  api = googleSheets({ version: 'v4', auth, rootUrl: fake.rootUrl });
});
afterAll(() => fake.close());

async function failure(p: Promise<unknown>): Promise<{ status: number; message: string; code: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { response?: { status: number; data: { error: { message: string; status: string } } } };
    return {
      status: err.response?.status ?? 0,
      message: err.response?.data.error.message ?? '',
      code: err.response?.data.error.status ?? '',
    };
  }
  throw new Error('expected the call to fail');
}

async function spreadsheet() {
  const created = await api.spreadsheets.create({
    requestBody: {
      sheets: [
        { properties: { title: 'Scores', gridProperties: { rowCount: 10, columnCount: 4 } } },
        { properties: { title: 'Notes', gridProperties: { rowCount: 10, columnCount: 4 } } },
      ],
    },
  });
  const ids = (created.data.sheets ?? []).map((s) => s.properties?.sheetId as number);
  return { id: created.data.spreadsheetId as string, scores: ids[0] as number, notes: ids[1] as number };
}

describe('A1 ranges name a tab in any case', () => {
  it('writes and reads `scores!…`, `SCORES!…` and a bare `sCoReS` on the tab Scores; the echo spells it as the tab does', async () => {
    const { id } = await spreadsheet();
    const written = await api.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: 'RAW',
        data: [
          {
            range: 'scores!A1:B2',
            values: [
              ['a', 1],
              ['b', 2],
            ],
          },
        ],
      },
    });
    expect(written.data.responses?.[0]?.updatedRange).toBe('Scores!A1:B2');
    const read = await api.spreadsheets.values.batchGet({
      spreadsheetId: id,
      ranges: ['SCORES!A1:B2', "'sCoReS'!B2"],
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    expect(read.data.valueRanges?.map((v) => [v.range, v.values])).toEqual([
      [
        'Scores!A1:B2',
        [
          ['a', 1],
          ['b', 2],
        ],
      ],
      ['Scores!B2', [[2]]],
    ]);
    const whole = await api.spreadsheets.values.get({ spreadsheetId: id, range: 'sCoReS' });
    expect(whole.data.range).toBe('Scores!A1:D10');
    const got = await api.spreadsheets.get({ spreadsheetId: id, ranges: ['notes!A1'] });
    expect(got.data.sheets?.map((s) => s.properties?.title)).toEqual(['Notes']);
    const filtered = await api.spreadsheets.values.batchGetByDataFilter({
      spreadsheetId: id,
      requestBody: { dataFilters: [{ a1Range: 'SCORES!A2' }] },
    });
    expect(filtered.data.valueRanges?.[0]?.valueRange).toEqual({
      range: 'Scores!A2',
      majorDimension: 'ROWS',
      values: [['b']],
    });
    // A title that no tab has, in any case, is still not a range.
    const none = await failure(api.spreadsheets.values.get({ spreadsheetId: id, range: 'Scoresx!A1' }));
    expect(none).toMatchObject({ status: 400, message: 'Unable to parse range: Scoresx!A1' });
  });
});

describe('no two tabs differ only in case', () => {
  it('addSheet of `SCORES` next to Scores is 400 INVALID_ARGUMENT, and the batch applies nothing', async () => {
    const { id } = await spreadsheet();
    const before = fake.spreadsheet(id);
    const e = await failure(
      api.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: {
          requests: [
            { addSheet: { properties: { title: 'Calibration' } } },
            { addSheet: { properties: { title: 'SCORES' } } },
          ],
        },
      }),
    );
    expect(e).toEqual({
      status: 400,
      code: 'INVALID_ARGUMENT',
      message:
        'Invalid requests[1].addSheet: A sheet with the name "SCORES" already exists. Please enter another name.',
    });
    expect(fake.spreadsheet(id)).toBe(before);
  });

  it('a rename onto another tab’s title in another case is refused; a tab may change the case of its own title', async () => {
    const { id, scores, notes } = await spreadsheet();
    const rename = (sheetId: number, title: string) =>
      api.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: {
          requests: [{ updateSheetProperties: { properties: { sheetId, title }, fields: 'title' } }],
        },
      });
    const e = await failure(rename(notes, 'scores'));
    expect(e).toMatchObject({
      status: 400,
      message:
        'Invalid requests[0].updateSheetProperties: A sheet with the name "scores" already exists. Please enter another name.',
    });
    await rename(scores, 'SCORES');
    const titles = (await api.spreadsheets.get({ spreadsheetId: id })).data.sheets?.map(
      (s) => s.properties?.title,
    );
    expect(titles).toEqual(['SCORES', 'Notes']);
    // The old spelling still names it.
    const read = await api.spreadsheets.values.get({ spreadsheetId: id, range: 'Scores!A1' });
    expect(read.data.range).toBe('SCORES!A1');
    const empty = await failure(rename(notes, ' '));
    expect(empty.status).toBe(400);
  });
});
