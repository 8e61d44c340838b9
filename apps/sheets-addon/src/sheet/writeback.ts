// What an import (or refresh) writes back: each row's status and notes, and its versions where the sheet matches Perfloop.
import type { Phase } from '@perfloop/core';
import type { GoalBody, ReviewBody, ScoreEntriesResult } from '../perfloop/schemas.ts';
import type { AssessedRow, Problem } from '../scoring/assess.ts';
import { numberOf } from '../scoring/numbers.ts';
import type { Outcome } from '../scoring/plan.ts';
import type { Relations } from '../scoring/relations.ts';
import type { sheets_v4 } from '../sheets/googleapis.ts';
import { COL, editableFlag } from './layout.ts';

type Request = sheets_v4.Schema$Request;

/** Perfloop as it stands after the import: goals (actual, version) and the user's manager reviews. */
export class PerfloopNow {
  readonly #goals = new Map<string, { kind: 'kpi' | 'competency'; actual: number | null; version: number }>();
  readonly #reviews = new Map<
    string,
    { version: number; submitted: boolean; ratings: Map<string, number> }
  >();

  constructor(goals: Iterable<GoalBody>, myReviews: Iterable<ReviewBody>) {
    for (const g of goals)
      this.#goals.set(g.id, { kind: g.kind, actual: g.kind === 'kpi' ? g.actual : null, version: g.version });
    for (const r of myReviews) {
      this.#reviews.set(r.subjectId, {
        version: r.version,
        submitted: r.submittedAt !== null,
        ratings: new Map(r.ratings.map((x) => [x.goalId, x.rating])),
      });
    }
  }

  /** Folds in what the API answered for an applied batch. */
  apply(result: ScoreEntriesResult): void {
    for (const g of result.goals) {
      const current = this.#goals.get(g.goalId);
      this.#goals.set(g.goalId, { kind: current?.kind ?? 'kpi', actual: g.actual, version: g.version });
    }
    if (result.managerReview) {
      this.#reviews.set(result.personId, {
        version: result.managerReview.version,
        submitted: result.managerReview.submittedAt !== null,
        ratings: new Map(result.managerReview.ratings.map((x) => [x.goalId, x.rating])),
      });
    }
  }

  goal(goalId: string) {
    return this.#goals.get(goalId);
  }
  review(personId: string) {
    return this.#reviews.get(personId);
  }
}

const blank = (v: unknown) => v === undefined || v === null || v === '';
/** An editable cell's number as the import read it (text that reads as one number included). */
function cellNumber(v: unknown): number | null | 'invalid' {
  const n = numberOf(v);
  return n === undefined ? 'invalid' : n;
}
const same = (a: unknown, b: unknown) => (blank(a) && blank(b)) || a === b;

/** The status cell for an outcome (deterministic text, so a repeated import writes nothing new). */
export function statusText(outcome: Outcome, previous: string): string {
  const join = (problems: readonly Problem[]) => problems.map((p) => p.message).join(' ');
  switch (outcome.kind) {
    case 'keep':
      return previous;
    case 'stale':
      return '↻ Changed in Perfloop since export: Refresh to see it.';
    case 'gone':
      return 'This goal is no longer in the cycle.';
    case 'invalid':
      return `✗ ${join(outcome.problems)}`;
    case 'conflict':
      return `⚠ Conflict: ${join(outcome.problems)}`;
    case 'rejected':
      return `✗ Refused by Perfloop: ${join(outcome.problems)}`;
    case 'held':
      return outcome.reason;
    case 'applied':
      return '✓ Imported';
    case 'synced':
      return '✓ Already in Perfloop';
  }
}

function notesFor(outcome: Outcome): { actual?: string; rating?: string } {
  if (outcome.kind !== 'invalid' && outcome.kind !== 'conflict' && outcome.kind !== 'rejected') return {};
  const out: { actual?: string; rating?: string } = {};
  for (const p of outcome.problems) {
    if (p.column === 'row') continue;
    out[p.column] = out[p.column] ? `${out[p.column]}\n${p.message}` : p.message;
  }
  return out;
}

export interface WriteBackInput {
  sheetId: number;
  /** The data rows as read (row 2 on). */
  values: readonly (readonly unknown[])[];
  assessed: readonly AssessedRow[];
  outcomes: ReadonlyMap<number, Outcome>;
  now: PerfloopNow;
  relations: Relations;
  phase: Phase;
}

export interface WriteBack {
  requests: Request[];
  /** Rows whose status or bookkeeping changed. */
  changedRows: number;
}

/**
 * Status, versions and notes to write. Versions and "value at export" move on only where the sheet's
 * value equals Perfloop's now, so a row never claims to be current when it is not. Editable cells are
 * never written (the analyst may be typing); the bookkeeping columns are protected, so rewriting the
 * unchanged ones between changed rows is safe.
 */
export function buildWriteBack(input: WriteBackInput): WriteBack {
  const firstCol = COL.status;
  const lastCol = COL.editable;
  const bookkeeping = new Map<number, unknown[]>();
  const noteRows = new Map<number, { actual?: string; rating?: string }>();
  let changedRows = 0;
  for (const row of input.assessed) {
    const cells = input.values[row.rowNumber - 2] ?? [];
    const outcome = input.outcomes.get(row.rowNumber) ?? { kind: 'keep' };
    const status = statusText(outcome, row.status);
    const next: unknown[] = [
      status,
      cells[COL.goalVersion],
      cells[COL.actualAtExport],
      cells[COL.reviewVersion],
      cells[COL.ratingAtExport],
      cells[COL.editable],
    ];
    const goal = input.now.goal(row.goalId);
    const actual = cellNumber(cells[COL.actual]);
    if (goal && row.verdict !== 'invalid' && actual !== 'invalid' && actual === goal.actual) {
      next[1] = goal.version;
      next[2] = actual ?? '';
    }
    const review = input.now.review(row.personId);
    const rating = cellNumber(cells[COL.rating]);
    const nowRating = review?.ratings.get(row.goalId) ?? null;
    if (row.verdict !== 'invalid' && rating !== 'invalid' && rating === nowRating && row.personId !== '') {
      next[3] = review?.version ?? '';
      next[4] = rating ?? '';
    }
    if (goal && row.personId !== '' && !row.misaligned) {
      next[5] = editableFlag(
        goal.kind === 'kpi' && input.relations.mayEditActual(row.personId, input.phase),
        input.relations.mayRate(row.personId, input.phase) && !review?.submitted,
      );
    }
    const statusChanged = status !== row.status;
    const changed = next.some((v, i) => !same(v, cells[firstCol + i]));
    if (!changed) continue;
    changedRows++;
    bookkeeping.set(
      row.rowNumber,
      next.map((v) => (v === undefined || v === null ? '' : v)),
    );
    if (statusChanged) noteRows.set(row.rowNumber, notesFor(outcome));
  }
  const requests: Request[] = [];
  if (bookkeeping.size > 0) {
    const numbers = [...bookkeeping.keys()];
    const first = Math.min(...numbers);
    const last = Math.max(...numbers);
    const rows: sheets_v4.Schema$RowData[] = [];
    for (let n = first; n <= last; n++) {
      const cells = input.values[n - 2] ?? [];
      const vals =
        bookkeeping.get(n) ??
        Array.from({ length: lastCol - firstCol + 1 }, (_, i) => cells[firstCol + i] ?? '');
      rows.push({ values: vals.map(cellValue) });
    }
    requests.push({
      updateCells: {
        start: { sheetId: input.sheetId, rowIndex: first - 1, columnIndex: firstCol },
        fields: 'userEnteredValue',
        rows,
      },
    });
  }
  // Notes on the editable cells, in runs of consecutive rows whose status changed.
  const noteNumbers = [...noteRows.keys()].sort((a, b) => a - b);
  for (let i = 0; i < noteNumbers.length; ) {
    let j = i;
    while (j + 1 < noteNumbers.length && noteNumbers[j + 1] === (noteNumbers[j] as number) + 1) j++;
    const start = noteNumbers[i] as number;
    const rows = noteNumbers.slice(i, j + 1).map((n) => {
      const notes = noteRows.get(n) ?? {};
      return {
        values: [notes.actual ? { note: notes.actual } : {}, notes.rating ? { note: notes.rating } : {}],
      };
    });
    requests.push({
      updateCells: {
        start: { sheetId: input.sheetId, rowIndex: start - 1, columnIndex: COL.actual },
        fields: 'note',
        rows,
      },
    });
    i = j + 1;
  }
  return { requests, changedRows };
}

/** A cell value for updateCells. */
export function cellValue(v: unknown): sheets_v4.Schema$CellData {
  if (typeof v === 'number') return { userEnteredValue: { numberValue: v } };
  if (typeof v === 'boolean') return { userEnteredValue: { boolValue: v } };
  if (blank(v)) return {};
  return { userEnteredValue: { stringValue: String(v) } };
}
