// The alignment tree of a cycle's goals as a flat, parents-first list with own and rolled-up progress (core alignment).
import {
  ALLOWED_PARENT_LEVELS,
  type AlignmentCoverage,
  alignmentCoverage,
  buildAlignmentTree,
  childrenOf,
  type Goal,
  kpiProgress,
  rollUpProgress,
} from '@perfloop/core';

export interface AlignmentNode {
  id: string;
  title: string;
  level: Goal['level'];
  kind: Goal['kind'];
  ownerId: string | null;
  departmentId: string | null;
  weight: number;
  status: Goal['status'];
  /** The goal it supports in the tree (null for a root, or when its stored alignment is broken). */
  alignedTo: string | null;
  depth: number;
  /** Its own measured progress in [0, 1] (KPI progress to target; a done competency goal 1), null when unmeasured. */
  progress: number | null;
  /** Progress rolled up from the goals aligned to it (core rollUpProgress). */
  rolledUpProgress: number;
  /** Ids of the visible goals aligned directly to it, sorted. */
  children: string[];
}

export interface AlignmentView {
  roots: string[];
  goals: AlignmentNode[];
  coverage: AlignmentCoverage;
}

/** Own progress of one goal: KPI progress when it has an actual; 1 for a done competency goal; else null. */
export function ownProgress(goal: Goal): number | null {
  if (goal.kind === 'kpi') return goal.actual === null ? null : kpiProgress(goal, goal.actual);
  return goal.status === 'done' ? 1 : null;
}

/**
 * Builds the view over every goal of a cycle: progress rolls up over all of them, but only the
 * goals `visible` lets through are listed (and counted in coverage), so a caller sees the
 * organisation's rolled-up progress without seeing other people's goals. A stored alignment that
 * no longer holds (parent gone, or a level the cascade forbids) is shown as a root and counted as
 * unaligned in coverage.
 */
export function alignmentView(goals: readonly Goal[], visible: (goal: Goal) => boolean): AlignmentView {
  const byId = new Map(goals.map((g) => [g.id, g] as const));
  const sane = goals.map((g) => {
    if (g.alignedTo === null) return g;
    const parent = byId.get(g.alignedTo);
    const ok = parent !== undefined && ALLOWED_PARENT_LEVELS[g.level].includes(parent.level);
    return ok ? g : { ...g, alignedTo: null };
  });
  const built = buildAlignmentTree(sane);
  if (!built.ok) throw new Error(`alignment tree of sanitised goals failed: ${built.error.code}`);
  const tree = built.value;
  const progress = new Map<string, number>();
  for (const g of sane) {
    const p = ownProgress(g);
    if (p !== null) progress.set(g.id, p);
  }
  const rolled = rollUpProgress(tree, progress);
  const shown = new Set(sane.filter(visible).map((g) => g.id));
  const nodes: AlignmentNode[] = [];
  for (const i of tree.order) {
    const g = sane[i];
    if (g === undefined || !shown.has(g.id)) continue;
    nodes.push({
      id: g.id,
      title: g.title,
      level: g.level,
      kind: g.kind,
      ownerId: g.ownerId,
      departmentId: g.departmentId,
      weight: g.weight,
      status: g.status,
      alignedTo: g.alignedTo,
      depth: tree.depth[i] ?? 0,
      progress: progress.get(g.id) ?? null,
      rolledUpProgress: rolled[i] ?? 0,
      children: childrenOf(tree, g.id).filter((id) => shown.has(id)),
    });
  }
  return {
    roots: tree.roots.filter((id) => shown.has(id)),
    goals: nodes,
    coverage: alignmentCoverage(goals.filter(visible)),
  };
}
