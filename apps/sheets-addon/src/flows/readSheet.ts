// Finds the open spreadsheet's scoring tab and reads its rows (one metadata lookup, one read), or the card that says why it cannot.
import { actionButton, buttons, card, esc, paragraph, requestFileScope, updateCard } from '../cards/build.ts';
import type { AddonResponse } from '../cards/schema.ts';
import { openSpreadsheet } from '../event.ts';
import { COLUMNS, dataGridRange, WIDTH } from '../sheet/layout.ts';
import { type FoundMetadata, METADATA_KEY, readMetadata, SCORING_LAYOUT } from '../sheet/metadata.ts';
import { SheetsFailure } from '../sheets/gateway.ts';
import type { sheets_v4 } from '../sheets/googleapis.ts';
import type { FlowContext } from './context.ts';

export type Located =
  | { spreadsheetId: string; meta: FoundMetadata; values: unknown[][]; gridRows: number }
  | { response: AddonResponse };

/** The last row of a returned range (`Scores!A2:U5001`, `'It''s mine'!A2:V9` → 5001, 9): the grid's size, as the API clamps ranges to it. */
export function lastRowOf(range: string | null | undefined): number | undefined {
  const m = /:[A-Z]+(\d+)$/.exec(range ?? '');
  return m ? Number(m[1]) : undefined;
}

/** How many columns a returned range reaches (`Scores!A2:V9` → 22, `Scores!A2:O9` → 15): the API clamps it to the grid. */
export function columnsOf(range: string | null | undefined): number | undefined {
  const m = /:([A-Z]+)\d+$/.exec(range ?? '');
  if (!m) return undefined;
  let n = 0;
  for (const ch of m[1] as string) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** `Max rows: 1` of Google's "Range (…) exceeds grid limits. Max rows: 1, max columns: 22". */
function maxRowsOf(message: string): number | undefined {
  const m = /exceeds grid limits\. Max rows: (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/**
 * The layout's columns a narrower tab lacks, by the headers of its row 1 (a column deleted anywhere, not only at the
 * end: the ones after it moved left), or null when the headers do not tell (edited as well): read only on that
 * refusal, so a sound tab costs no extra call.
 */
async function deletedColumns(
  ctx: FlowContext,
  spreadsheetId: string,
  sheetId: number,
  count: number,
): Promise<string[] | null> {
  const [header] = await ctx.sheets.valuesByGridRange(spreadsheetId, [
    { sheetId, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: WIDTH },
  ]);
  const present = (header?.values?.[0] ?? []).map(String);
  const missing = COLUMNS.map((c) => c.header).filter((h) => !present.includes(h));
  return missing.length === count ? missing : null;
}

const back = (ctx: FlowContext) => buttons(actionButton('Back', ctx.urls.home));

function notice(title: string, text: string, ...widgets: ReturnType<typeof buttons>[]): AddonResponse {
  return updateCard(card('Perfloop', title, [{ widgets: [paragraph(text), ...widgets] }]));
}

/** A sheet of an older layout: its columns mean something else now, so it is never read; a new one is one click away. */
export function outdatedLayoutText(meta: FoundMetadata['value']): string {
  return `This scoring sheet of ${esc(meta.cycleName)} was made with an older layout of the Perfloop add-on (layout ${meta.layout}; this version reads layout ${SCORING_LAYOUT}), so it can no longer be imported or refreshed, and nothing was read or changed. Create a new scoring sheet for the same cycle and team, then import from the new sheet (edits in this one that were not imported yet must be typed again there).`;
}

export const createAgainButton = (ctx: FlowContext, meta: FoundMetadata['value']) =>
  actionButton(
    'Create a new scoring sheet',
    ctx.urls.createScoringSheet,
    { cycleId: meta.cycleId, scope: meta.scope },
    true,
  );

/**
 * The open spreadsheet's scoring sheet and its rows. The tab is read by its sheetId (never its title: a renamed tab
 * is still found) from row 2 down over the layout's columns; Sheets clamps the read to the grid and echoes the
 * clamped range, so the grid's size comes with the values. What Sheets refuses becomes a card:
 * 400 `No grid with id` (the tab was deleted), 400 `exceeds grid limits` (row 2 is past the grid: every data row was
 * deleted, read as no rows). A tab narrower than the layout (columns deleted, anywhere) is refused before anything is
 * done, naming the deleted columns by the headers left in row 1.
 */
export async function readScoringSheet(ctx: FlowContext): Promise<Located> {
  const open = openSpreadsheet(ctx.event);
  if (!open) return { response: requestFileScope() };
  const found = readMetadata(await ctx.sheets.searchMetadata(open.id, METADATA_KEY)).find(
    (m) => m.value.kind === 'scoring',
  );
  if (!found) {
    return {
      response: notice(
        'Not a scoring sheet',
        'This spreadsheet has no Perfloop scoring sheet. Create one from the home card, then import from it.',
        back(ctx),
      ),
    };
  }
  if (found.value.layout !== SCORING_LAYOUT) {
    return {
      response: notice(
        'Sheet from an older version',
        outdatedLayoutText(found.value),
        buttons(createAgainButton(ctx, found.value), actionButton('Back', ctx.urls.home)),
      ),
    };
  }
  let range: sheets_v4.Schema$ValueRange | undefined;
  let gridRows: number | undefined;
  try {
    [range] = await ctx.sheets.valuesByGridRange(open.id, [dataGridRange(found.value.sheetId)]);
  } catch (error) {
    if (!(error instanceof SheetsFailure && error.status === 400)) throw error;
    const rows = maxRowsOf(error.message);
    if (rows !== undefined) {
      range = { values: [] };
      gridRows = rows;
    } else if (!/No grid with id/i.test(error.message)) {
      throw error;
    }
  }
  if (!range) {
    return {
      response: notice(
        'Scoring tab not found',
        `The scoring tab (first called “${esc(found.value.title)}”) was deleted from this spreadsheet, so nothing was imported or changed. Restore it from the version history (File › Version history), or create a new scoring sheet.`,
        buttons(createAgainButton(ctx, found.value), actionButton('Back', ctx.urls.home)),
      ),
    };
  }
  const columns = columnsOf(range.range);
  if (columns !== undefined && columns < WIDTH) {
    const deleted = await deletedColumns(ctx, open.id, found.value.sheetId, WIDTH - columns);
    const what =
      deleted === null
        ? `${WIDTH - columns} of its columns were deleted`
        : `${esc(deleted.join(', '))} ${deleted.length === 1 ? 'was' : 'were'} deleted`;
    return {
      response: notice(
        'Columns missing',
        `The scoring tab has ${columns} columns; Perfloop’s layout has ${WIDTH}: ${what}. Perfloop reads each column by its place in the layout (each row’s status and versions among them), so nothing was imported or changed. Undo the deletion (Edit › Undo, or File › Version history), or create a new scoring sheet.`,
        buttons(createAgainButton(ctx, found.value), actionButton('Back', ctx.urls.home)),
      ),
    };
  }
  const values = (range.values ?? []) as unknown[][];
  return {
    spreadsheetId: open.id,
    meta: found,
    values,
    gridRows: gridRows ?? lastRowOf(range.range) ?? values.length + 1,
  };
}
