// /v1/cycles/{id}/scores: core scoring of participants' goals and submitted reviews, calibration applied, scoped, explainable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import {
  competencyGoal,
  kpiGoal,
  type ProblemJson,
  put,
  seedCycle,
  seedGoal,
  seedReview,
  setPhase,
  uniqueId,
} from './appraise/testAppraisal.ts';

type ScoreJson = {
  subjectId: string;
  score: number;
  rating: { value: number; label: string };
  original: { score: number; rating: { value: number; label: string } };
  calibrated: boolean;
  adjustments: { from: number; to: number; justification: string }[];
  warnings: { code: string }[];
  trace?: {
    goals: { goalId: string; kind: string; contribution: number }[];
    formula: string;
    renormalised: string[];
    renormalisation: { code: string; text: string; [fact: string]: unknown }[];
  };
  explanation?: string;
  formula?: string;
};
type Page = {
  items: ScoreJson[];
  failures: { subjectId: string; code: string }[];
  nextCursor: string | null;
};

describe.each(ENGINES)('scores routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let orgId: string;
  let cycleId: string;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    orgId = f.acme.organisation.id;
    cycleId = uniqueId('cyc');
    const { sam, pia, paul, mo, hana, cat } = f.id;
    await seedCycle(h, orgId, cycleId, 'appraise', [sam, pia, paul, mo, hana]);
    await seedGoal(h, orgId, kpiGoal('g_sam_kpi', cycleId, sam, 60, 100));
    await seedGoal(h, orgId, competencyGoal('g_sam_comp', cycleId, sam, 40));
    await seedGoal(h, orgId, kpiGoal('g_pia_kpi', cycleId, pia, 100, 150));
    const review = { cycleId, subjectId: sam, summary: '' };
    await seedReview(h, orgId, {
      ...review,
      id: 'r_self',
      reviewerId: sam,
      component: 'self',
      ratings: [{ goalId: 'g_sam_comp', rating: 4 }],
    });
    await seedReview(h, orgId, {
      ...review,
      id: 'r_mgr',
      reviewerId: hana,
      component: 'manager',
      ratings: [{ goalId: 'g_sam_comp', rating: 3 }],
    });
    // A draft never counts.
    await seedReview(h, orgId, {
      ...review,
      id: 'r_draft',
      reviewerId: cat,
      component: 'manager',
      ratings: [{ goalId: 'g_sam_comp', rating: 1 }],
      submittedAt: null,
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const list = (as: string, query = '') =>
    h.call<Page & ProblemJson>('GET', `/v1/cycles/${cycleId}/scores${query}`, { as });
  const one = (as: string, personId: string, query = '') =>
    h.call<ScoreJson & ProblemJson>('GET', `/v1/cycles/${cycleId}/scores/${personId}${query}`, { as });

  describe('GET /v1/cycles/{id}/scores', () => {
    it('scores from KPI actuals and submitted reviews, components renormalised', async () => {
      const res = await list(f.email.hana);
      expect(res.status).toBe(200);
      // (60 × 3 + 40 × (10 × 4 + 60 × 3) / 70) / 100 = 3.0571
      expect(res.body.items).toEqual([
        expect.objectContaining({
          subjectId: f.id.sam,
          score: 3.0571,
          rating: { value: 3, label: 'Meets expectations' },
          original: { score: 3.0571, rating: { value: 3, label: 'Meets expectations' } },
          calibrated: false,
          adjustments: [],
        }),
      ]);
      expect(res.body.items[0]?.trace).toBeUndefined();
      expect(res.body.failures).toEqual([]);
    });

    it('is scoped: HR all, managers their reports, employees themselves from feedback on', async () => {
      const hr = await list(f.email.hal);
      expect(hr.body.items.map((s) => s.subjectId)).toEqual([f.id.pia, f.id.sam]);
      expect(hr.body.failures.map((x) => [x.subjectId, x.code])).toEqual([
        [f.id.hana, 'no_scorable_goals'],
        [f.id.mo, 'no_scorable_goals'],
        [f.id.paul, 'no_scorable_goals'],
      ]);
      const mo = await list(f.email.mo);
      expect(mo.body.items.map((s) => s.subjectId)).toEqual([f.id.pia]);
      expect(mo.body.failures.map((x) => x.subjectId)).toEqual([f.id.paul]);
      expect((await list(f.email.sam)).body.items).toEqual([]);
      const paged = await list(f.email.hal, '?limit=2');
      expect(paged.body.nextCursor).not.toBeNull();
      expect((await list(f.email.gwen)).status).toBe(404);
      const key = await h.apiKey(orgId, ['sync:notion']);
      expect((await h.call('GET', `/v1/cycles/${cycleId}/scores`, { key })).status).toBe(403);
    });

    it('explain=true returns the trace for every score', async () => {
      const res = await list(f.email.hal, '?explain=true');
      const pia = res.body.items.find((s) => s.subjectId === f.id.pia);
      expect(pia?.score).toBe(5);
      expect(pia?.trace?.goals.map((g) => g.goalId)).toEqual(['g_pia_kpi']);
      expect(pia?.explanation).toContain('Score for');
    });
  });

  describe('GET /v1/cycles/{id}/scores/{personId}', () => {
    it('explains one score goal by goal', async () => {
      const res = await one(f.email.hana, f.id.sam, '?explain=true');
      expect(res.status).toBe(200);
      expect(res.body.trace?.goals.map((g) => [g.goalId, g.kind])).toEqual([
        ['g_sam_comp', 'competency'],
        ['g_sam_kpi', 'kpi'],
      ]);
      expect(res.body.trace?.renormalised.join(' ')).toContain('peer');
      // The same notes with their codes and facts, for clients in other languages.
      expect(res.body.trace?.renormalisation.map((n) => n.text)).toEqual(res.body.trace?.renormalised);
      expect(res.body.trace?.renormalisation.map((n) => n.code)).toContain('components_missing');
      const missing = res.body.trace?.renormalisation.find((n) => n.code === 'components_missing');
      expect(missing?.missing).toContainEqual({ component: 'peer', weight: 20 });
      expect(res.body.formula).toBe('(40 × 3.1429 + 60 × 3) / 100 = 3.0571');
      expect(res.body.explanation).toContain('Score for per_sam');
      const plain = await one(f.email.hana, f.id.sam);
      expect(plain.body.trace).toBeUndefined();
    });

    it('404 outside your scope or the cycle, 403 for your own before feedback, 422 when nothing scores', async () => {
      expect((await one(f.email.mo, f.id.sam)).status).toBe(404);
      expect((await one(f.email.hal, f.id.cat)).status).toBe(404);
      expect((await one(f.email.hal, f.id.gus)).status).toBe(404);
      const own = await one(f.email.sam, f.id.sam);
      expect(own.status).toBe(403);
      expect(own.body.detail).toContain('appraise');
      const nothing = await one(f.email.hal, f.id.paul);
      expect(nothing.status).toBe(422);
      expect(nothing.body.code).toBe('no_scorable_goals');
    });

    it('shows the calibrated rating with the original kept; the employee reads their own from feedback on', async () => {
      await put(h, orgId, 'calibration_adjustments', {
        id: 'adj_test_1',
        cycleId,
        subjectId: f.id.sam,
        parentId: 'cal_test',
        data: {
          id: 'adj_test_1',
          sessionId: 'cal_test',
          cycleId,
          subjectId: f.id.sam,
          from: 3,
          to: 4,
          actorId: f.id.hal,
          justification: 'Carried the team through the outage.',
          at: '2026-07-01T10:00:00Z',
        },
      });
      await setPhase(h, orgId, cycleId, 'feedback');
      const own = await one(f.email.sam, f.id.sam, '?explain=true');
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({
        rating: { value: 4, label: 'Exceeds expectations' },
        original: { score: 3.0571, rating: { value: 3 } },
        calibrated: true,
        adjustments: [{ from: 3, to: 4, justification: 'Carried the team through the outage.' }],
      });
      expect(own.body.trace?.goals).toHaveLength(2);
      expect((await list(f.email.sam)).body.items.map((s) => s.subjectId)).toEqual([f.id.sam]);
    });
  });
});
