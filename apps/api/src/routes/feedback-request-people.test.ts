// Whom to ask (GET /v1/cycles/{id}/feedback-reviewers) and what a reviewer rates (GET /v1/feedback-requests/{id}/subject).
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
  seedCycle,
  seedGoal,
  uniqueId,
} from './appraise/testAppraisal.ts';

type Colleague = { id: string; name: string; jobTitle: string; departmentId: string };
type Page = { items: Colleague[]; nextCursor: string | null };
type Subject = {
  requestId: string;
  subject: Colleague;
  requestedBy: Colleague | null;
  goals: { id: string; kind: string; title: string; status: string }[];
};

describe.each(ENGINES)('feedback request people on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let orgId: string;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    orgId = f.acme.organisation.id;
  });
  afterAll(async () => {
    await h.close();
  });

  async function cycle(): Promise<string> {
    const id = uniqueId('cyc');
    const { hal, hana, sam, erin, mo, pia, paul } = f.id;
    await seedCycle(h, orgId, id, 'appraise', [hal, hana, sam, erin, mo, pia, paul]);
    return id;
  }

  const reviewers = (as: string, cycleId: string, query: string) =>
    h.call<Page & ProblemJson>('GET', `/v1/cycles/${cycleId}/feedback-reviewers?${query}`, { as });

  describe('GET /v1/cycles/{id}/feedback-reviewers', () => {
    it('the subject may ask any other active colleague but their manager for peer feedback: names only, never e-mails', async () => {
      const cycleId = await cycle();
      const res = await reviewers(f.email.sam, cycleId, `subjectId=${f.id.sam}`);
      expect(res.status).toBe(200);
      const ids = res.body.items.map((p) => p.id);
      expect(ids).toEqual([...ids].sort());
      // Not Hana, Sam's manager: hers is the manager appraisal, not a peer's view.
      expect(new Set(ids)).toEqual(new Set([f.id.hal, f.id.cat, f.id.erin, f.id.mo, f.id.pia, f.id.paul]));
      expect(ids).not.toContain(f.id.gus);
      const manager = await h.call<ProblemJson>('POST', '/v1/feedback-requests', {
        as: f.email.sam,
        json: { cycleId, subjectId: f.id.sam, reviewerId: f.id.hana, component: 'peer' },
      });
      expect([manager.status, manager.body.code, manager.body.errors?.[0]?.path]).toEqual([
        422,
        'manager_not_peer',
        'reviewerId',
      ]);
      const pia = res.body.items.find((p) => p.id === f.id.pia);
      expect(pia).toEqual({ id: f.id.pia, name: 'Pia Lead', jobTitle: '', departmentId: f.dept.platform });
      // The list is the very rule of POST /v1/feedback-requests: every one of them can be asked.
      const asked = await h.call('POST', '/v1/feedback-requests', {
        as: f.email.sam,
        json: { cycleId, subjectId: f.id.sam, reviewerId: f.id.paul, component: 'peer' },
      });
      expect(asked.status).toBe(201);
    });

    it('upward feedback comes from the subject’s direct reports; pages follow the cursor', async () => {
      const cycleId = await cycle();
      const upward = await reviewers(f.email.erin, cycleId, `subjectId=${f.id.mo}&component=upward`);
      expect(upward.status).toBe(200);
      expect(upward.body.items.map((p) => p.id)).toEqual([f.id.pia]);
      const first = await reviewers(f.email.hal, cycleId, `subjectId=${f.id.sam}&limit=4`);
      expect(first.body.items).toHaveLength(4);
      expect(first.body.nextCursor).not.toBeNull();
      const rest = await reviewers(
        f.email.hal,
        cycleId,
        `subjectId=${f.id.sam}&limit=4&cursor=${first.body.nextCursor}`,
      );
      expect([...first.body.items, ...rest.body.items].map((p) => p.id)).toHaveLength(6);
      expect(rest.body.nextCursor).toBeNull();
    });

    it('refuses what POST would refuse: upward about yourself (403), people you may not see (404)', async () => {
      const cycleId = await cycle();
      const selfUpward = await reviewers(f.email.pia, cycleId, `subjectId=${f.id.pia}&component=upward`);
      expect(selfUpward.status).toBe(403);
      expect(selfUpward.body.code).toBe('forbidden');
      expect((await reviewers(f.email.sam, cycleId, `subjectId=${f.id.pia}`)).status).toBe(404);
      expect((await reviewers(f.email.mo, cycleId, `subjectId=${f.id.gus}`)).status).toBe(404);
      expect((await reviewers(f.email.sam, 'cyc_none', `subjectId=${f.id.sam}`)).status).toBe(404);
      const bad = await reviewers(f.email.sam, cycleId, 'component=self');
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['component', 'subjectId']);
      const key = await h.apiKey(orgId, ['sync:notion']);
      const service = await h.call('GET', `/v1/cycles/${cycleId}/feedback-reviewers?subjectId=${f.id.sam}`, {
        key,
      });
      expect(service.status).toBe(403);
    });
  });

  describe('GET /v1/feedback-requests/{id}/subject', () => {
    it('the reviewer sees who it is about and the live competency goals to rate, then answers', async () => {
      const cycleId = await cycle();
      const live = await seedGoal(h, orgId, competencyGoal(uniqueId('gol'), cycleId, f.id.pia, 40));
      await seedGoal(h, orgId, kpiGoal(uniqueId('gol'), cycleId, f.id.pia, 60, 80));
      await seedGoal(h, orgId, {
        ...competencyGoal(uniqueId('gol'), cycleId, f.id.pia, 0),
        status: 'cancelled',
      });
      const asked = await h.call<{ id: string }>('POST', '/v1/feedback-requests', {
        as: f.email.mo,
        json: { cycleId, subjectId: f.id.pia, reviewerId: f.id.sam, component: 'peer' },
      });
      expect(asked.status).toBe(201);
      const path = `/v1/feedback-requests/${asked.body.id}/subject`;
      // Sam may not see Pia otherwise.
      expect((await h.call('GET', `/v1/people/${f.id.pia}`, { as: f.email.sam })).status).toBe(404);
      const res = await h.call<Subject>('GET', path, { as: f.email.sam });
      expect(res.status).toBe(200);
      expect(res.body.requestId).toBe(asked.body.id);
      expect(res.body.subject).toMatchObject({ id: f.id.pia, name: 'Pia Lead' });
      expect(res.body.requestedBy).toMatchObject({ id: f.id.mo, name: 'Mo Manager' });
      expect(res.body.goals.map((g) => [g.id, g.kind, g.status])).toEqual([
        [live.id, 'competency', 'active'],
      ]);
      const review = await h.call('POST', '/v1/reviews', {
        as: f.email.sam,
        json: {
          cycleId,
          subjectId: f.id.pia,
          component: 'peer',
          feedbackRequestId: asked.body.id,
          ratings: [{ goalId: live.id, rating: 4 }],
          summary: 'Reliable and generous with her time.',
          submit: true,
        },
      });
      expect(review.status).toBe(201);
      // The requester and HR may read it too.
      expect((await h.call('GET', path, { as: f.email.mo })).status).toBe(200);
      expect((await h.call('GET', path, { as: f.email.hal })).status).toBe(200);
    });

    it('404 for the subject (peers stay anonymous), strangers and unknown requests', async () => {
      const cycleId = await cycle();
      const asked = await h.call<{ id: string }>('POST', '/v1/feedback-requests', {
        as: f.email.mo,
        json: { cycleId, subjectId: f.id.pia, reviewerId: f.id.sam, component: 'peer' },
      });
      const path = `/v1/feedback-requests/${asked.body.id}/subject`;
      expect((await h.call('GET', path, { as: f.email.pia })).status).toBe(404);
      expect((await h.call('GET', path, { as: f.email.hana })).status).toBe(404);
      expect((await h.call('GET', path, { as: f.email.gwen })).status).toBe(404);
      expect(
        (await h.call('GET', '/v1/feedback-requests/frq_none/subject', { as: f.email.sam })).status,
      ).toBe(404);
    });
  });
});
