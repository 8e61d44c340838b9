// Reads and judges every sheet row against Perfloop as it is now: zod for the cells, core's rules for values, versions for conflicts.
import { GoalSchema, IdSchema, type Phase, type RatingScale, reviewIssues } from '@perfloop/core';
import { z } from 'zod';
import type { GoalBody, ReviewBody } from '../perfloop/schemas.ts';
import { COL } from '../sheet/layout.ts';
import { readNumber } from './numbers.ts';
import type { Relations } from './relations.ts';

export type Column = 'actual' | 'rating' | 'row';

export interface Problem {
  column: Column;
  message: string;
}

/** What an import does with one row. */
export type Verdict =
  /** Not edited since export (or the last import); nothing to do. */
  | 'unchanged'
  /** Not edited, but Perfloop changed since export: a refresh shows it. */
  | 'stale'
  /** The goal left the cycle (deleted, cancelled, or no longer visible to you). */
  | 'gone'
  /** Edited, but a value or permission check failed. */
  | 'invalid'
  /** Edited, and Perfloop changed the same record since export to something else. */
  | 'conflict'
  /** Edited to exactly what Perfloop already holds. */
  | 'synced'
  /** Edited and ready to apply. */
  | 'edit';

export interface AssessedRow {
  /** The sheet's row number (header = 1). */
  rowNumber: number;
  personId: string;
  goalId: string;
  person: string;
  goal: string;
  verdict: Verdict;
  problems: Problem[];
  /** The edited values (present only for the parts that were edited). */
  actual?: number | null;
  rating?: number | null;
  /** What the sheet recorded at export. */
  goalVersion: number;
  reviewVersion: number | null;
  /** The status cell as read. */
  status: string;
  /** For conflicts: what Perfloop holds now. */
  current?: { actual?: number | null; rating?: number | null };
  /** The hidden bookkeeping cells are another row's (a sort that left the hidden columns behind): never rewritten. */
  misaligned?: true;
}

export const MISALIGNED =
  'The hidden Perfloop columns of this row belong to another row (the rows were sorted without them?): undo the sort, or sort with Data › Sort sheet, which moves whole rows.';

export interface AssessContext {
  phase: Phase;
  scale: RatingScale;
  relations: Relations;
  /** The cycle's goals as Perfloop holds them now (those the user may see). */
  goals: ReadonlyMap<string, GoalBody>;
  /** The user's manager review of each person, as Perfloop holds it now. */
  myReviews: ReadonlyMap<string, ReviewBody>;
}

const Id = IdSchema;
const Version = z.number().int().min(1);
const OptionalVersion = z.union([Version, z.literal('').transform(() => null)]);
const Bookkeeping = z.object({
  personId: Id,
  goalId: Id,
  goalVersion: Version,
  reviewVersion: OptionalVersion,
});

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A blank cell is null; a number stays; text that reads as exactly one number is that number; anything else is a problem. */
function numberCell(cell: unknown, what: string): Parsed<number | null> {
  const read = readNumber(cell);
  if (read.kind === 'blank') return { ok: true, value: null };
  if (read.kind === 'number') return { ok: true, value: read.value };
  const shown = String(cell).trim().slice(0, 40);
  if (read.kind === 'ambiguous') {
    const [a, b] = read.readings;
    return {
      ok: false,
      message: `${what} “${shown}” is text that could be ${a} or ${b}: type the number again, without a thousands separator.`,
    };
  }
  return { ok: false, message: `${what} must be a number, not “${shown}”` };
}

/** The hidden "at export" cells hold what the add-on wrote: a number or blank, nothing else. */
function bookkeepingNumber(cell: unknown): Parsed<number | null> {
  if (cell === undefined || cell === null || cell === '') return { ok: true, value: null };
  if (typeof cell === 'number' && Number.isFinite(cell)) return { ok: true, value: cell };
  return { ok: false, message: 'not a number' };
}

const text = (cell: unknown) =>
  typeof cell === 'string' ? cell : cell === undefined || cell === null ? '' : String(cell);

function scaleWords(scale: RatingScale): string {
  const values = scale.levels.map((l) => l.value);
  return `${Math.min(...values)}–${Math.max(...values)}`;
}

/** Judges one row. `seen` catches the same person × goal twice. */
export function assessRow(
  cells: readonly unknown[],
  rowNumber: number,
  ctx: AssessContext,
  seen: Map<string, number>,
): AssessedRow {
  const base = {
    rowNumber,
    personId: text(cells[COL.personId]),
    goalId: text(cells[COL.goalId]),
    person: text(cells[COL.person]),
    goal: text(cells[COL.goal]),
    status: text(cells[COL.status]),
    problems: [] as Problem[],
  };
  const books = Bookkeeping.safeParse({
    personId: cells[COL.personId],
    goalId: cells[COL.goalId],
    goalVersion: cells[COL.goalVersion],
    reviewVersion: cells[COL.reviewVersion] ?? '',
  });
  if (!books.success) {
    return {
      ...base,
      goalVersion: 0,
      reviewVersion: null,
      verdict: 'invalid',
      problems: [
        {
          column: 'row',
          message:
            'The Perfloop ids or versions of this row were changed; restore them (undo) or create a new sheet.',
        },
      ],
    };
  }
  const { personId, goalId, goalVersion, reviewVersion } = books.data;
  if (cells[COL.rowKey] !== goalId) {
    // The hidden bookkeeping belongs to another row: the visible columns were sorted (or moved) without it.
    return {
      ...base,
      goalVersion: 0,
      reviewVersion: null,
      verdict: 'invalid',
      misaligned: true,
      problems: [{ column: 'row', message: MISALIGNED }],
    };
  }
  const row = { ...base, goalVersion, reviewVersion };
  const key = `${personId}|${goalId}`;
  const first = seen.get(key);
  if (first !== undefined) {
    return {
      ...row,
      verdict: 'invalid',
      problems: [{ column: 'row', message: `Duplicate of row ${first}: delete one of them.` }],
    };
  }
  seen.set(key, rowNumber);

  const actual = numberCell(cells[COL.actual], 'Actual');
  const actualBefore = bookkeepingNumber(cells[COL.actualAtExport]);
  const rating = numberCell(cells[COL.rating], 'Rating');
  const ratingBefore = bookkeepingNumber(cells[COL.ratingAtExport]);
  if (!actualBefore.ok || !ratingBefore.ok) {
    return {
      ...row,
      verdict: 'invalid',
      problems: [
        {
          column: 'row',
          message: 'The import bookkeeping of this row was changed; restore it (undo) or create a new sheet.',
        },
      ],
    };
  }
  const problems: Problem[] = [];
  if (!actual.ok) problems.push({ column: 'actual', message: actual.message });
  if (!rating.ok) problems.push({ column: 'rating', message: rating.message });
  const actualEdited = actual.ok ? actual.value !== actualBefore.value : true;
  const ratingEdited = rating.ok ? rating.value !== ratingBefore.value : true;
  const goal = ctx.goals.get(goalId);
  const belongs = goal !== undefined && goal.ownerId === personId && goal.status !== 'cancelled';

  if (!actualEdited && !ratingEdited) {
    if (!belongs) return { ...row, verdict: 'gone', problems: [] };
    const review = ctx.myReviews.get(personId);
    const moved = goal.version !== goalVersion || (review?.version ?? null) !== reviewVersion;
    return { ...row, verdict: moved ? 'stale' : 'unchanged', problems: [] };
  }
  if (!belongs) {
    return {
      ...row,
      verdict: 'invalid',
      problems: [
        {
          column: 'row',
          message:
            'This goal is no longer in the cycle (or no longer yours to see): your change cannot be imported.',
        },
      ],
    };
  }
  const { phase, relations, scale } = ctx;
  const review = ctx.myReviews.get(personId);
  const out: AssessedRow = { ...row, verdict: 'edit', problems };
  if (actualEdited && actual.ok) {
    if (goal.kind !== 'kpi') {
      problems.push({ column: 'actual', message: 'Competency goals have no actual: rate them instead.' });
    } else if (!relations.mayEditActual(personId, phase)) {
      problems.push({
        column: 'actual',
        message:
          phase === 'plan' || phase === 'coach'
            ? 'You may not change this person’s actuals.'
            : `Actuals are closed in ${phase} (only HR may still change them).`,
      });
    } else {
      const checked = GoalSchema.safeParse({ ...stripVersion(goal), actual: actual.value });
      if (!checked.success)
        problems.push({ column: 'actual', message: checked.error.issues[0]?.message ?? 'Invalid actual.' });
      else out.actual = actual.value;
    }
  }
  if (ratingEdited && rating.ok) {
    if (phase !== 'appraise') {
      problems.push({
        column: 'rating',
        message: `Ratings are given in appraise; the cycle is in ${phase}.`,
      });
    } else if (!relations.mayRate(personId, phase)) {
      problems.push({
        column: 'rating',
        message: 'Manager-review ratings come from the person’s manager chain.',
      });
    } else if (review?.submittedAt) {
      problems.push({
        column: 'rating',
        message: 'Your manager review of this person is submitted: it no longer changes.',
      });
    } else if (rating.value !== null) {
      const issues = reviewIssues(
        { ratings: [{ goalId, rating: rating.value, comment: '', evidence: '' }] },
        scale,
      );
      if (issues.length > 0) {
        problems.push({
          column: 'rating',
          message: `Rating must be a level of the scale (${scaleWords(scale)}): ${scale.levels.map((l) => `${l.value} ${l.label}`).join(', ')}.`,
        });
      } else out.rating = rating.value;
    } else out.rating = null;
  }
  if (problems.length > 0) {
    delete out.actual;
    delete out.rating;
    return { ...out, verdict: 'invalid' };
  }
  // Three-way: the sheet's value, what it was at export, what Perfloop holds now.
  const current: { actual?: number | null; rating?: number | null } = {};
  let conflict = false;
  if (out.actual !== undefined && goal.kind === 'kpi' && goal.version !== goalVersion) {
    if (goal.actual === out.actual) delete out.actual;
    else {
      conflict = true;
      current.actual = goal.actual;
    }
  }
  if (out.rating !== undefined && (review?.version ?? null) !== reviewVersion) {
    const now = review?.ratings.find((r) => r.goalId === goalId)?.rating ?? null;
    if (now === out.rating) delete out.rating;
    else {
      conflict = true;
      current.rating = now;
    }
  }
  if (conflict) return { ...out, verdict: 'conflict', current };
  if (out.actual === undefined && out.rating === undefined) return { ...out, verdict: 'synced' };
  return out;
}

function stripVersion(goal: GoalBody): Omit<GoalBody, 'version'> {
  const { version: _v, ...rest } = goal;
  return rest;
}

/** Judges every data row (row 2 on); blank rows are skipped. */
export function assessRows(values: readonly (readonly unknown[])[], ctx: AssessContext): AssessedRow[] {
  const seen = new Map<string, number>();
  const out: AssessedRow[] = [];
  values.forEach((cells, i) => {
    if (cells.length === 0 || cells.every((c) => c === '' || c === null || c === undefined)) return;
    out.push(assessRow(cells, i + 2, ctx, seen));
  });
  return out;
}
