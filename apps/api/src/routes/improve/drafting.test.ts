// splitByPerson: one core NextCycleDraft split into per-person drafts plus the organisation's.
import { draftNextCycle, type Goal, GoalSchema } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { splitByPerson } from './drafting.ts';

const kpi = (
  id: string,
  level: 'person' | 'department',
  ownerId: string | null,
  alignedTo: string | null,
): Goal =>
  GoalSchema.parse({
    id,
    cycleId: 'c1',
    title: id,
    level,
    ownerId,
    departmentId: 'dep',
    weight: 100,
    alignedTo,
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    target: 10,
    actual: 5,
  });

describe('splitByPerson', () => {
  it('gives each person their drafts and actions; department goals go to the organisation', () => {
    const goals = [
      kpi('dept', 'department', null, null),
      kpi('a', 'person', 'ann', 'dept'),
      kpi('b', 'person', 'bob', null),
    ];
    const draft = draftNextCycle({
      fromCycleId: 'c1',
      toCycleId: 'c2',
      goals: goals.map((goal) => ({ goal, achievement: 0.5 })),
      attributions: [
        { goalId: 'a', factors: [{ factor: 'skills', share: 1 }] },
        { goalId: 'b', factors: [{ factor: 'motivation', share: 1 }] },
      ],
    });
    if (!draft.ok) throw new Error(draft.error.message);
    const split = splitByPerson(draft.value, goals);
    expect(split.map((s) => s.personId)).toEqual([null, 'ann', 'bob']);
    const [org, ann, bob] = split;
    expect(org?.draft.drafts.map((d) => d.goal.id)).toEqual(['c2.dept']);
    expect(ann?.draft.drafts.map((d) => [d.goal.id, d.goal.alignedTo])).toEqual([
      ['c2.a', 'c2.dept'],
      ['c2.a.skill', null],
    ]);
    expect(ann?.draft.developmentItems.map((i) => i.personId)).toEqual(['ann']);
    expect(bob?.draft.managerActions.map((a) => a.kind)).toEqual(['incentive_review']);
  });
});
