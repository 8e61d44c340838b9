// Deterministic synthetic organisation for benchmarks: people, plans, reviews and attributions.
import type { Attribution, CompetencyGoal, Goal, KpiGoal, Review } from '../src/index.ts';

/** mulberry32: a tiny seeded PRNG so every run builds the same organisation. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticPerson {
  id: string;
  departmentId: string;
  managerId: string | null;
  peerId: string;
  salaryCents: number;
  bandMidpointCents: number;
  targetBonusCents: number;
}

export interface SyntheticOrg {
  people: SyntheticPerson[];
  goalsByPerson: Goal[][];
  reviews: Review[];
  attributions: Attribution[];
  goalCount: number;
}

const KPI_WEIGHTS = [15, 15, 15, 15, 10];
const COMPETENCY_WEIGHTS = [10, 10, 10];
const FACTORS = ['skills', 'external_environment', 'internal_conditions', 'motivation'] as const;

/**
 * `n` people in `departments` departments; managers form a tree with a span of 8; each person has
 * 5 KPI goals and 3 competency goals (8, weights total 100) and 3 reviews (self, manager, peer).
 */
export function syntheticOrg(n: number, departments = 20, seed = 42): SyntheticOrg {
  const rnd = prng(seed);
  const people: SyntheticPerson[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const salary = 4_000_000 + Math.floor(rnd() * 8_000_000);
    people[i] = {
      id: `p${i}`,
      departmentId: `d${i % departments}`,
      managerId: i === 0 ? null : `p${Math.floor((i - 1) / 8)}`,
      peerId: `p${(i + 1) % n}`,
      salaryCents: salary,
      bandMidpointCents: 8_000_000,
      targetBonusCents: Math.floor(salary / 10),
    };
  }
  const goalsByPerson: Goal[][] = new Array(n);
  const reviews: Review[] = [];
  const attributions: Attribution[] = [];
  const at = '2026-06-30T12:00:00Z';
  for (let i = 0; i < n; i++) {
    const p = people[i] as SyntheticPerson;
    const goals: Goal[] = [];
    for (let k = 0; k < KPI_WEIGHTS.length; k++) {
      const target = 100;
      const actual = Math.round((60 + rnd() * 70) * 100) / 100;
      const g: KpiGoal = {
        id: `${p.id}.k${k}`,
        cycleId: 'c1',
        title: `KPI ${k}`,
        description: '',
        level: 'person',
        ownerId: p.id,
        departmentId: p.departmentId,
        weight: KPI_WEIGHTS[k] as number,
        alignedTo: null,
        status: 'active',
        dueDate: null,
        kind: 'kpi',
        unit: '',
        direction: k === 4 ? 'lower_is_better' : 'higher_is_better',
        baseline: k === 4 ? 200 : 0,
        threshold: k === 4 ? 120 : 80,
        target: k === 4 ? 100 : target,
        stretch: k === 4 ? 80 : 120,
        curve: k === 3 ? { type: 'stepped' } : k === 2 ? { type: 'capped', cap: 1.2 } : { type: 'linear' },
        actual: k === 4 ? 200 - actual : actual,
      };
      goals.push(g);
      if (rnd() < 0.3) {
        const f = FACTORS[Math.floor(rnd() * 4)] as (typeof FACTORS)[number];
        attributions.push({ subjectId: p.id, goalId: g.id, factors: [{ factor: f, share: 1 }], note: '' });
      }
    }
    for (let k = 0; k < COMPETENCY_WEIGHTS.length; k++) {
      const g: CompetencyGoal = {
        id: `${p.id}.c${k}`,
        cycleId: 'c1',
        title: `Competency ${k}`,
        description: '',
        level: 'person',
        ownerId: p.id,
        departmentId: p.departmentId,
        weight: COMPETENCY_WEIGHTS[k] as number,
        alignedTo: null,
        status: 'active',
        dueDate: null,
        kind: 'competency',
        expectations: '',
      };
      goals.push(g);
    }
    goalsByPerson[i] = goals;
    const raters: [Review['component'], string][] = [
      ['self', p.id],
      ['manager', p.managerId ?? p.id],
      ['peer', p.peerId],
    ];
    for (const [component, reviewerId] of raters) {
      reviews.push({
        id: `${p.id}.r.${component}`,
        cycleId: 'c1',
        subjectId: p.id,
        reviewerId,
        component,
        ratings: COMPETENCY_WEIGHTS.map((_, k) => ({
          goalId: `${p.id}.c${k}`,
          rating: 1 + Math.floor(rnd() * 5),
          comment: '',
          evidence: 'Evidence recorded in the check-ins and the project retrospective notes of the period.',
        })),
        summary: '',
        submittedAt: at,
      });
    }
  }
  return { people, goalsByPerson, reviews, attributions, goalCount: n * 8 };
}
