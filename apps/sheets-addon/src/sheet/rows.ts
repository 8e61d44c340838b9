// Scoring rows: one per person × goal, built from the API's data, and their cells in column order.
import type { Phase, RatingScale } from '@perfloop/core';
import type { CycleBody, DepartmentBody, GoalBody, PersonBody, ReviewBody } from '../perfloop/schemas.ts';
import type { Relations, Scope } from '../scoring/relations.ts';
import { COL, type ColumnKey, editableFlag, WIDTH } from './layout.ts';

export type Cell = string | number;

export interface ScoringRow {
  personId: string;
  goalId: string;
  person: string;
  department: string;
  goal: string;
  kind: 'KPI' | 'Competency';
  weight: number;
  unit: string;
  direction: string;
  baseline: Cell;
  threshold: Cell;
  target: Cell;
  stretch: Cell;
  actual: Cell;
  rating: Cell;
  status: string;
  goalVersion: number;
  actualAtExport: Cell;
  reviewVersion: Cell;
  ratingAtExport: Cell;
  editable: string;
  /** The goal id, in the hidden bookkeeping columns (checked against the visible id on import). */
  rowKey: string;
}

export const DIRECTION_LABEL = {
  higher_is_better: 'Higher is better',
  lower_is_better: 'Lower is better',
} as const;

/** My manager review of each person in the cycle (the one the Rating column edits). */
export function myManagerReviews(reviews: readonly ReviewBody[], meId: string): Map<string, ReviewBody> {
  const out = new Map<string, ReviewBody>();
  for (const r of reviews) if (r.component === 'manager' && r.reviewerId === meId) out.set(r.subjectId, r);
  return out;
}

export interface RowInputs {
  cycle: CycleBody;
  relations: Relations;
  scope: Scope;
  people: readonly PersonBody[];
  departments: readonly DepartmentBody[];
  goals: readonly GoalBody[];
  reviews: readonly ReviewBody[];
}

/** The row of one goal as Perfloop holds it now. */
export function rowOf(goal: GoalBody, inputs: RowInputs, mine: Map<string, ReviewBody>): ScoringRow | null {
  if (goal.level !== 'person' || goal.ownerId === null || goal.status === 'cancelled') return null;
  const person = inputs.relations.person(goal.ownerId);
  if (!person) return null;
  const phase: Phase = inputs.cycle.phase;
  const review = mine.get(person.id);
  const rating = review?.ratings.find((r) => r.goalId === goal.id)?.rating;
  const kpi = goal.kind === 'kpi';
  const actual: Cell = kpi && goal.actual !== null ? goal.actual : '';
  const mayRate =
    inputs.relations.mayRate(person.id, phase) && (review === undefined || review.submittedAt === null);
  return {
    personId: person.id,
    goalId: goal.id,
    person: person.name,
    department: inputs.relations.department(person.departmentId)?.name ?? '',
    goal: goal.title,
    kind: kpi ? 'KPI' : 'Competency',
    weight: goal.weight,
    unit: kpi ? goal.unit : '',
    direction: kpi ? DIRECTION_LABEL[goal.direction] : '',
    baseline: kpi ? goal.baseline : '',
    threshold: kpi && goal.threshold !== null ? goal.threshold : '',
    target: kpi ? goal.target : '',
    stretch: kpi && goal.stretch !== null ? goal.stretch : '',
    actual,
    rating: rating ?? '',
    status: '',
    goalVersion: goal.version,
    actualAtExport: actual,
    reviewVersion: review?.version ?? '',
    ratingAtExport: rating ?? '',
    editable: editableFlag(kpi && inputs.relations.mayEditActual(person.id, phase), mayRate),
    rowKey: goal.id,
  };
}

/** Every row of the cycle in scope, ordered by department, person and goal weight (heaviest first). */
export function scoringRows(inputs: RowInputs): ScoringRow[] {
  const participants = new Set(inputs.cycle.participants);
  const mine = myManagerReviews(inputs.reviews, inputs.relations.me.id);
  const rows: ScoringRow[] = [];
  for (const goal of inputs.goals) {
    if (goal.cycleId !== inputs.cycle.id || goal.ownerId === null) continue;
    if (!participants.has(goal.ownerId) || !inputs.relations.inScope(goal.ownerId, inputs.scope)) continue;
    const row = rowOf(goal, inputs, mine);
    if (row) rows.push(row);
  }
  return rows.sort(
    (a, b) =>
      a.department.localeCompare(b.department) ||
      a.person.localeCompare(b.person) ||
      a.personId.localeCompare(b.personId) ||
      b.weight - a.weight ||
      a.goal.localeCompare(b.goal) ||
      a.goalId.localeCompare(b.goalId),
  );
}

/** The cells of a row in column order. */
export function rowCells(row: ScoringRow): Cell[] {
  const out: Cell[] = new Array(WIDTH).fill('');
  for (const key of Object.keys(COL) as ColumnKey[]) out[COL[key]] = row[key];
  return out;
}

/** "1 Unsatisfactory · 2 Needs improvement · …" for notes and messages. */
export function scaleText(scale: RatingScale): string {
  return scale.levels.map((l) => `${l.value} ${l.label}`).join(' · ');
}
