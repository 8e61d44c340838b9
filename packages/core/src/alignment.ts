// Goal alignment: the organisation → department → person cascade, progress roll-up and alignment coverage.
import { z } from 'zod';
import { compareIds, round } from './common.ts';
import type { Goal, GoalLevel } from './goals.ts';
import { type DomainError, err, ok, type Result } from './result.ts';

/** The goal fields alignment needs (full goals are accepted). */
export type AlignableGoal = Pick<Goal, 'id' | 'level' | 'kind' | 'weight' | 'status' | 'alignedTo'>;

/** Levels a goal of each level may align to: the cascade only goes down. */
export const ALLOWED_PARENT_LEVELS: Record<GoalLevel, readonly GoalLevel[]> = {
  organisation: [],
  department: ['organisation'],
  person: ['department', 'organisation'],
};

/**
 * A validated cascade, held in flat arrays so 800,000 goals cost a few typed arrays and one Map.
 * Every array is indexed like `goals` (the input, in input order):
 * - `parentIndex[i]`: position of goal i's parent (-1 for a root);
 * - `depth[i]`: 0 for a root;
 * - children of goal i: `childList[childStart[i] .. childStart[i + 1])` (input order; `childrenOf` sorts);
 * - `order`: every position once, parents before children (roots by id, then breadth-first).
 */
export interface AlignmentTree {
  goals: readonly AlignableGoal[];
  indexOf: ReadonlyMap<string, number>;
  parentIndex: Int32Array;
  depth: Int32Array;
  childStart: Int32Array;
  childList: Int32Array;
  order: Int32Array;
  /** Ids of the goals aligned to nothing, sorted. */
  roots: string[];
}

export type AlignmentErrorCode = 'duplicate_goal_id' | 'parent_not_found' | 'level_order' | 'alignment_cycle';

interface AlignmentIssue {
  goalId: string;
  code: AlignmentErrorCode;
  message: string;
  index: number;
}

const MAX_LISTED_ISSUES = 100;
/** Parent marker for an `alignedTo` that names no goal. */
const MISSING = -2;

/** Marks goals on an alignment cycle (1) by walking up each chain once: O(n). */
function cycleMembers(parentIndex: Int32Array): Uint8Array {
  const n = parentIndex.length;
  const state = new Uint8Array(n); // 0 unseen, 1 on the current walk, 2 settled
  const inCycle = new Uint8Array(n);
  const walk: number[] = [];
  for (let start = 0; start < n; start++) {
    let i = start;
    walk.length = 0;
    while (i >= 0 && state[i] === 0) {
      state[i] = 1;
      walk.push(i);
      i = parentIndex[i] as number;
    }
    if (i >= 0 && state[i] === 1) {
      // `i` is on this walk: it and everything after it on the walk form a cycle.
      for (let k = walk.indexOf(i); k < walk.length; k++) inCycle[walk[k] as number] = 1;
    }
    for (const w of walk) state[w] = 2;
  }
  return inCycle;
}

/** Every structural problem, in input order (empty when the cascade is valid). */
function alignmentIssues(goals: readonly AlignableGoal[], parentIndex: Int32Array): AlignmentIssue[] {
  const issues: AlignmentIssue[] = [];
  const inCycle = cycleMembers(parentIndex);
  for (let i = 0; i < goals.length; i++) {
    const g = goals[i] as AlignableGoal;
    const p = parentIndex[i] as number;
    if (p === -1) continue;
    if (p === MISSING) {
      const message = `Goal ${g.id} is aligned to ${g.alignedTo}, which does not exist.`;
      issues.push({ goalId: g.id, code: 'parent_not_found', message, index: i });
    } else if (inCycle[i] === 1) {
      const message = `Goal ${g.id} is part of an alignment cycle (through ${g.alignedTo}).`;
      issues.push({ goalId: g.id, code: 'alignment_cycle', message, index: i });
    } else {
      const parent = goals[p] as AlignableGoal;
      if (!ALLOWED_PARENT_LEVELS[g.level].includes(parent.level)) {
        issues.push({
          goalId: g.id,
          code: 'level_order',
          message: `Goal ${g.id} (${g.level}) cannot align to ${parent.id} (${parent.level}): alignment goes organisation → department → person.`,
          index: i,
        });
      }
    }
  }
  return issues;
}

/** The failed result for a list of issues: the lowest goal id's problem, all problems in details. */
function issuesError(issues: AlignmentIssue[]): Result<never, DomainError<AlignmentErrorCode>> {
  issues.sort((a, b) => compareIds(a.goalId, b.goalId) || a.index - b.index);
  const first = issues[0] as AlignmentIssue;
  return err({
    code: first.code,
    message: first.message,
    path: [first.index, 'alignedTo'],
    details: {
      goalId: first.goalId,
      issueCount: issues.length,
      issues: issues
        .slice(0, MAX_LISTED_ISSUES)
        .map(({ goalId, code, message }) => ({ goalId, code, message })),
    },
  });
}

/**
 * Validate and index the cascade: ids are unique, every parent exists, a person goal aligns to a
 * department or organisation goal, a department goal to an organisation goal, and nothing loops.
 * The error is the problem of the lowest goal id; `details.issues` lists all problems (up to 100).
 * O(n) plus sorting the roots.
 */
export function buildAlignmentTree(
  goals: readonly AlignableGoal[],
): Result<AlignmentTree, DomainError<AlignmentErrorCode>> {
  const n = goals.length;
  const indexOf = new Map<string, number>();
  const duplicates: AlignmentIssue[] = [];
  for (let i = 0; i < n; i++) {
    const id = (goals[i] as AlignableGoal).id;
    if (indexOf.has(id)) {
      duplicates.push({
        goalId: id,
        code: 'duplicate_goal_id',
        message: `Goal ${id} appears more than once.`,
        index: i,
      });
    } else indexOf.set(id, i);
  }
  if (duplicates.length > 0) return issuesError(duplicates);

  const parentIndex = new Int32Array(n);
  const childCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const parent = (goals[i] as AlignableGoal).alignedTo;
    const p = parent === null ? -1 : (indexOf.get(parent) ?? MISSING);
    parentIndex[i] = p;
    if (p >= 0) childCount[p] = (childCount[p] as number) + 1;
  }
  const issues = alignmentIssues(goals, parentIndex);
  if (issues.length > 0) return issuesError(issues);

  // Children in compressed rows: goal i's children are childList[childStart[i] .. childStart[i + 1]).
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) childStart[i + 1] = (childStart[i] as number) + (childCount[i] as number);
  const fill = childStart.slice(0, n);
  const childList = new Int32Array(childStart[n] as number);
  const rootPositions: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = parentIndex[i] as number;
    if (p < 0) rootPositions.push(i);
    else {
      childList[fill[p] as number] = i;
      fill[p] = (fill[p] as number) + 1;
    }
  }
  const idAt = (i: number) => (goals[i] as AlignableGoal).id;
  rootPositions.sort((a, b) => compareIds(idAt(a), idAt(b)));

  // Breadth-first from the roots: parents always precede their children.
  const order = new Int32Array(n);
  const depth = new Int32Array(n);
  let tail = 0;
  for (const r of rootPositions) order[tail++] = r;
  for (let head = 0; head < tail; head++) {
    const i = order[head] as number;
    const end = childStart[i + 1] as number;
    for (let c = childStart[i] as number; c < end; c++) {
      const child = childList[c] as number;
      depth[child] = (depth[i] as number) + 1;
      order[tail++] = child;
    }
  }
  return ok({
    goals,
    indexOf,
    parentIndex,
    depth,
    childStart,
    childList,
    order,
    roots: rootPositions.map(idAt),
  });
}

/** Ids of the goals aligned directly to `goalId`, sorted (empty for an unknown id). */
export function childrenOf(tree: AlignmentTree, goalId: string): string[] {
  const i = tree.indexOf.get(goalId);
  if (i === undefined) return [];
  const ids: string[] = [];
  const end = tree.childStart[i + 1] as number;
  for (let c = tree.childStart[i] as number; c < end; c++)
    ids.push((tree.goals[tree.childList[c] as number] as AlignableGoal).id);
  return ids.sort(compareIds);
}

export interface RollUpOptions {
  /** Share of a parent KPI's own measured progress in its rolled-up progress (default 0.5). */
  ownShare?: number;
}

/**
 * Roll progress up the cascade in one pass (O(n)). The rule:
 * - a goal without live (non-cancelled) children keeps its own progress (0 when none is given);
 * - otherwise its children's progress is averaged, weighted by the children's `weight` (equally when
 *   all those weights are 0);
 * - a parent that is a KPI with its own measured progress gets
 *   `ownShare × own + (1 − ownShare) × children mean`: by default its own measure counts as much as
 *   all the supporting work together. Competency parents and unmeasured KPIs use the children mean.
 * `progress` is a Map by goal id, or an array indexed like `tree.goals` (the fast path for large
 * organisations); missing and non-finite values count as "not measured". The result is indexed like
 * `tree.goals` (look ids up with `tree.indexOf`), rounded to 6 decimals.
 */
export function rollUpProgress(
  tree: AlignmentTree,
  progress: ReadonlyMap<string, number> | ArrayLike<number>,
  options: RollUpOptions = {},
): Float64Array {
  const ownShare = Math.min(1, Math.max(0, options.ownShare ?? 0.5));
  const n = tree.goals.length;
  const own = new Float64Array(n).fill(Number.NaN);
  if (isReadonlyMap(progress)) {
    for (const [id, value] of progress) {
      const i = tree.indexOf.get(id);
      if (i !== undefined) own[i] = value;
    }
  } else {
    for (let i = 0; i < n && i < progress.length; i++) own[i] = progress[i] as number;
  }
  const weightSum = new Float64Array(n);
  const weightedSum = new Float64Array(n);
  const plainSum = new Float64Array(n);
  const childCount = new Int32Array(n);
  const out = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const i = tree.order[k] as number;
    const g = tree.goals[i] as AlignableGoal;
    const mine = own[i] as number;
    const measured = Number.isFinite(mine);
    const count = childCount[i] as number;
    let value: number;
    if (count === 0) value = measured ? mine : 0;
    else {
      const ws = weightSum[i] as number;
      const childrenMean = ws > 0 ? (weightedSum[i] as number) / ws : (plainSum[i] as number) / count;
      value = g.kind === 'kpi' && measured ? ownShare * mine + (1 - ownShare) * childrenMean : childrenMean;
    }
    out[i] = value;
    const p = tree.parentIndex[i] as number;
    if (p >= 0 && g.status !== 'cancelled') {
      weightSum[p] = (weightSum[p] as number) + g.weight;
      weightedSum[p] = (weightedSum[p] as number) + g.weight * value;
      plainSum[p] = (plainSum[p] as number) + value;
      childCount[p] = (childCount[p] as number) + 1;
    }
  }
  for (let i = 0; i < n; i++) out[i] = round(out[i] as number, 6);
  return out;
}

function isReadonlyMap(
  value: ReadonlyMap<string, number> | ArrayLike<number>,
): value is ReadonlyMap<string, number> {
  return value instanceof Map;
}

/** Rolled-up progress of one goal by id (undefined for an unknown id). */
export function progressOf(tree: AlignmentTree, rolled: Float64Array, goalId: string): number | undefined {
  const i = tree.indexOf.get(goalId);
  return i === undefined ? undefined : rolled[i];
}

// ---------------------------------------------------------------------------------------------
// Coverage

export const UnalignedReasonSchema = z.enum([
  'not_aligned',
  'parent_missing',
  'parent_cancelled',
  'parent_not_higher',
]);
export type UnalignedReason = z.infer<typeof UnalignedReasonSchema>;

/** Goal fields coverage needs (full goals are accepted). */
export type CoverageGoal = Pick<
  Goal,
  'id' | 'level' | 'weight' | 'status' | 'alignedTo' | 'ownerId' | 'departmentId'
>;

export interface CoverageStats {
  /** Live person-level goals counted. */
  goals: number;
  alignedGoals: number;
  /** Total live person-level goal weight, and the part of it that is aligned. */
  weight: number;
  alignedWeight: number;
  /** Percent of goals aligned (2 decimals; null when there are no goals). */
  countPct: number | null;
  /** Percent of goal weight aligned (2 decimals; null when the total weight is 0). */
  weightPct: number | null;
}

export interface UnalignedGoal {
  goalId: string;
  ownerId: string | null;
  departmentId: string | null;
  weight: number;
  reason: UnalignedReason;
}

export interface AlignmentCoverage {
  overall: CoverageStats;
  /** By the goals' `departmentId`, sorted by id with no department last (empty when not asked for). */
  departments: (CoverageStats & { departmentId: string | null })[];
  /** By owner, sorted by id (empty when not asked for). */
  people: (CoverageStats & { personId: string | null })[];
  /** Live person goals not aligned to a live department/organisation goal, sorted by id. */
  unaligned: UnalignedGoal[];
}

export interface CoverageOptions {
  /** Break coverage down per department (default true). */
  byDepartment?: boolean;
  /** Break coverage down per person (default true). */
  byPerson?: boolean;
}

/** Running totals; weights in hundredths so sums like 33.33 + 33.33 + 33.34 stay exact. */
interface Tally {
  goals: number;
  aligned: number;
  weightH: number;
  alignedWeightH: number;
}

const newTally = (): Tally => ({ goals: 0, aligned: 0, weightH: 0, alignedWeightH: 0 });

function addTo(t: Tally, weightH: number, aligned: boolean): void {
  t.goals++;
  t.weightH += weightH;
  if (aligned) {
    t.aligned++;
    t.alignedWeightH += weightH;
  }
}

function pct(part: number, whole: number): number | null {
  return whole === 0 ? null : round((part / whole) * 100, 2);
}

function stats(t: Tally): CoverageStats {
  return {
    goals: t.goals,
    alignedGoals: t.aligned,
    weight: t.weightH / 100,
    alignedWeight: t.alignedWeightH / 100,
    countPct: pct(t.aligned, t.goals),
    weightPct: pct(t.alignedWeightH, t.weightH),
  };
}

/** Fetch-or-create a tally (keys may be null: goals without a department or owner). */
function tallyFor(map: Map<string | null, Tally>, key: string | null): Tally {
  let t = map.get(key);
  if (t === undefined) {
    t = newTally();
    map.set(key, t);
  }
  return t;
}

const compareNullableIds = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : compareIds(a, b);

/**
 * Share of live person-level goals (by count and by weight) aligned to a live department or
 * organisation goal, overall, per department and per person, with the unaligned goals and why.
 * Cancelled goals are ignored. O(n) plus sorting the breakdowns.
 */
export function alignmentCoverage(
  goals: readonly CoverageGoal[],
  options: CoverageOptions = {},
): AlignmentCoverage {
  const byDepartment = options.byDepartment ?? true;
  const byPerson = options.byPerson ?? true;
  const byId = new Map<string, CoverageGoal>();
  for (const g of goals) if (!byId.has(g.id)) byId.set(g.id, g);

  const overall = newTally();
  const departments = new Map<string | null, Tally>();
  const people = new Map<string | null, Tally>();
  const unaligned: UnalignedGoal[] = [];
  for (const g of goals) {
    if (g.level !== 'person' || g.status === 'cancelled') continue;
    let reason: UnalignedReason | null = null;
    if (g.alignedTo === null) reason = 'not_aligned';
    else {
      const parent = byId.get(g.alignedTo);
      if (parent === undefined) reason = 'parent_missing';
      else if (parent.status === 'cancelled') reason = 'parent_cancelled';
      else if (parent.level === 'person') reason = 'parent_not_higher';
    }
    const weightH = Math.round(g.weight * 100);
    const aligned = reason === null;
    addTo(overall, weightH, aligned);
    if (byDepartment) addTo(tallyFor(departments, g.departmentId), weightH, aligned);
    if (byPerson) addTo(tallyFor(people, g.ownerId), weightH, aligned);
    if (reason !== null) {
      unaligned.push({
        goalId: g.id,
        ownerId: g.ownerId,
        departmentId: g.departmentId,
        weight: g.weight,
        reason,
      });
    }
  }
  unaligned.sort((a, b) => compareIds(a.goalId, b.goalId));
  return {
    overall: stats(overall),
    departments: [...departments]
      .sort((a, b) => compareNullableIds(a[0], b[0]))
      .map(([departmentId, t]) => Object.assign({ departmentId }, stats(t))),
    people: [...people]
      .sort((a, b) => compareNullableIds(a[0], b[0]))
      .map(([personId, t]) => Object.assign({ personId }, stats(t))),
    unaligned,
  };
}
