// The scoring sheet's payloads: the same structural requests whatever the number of rows, one values range, the metadata.
import { DEFAULT_RATING_SCALE } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { buildScoringSheet, SCORING_SHEET_ID } from './build.ts';
import { COLUMNS, WIDTH } from './layout.ts';
import { rowCells, type ScoringRow } from './rows.ts';

const row = (i: number): ScoringRow => ({
  personId: `per_${i}`,
  goalId: `gol_${i}`,
  person: `Person ${i}`,
  department: 'Sales',
  goal: `Goal ${i}`,
  kind: 'KPI',
  weight: 50,
  unit: 'k€',
  direction: 'Higher is better',
  baseline: 0,
  threshold: 50,
  target: 100,
  stretch: 150,
  actual: i,
  rating: '',
  status: '',
  goalVersion: 3,
  actualAtExport: i,
  reviewVersion: '',
  ratingAtExport: '',
  editable: 'A',
  rowKey: `gol_${i}`,
});

const build = (n: number) =>
  buildScoringSheet({
    spreadsheetTitle: 'Perfloop scoring – 2026 H2 – Sales',
    cycleId: 'cyc_1',
    cycleName: '2026 H2',
    scope: 'team',
    exportId: 'exp_1',
    exportedAt: '2026-11-30T10:00:00.000Z',
    scale: DEFAULT_RATING_SCALE,
    rows: Array.from({ length: n }, (_, i) => row(i)),
  });

describe('buildScoringSheet', () => {
  it('needs the same structural requests and one values range whatever the number of rows', () => {
    const small = build(1);
    const large = build(5000);
    expect(large.requests.length).toBe(small.requests.length);
    expect(large.values).toHaveLength(1);
    expect(large.values[0]?.range).toBe(`Scores!A1:V5001`);
    expect(large.values[0]?.values).toHaveLength(5001);
    expect(large.create.sheets?.[0]?.properties).toMatchObject({
      sheetId: SCORING_SHEET_ID,
      gridProperties: { rowCount: 5001, columnCount: WIDTH, frozenRowCount: 1 },
    });
  });

  it('protects ids and bookkeeping, validates the editable columns, records cycle and layout in developer metadata', () => {
    const { requests, metadata } = build(3);
    const kinds = requests.map((r) => Object.keys(r)[0]);
    expect(kinds.filter((k) => k === 'addProtectedRange')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'setDataValidation')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'addConditionalFormatRule').length).toBeGreaterThanOrEqual(5);
    const meta = requests.find((r) => r.createDeveloperMetadata)?.createDeveloperMetadata?.developerMetadata;
    expect(JSON.parse(meta?.metadataValue ?? '{}')).toEqual(metadata);
    expect(metadata).toMatchObject({
      kind: 'scoring',
      layout: 2,
      cycleId: 'cyc_1',
      rows: 3,
      revision: 0,
      exportId: 'exp_1',
    });
    const rating = requests.find((r) => r.setDataValidation?.rule?.condition?.type === 'ONE_OF_LIST');
    expect(rating?.setDataValidation?.rule?.condition?.values?.map((v) => v.userEnteredValue)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
  });

  it('writes cells in column order', () => {
    const cells = rowCells(row(7));
    expect(cells).toHaveLength(COLUMNS.length);
    expect([cells[0], cells[1], cells[13], cells[16], cells[21]]).toEqual(['per_7', 'gol_7', 7, 3, 'gol_7']);
  });
});
