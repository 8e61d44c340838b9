// A goal as typed in the plan editor: the form's values, what the API is sent (a new goal, or only what changed), and
// the plan's weight total counting the weight being typed.
import type { GoalCreateBody } from '../api/goals.ts';
import type { Goal, GoalKind } from '../api/types.ts';

export type Direction = 'higher_is_better' | 'lower_is_better';

/** The form's values as typed (numbers as text: an empty threshold or stretch means none). */
export interface GoalDraft {
  title: string;
  kind: GoalKind;
  weight: string;
  unit: string;
  direction: Direction;
  baseline: string;
  threshold: string;
  target: string;
  stretch: string;
  dueDate: string;
  alignedTo: string;
  expectations: string;
}

export function emptyDraft(): GoalDraft {
  return {
    title: '',
    kind: 'kpi',
    weight: '',
    unit: '',
    direction: 'higher_is_better',
    baseline: '0',
    threshold: '',
    target: '',
    stretch: '',
    dueDate: '',
    alignedTo: '',
    expectations: '',
  };
}

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function draftOf(goal: Goal): GoalDraft {
  return {
    title: goal.title,
    kind: goal.kind,
    weight: String(goal.weight),
    unit: goal.unit ?? '',
    direction: goal.direction ?? 'higher_is_better',
    baseline: text(goal.baseline),
    threshold: text(goal.threshold),
    target: text(goal.target),
    stretch: text(goal.stretch),
    dueDate: goal.dueDate ?? '',
    alignedTo: goal.alignedTo ?? '',
    expectations: goal.expectations ?? '',
  };
}

/** A typed number: null when empty, NaN when not a number. */
export function numberOf(typed: string): number | null {
  return typed.trim() === '' ? null : Number(typed);
}

const given = (typed: string) => {
  const n = numberOf(typed);
  return n !== null && Number.isFinite(n);
};

/** The fields that must be filled before the goal can be sent (the API checks the rest and says what is wrong). */
export function missingFields(d: GoalDraft): (keyof GoalDraft)[] {
  const missing: (keyof GoalDraft)[] = [];
  if (d.title.trim() === '') missing.push('title');
  if (!given(d.weight)) missing.push('weight');
  if (d.kind === 'kpi') {
    if (!given(d.baseline)) missing.push('baseline');
    if (!given(d.target)) missing.push('target');
  }
  return missing;
}

/** The fields the goal's kind has, as the API takes them. */
function fieldsOf(d: GoalDraft): Record<string, unknown> {
  const common = {
    title: d.title.trim(),
    weight: numberOf(d.weight),
    dueDate: d.dueDate === '' ? null : d.dueDate,
    alignedTo: d.alignedTo === '' ? null : d.alignedTo,
  };
  if (d.kind === 'competency') return { ...common, expectations: d.expectations };
  return {
    ...common,
    unit: d.unit.trim(),
    direction: d.direction,
    baseline: numberOf(d.baseline),
    threshold: numberOf(d.threshold),
    target: numberOf(d.target),
    stretch: numberOf(d.stretch),
  };
}

/** `POST /v1/goals` for a new goal of `ownerId`'s plan. */
export function createBody(d: GoalDraft, cycleId: string, ownerId: string): GoalCreateBody {
  return { cycleId, ownerId, level: 'person', kind: d.kind, ...fieldsOf(d) };
}

/** `PATCH /v1/goals/{id}`: only the fields that differ from the goal as read (empty when nothing changed). */
export function patchBody(goal: Goal, d: GoalDraft): Record<string, unknown> {
  const before = goal as unknown as Record<string, unknown>;
  const next = fieldsOf({ ...d, kind: goal.kind });
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => (before[key] ?? null) !== (value ?? null)),
  );
}

/**
 * The plan's live weight total: the goals not cancelled, with the goal being edited (`editingId`) counted at the
 * weight typed (`typed`, a new goal when `editingId` is null; nothing counted for it when not a number). Summed in
 * hundredths as the API does, so 33.33 + 33.33 + 33.34 is 100.
 */
export function weightTotal(goals: readonly Goal[], editingId: string | null, typed: string | null): number {
  const others = goals.filter((g) => g.status !== 'cancelled' && g.id !== editingId);
  const typedWeight = typed === null ? null : numberOf(typed);
  const weights = [
    ...others.map((g) => g.weight),
    ...(typedWeight !== null && Number.isFinite(typedWeight) ? [typedWeight] : []),
  ];
  return weights.reduce((sum, w) => sum + Math.round(w * 100), 0) / 100;
}
