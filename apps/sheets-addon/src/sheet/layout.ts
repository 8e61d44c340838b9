// The scoring sheet's columns: what each holds, who may edit it, and where it sits (A1 letters).
export const SCORING_TITLE = 'Scores';

export const COLUMNS = [
  { key: 'personId', header: 'Person id', width: 90, role: 'id' },
  { key: 'goalId', header: 'Goal id', width: 90, role: 'id' },
  { key: 'person', header: 'Person', width: 150, role: 'info' },
  { key: 'department', header: 'Department', width: 120, role: 'info' },
  { key: 'goal', header: 'Goal', width: 240, role: 'info' },
  { key: 'kind', header: 'Kind', width: 90, role: 'info' },
  { key: 'weight', header: 'Weight %', width: 70, role: 'info' },
  { key: 'unit', header: 'Unit', width: 70, role: 'info' },
  { key: 'direction', header: 'Direction', width: 120, role: 'info' },
  { key: 'baseline', header: 'Baseline', width: 80, role: 'info' },
  { key: 'threshold', header: 'Threshold', width: 80, role: 'info' },
  { key: 'target', header: 'Target', width: 80, role: 'info' },
  { key: 'stretch', header: 'Stretch', width: 80, role: 'info' },
  { key: 'actual', header: 'Actual ✎', width: 90, role: 'edit' },
  { key: 'rating', header: 'Rating ✎', width: 80, role: 'edit' },
  { key: 'status', header: 'Import status', width: 320, role: 'status' },
  { key: 'goalVersion', header: 'goal version', width: 60, role: 'hidden' },
  { key: 'actualAtExport', header: 'actual at export', width: 60, role: 'hidden' },
  { key: 'reviewVersion', header: 'review version', width: 60, role: 'hidden' },
  { key: 'ratingAtExport', header: 'rating at export', width: 60, role: 'hidden' },
  { key: 'editable', header: 'editable', width: 60, role: 'hidden' },
  /** The goal id again, among the hidden columns: a sort of the visible columns alone shows as a mismatch. */
  { key: 'rowKey', header: 'row key', width: 60, role: 'hidden' },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];
export const WIDTH = COLUMNS.length;

export const COL = Object.fromEntries(COLUMNS.map((c, i) => [c.key, i])) as Record<ColumnKey, number>;

export function letter(index: number): string {
  let out = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/** A sheet title as written in A1 notation (quoted unless plain). */
export function quoteTitle(title: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) && !/^[A-Za-z]{1,3}\d+$/.test(title)
    ? title
    : `'${title.replaceAll("'", "''")}'`;
}

/**
 * The data rows of the scoring sheet (row 2 down, every column) by its sheetId, never its title: the analyst may
 * rename the tab (spaces, apostrophes, anything) and the sheetId stays.
 */
export const dataGridRange = (sheetId: number) => ({
  sheetId,
  startRowIndex: 1,
  startColumnIndex: 0,
  endColumnIndex: WIDTH,
});

/** Values of the `editable` column: A = actual, R = rating. */
export const editableFlag = (actual: boolean, rating: boolean) => `${actual ? 'A' : ''}${rating ? 'R' : ''}`;
