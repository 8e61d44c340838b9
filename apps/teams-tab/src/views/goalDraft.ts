// A goal as typed in the plan editor: the form's values, what the API is sent (a new goal, or only what changed), and
// the plan's weight total counting the weight being typed.
import type { GoalCreateBody } from '../api/goals.ts';
import type { Goal, GoalKind } from '../api/types.ts';
import { numberText, parseNumber } from '../i18n/numbers.ts';

export type Direction = 'higher_is_better' | 'lower_is_better';

/** The form's values as typed (numbers as text in the tab's locale: an empty threshold or stretch means none). */
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

/** A goal as the form shows it, its numbers written in `locale` ("1,234.5"). */
export function draftOf(goal: Goal, locale: string): GoalDraft {
  const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : numberText(n, locale));
  return {
    title: goal.title,
    kind: goal.kind,
    weight: text(goal.weight),
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

const NUMBER_FIELDS = ['weight', 'baseline', 'threshold', 'target', 'stretch'] as const;

/**
 * The fields that must be filled before the goal can be sent, or hold what is not a number in `locale` (a threshold or
 * stretch may stay empty); the API checks the rest and says what is wrong.
 */
export function missingFields(d: GoalDraft, locale: string): (keyof GoalDraft)[] {
  const missing: (keyof GoalDraft)[] = [];
  if (d.title.trim() === '') missing.push('title');
  const required = d.kind === 'kpi' ? ['weight', 'baseline', 'target'] : ['weight'];
  for (const field of NUMBER_FIELDS) {
    if (d.kind !== 'kpi' && field !== 'weight') continue;
    const n = parseNumber(d[field], locale);
    if (n === null ? required.includes(field) : !Number.isFinite(n)) missing.push(field);
  }
  return missing;
}

/** The fields the goal's kind has, as the API takes them (numbers read in `locale`). */
function fieldsOf(d: GoalDraft, locale: string): Record<string, unknown> {
  const numberOf = (typed: string) => parseNumber(typed, locale);
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
export function createBody(d: GoalDraft, cycleId: string, ownerId: string, locale: string): GoalCreateBody {
  return { cycleId, ownerId, level: 'person', kind: d.kind, ...fieldsOf(d, locale) };
}

/** `PATCH /v1/goals/{id}`: only the fields that differ from the goal as read (empty when nothing changed). */
export function patchBody(goal: Goal, d: GoalDraft, locale: string): Record<string, unknown> {
  const before = goal as unknown as Record<string, unknown>;
  const next = fieldsOf({ ...d, kind: goal.kind }, locale);
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => (before[key] ?? null) !== (value ?? null)),
  );
}

/**
 * The plan's live weight total: the goals not cancelled, with the goal being edited (`editingId`) counted at the
 * weight typed (`typed`, read in `locale`; a new goal when `editingId` is null; nothing counted for it when not a
 * number). Summed in hundredths as the API does, so 33.33 + 33.33 + 33.34 is 100.
 */
export function weightTotal(
  goals: readonly Goal[],
  editingId: string | null,
  typed: string | null,
  locale: string,
): number {
  const others = goals.filter((g) => g.status !== 'cancelled' && g.id !== editingId);
  const typedWeight = typed === null ? null : parseNumber(typed, locale);
  const weights = [
    ...others.map((g) => g.weight),
    ...(typedWeight !== null && Number.isFinite(typedWeight) ? [typedWeight] : []),
  ];
  return weights.reduce((sum, w) => sum + Math.round(w * 100), 0) / 100;
}
