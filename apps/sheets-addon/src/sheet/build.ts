// The scoring sheet as three payloads whatever its size: the create body, one structural batchUpdate, one values write.
import type { RatingScale } from '@perfloop/core';
import { NUMBER_LIKE_PATTERN } from '../scoring/numbers.ts';
import type { sheets_v4 } from '../sheets/googleapis.ts';
import { COL, COLUMNS, letter, quoteTitle, SCORING_TITLE, WIDTH } from './layout.ts';
import { METADATA_KEY, SCORING_LAYOUT, type SheetMetadata } from './metadata.ts';
import { rowCells, type ScoringRow, scaleText } from './rows.ts';

/** The scoring tab's sheet id: chosen by us so the structural batch can be built before the create returns. */
export const SCORING_SHEET_ID = 1_000_001;

type Request = sheets_v4.Schema$Request;
type Color = sheets_v4.Schema$Color;

export const COLORS = {
  header: { red: 0.9, green: 0.92, blue: 0.98 },
  readOnly: { red: 0.95, green: 0.95, blue: 0.95 },
  error: { red: 0.98, green: 0.8, blue: 0.8 },
  warning: { red: 1, green: 0.92, blue: 0.75 },
  pending: { red: 0.82, green: 0.9, blue: 1 },
} satisfies Record<string, Color>;

const formula = (f: string) => ({ type: 'CUSTOM_FORMULA', values: [{ userEnteredValue: f }] });

export interface ScoringSheetInput {
  spreadsheetTitle: string;
  cycleId: string;
  cycleName: string;
  scope: string;
  exportId: string;
  exportedAt: string;
  scale: RatingScale;
  rows: readonly ScoringRow[];
}

export interface ScoringSheetPayloads {
  create: sheets_v4.Schema$Spreadsheet;
  requests: Request[];
  values: sheets_v4.Schema$ValueRange[];
  metadata: SheetMetadata;
}

/** Column range of one column over the data rows (row 2 to the end; open-ended so added rows are covered). */
const column = (col: number, rows?: number): sheets_v4.Schema$GridRange => ({
  sheetId: SCORING_SHEET_ID,
  startRowIndex: 1,
  ...(rows !== undefined ? { endRowIndex: rows + 1 } : {}),
  startColumnIndex: col,
  endColumnIndex: col + 1,
});
const columns = (from: number, to: number): sheets_v4.Schema$GridRange => ({
  sheetId: SCORING_SHEET_ID,
  startRowIndex: 0,
  startColumnIndex: from,
  endColumnIndex: to + 1,
});

/** Conditional-format rules over the editable cells, most important first (the first match wins). */
export function conditionalRules(scale: RatingScale): Request[] {
  const n = `$${letter(COL.actual)}2`;
  const o = `$${letter(COL.rating)}2`;
  const levels = scale.levels.map((l) => l.value).join(',');
  const rule = (range: sheets_v4.Schema$GridRange, f: string, color: Color): Request => ({
    addConditionalFormatRule: {
      rule: { ranges: [range], booleanRule: { condition: formula(f), format: { backgroundColor: color } } },
      index: 0,
    },
  });
  // Added at index 0 one after the other: list them least important first.
  return [
    rule(column(COL.actual), `=ISERROR(SEARCH("A",$${letter(COL.editable)}2))`, COLORS.readOnly),
    rule(column(COL.rating), `=ISERROR(SEARCH("R",$${letter(COL.editable)}2))`, COLORS.readOnly),
    rule(column(COL.actual), `=${n}&""<>$${letter(COL.actualAtExport)}2&""`, COLORS.pending),
    rule(column(COL.rating), `=${o}&""<>$${letter(COL.ratingAtExport)}2&""`, COLORS.pending),
    rule(
      column(COL.actual),
      `=AND(ISNUMBER(${n}),ISNUMBER($${letter(COL.threshold)}2),IF($${letter(COL.direction)}2="Lower is better",${n}>$${letter(COL.threshold)}2,${n}<$${letter(COL.threshold)}2))`,
      COLORS.warning,
    ),
    rule(
      column(COL.actual),
      // Text the import reads as a number (a plain-text cell, a decimal comma) is no error.
      `=AND(${n}<>"",OR(AND(NOT(ISNUMBER(${n})),NOT(REGEXMATCH(TRIM(${n}&""),"${NUMBER_LIKE_PATTERN}"))),$${letter(COL.kind)}2="Competency"))`,
      COLORS.error,
    ),
    rule(column(COL.rating), `=AND(${o}<>"",ISERROR(MATCH(${o},{${levels}},0)))`, COLORS.error),
  ];
}

/** Data validation for the two editable columns over `rows` data rows. */
export function validations(scale: RatingScale, rows: number): Request[] {
  return [
    {
      setDataValidation: {
        range: column(COL.actual, rows),
        rule: {
          condition: formula(`=ISNUMBER(${letter(COL.actual)}2)`),
          inputMessage: 'KPI goals only: the actual as a number, in the goal’s unit.',
          strict: false,
        },
      },
    },
    {
      setDataValidation: {
        range: column(COL.rating, rows),
        rule: {
          condition: {
            type: 'ONE_OF_LIST',
            values: scale.levels.map((l) => ({ userEnteredValue: String(l.value) })),
          },
          inputMessage: `Your manager-review rating: ${scaleText(scale)}`,
          strict: true,
          showCustomUi: true,
        },
      },
    },
  ];
}

export function buildScoringSheet(input: ScoringSheetInput): ScoringSheetPayloads {
  const n = input.rows.length;
  const metadata: SheetMetadata = {
    kind: 'scoring',
    layout: SCORING_LAYOUT,
    sheetId: SCORING_SHEET_ID,
    title: SCORING_TITLE,
    cycleId: input.cycleId,
    cycleName: input.cycleName,
    scope: input.scope,
    exportId: input.exportId,
    exportedAt: input.exportedAt,
    rows: n,
    revision: 0,
  };
  const create: sheets_v4.Schema$Spreadsheet = {
    properties: { title: input.spreadsheetTitle },
    sheets: [
      {
        properties: {
          sheetId: SCORING_SHEET_ID,
          title: SCORING_TITLE,
          gridProperties: { rowCount: n + 1, columnCount: WIDTH, frozenRowCount: 1, frozenColumnCount: 3 },
        },
      },
    ],
  };
  const headerNotes: Partial<Record<number, string>> = {
    [COL.personId]: 'Perfloop ids: protected, do not edit.',
    [COL.actual]:
      'KPI goals only: the actual, a number in the goal’s unit. Blue = changed since export, not imported yet.',
    [COL.rating]: `Your manager-review rating of this goal (draft): ${scaleText(input.scale)}. Only in appraise, for people in your manager chain.`,
    [COL.status]: 'Written by Perfloop on import: what happened to the row, and why.',
  };
  const hidden = COLUMNS.flatMap((c, i) => (c.role === 'hidden' ? [i] : []));
  const requests: Request[] = [
    {
      updateCells: {
        start: { sheetId: SCORING_SHEET_ID, rowIndex: 0, columnIndex: 0 },
        fields: 'note,userEnteredFormat.textFormat.bold,userEnteredFormat.backgroundColor',
        rows: [
          {
            values: COLUMNS.map((_, i) => ({
              ...(headerNotes[i] ? { note: headerNotes[i] } : {}),
              userEnteredFormat: { textFormat: { bold: true }, backgroundColor: COLORS.header },
            })),
          },
        ],
      },
    },
    ...COLUMNS.map(
      (c, i): Request => ({
        updateDimensionProperties: {
          range: { sheetId: SCORING_SHEET_ID, dimension: 'COLUMNS', startIndex: i, endIndex: i + 1 },
          properties: { pixelSize: c.width },
          fields: 'pixelSize',
        },
      }),
    ),
    {
      updateDimensionProperties: {
        range: {
          sheetId: SCORING_SHEET_ID,
          dimension: 'COLUMNS',
          startIndex: hidden[0] ?? WIDTH,
          endIndex: (hidden[hidden.length - 1] ?? WIDTH - 1) + 1,
        },
        properties: { hiddenByUser: true },
        fields: 'hiddenByUser',
      },
    },
    // Ids and the import bookkeeping: only the owner edits them.
    {
      addProtectedRange: {
        protectedRange: {
          range: columns(COL.personId, COL.goalId),
          description: 'Perfloop ids (do not edit)',
        },
      },
    },
    {
      addProtectedRange: {
        protectedRange: {
          range: columns(COL.goalVersion, COL.rowKey),
          description: 'Perfloop import bookkeeping (do not edit)',
        },
      },
    },
    // What Perfloop owns: editing it warns (it is not imported).
    {
      addProtectedRange: {
        protectedRange: {
          range: columns(COL.person, COL.stretch),
          description: 'From Perfloop: not imported (change goals in Perfloop)',
          warningOnly: true,
        },
      },
    },
    {
      addProtectedRange: {
        protectedRange: {
          range: columns(COL.status, COL.status),
          description: 'Written by Perfloop',
          warningOnly: true,
        },
      },
    },
    ...validations(input.scale, n),
    ...conditionalRules(input.scale),
    {
      createDeveloperMetadata: {
        developerMetadata: {
          metadataKey: METADATA_KEY,
          metadataValue: JSON.stringify(metadata),
          location: { spreadsheet: true },
          visibility: 'DOCUMENT',
        },
      },
    },
  ];
  const values: sheets_v4.Schema$ValueRange[] = [
    {
      range: `${quoteTitle(SCORING_TITLE)}!A1:${letter(WIDTH - 1)}${n + 1}`,
      majorDimension: 'ROWS',
      values: [COLUMNS.map((c) => c.header), ...input.rows.map(rowCells)],
    },
  ];
  return { create, requests, values, metadata };
}
