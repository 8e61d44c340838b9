// Write-back: statuses and notes; versions move only where the sheet matches Perfloop; editable cells are never written.

import { describe, expect, it } from 'vitest';
import { assessRows } from '../scoring/assess.ts';
import type { Outcome } from '../scoring/plan.ts';
import type { sheets_v4 } from '../sheets/googleapis.ts';
import { context, kpi, sheetRow } from '../testing/fixtures.ts';
import { COL } from './layout.ts';
import { buildWriteBack, PerfloopNow } from './writeback.ts';

const goals = [kpi('g1', 'per_ava', 10), kpi('g2', 'per_ava', 20), kpi('g3', 'per_ava', 30)];
const values = [
  sheetRow({
    personId: 'per_ava',
    goalId: 'g1',
    goalVersion: 1,
    actual: 11,
    actualAtExport: 10,
    status: '',
    editable: 'A',
  }),
  sheetRow({
    personId: 'per_ava',
    goalId: 'g2',
    goalVersion: 1,
    actual: 20,
    actualAtExport: 20,
    status: '✓ Imported',
    editable: 'A',
  }),
  sheetRow({
    personId: 'per_ava',
    goalId: 'g3',
    goalVersion: 1,
    actual: 'oops',
    actualAtExport: 30,
    status: '',
    editable: 'A',
  }),
];

function run(outcomes: Map<number, Outcome>, now: PerfloopNow) {
  const ctx = context('per_hr', 'coach', goals);
  return buildWriteBack({
    sheetId: 7,
    values,
    assessed: assessRows(values, ctx),
    outcomes,
    now,
    relations: ctx.relations,
    phase: 'coach',
  });
}

describe('buildWriteBack', () => {
  it('writes statuses and versions in one block, notes on the cells that need them, nothing in editable cells', () => {
    const now = new PerfloopNow(goals, []);
    now.apply({
      cycleId: 'cyc_1',
      personId: 'per_ava',
      changed: true,
      goals: [{ goalId: 'g1', version: 2, actual: 11 }],
      managerReview: null,
    });
    const out = run(
      new Map<number, Outcome>([
        [2, { kind: 'applied' }],
        [3, { kind: 'keep' }],
        [4, { kind: 'invalid', problems: [{ column: 'actual', message: 'Actual must be a number' }] }],
      ]),
      now,
    );
    expect(out.changedRows).toBe(2);
    const [block, notes] = out.requests as [sheets_v4.Schema$Request, sheets_v4.Schema$Request];
    expect(block.updateCells?.start).toEqual({ sheetId: 7, rowIndex: 1, columnIndex: COL.status });
    expect(block.updateCells?.fields).toBe('userEnteredValue');
    const cells = block.updateCells?.rows?.map((r) =>
      r.values?.map((v) => v.userEnteredValue?.stringValue ?? v.userEnteredValue?.numberValue ?? ''),
    );
    expect(cells).toEqual([
      ['✓ Imported', 2, 11, '', '', 'A'],
      ['✓ Imported', 1, 20, '', '', 'A'],
      ['✗ Actual must be a number', 1, 30, '', '', 'A'],
    ]);
    expect(notes.updateCells).toMatchObject({
      fields: 'note',
      start: { rowIndex: 1, columnIndex: COL.actual },
    });
    expect(notes.updateCells?.rows?.map((r) => r.values?.[0]?.note ?? null)).toEqual([null]);
    expect(out.requests).toHaveLength(3);
    expect(out.requests[2]?.updateCells?.rows?.[0]?.values?.[0]?.note).toBe('Actual must be a number');
  });

  it('writes nothing when nothing changed', () => {
    const untouched = [values[1] ?? []];
    const ctx = context('per_hr', 'coach', goals);
    const out = buildWriteBack({
      sheetId: 7,
      values: untouched,
      assessed: assessRows(untouched, ctx),
      outcomes: new Map([[2, { kind: 'keep' }]]),
      now: new PerfloopNow(goals, []),
      relations: ctx.relations,
      phase: 'coach',
    });
    expect(out).toEqual({ requests: [], changedRows: 0 });
  });

  it('never moves a version on when the sheet differs from Perfloop (the row stays visibly stale)', () => {
    const moved = [kpi('g1', 'per_ava', 99, 5), ...goals.slice(1)];
    const out = run(
      new Map([[2, { kind: 'conflict', problems: [{ column: 'actual', message: 'Changed in Perfloop' }] }]]),
      new PerfloopNow(moved, []),
    );
    const first = out.requests[0]?.updateCells?.rows?.[0]?.values ?? [];
    expect(first[1]?.userEnteredValue?.numberValue).toBe(1);
  });
});
