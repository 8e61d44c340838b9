// deleteDimension: rows or columns removed from a sheet, and everything anchored past them shifted as Google does.
import type { GridRange } from './a1.ts';
import { invalid, mayEdit, PROTECTED, type Sheet, type Spreadsheet } from './model.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where an index lands once [start, end) is gone: before it stays, inside it closes up to `start`, past it moves back. */
const shifted = (i: number, start: number, end: number) =>
  i <= start ? i : i >= end ? i - (end - start) : start;

/**
 * A span along the deleted dimension (open ends stay open) once [start, end) is gone, or null when nothing of it is
 * left: Google shrinks a protected range, a conditional format's range or developer metadata's rows or columns to
 * what survives, and deletes the object whose rows or columns all went ("If the associated object is deleted its
 * metadata is deleted too": DeveloperMetadata in the Sheets v4 reference).
 */
function shiftSpan(
  from: number | undefined,
  to: number | undefined,
  start: number,
  end: number,
): { from: number | undefined; to: number | undefined } | null {
  const a = from === undefined ? undefined : shifted(from, start, end);
  const b = to === undefined ? undefined : shifted(to, start, end);
  if ((a ?? 0) === b) return null;
  return { from: a, to: b };
}

/** A grid range of `sheetId` after the deletion (a copy), or null when it lay wholly in the deleted band. */
function shiftRange(range: GridRange, rows: boolean, start: number, end: number): GridRange | null {
  const [fromKey, toKey] = rows
    ? (['startRowIndex', 'endRowIndex'] as const)
    : (['startColumnIndex', 'endColumnIndex'] as const);
  const span = shiftSpan(range[fromKey], range[toKey], start, end);
  if (span === null) return null;
  const out: GridRange = { ...range };
  if (span.from === undefined) delete out[fromKey];
  else out[fromKey] = span.from;
  if (span.to === undefined) delete out[toKey];
  else out[toKey] = span.to;
  return out;
}

/**
 * Deletes rows or columns [start, end) of `sheet` in the working copy `s`. Refusals as the real API words them:
 * `Cannot delete a row that doesn't exist. Tried to delete row index 1 but there are only 1 rows.`
 * (https://github.com/activepieces/activepieces/issues/5654), `You can't delete all the rows on the sheet.`
 * (https://github.com/SteveWinward/GoogleSheetsWrapper/issues/43), `Sorry, it is not possible to delete all
 * non-frozen rows.` (https://github.com/jlolling/talendcomp_tGoogleSheet/issues/19); the column forms are the same
 * sentences with "column". Rows a protected range the caller may not edit overlaps are refused like any edit of it.
 * Cells (values, notes, data validation, formats) move with their rows or columns; protected ranges, conditional
 * format ranges and row/column developer metadata shift and shrink, and go when nothing of them is left; frozen
 * rows or columns deleted lower the frozen count. An empty range deletes nothing.
 */
export function deleteDimension(
  ctx: { s: Spreadsheet; user: string },
  sheet: Sheet,
  dimension: 'ROWS' | 'COLUMNS',
  start: number,
  end: number,
  where: string,
): void {
  const rows = dimension === 'ROWS';
  const g = sheet.properties.gridProperties;
  const size = rows ? g.rowCount : g.columnCount;
  const noun = rows ? 'row' : 'column';
  if (start < 0 || start > end) throw invalid(`${where}Invalid dimension range ${start}..${end}`);
  if (start === end) return;
  if (end > size) {
    throw invalid(
      `${where}Cannot delete a ${noun} that doesn't exist. Tried to delete ${noun} index ${Math.max(start, size)} but there are only ${size} ${noun}s.`,
    );
  }
  const count = end - start;
  if (count >= size) throw invalid(`${where}You can't delete all the ${noun}s on the sheet.`);
  const frozenKey = rows ? 'frozenRowCount' : 'frozenColumnCount';
  const frozen = g[frozenKey] ?? 0;
  const frozenLeft = frozen - Math.max(0, Math.min(end, frozen) - start);
  if (frozen > 0 && size - count <= frozenLeft) {
    throw invalid(`${where}Sorry, it is not possible to delete all non-frozen ${noun}s.`);
  }
  const sheetId = sheet.properties.sheetId;
  const band: Required<GridRange> = rows
    ? { sheetId, startRowIndex: start, endRowIndex: end, startColumnIndex: 0, endColumnIndex: g.columnCount }
    : { sheetId, startRowIndex: 0, endRowIndex: g.rowCount, startColumnIndex: start, endColumnIndex: end };
  if (!mayEdit(ctx.s, sheet, ctx.user, band)) throw PROTECTED();

  // Cells and dimension properties (the working copy's arrays are its own; row arrays are replaced, never edited).
  if (rows) {
    sheet.rows.splice(start, count);
    sheet.rowProperties.splice(start, count);
    g.rowCount -= count;
  } else {
    sheet.rows = sheet.rows.map((row) => {
      if (!row || row.length <= start) return row;
      const copy = row.slice();
      copy.splice(start, count);
      return copy;
    });
    sheet.columnProperties.splice(start, count);
    g.columnCount -= count;
  }
  if (frozen > 0) {
    if (frozenLeft > 0) g[frozenKey] = frozenLeft;
    else delete g[frozenKey];
  }

  sheet.protectedRanges = sheet.protectedRanges.flatMap((p) => {
    const range = shiftRange(p.range, rows, start, end);
    return range === null ? [] : [{ ...structuredClone(p), range }];
  });
  sheet.conditionalFormats = sheet.conditionalFormats.flatMap((rule) => {
    if (!isObject(rule) || !Array.isArray(rule.ranges)) return [rule];
    const ranges = (rule.ranges as GridRange[]).flatMap((r) => {
      if (r.sheetId !== sheetId && !(r.sheetId === undefined && sheetId === 0)) return [r];
      const next = shiftRange(r, rows, start, end);
      return next === null ? [] : [next];
    });
    return ranges.length === 0 ? [] : [{ ...structuredClone(rule), ranges }];
  });
  ctx.s.developerMetadata = ctx.s.developerMetadata.flatMap((m) => {
    if (!('dimensionRange' in m.location)) return [m];
    const d = m.location.dimensionRange;
    if (d.sheetId !== sheetId || d.dimension !== dimension) return [m];
    const span = shiftSpan(d.startIndex, d.endIndex, start, end);
    if (span === null) return [];
    return [
      {
        ...m,
        location: {
          ...m.location,
          dimensionRange: { ...d, startIndex: span.from ?? 0, endIndex: span.to ?? d.endIndex },
        },
      },
    ];
  });
}
