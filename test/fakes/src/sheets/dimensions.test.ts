// Conformance: deleteDimension through the real googleapis client — rows or columns gone, cells and everything anchored past them shifted, refusals atomic.
import { auth as googleAuth, sheets as googleSheets, type sheets_v4 } from 'googleapis/build/src/apis/sheets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSheets, startFakeSheets } from './server.ts';

const OWNER = { token: 'ya29.dimensions-owner', email: 'ava@acme.test' };
const EDITOR = { token: 'ya29.dimensions-editor', email: 'ben@acme.test' };

let fake: FakeSheets;
beforeAll(async () => {
  fake = await startFakeSheets({ quotaPerMinute: 1000 });
  fake.grant(OWNER.token, OWNER.email);
  fake.grant(EDITOR.token, EDITOR.email);
});
afterAll(() => fake.close());

function client(token: string): sheets_v4.Sheets {
  const auth = new googleAuth.OAuth2();
  auth.setCredentials({ access_token: token });
  return googleSheets({ version: 'v4', auth, rootUrl: fake.rootUrl });
}

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

const api = () => client(OWNER.token);

/**
 * A 10 × 4 tab `Scores` (header frozen): column A `r1`…`r9` under a header, B the row number, a note on each B cell,
 * a dropdown on C2:C10, a protected range over rows 3–6, a conditional format on B2:B10 and developer metadata on
 * row 4, rows 7–9 and column C.
 */
async function scoringTab() {
  const created = await api().spreadsheets.create({
    requestBody: {
      sheets: [
        {
          properties: {
            title: 'Scores',
            gridProperties: { rowCount: 10, columnCount: 4, frozenRowCount: 1 },
          },
        },
      ],
    },
  });
  const id = created.data.spreadsheetId as string;
  const sheetId = created.data.sheets?.[0]?.properties?.sheetId as number;
  fake.share(id, EDITOR.email);
  const rows: sheets_v4.Schema$RowData[] = [
    { values: [{ userEnteredValue: { stringValue: 'id' } }, { userEnteredValue: { stringValue: 'n' } }] },
  ];
  for (let i = 1; i < 10; i++) {
    rows.push({
      values: [
        { userEnteredValue: { stringValue: `r${i}` } },
        { userEnteredValue: { numberValue: i }, note: `note ${i}` },
      ],
    });
  }
  const metadata = (key: string, dimension: 'ROWS' | 'COLUMNS', startIndex: number, endIndex: number) => ({
    createDeveloperMetadata: {
      developerMetadata: {
        metadataKey: key,
        location: { dimensionRange: { sheetId, dimension, startIndex, endIndex } },
        visibility: 'DOCUMENT',
      },
    },
  });
  await api().spreadsheets.batchUpdate({
    spreadsheetId: id,
    requestBody: {
      requests: [
        {
          updateCells: {
            start: { sheetId, rowIndex: 0, columnIndex: 0 },
            fields: 'userEnteredValue,note',
            rows,
          },
        },
        {
          setDataValidation: {
            range: { sheetId, startRowIndex: 1, endRowIndex: 10, startColumnIndex: 2, endColumnIndex: 3 },
            rule: { condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'ok' }] } },
          },
        },
        {
          addProtectedRange: {
            protectedRange: {
              protectedRangeId: 77,
              range: { sheetId, startRowIndex: 2, endRowIndex: 6 },
              editors: { users: [OWNER.email] },
            },
          },
        },
        {
          addConditionalFormatRule: {
            index: 0,
            rule: {
              ranges: [
                { sheetId, startRowIndex: 1, endRowIndex: 10, startColumnIndex: 1, endColumnIndex: 2 },
              ],
              booleanRule: {
                condition: { type: 'NUMBER_GREATER', values: [{ userEnteredValue: '5' }] },
                format: { textFormat: { bold: true } },
              },
            },
          },
        },
        metadata('row4', 'ROWS', 3, 4),
        metadata('rows7to9', 'ROWS', 6, 9),
        metadata('columnC', 'COLUMNS', 2, 3),
      ],
    },
  });
  return { id, sheetId };
}

const deleteDimension = (
  sheetId: number,
  dimension: 'ROWS' | 'COLUMNS',
  startIndex: number,
  endIndex?: number,
): sheets_v4.Schema$Request => ({
  deleteDimension: {
    range: { sheetId, dimension, startIndex, ...(endIndex === undefined ? {} : { endIndex }) },
  },
});

async function state(id: string) {
  const got = await api().spreadsheets.get({ spreadsheetId: id, includeGridData: true });
  const sheet = got.data.sheets?.[0];
  const rowData = sheet?.data?.[0]?.rowData ?? [];
  const cells = rowData.map((r) => r.values ?? []);
  const meta = await api().spreadsheets.developerMetadata.search({
    spreadsheetId: id,
    requestBody: {
      dataFilters: [
        { developerMetadataLookup: { locationType: 'ROW' } },
        { developerMetadataLookup: { locationType: 'COLUMN' } },
      ],
    },
  });
  return {
    grid: sheet?.properties?.gridProperties,
    ids: cells.map((c) => c[0]?.formattedValue ?? ''),
    notes: cells.map((c) => c[1]?.note ?? null),
    validated: cells.map((c) =>
      c.some((x) => x.dataValidation) ? c.findIndex((x) => x.dataValidation) : -1,
    ),
    protected: sheet?.protectedRanges?.map((p) => [p.protectedRangeId, p.range]),
    formats: sheet?.conditionalFormats?.map((f) => f.ranges),
    metadata: Object.fromEntries(
      (meta.data.matchedDeveloperMetadata ?? []).map((m) => [
        m.developerMetadata?.metadataKey,
        m.developerMetadata?.location?.dimensionRange,
      ]),
    ),
  };
}

describe('deleteDimension ROWS', () => {
  it('deletes rows in the middle: the rows below move up with their notes and validation; ranges and metadata shift or shrink, or go', async () => {
    const { id, sheetId } = await scoringTab();
    // Rows 4 and 5 (indexes 3 and 4): inside the protected rows 3–6, the row the `row4` metadata sits on.
    const res = await api().spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: { requests: [deleteDimension(sheetId, 'ROWS', 3, 5)] },
    });
    expect(res.data.replies).toEqual([{}]);
    const s = await state(id);
    expect(s.grid).toEqual({ rowCount: 8, columnCount: 4, frozenRowCount: 1 });
    expect(s.ids).toEqual(['id', 'r1', 'r2', 'r5', 'r6', 'r7', 'r8', 'r9']);
    expect(s.notes).toEqual([null, 'note 1', 'note 2', 'note 5', 'note 6', 'note 7', 'note 8', 'note 9']);
    expect(s.validated).toEqual([-1, 2, 2, 2, 2, 2, 2, 2]);
    expect(s.protected).toEqual([[77, { sheetId, startRowIndex: 2, endRowIndex: 4 }]]);
    expect(s.formats).toEqual([
      [{ sheetId, startRowIndex: 1, endRowIndex: 8, startColumnIndex: 1, endColumnIndex: 2 }],
    ]);
    // `row4` sat on a deleted row: it went with it. Rows 7–9 are now 5–7.
    expect(s.metadata).toEqual({
      rows7to9: { sheetId, dimension: 'ROWS', startIndex: 4, endIndex: 7 },
      columnC: { sheetId, dimension: 'COLUMNS', startIndex: 2, endIndex: 3 },
    });
    // A1 reads follow: row 4 is now what was row 6.
    const read = await api().spreadsheets.values.get({ spreadsheetId: id, range: 'Scores!A4:B4' });
    expect(read.data.values).toEqual([['r5', '5']]);
  });

  it('an open end deletes to the edge; a metadata range cut by the deletion keeps what is left of it', async () => {
    const { id, sheetId } = await scoringTab();
    await api().spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: { requests: [deleteDimension(sheetId, 'ROWS', 8)] },
    });
    const s = await state(id);
    expect(s.grid?.rowCount).toBe(8);
    expect(s.ids).toEqual(['id', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
    expect(s.metadata.rows7to9).toEqual({ sheetId, dimension: 'ROWS', startIndex: 6, endIndex: 8 });
    expect(s.formats).toEqual([
      [{ sheetId, startRowIndex: 1, endRowIndex: 8, startColumnIndex: 1, endColumnIndex: 2 }],
    ]);
  });
});

describe('deleteDimension COLUMNS', () => {
  it('deletes a column in the middle: the columns right of it move left; column metadata on it goes', async () => {
    const { id, sheetId } = await scoringTab();
    await api().spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: { requests: [deleteDimension(sheetId, 'COLUMNS', 0, 1)] },
    });
    const s = await state(id);
    expect(s.grid).toEqual({ rowCount: 10, columnCount: 3, frozenRowCount: 1 });
    // Column B (numbers and notes) is now A; the dropdown moved from C to B; the rule's B range to A.
    expect(s.ids).toEqual(['n', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(s.validated).toEqual([-1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(s.formats).toEqual([
      [{ sheetId, startRowIndex: 1, endRowIndex: 10, startColumnIndex: 0, endColumnIndex: 1 }],
    ]);
    expect(s.metadata.columnC).toEqual({ sheetId, dimension: 'COLUMNS', startIndex: 1, endIndex: 2 });
    await api().spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: { requests: [deleteDimension(sheetId, 'COLUMNS', 0, 1)] },
    });
    const again = await state(id);
    expect(again.formats).toBeUndefined();
    expect(again.metadata.columnC).toEqual({ sheetId, dimension: 'COLUMNS', startIndex: 0, endIndex: 1 });
  });
});

describe('deleteDimension refusals', () => {
  it('past the grid, every row or column, every non-frozen row, a protected row for an editor: 400 and the batch applies nothing', async () => {
    const { id, sheetId } = await scoringTab();
    const before = fake.spreadsheet(id);
    const cases: [sheets_v4.Schema$Request, string][] = [
      [
        deleteDimension(sheetId, 'ROWS', 10, 11),
        "Cannot delete a row that doesn't exist. Tried to delete row index 10 but there are only 10 rows.",
      ],
      [
        deleteDimension(sheetId, 'COLUMNS', 2, 6),
        "Cannot delete a column that doesn't exist. Tried to delete column index 4 but there are only 4 columns.",
      ],
      [deleteDimension(sheetId, 'COLUMNS', 0, 4), "You can't delete all the columns on the sheet."],
      [deleteDimension(sheetId, 'ROWS', 0, 10), "You can't delete all the rows on the sheet."],
      [deleteDimension(sheetId, 'ROWS', 1, 10), 'Sorry, it is not possible to delete all non-frozen rows.'],
      [deleteDimension(sheetId, 'ROWS', 5, 3), 'Invalid dimension range 5..3'],
      [deleteDimension(4242, 'ROWS', 1, 2), 'No grid with id: 4242'],
    ];
    for (const [request, message] of cases) {
      const e = await failure(
        api().spreadsheets.batchUpdate({
          spreadsheetId: id,
          requestBody: { requests: [{ addSheet: { properties: { title: 'Other' } } }, request] },
        }),
      );
      expect(e).toEqual({
        status: 400,
        code: 'INVALID_ARGUMENT',
        message: `Invalid requests[1].deleteDimension: ${message}`,
      });
    }
    // An editor who may not edit the protected rows 3–6 cannot delete row 4; row 8 is theirs to delete.
    const editor = client(EDITOR.token);
    const e = await failure(
      editor.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: { requests: [deleteDimension(sheetId, 'ROWS', 3, 4)] },
      }),
    );
    expect(e.message).toMatch(/protected cell or object/);
    expect(fake.spreadsheet(id)).toBe(before);
    await editor.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: { requests: [deleteDimension(sheetId, 'ROWS', 7, 8)] },
    });
    expect((await state(id)).ids).toEqual(['id', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r8', 'r9']);
  });

  it('deleting a frozen row lowers the frozen count', async () => {
    const { id, sheetId } = await scoringTab();
    await api().spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: { requests: [deleteDimension(sheetId, 'ROWS', 0, 1)] },
    });
    const s = await state(id);
    expect(s.grid).toEqual({ rowCount: 9, columnCount: 4 });
    expect(s.ids[0]).toBe('r1');
    expect(s.protected).toEqual([[77, { sheetId, startRowIndex: 1, endRowIndex: 5 }]]);
  });
});
