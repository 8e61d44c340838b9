// alignmentView: parents-first nodes with own and rolled-up progress, visibility filtering, broken alignments as roots.
import type { Goal } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { alignmentView, ownProgress } from './alignmentView.ts';

const base = { cycleId: 'c', description: '', dueDate: null, status: 'active' as const };
const kpi = (
  id: string,
  level: Goal['level'],
  alignedTo: string | null,
  actual: number | null,
  ownerId: string | null = null,
): Goal => ({
  ...base,
  id,
  title: id,
  level,
  ownerId,
  departmentId: null,
  weight: 50,
  alignedTo,
  kind: 'kpi',
  unit: '',
  direction: 'higher_is_better',
  baseline: 0,
  threshold: null,
  target: 10,
  stretch: null,
  curve: { type: 'linear' },
  actual,
});

describe('alignmentView', () => {
  const goals = [
    kpi('org', 'organisation', null, null),
    kpi('p1', 'person', 'org', 10, 'ann'),
    kpi('p2', 'person', 'org', 0, 'bob'),
    kpi('p3', 'person', 'gone', 5, 'ann'),
    kpi('p4', 'person', 'p1', 5, 'ann'),
  ];

  it('rolls up over every goal and lists only visible ones', () => {
    const view = alignmentView(goals, (g) => g.ownerId !== 'bob');
    expect(view.goals.map((n) => n.id)).toEqual(['org', 'p3', 'p4', 'p1']);
    expect(view.goals[0]).toMatchObject({ rolledUpProgress: 0.5, children: ['p1'], depth: 0 });
    expect(view.roots).toEqual(['org', 'p3', 'p4']);
    expect(view.goals.find((n) => n.id === 'p3')).toMatchObject({ alignedTo: null, progress: 0.5 });
    expect(view.coverage.unaligned.map((u) => [u.goalId, u.reason])).toEqual([
      ['p3', 'parent_missing'],
      ['p4', 'parent_not_higher'],
    ]);
  });

  it('own progress: KPI progress, a done competency goal 1, otherwise unmeasured', () => {
    expect(ownProgress(kpi('x', 'person', null, 2.5))).toBe(0.25);
    expect(ownProgress(kpi('x', 'person', null, null))).toBeNull();
    const competency: Goal = {
      ...base,
      id: 'y',
      title: 'y',
      level: 'person',
      ownerId: 'a',
      departmentId: null,
      weight: 1,
      alignedTo: null,
      kind: 'competency',
      expectations: '',
    };
    expect(ownProgress(competency)).toBeNull();
    expect(ownProgress({ ...competency, status: 'done' })).toBe(1);
  });
});
