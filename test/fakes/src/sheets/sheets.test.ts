// Conformance: the real googleapis Sheets v4 client against the fake — paths, encodings, shapes, atomicity, errors, quota.
// googleapis v176's Sheets module (the same client `google.sheets()` returns, without loading every API).
import { auth as googleAuth, sheets as googleSheets, type sheets_v4 } from 'googleapis/build/src/apis/sheets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSheets, startFakeSheets } from './server.ts';

const ANALYST = { token: 'ya29.analyst-token', email: 'ava@acme.test' };
const COLLEAGUE = { token: 'ya29.colleague-token', email: 'ben@acme.test' };

let fake: FakeSheets;
beforeAll(async () => {
  fake = await startFakeSheets({ quotaPerMinute: 1000 });
  fake.grant(ANALYST.token, ANALYST.email);
  fake.grant(COLLEAGUE.token, COLLEAGUE.email);
});
afterAll(() => fake.close());

function client(token: string, root = fake.rootUrl): sheets_v4.Sheets {
  const auth = new googleAuth.OAuth2();
  auth.setCredentials({ access_token: token });
  return googleSheets({ version: 'v4', auth, rootUrl: root });
}
const NO_RETRY = { retry: false } as const;

/** The Google error of a failed call: HTTP status and `{error: {code, message, status}}`. */
async function failure(
  p: Promise<unknown>,
): Promise<{ status: number; error: { code: number; message: string; status: string } }> {
  try {
    await p;
  } catch (e) {
    const err = e as {
      status?: number;
      response?: { status: number; data: { error: { code: number; message: string; status: string } } };
    };
    return {
      status: err.response?.status ?? err.status ?? 0,
      error: err.response?.data.error ?? { code: 0, message: '', status: '' },
    };
  }
  throw new Error('expected the call to fail');
}

async function newSpreadsheet(sheets = client(ANALYST.token), title = "Ann's scores") {
  const created = await sheets.spreadsheets.create({
    requestBody: {
      properties: { title: 'Perfloop scoring' },
      sheets: [
        { properties: { title, gridProperties: { rowCount: 20, columnCount: 6, frozenRowCount: 1 } } },
      ],
    },
  });
  const id = created.data.spreadsheetId as string;
  const sheetId = created.data.sheets?.[0]?.properties?.sheetId as number;
  return { id, sheetId, created: created.data };
}

describe('spreadsheets.create / get', () => {
  it('creates a spreadsheet with its sheets and returns the resource', async () => {
    const { created, id } = await newSpreadsheet();
    expect(created.properties).toMatchObject({ title: 'Perfloop scoring', locale: 'en_US' });
    expect(created.sheets?.[0]?.properties).toMatchObject({
      title: "Ann's scores",
      index: 0,
      sheetType: 'GRID',
      gridProperties: { rowCount: 20, columnCount: 6, frozenRowCount: 1 },
    });
    const got = await client(ANALYST.token).spreadsheets.get({ spreadsheetId: id });
    expect(got.data.spreadsheetId).toBe(id);
  });
});

describe('spreadsheets.batchUpdate', () => {
  it('applies structural requests with one reply per request (metadata ids, protected ranges, added sheets)', async () => {
    const sheets = client(ANALYST.token);
    const { id, sheetId } = await newSpreadsheet(sheets);
    const res = await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            addSheet: {
              properties: {
                sheetId: 4242,
                title: 'Calibration',
                gridProperties: { rowCount: 10, columnCount: 4 },
              },
            },
          },
          {
            updateCells: {
              start: { sheetId, rowIndex: 0, columnIndex: 0 },
              fields: 'userEnteredValue,note',
              rows: [{ values: [{ userEnteredValue: { stringValue: 'Person id' }, note: 'Do not edit' }] }],
            },
          },
          {
            addProtectedRange: {
              protectedRange: {
                range: { sheetId, startColumnIndex: 0, endColumnIndex: 2 },
                description: 'ids',
              },
            },
          },
          {
            setDataValidation: {
              range: { sheetId, startRowIndex: 1, endRowIndex: 20, startColumnIndex: 4, endColumnIndex: 5 },
              rule: {
                condition: {
                  type: 'ONE_OF_LIST',
                  values: ['1', '2', '3', '4', '5'].map((v) => ({ userEnteredValue: v })),
                },
                strict: true,
                showCustomUi: true,
              },
            },
          },
          {
            addConditionalFormatRule: {
              index: 0,
              rule: {
                ranges: [{ sheetId, startRowIndex: 1, startColumnIndex: 4, endColumnIndex: 5 }],
                booleanRule: {
                  condition: {
                    type: 'CUSTOM_FORMULA',
                    values: [{ userEnteredValue: '=AND(E2<>"",OR(E2<1,E2>5))' }],
                  },
                  format: { backgroundColor: { red: 1, green: 0.8, blue: 0.8 } },
                },
              },
            },
          },
          {
            createDeveloperMetadata: {
              developerMetadata: {
                metadataKey: 'perfloop.sheet',
                metadataValue: '{"cycleId":"cyc_1","version":1}',
                location: { spreadsheet: true },
                visibility: 'DOCUMENT',
              },
            },
          },
          {
            updateDimensionProperties: {
              range: { sheetId, dimension: 'COLUMNS', startIndex: 5, endIndex: 6 },
              properties: { hiddenByUser: true },
              fields: 'hiddenByUser',
            },
          },
        ],
      },
    });
    const replies = res.data.replies ?? [];
    expect(replies).toHaveLength(7);
    expect(replies[0]?.addSheet?.properties).toMatchObject({ sheetId: 4242, title: 'Calibration', index: 1 });
    expect(replies[1]).toEqual({});
    expect(replies[2]?.addProtectedRange?.protectedRange).toMatchObject({
      description: 'ids',
      editors: { users: [ANALYST.email] },
    });
    expect(replies[5]?.createDeveloperMetadata?.developerMetadata).toMatchObject({
      metadataKey: 'perfloop.sheet',
      location: { locationType: 'SPREADSHEET', spreadsheet: true },
    });
    expect(replies[5]?.createDeveloperMetadata?.developerMetadata?.metadataId).toBeGreaterThan(0);
    const got = await sheets.spreadsheets.get({
      spreadsheetId: id,
      ranges: ["'Ann''s scores'!A1:A1"],
      includeGridData: true,
    });
    const sheet = got.data.sheets?.[0];
    expect(sheet?.data?.[0]?.rowData?.[0]?.values?.[0]).toMatchObject({
      userEnteredValue: { stringValue: 'Person id' },
      formattedValue: 'Person id',
      note: 'Do not edit',
    });
    expect(sheet?.conditionalFormats).toHaveLength(1);
    expect(sheet?.protectedRanges).toHaveLength(1);
  });

  it('is atomic: one invalid request applies none, and the error names it', async () => {
    const sheets = client(ANALYST.token);
    const { id, sheetId } = await newSpreadsheet(sheets);
    const requests: sheets_v4.Schema$Request[] = [
      {
        createDeveloperMetadata: {
          developerMetadata: { metadataKey: 'k', location: { spreadsheet: true }, visibility: 'DOCUMENT' },
        },
      },
      { addSheet: { properties: { title: 'Second' } } },
      {
        updateCells: {
          start: { sheetId, rowIndex: 25, columnIndex: 0 },
          fields: 'userEnteredValue',
          rows: [{ values: [{ userEnteredValue: { numberValue: 1 } }] }],
        },
      },
    ];
    const e = await failure(
      sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests } }),
    );
    expect(e.status).toBe(400);
    expect(e.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(e.error.message).toMatch(/^Invalid requests\[2\]\.updateCells: .*exceeds grid limits/);
    const got = await sheets.spreadsheets.get({ spreadsheetId: id });
    expect(got.data.sheets).toHaveLength(1);
    expect(got.data.developerMetadata).toBeUndefined();
    const dup = await failure(
      sheets.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: { requests: [{ addSheet: { properties: { sheetId } } }] },
      }),
    );
    expect(dup.error.message).toMatch(/already exists/);
    const unknown = await failure(
      sheets.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: { requests: [{ frobnicate: {} } as sheets_v4.Schema$Request] },
      }),
    );
    expect(unknown.error.message).toMatch(/Unknown name "frobnicate"/);
  });
});

describe('number formats (repeatCell userEnteredFormat.numberFormat)', () => {
  it('keeps a column numeric and renders FORMATTED_VALUE by its pattern; values written later keep the format', async () => {
    const sheets = client(ANALYST.token);
    const { id, sheetId } = await newSpreadsheet(sheets);
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            repeatCell: {
              range: { sheetId, startRowIndex: 1, startColumnIndex: 2, endColumnIndex: 3 },
              cell: { userEnteredFormat: { numberFormat: { type: 'NUMBER', pattern: '+0.00;-0.00;0.00' } } },
              fields: 'userEnteredFormat.numberFormat',
            },
          },
        ],
      },
    });
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "'Ann''s scores'!A1:C4",
      valueInputOption: 'RAW',
      requestBody: {
        values: [
          ['Rater', 'n', 'Leniency'],
          ['Marcus', 4, 0.4],
          ['Raj', 3, -0.25],
          ['Sofia', 2, 0],
        ],
      },
    });
    const read = (valueRenderOption: string) =>
      sheets.spreadsheets.values.get({
        spreadsheetId: id,
        range: "'Ann''s scores'!A1:C4",
        valueRenderOption,
      });
    expect((await read('FORMATTED_VALUE')).data.values).toEqual([
      ['Rater', 'n', 'Leniency'],
      ['Marcus', '4', '+0.40'],
      ['Raj', '3', '-0.25'],
      ['Sofia', '2', '0.00'],
    ]);
    // Still numbers: the format is display only.
    expect((await read('UNFORMATTED_VALUE')).data.values?.map((r) => r[2])).toEqual([
      'Leniency',
      0.4,
      -0.25,
      0,
    ]);
    // The header row (row 1) has no format: only the range the request named.
    const grid = await sheets.spreadsheets.get({
      spreadsheetId: id,
      includeGridData: true,
      ranges: ["'Ann''s scores'!C1:C3"],
    });
    const cells = grid.data.sheets?.[0]?.data?.[0]?.rowData?.map((r) => r.values?.[0]);
    expect(cells?.[0]?.userEnteredFormat).toBeUndefined();
    expect(cells?.[1]).toMatchObject({
      userEnteredValue: { numberValue: 0.4 },
      effectiveValue: { numberValue: 0.4 },
      formattedValue: '+0.40',
      userEnteredFormat: { numberFormat: { type: 'NUMBER', pattern: '+0.00;-0.00;0.00' } },
    });
  });

  it('refuses a NumberFormatType that does not exist as the API does, and applies nothing', async () => {
    const sheets = client(ANALYST.token);
    const { id, sheetId } = await newSpreadsheet(sheets);
    const e = await failure(
      sheets.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: {
          requests: [
            { addSheet: { properties: { title: 'Second' } } },
            {
              repeatCell: {
                range: { sheetId, startRowIndex: 1 },
                cell: { userEnteredFormat: { numberFormat: { type: 'SIGNED', pattern: '+0.00' } } },
                fields: 'userEnteredFormat.numberFormat',
              },
            },
          ],
        },
      }),
    );
    expect(e.status).toBe(400);
    expect(e.error).toEqual({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message:
        'Invalid value at \'requests[1].repeat_cell.cell.user_entered_format.number_format.type\' (type.googleapis.com/google.apps.sheets.v4.NumberFormatType), "SIGNED"',
    });
    expect((await sheets.spreadsheets.get({ spreadsheetId: id })).data.sheets).toHaveLength(1);
  });
});

describe('values', () => {
  it('writes USER_ENTERED and RAW values and reads them back through percent-encoded A1 ranges', async () => {
    const sheets = client(ANALYST.token);
    const { id } = await newSpreadsheet(sheets);
    const written = await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: 'USER_ENTERED',
        data: [
          {
            range: "'Ann''s scores'!A1:D3",
            values: [
              ['Name', 'Actual', 'Rating', 'Done'],
              ['Ava', '1,250.5', 4, 'TRUE'],
              ['Ben', "'007", '', '45%'],
            ],
          },
        ],
      },
    });
    expect(written.data).toMatchObject({
      totalUpdatedRows: 3,
      totalUpdatedColumns: 4,
      totalUpdatedCells: 12,
    });
    expect(written.data.responses?.[0]?.updatedRange).toBe("'Ann''s scores'!A1:D3");
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: { valueInputOption: 'RAW', data: [{ range: "'Ann''s scores'!F5", values: [['12']] }] },
    });
    const read = await sheets.spreadsheets.values.batchGet({
      spreadsheetId: id,
      ranges: ["'Ann''s scores'!A1:F", "'Ann''s scores'!F5:F5", "'Ann''s scores'!A10:B12"],
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    const [all, raw, empty] = read.data.valueRanges ?? [];
    expect(all?.range).toBe("'Ann''s scores'!A1:F20");
    // Short rows (trailing blanks left out), an empty row in between kept as [], trailing empty rows dropped.
    expect(all?.values).toEqual([
      ['Name', 'Actual', 'Rating', 'Done'],
      ['Ava', 1250.5, 4, true],
      ['Ben', '007', '', 0.45],
      [],
      ['', '', '', '', '', '12'],
    ]);
    expect(raw).toEqual({ range: "'Ann''s scores'!F5", majorDimension: 'ROWS', values: [['12']] });
    expect(empty?.values).toBeUndefined();
    const formatted = await sheets.spreadsheets.values.batchGet({
      spreadsheetId: id,
      ranges: ["'Ann''s scores'!B2:D2"],
    });
    expect(formatted.data.valueRanges?.[0]?.values).toEqual([['1250.5', '4', 'TRUE']]);
    // values.get/update put the range in the path.
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "'Ann''s scores'!C3",
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [['3']] },
    });
    const one = await sheets.spreadsheets.values.get({
      spreadsheetId: id,
      range: "'Ann''s scores'!C3",
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    expect(one.data.values).toEqual([[3]]);
  });

  it('refuses writes outside the range or the grid, a missing valueInputOption and unparsable ranges', async () => {
    const sheets = client(ANALYST.token);
    const { id } = await newSpreadsheet(sheets, 'Scores');
    const outside = await failure(
      sheets.spreadsheets.values.batchUpdate({
        spreadsheetId: id,
        requestBody: { valueInputOption: 'RAW', data: [{ range: 'Scores!A1:A1', values: [['a'], ['b']] }] },
      }),
    );
    expect(outside.error.message).toMatch(/tried writing to row/);
    const grid = await failure(
      sheets.spreadsheets.values.batchUpdate({
        spreadsheetId: id,
        requestBody: { valueInputOption: 'RAW', data: [{ range: 'Scores!A21', values: [['x']] }] },
      }),
    );
    expect(grid.error.message).toMatch(/exceeds grid limits\. Max rows: 20, max columns: 6/);
    const option = await failure(
      sheets.spreadsheets.values.batchUpdate({
        spreadsheetId: id,
        requestBody: { data: [{ range: 'Scores!A1', values: [['x']] }] },
      }),
    );
    expect(option.status).toBe(400);
    const parse = await failure(
      sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ['Nope!A1'] }, NO_RETRY),
    );
    expect(parse).toMatchObject({ status: 400, error: { message: 'Unable to parse range: Nope!A1' } });
  });
});

describe('values.batchGetByDataFilter', () => {
  it('reads a grid range by sheetId, whatever the tab is called now, in MatchedValueRange shape', async () => {
    const sheets = client(ANALYST.token);
    const { id, sheetId } = await newSpreadsheet(sheets, 'Scores');
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: 'RAW',
        data: [{ range: 'Scores!A1:C3', values: [['h'], [1, 'a'], [2, 'b', true]] }],
      },
    });
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          { updateSheetProperties: { properties: { sheetId, title: "It's mine" }, fields: 'title' } },
        ],
      },
    });
    const rows = { sheetId, startRowIndex: 1, startColumnIndex: 0, endColumnIndex: 3 };
    const read = await sheets.spreadsheets.values.batchGetByDataFilter({
      spreadsheetId: id,
      requestBody: {
        dataFilters: [{ gridRange: rows }, { a1Range: "'It''s mine'!B2:B3" }],
        valueRenderOption: 'UNFORMATTED_VALUE',
        majorDimension: 'ROWS',
      },
    });
    expect(read.data).toEqual({
      spreadsheetId: id,
      valueRanges: [
        {
          valueRange: {
            range: "'It''s mine'!A2:C20",
            majorDimension: 'ROWS',
            values: [
              [1, 'a'],
              [2, 'b', true],
            ],
          },
          dataFilters: [{ gridRange: rows }],
        },
        {
          valueRange: { range: "'It''s mine'!B2:B3", majorDimension: 'ROWS', values: [['a'], ['b']] },
          dataFilters: [{ a1Range: "'It''s mine'!B2:B3" }],
        },
      ],
    });
    // Two filters selecting the same range: one MatchedValueRange naming both; formatted values by default.
    const twice = await sheets.spreadsheets.values.batchGetByDataFilter({
      spreadsheetId: id,
      requestBody: {
        dataFilters: [
          { gridRange: { sheetId, startRowIndex: 2, endRowIndex: 3 } },
          { gridRange: { sheetId, startRowIndex: 2, endRowIndex: 3 } },
        ],
      },
    });
    expect(twice.data.valueRanges).toHaveLength(1);
    expect(twice.data.valueRanges?.[0]?.dataFilters).toHaveLength(2);
    expect(twice.data.valueRanges?.[0]?.valueRange?.values).toEqual([['2', 'b', 'TRUE']]);
    // The old title no longer reads: an A1 range by title breaks on a rename, a grid range does not.
    const old = await failure(
      sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ['Scores!A2:C'] }, NO_RETRY),
    );
    expect(old).toMatchObject({ status: 400, error: { message: 'Unable to parse range: Scores!A2:C' } });
    expect(fake.counts()['spreadsheets.values.batchGetByDataFilter']).toBeGreaterThanOrEqual(2);
  });

  it('selects the sheets and rows developer metadata sits on; spreadsheet metadata selects nothing', async () => {
    const sheets = client(ANALYST.token);
    const { id, sheetId } = await newSpreadsheet(sheets, 'Scores');
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            updateCells: {
              start: { sheetId, rowIndex: 0, columnIndex: 0 },
              fields: 'userEnteredValue',
              rows: [
                { values: [{ userEnteredValue: { stringValue: 'top' } }] },
                { values: [{ userEnteredValue: { numberValue: 7 } }] },
              ],
            },
          },
          {
            createDeveloperMetadata: {
              developerMetadata: {
                metadataKey: 'row',
                location: { dimensionRange: { sheetId, dimension: 'ROWS', startIndex: 1, endIndex: 2 } },
                visibility: 'DOCUMENT',
              },
            },
          },
          {
            createDeveloperMetadata: {
              developerMetadata: {
                metadataKey: 'doc',
                location: { spreadsheet: true },
                visibility: 'DOCUMENT',
              },
            },
          },
        ],
      },
    });
    const byRow = await sheets.spreadsheets.values.batchGetByDataFilter({
      spreadsheetId: id,
      requestBody: {
        dataFilters: [{ developerMetadataLookup: { metadataKey: 'row' } }],
        valueRenderOption: 'UNFORMATTED_VALUE',
      },
    });
    expect(byRow.data.valueRanges?.[0]?.valueRange).toEqual({
      range: 'Scores!A2:F2',
      majorDimension: 'ROWS',
      values: [[7]],
    });
    const none = await sheets.spreadsheets.values.batchGetByDataFilter({
      spreadsheetId: id,
      requestBody: { dataFilters: [{ developerMetadataLookup: { metadataKey: 'doc' } }] },
    });
    expect(none.data).toEqual({ spreadsheetId: id });
  });

  it('refuses a bad body as a whole before looking the spreadsheet up, and a sheet that is not there', async () => {
    const sheets = client(ANALYST.token);
    const { id, sheetId } = await newSpreadsheet(sheets, 'Scores');
    const before = fake.spreadsheet(id);
    const cases: [string, sheets_v4.Schema$BatchGetValuesByDataFilterRequest, RegExp][] = [
      [id, { dataFilters: [] }, /at least one data filter/],
      [
        id,
        { dataFilters: [{ gridRange: { sheetId }, a1Range: 'Scores!A1' }] },
        /^Invalid dataFilters\[0\]: exactly one of/,
      ],
      [
        id,
        { dataFilters: [{ gridRange: { sheetId, startRowIndex: 3, endRowIndex: 1 } }] },
        /^endRowIndex\[1\] cannot be before startRowIndex\[3\]$/,
      ],
      [
        id,
        { dataFilters: [{ gridRange: { sheetId, startRowIndex: -1 } }] },
        /^GridRange indexes must be >= 0$/,
      ],
      [id, { dataFilters: [{ gridRange: { sheetId } }], valueRenderOption: 'PRETTY' }, /value_render_option/],
      // A body that cannot be read, for a spreadsheet that does not exist, is still a 400 (read before the lookup).
      [
        'no-such-spreadsheet',
        { dataFilters: [{ gridRange: { sheetId, startRowIndex: 'x' as unknown as number } }] },
        /^Invalid value at 'data_filters\[0\]\.grid_range\.start_row_index\.value' \(TYPE_INT32\), "x"$/,
      ],
      // A sheet that is not there (a deleted tab): Google's own sentence, no prefix.
      [id, { dataFilters: [{ gridRange: { sheetId: 424242 } }] }, /^No grid with id: 424242$/],
    ];
    for (const [spreadsheetId, requestBody, message] of cases) {
      const refused = await failure(
        sheets.spreadsheets.values.batchGetByDataFilter({ spreadsheetId, requestBody }, NO_RETRY),
      );
      expect(refused).toMatchObject({ status: 400, error: { code: 400, status: 'INVALID_ARGUMENT' } });
      expect(refused.error.message).toMatch(message);
    }
    const missing = await failure(
      sheets.spreadsheets.values.batchGetByDataFilter(
        { spreadsheetId: 'no-such-spreadsheet', requestBody: { dataFilters: [{ gridRange: { sheetId } }] } },
        NO_RETRY,
      ),
    );
    expect(missing).toMatchObject({ status: 404, error: { status: 'NOT_FOUND' } });
    const stranger = await failure(
      client(COLLEAGUE.token).spreadsheets.values.batchGetByDataFilter(
        { spreadsheetId: id, requestBody: { dataFilters: [{ gridRange: { sheetId } }] } },
        NO_RETRY,
      ),
    );
    expect(stranger).toMatchObject({ status: 403, error: { status: 'PERMISSION_DENIED' } });
    // A read: nothing changed.
    expect(fake.spreadsheet(id)).toBe(before);
  });

  it('counts against the per-user read quota', async () => {
    let t = 5_000_000;
    const limited = await startFakeSheets({ quotaPerMinute: 1, now: () => t });
    try {
      limited.grant(ANALYST.token, ANALYST.email);
      const sheets = client(ANALYST.token, limited.rootUrl);
      const { id, sheetId } = await newSpreadsheet(sheets);
      const read = () =>
        sheets.spreadsheets.values.batchGetByDataFilter(
          { spreadsheetId: id, requestBody: { dataFilters: [{ gridRange: { sheetId } }] } },
          NO_RETRY,
        );
      await read();
      expect(await failure(read())).toMatchObject({ status: 429, error: { status: 'RESOURCE_EXHAUSTED' } });
      expect((await failure(read())).error.message).toMatch(/Read requests per minute per user/);
      t += 60_000;
      await read();
      expect(limited.counts()['spreadsheets.values.batchGetByDataFilter']).toBe(4);
    } finally {
      await limited.close();
    }
  });
});

describe('the grid’s edge (reads clamp their end and refuse their start; writes never grow the sheet)', () => {
  // Real behaviour, measured by brekkylab/backlot (backlot/routers/google.py `_a1_range`, `_sheets_grid_selection`)
  // and reported from the real API in https://github.com/dataiku/dataiku-contrib/issues/215 (a read starting past the
  // grid), https://github.com/Sage-Bionetworks/schematic/pull/1318 and
  // https://github.com/cloudfour/lighthouse-parade/issues/151 (writes past the grid: 400, no growth).
  async function grid(rows: number, columns: number) {
    const sheets = client(ANALYST.token);
    const created = await sheets.spreadsheets.create({
      requestBody: {
        sheets: [
          { properties: { title: 'Scores', gridProperties: { rowCount: rows, columnCount: columns } } },
        ],
      },
    });
    const id = created.data.spreadsheetId as string;
    const sheetId = created.data.sheets?.[0]?.properties?.sheetId as number;
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: 'RAW',
        data: [
          {
            range: 'Scores!A1:C3',
            values: [
              ['h1', 'h2', 'h3'],
              [1, 2, 3],
              [4, 5, 6],
            ],
          },
        ],
      },
    });
    return { sheets, id, sheetId };
  }

  it('reads: an end past the grid is clamped (values and echoed range), a start past it is 400', async () => {
    const { sheets, id, sheetId } = await grid(5, 3);
    const read = await sheets.spreadsheets.values.batchGet({
      spreadsheetId: id,
      ranges: ['Scores!A1:Z5000', 'Scores!B2:AA'],
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    expect(read.data.valueRanges?.map((v) => v.range)).toEqual(['Scores!A1:C5', 'Scores!B2:C5']);
    expect(read.data.valueRanges?.[1]?.values).toEqual([
      [2, 3],
      [5, 6],
    ]);
    const refusals: [Promise<unknown>, string][] = [
      [
        sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ['Scores!A6:C9'] }, NO_RETRY),
        'Range (Scores!A6:C9) exceeds grid limits. Max rows: 5, max columns: 3',
      ],
      [
        sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Scores!D:E' }, NO_RETRY),
        'Range (Scores!D:E) exceeds grid limits. Max rows: 5, max columns: 3',
      ],
      [
        sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Scores!7:7' }, NO_RETRY),
        'Range (Scores!7) exceeds grid limits. Max rows: 5, max columns: 3',
      ],
      [
        sheets.spreadsheets.values.batchGetByDataFilter(
          {
            spreadsheetId: id,
            requestBody: {
              dataFilters: [
                { gridRange: { sheetId, startRowIndex: 5, startColumnIndex: 0, endColumnIndex: 22 } },
              ],
            },
          },
          NO_RETRY,
        ),
        'Range (Scores!A6:V) exceeds grid limits. Max rows: 5, max columns: 3',
      ],
      [
        sheets.spreadsheets.values.batchGetByDataFilter(
          { spreadsheetId: id, requestBody: { dataFilters: [{ a1Range: 'Scores!A9:B' }] } },
          NO_RETRY,
        ),
        'Range (Scores!A9:B9) exceeds grid limits. Max rows: 5, max columns: 3',
      ],
    ];
    for (const [call, message] of refusals) {
      expect(await failure(call)).toMatchObject({
        status: 400,
        error: { code: 400, status: 'INVALID_ARGUMENT', message },
      });
    }
    // By data filter: the grid range's end is clamped too; one empty on an axis answers `#REF!`.
    const filtered = await sheets.spreadsheets.values.batchGetByDataFilter({
      spreadsheetId: id,
      requestBody: {
        dataFilters: [
          {
            gridRange: {
              sheetId,
              startRowIndex: 1,
              endRowIndex: 5000,
              startColumnIndex: 0,
              endColumnIndex: 22,
            },
          },
          { gridRange: { sheetId, startRowIndex: 2, endRowIndex: 2 } },
        ],
        valueRenderOption: 'UNFORMATTED_VALUE',
      },
    });
    expect(filtered.data.valueRanges?.map((m) => m.valueRange)).toEqual([
      {
        range: 'Scores!A2:C5',
        majorDimension: 'ROWS',
        values: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      },
      { range: '#REF!', majorDimension: 'ROWS' },
    ]);
  });

  it('by data filter: a deleted tab’s gridRange is 400 No grid with id, an A1 range naming a missing tab is Unable to parse range', async () => {
    const { sheets, id, sheetId } = await grid(5, 3);
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [{ addSheet: { properties: { title: 'Other' } } }, { deleteSheet: { sheetId } }],
      },
    });
    const deleted = await failure(
      sheets.spreadsheets.values.batchGetByDataFilter(
        {
          spreadsheetId: id,
          requestBody: {
            dataFilters: [{ gridRange: { sheetId, startRowIndex: 1 } }, { a1Range: 'Other!A1' }],
          },
        },
        NO_RETRY,
      ),
    );
    expect(deleted).toMatchObject({ status: 400, error: { message: `No grid with id: ${sheetId}` } });
    const missing = await failure(
      sheets.spreadsheets.values.batchGetByDataFilter(
        { spreadsheetId: id, requestBody: { dataFilters: [{ a1Range: "'Scores'!A2:V" }] } },
        NO_RETRY,
      ),
    );
    expect(missing).toMatchObject({
      status: 400,
      error: { status: 'INVALID_ARGUMENT', message: "Unable to parse range: 'Scores'!A2:V" },
    });
  });

  it('writes past the grid are 400 and write nothing; the grid grows only when asked, and shrinking it drops cells', async () => {
    const { sheets, id, sheetId } = await grid(5, 3);
    const before = fake.spreadsheet(id);
    const past = await failure(
      sheets.spreadsheets.values.batchUpdate(
        {
          spreadsheetId: id,
          requestBody: {
            valueInputOption: 'RAW',
            data: [
              { range: 'Scores!A1', values: [['kept?']] },
              { range: 'Scores!A4:C8', values: [[7], [8], [9], [10], [11]] },
            ],
          },
        },
        NO_RETRY,
      ),
    );
    expect(past).toMatchObject({
      status: 400,
      error: { message: 'Range (Scores!A4:A8) exceeds grid limits. Max rows: 5, max columns: 3' },
    });
    // Atomic: the first range was not written either, and the grid did not grow.
    expect(fake.spreadsheet(id)).toBe(before);
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            updateSheetProperties: {
              properties: { sheetId, gridProperties: { rowCount: 8 } },
              fields: 'gridProperties.rowCount',
            },
          },
        ],
      },
    });
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: 'RAW',
        data: [{ range: 'Scores!A4:A8', values: [[7], [8], [9], [10], [11]] }],
      },
    });
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            updateSheetProperties: {
              properties: { sheetId, gridProperties: { rowCount: 2, columnCount: 2 } },
              fields: 'gridProperties.rowCount,gridProperties.columnCount',
            },
          },
          {
            updateSheetProperties: {
              properties: { sheetId, gridProperties: { rowCount: 10, columnCount: 3 } },
              fields: 'gridProperties.rowCount,gridProperties.columnCount',
            },
          },
        ],
      },
    });
    const after = await sheets.spreadsheets.values.get({
      spreadsheetId: id,
      range: 'Scores',
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    expect(after.data).toMatchObject({
      range: 'Scores!A1:C10',
      values: [
        ['h1', 'h2'],
        [1, 2],
      ],
    });
  });
});

describe('developerMetadata.search', () => {
  it('finds metadata by key (and value); no match leaves matchedDeveloperMetadata out', async () => {
    const sheets = client(ANALYST.token);
    const { id, sheetId } = await newSpreadsheet(sheets);
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            createDeveloperMetadata: {
              developerMetadata: {
                metadataKey: 'perfloop.sheet',
                metadataValue: 'a',
                location: { spreadsheet: true },
                visibility: 'DOCUMENT',
              },
            },
          },
          {
            createDeveloperMetadata: {
              developerMetadata: {
                metadataKey: 'perfloop.sheet',
                metadataValue: 'b',
                location: { sheetId },
                visibility: 'DOCUMENT',
              },
            },
          },
        ],
      },
    });
    const byKey = await sheets.spreadsheets.developerMetadata.search({
      spreadsheetId: id,
      requestBody: { dataFilters: [{ developerMetadataLookup: { metadataKey: 'perfloop.sheet' } }] },
    });
    expect(
      byKey.data.matchedDeveloperMetadata?.map((m) => [
        m.developerMetadata?.metadataValue,
        m.developerMetadata?.location?.locationType,
      ]),
    ).toEqual([
      ['a', 'SPREADSHEET'],
      ['b', 'SHEET'],
    ]);
    const bySheet = await sheets.spreadsheets.developerMetadata.search({
      spreadsheetId: id,
      requestBody: {
        dataFilters: [
          { developerMetadataLookup: { metadataKey: 'perfloop.sheet', metadataLocation: { sheetId } } },
        ],
      },
    });
    expect(bySheet.data.matchedDeveloperMetadata).toHaveLength(1);
    const none = await sheets.spreadsheets.developerMetadata.search({
      spreadsheetId: id,
      requestBody: { dataFilters: [{ developerMetadataLookup: { metadataKey: 'other' } }] },
    });
    expect(none.data).toEqual({});
  });
});

describe('errors, access and quota', () => {
  it('answers unknown ids, missing and invalid tokens and strangers in Google’s error shape', async () => {
    const sheets = client(ANALYST.token);
    expect(await failure(sheets.spreadsheets.get({ spreadsheetId: 'nope' }, NO_RETRY))).toEqual({
      status: 404,
      error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' },
    });
    const res = await fetch(`${fake.rootUrl}v4/spreadsheets/nope`);
    expect([res.status, ((await res.json()) as { error: { status: string } }).error.status]).toEqual([
      401,
      'UNAUTHENTICATED',
    ]);
    expect(
      (await failure(client('ya29.unknown').spreadsheets.get({ spreadsheetId: 'x' }, NO_RETRY))).error.status,
    ).toBe('UNAUTHENTICATED');
    const { id } = await newSpreadsheet(sheets);
    expect(
      await failure(client(COLLEAGUE.token).spreadsheets.get({ spreadsheetId: id }, NO_RETRY)),
    ).toMatchObject({
      status: 403,
      error: { status: 'PERMISSION_DENIED' },
    });
  });

  it('keeps protected cells from collaborators who are not editors of the range', async () => {
    const sheets = client(ANALYST.token);
    const { id, sheetId } = await newSpreadsheet(sheets, 'Scores');
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            addProtectedRange: {
              protectedRange: { range: { sheetId, startColumnIndex: 0, endColumnIndex: 1 } },
            },
          },
        ],
      },
    });
    fake.share(id, COLLEAGUE.email);
    const colleague = client(COLLEAGUE.token);
    const blocked = await failure(
      colleague.spreadsheets.values.batchUpdate({
        spreadsheetId: id,
        requestBody: { valueInputOption: 'RAW', data: [{ range: 'Scores!A2', values: [['x']] }] },
      }),
    );
    expect(blocked.error.message).toMatch(/protected cell/);
    await colleague.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: { valueInputOption: 'RAW', data: [{ range: 'Scores!B2', values: [['ok']] }] },
    });
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: { valueInputOption: 'RAW', data: [{ range: 'Scores!A2', values: [['owner may']] }] },
    });
  });

  it('limits reads and writes per user per minute with 429 RESOURCE_EXHAUSTED', async () => {
    let t = 1_000_000;
    const limited = await startFakeSheets({ quotaPerMinute: 2, now: () => t });
    try {
      limited.grant(ANALYST.token, ANALYST.email);
      limited.grant(COLLEAGUE.token, COLLEAGUE.email);
      const sheets = client(ANALYST.token, limited.rootUrl);
      const { id } = await newSpreadsheet(sheets);
      await sheets.spreadsheets.get({ spreadsheetId: id }, NO_RETRY);
      await sheets.spreadsheets.get({ spreadsheetId: id }, NO_RETRY);
      const over = await failure(sheets.spreadsheets.get({ spreadsheetId: id }, NO_RETRY));
      expect(over).toMatchObject({ status: 429, error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
      expect(over.error.message).toMatch(/Read requests per minute per user/);
      // Writes have their own budget (one create used), and another user is not affected.
      await sheets.spreadsheets.values.batchUpdate({
        spreadsheetId: id,
        requestBody: { valueInputOption: 'RAW', data: [{ range: 'A1', values: [['x']] }] },
      });
      expect(
        (
          await failure(
            client(COLLEAGUE.token, limited.rootUrl).spreadsheets.get({ spreadsheetId: id }, NO_RETRY),
          )
        ).status,
      ).toBe(403);
      t += 60_000;
      await sheets.spreadsheets.get({ spreadsheetId: id }, NO_RETRY);
      expect(limited.counts()['spreadsheets.get']).toBe(5);
    } finally {
      await limited.close();
    }
  });

  it('injects failures, including a write applied before its 503 (an unknown outcome)', async () => {
    const sheets = client(ANALYST.token);
    const { id } = await newSpreadsheet(sheets, 'Scores');
    fake.failNext('spreadsheets.values.batchUpdate', { status: 503, afterApplying: true });
    const lost = await failure(
      sheets.spreadsheets.values.batchUpdate({
        spreadsheetId: id,
        requestBody: { valueInputOption: 'RAW', data: [{ range: 'Scores!A1', values: [['applied']] }] },
      }),
    );
    expect(lost.error.status).toBe('UNAVAILABLE');
    const read = await sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ['Scores!A1'] });
    expect(read.data.valueRanges?.[0]?.values).toEqual([['applied']]);
    fake.failNext('spreadsheets.batchUpdate', { status: 500 });
    const refused = await failure(
      sheets.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: { requests: [{ addSheet: { properties: { title: 'X' } } }] },
      }),
    );
    expect(refused.status).toBe(500);
    expect((await sheets.spreadsheets.get({ spreadsheetId: id })).data.sheets).toHaveLength(1);
  });
});
