// /v1/reviews: who writes which component, drafts with If-Match, submit, rating checks, visibility by role and phase.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import {
  APPRAISAL_POLICY,
  competencyGoal,
  kpiGoal,
  type ProblemJson,
  seedCycle,
  seedGoal,
  setPhase,
  uniqueId,
} from './appraise/testAppraisal.ts';

type ReviewJson = {
  id: string;
  subjectId: string;
  reviewerId: string | null;
  component: string;
  ratings: { goalId: string; rating: number }[];
  summary: string;
  submittedAt: string | null;
  feedbackRequestId: string | null;
  anonymous: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
};
type Page = { items: ReviewJson[]; nextCursor: string | null };

describe.each(ENGINES)('reviews routes on %s', (engine) => {
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

  /** A cycle in `appraise` where Sam, Pia and Hana each have a KPI and a competency goal. */
  async function cycle(policy = APPRAISAL_POLICY) {
    const id = uniqueId('cyc');
    const { hal, hana, sam, erin, mo, pia, paul } = f.id;
    await seedCycle(h, orgId, id, 'appraise', [hal, hana, sam, erin, mo, pia, paul], policy);
    const goals: Record<string, { kpi: string; comp: string }> = {};
    for (const person of [sam, pia, hana]) {
      const kpi = await seedGoal(h, orgId, kpiGoal(uniqueId('gol'), id, person, 60, 100));
      const comp = await seedGoal(h, orgId, competencyGoal(uniqueId('gol'), id, person, 40));
      goals[person] = { kpi: kpi.id, comp: comp.id };
    }
    const g = (person: string) => goals[person] ?? { kpi: '', comp: '' };
    return { id, g };
  }

  const write = (as: string, json: Record<string, unknown>, headers: Record<string, string> = {}) =>
    h.call<ReviewJson & ProblemJson>('POST', '/v1/reviews', { as, json, headers });
  const get = (as: string, id: string) =>
    h.call<ReviewJson & ProblemJson>('GET', `/v1/reviews/${id}`, { as });

  describe('self and manager reviews', () => {
    it('a draft self review, changed with If-Match, then submitted once', async () => {
      const { id: cycleId, g } = await cycle();
      const draft = await write(f.email.sam, {
        cycleId,
        subjectId: f.id.sam,
        component: 'self',
        ratings: [{ goalId: g(f.id.sam).comp, rating: 4 }],
      });
      expect(draft.status).toBe(201);
      expect(draft.body).toMatchObject({
        submittedAt: null,
        reviewerId: f.id.sam,
        version: 1,
        anonymous: false,
      });
      expect(draft.body.id).toMatch(/^rev_/);
      const path = `/v1/reviews/${draft.body.id}`;
      const json = { summary: 'A good half' };
      expect((await h.call<ProblemJson>('PATCH', path, { as: f.email.sam, json })).status).toBe(428);
      expect(
        (await h.call('PATCH', path, { as: f.email.sam, json, headers: { 'If-Match': '"9"' } })).status,
      ).toBe(412);
      const byManager = await h.call<ProblemJson>('PATCH', path, {
        as: f.email.hana,
        json,
        headers: { 'If-Match': '"1"' },
      });
      expect(byManager.status).toBe(404); // drafts are the reviewer's own
      const changed = await h.call<ReviewJson>('PATCH', path, {
        as: f.email.sam,
        json,
        headers: { 'If-Match': '"1"' },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ summary: 'A good half', version: 2 });
      const submitted = await h.call<ReviewJson>('POST', `${path}/submit`, { as: f.email.sam });
      expect(submitted.status).toBe(200);
      expect(submitted.body.submittedAt).not.toBeNull();
      const again = await h.call<ProblemJson>('POST', `${path}/submit`, { as: f.email.sam });
      expect(again.body.code).toBe('review_submitted');
      const late = await h.call<ProblemJson>('PATCH', path, {
        as: f.email.sam,
        json,
        headers: { 'If-Match': '"3"' },
      });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('review_submitted');
      const second = await write(f.email.sam, { cycleId, subjectId: f.id.sam, component: 'self' });
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ code: 'review_exists', details: { reviewId: draft.body.id } });
    });

    it('manager reviews come from the manager chain; others get 403 (visible) or 404', async () => {
      const { id: cycleId, g } = await cycle();
      const json = {
        cycleId,
        subjectId: f.id.sam,
        component: 'manager',
        ratings: [{ goalId: g(f.id.sam).comp, rating: 3 }],
        submit: true,
      };
      const direct = await write(f.email.hana, json);
      expect(direct.status).toBe(201);
      expect(direct.body.submittedAt).not.toBeNull();
      expect((await write(f.email.cat, json)).status).toBe(201); // indirect manager
      // Nobody writes the manager review of themselves: refused as such, nothing written.
      const self = await write(f.email.sam, json);
      expect(self.status).toBe(403);
      expect(self.body.code).toBe('own_review');
      const stored = await h.store.resources('reviews').list(orgId, { cycleId, subjectId: f.id.sam });
      expect(
        stored.records.filter((r) => (r.data as { reviewerId?: string }).reviewerId === f.id.sam),
      ).toEqual([]);
      expect((await write(f.email.hal, json)).status).toBe(403); // HR sees, but is not in the chain
      expect((await write(f.email.mo, json)).status).toBe(404);
      const foreign = await write(f.email.gwen, json); // another organisation's cycle does not exist for Gwen
      expect(foreign.status).toBe(422);
      expect(foreign.body.code).toBe('unknown_cycle');
      expect((await write(f.email.sam, { ...json, component: 'self', subjectId: f.id.pia })).status).toBe(
        404,
      );
      const key = await h.apiKey(orgId, ['sync:notion']);
      expect((await h.call('POST', '/v1/reviews', { key, json })).status).toBe(403);
    });

    it('422 with one error per bad rating; 400 for a malformed body; nothing written', async () => {
      const { id: cycleId, g } = await cycle();
      const res = await write(f.email.sam, {
        cycleId,
        subjectId: f.id.sam,
        component: 'self',
        ratings: [
          { goalId: g(f.id.sam).comp, rating: 7 },
          { goalId: g(f.id.pia).comp, rating: 3 },
          { goalId: g(f.id.sam).comp, rating: 3 },
        ],
      });
      expect(res.status).toBe(422);
      expect(res.body.errors?.map((e) => [e.path, e.code])).toEqual([
        ['ratings.0.rating', 'rating_not_on_scale'],
        ['ratings.1.goalId', 'unknown_goal'],
        ['ratings.2.goalId', 'duplicate_goal_rating'],
      ]);
      const bad = await write(f.email.sam, { cycleId, subjectId: f.id.sam, component: 'boss', extra: true });
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['component', 'extra']);
      const list = await h.call<Page>('GET', `/v1/reviews?cycleId=${cycleId}`, { as: f.email.sam });
      expect(list.body.items).toEqual([]);
    });

    it('only in appraise: 409 wrong_phase for writes, edits and submits', async () => {
      const { id: cycleId, g } = await cycle();
      const draft = await write(f.email.sam, {
        cycleId,
        subjectId: f.id.sam,
        component: 'self',
        ratings: [{ goalId: g(f.id.sam).comp, rating: 4 }],
      });
      await setPhase(h, orgId, cycleId, 'calibrate');
      const create = await write(f.email.hana, { cycleId, subjectId: f.id.sam, component: 'manager' });
      expect(create.status).toBe(409);
      expect(create.body.code).toBe('wrong_phase');
      expect(create.body.detail).toContain('calibrate');
      const patch = await h.call<ProblemJson>('PATCH', `/v1/reviews/${draft.body.id}`, {
        as: f.email.sam,
        json: { summary: 'late' },
        headers: { 'If-Match': '"1"' },
      });
      expect(patch.body.code).toBe('wrong_phase');
      const submit = await h.call<ProblemJson>('POST', `/v1/reviews/${draft.body.id}/submit`, {
        as: f.email.sam,
      });
      expect(submit.body.code).toBe('wrong_phase');
    });

    it('an extreme rating is submitted only with the policy’s evidence: 422 evidence_required per rating, nothing submitted', async () => {
      const { id: cycleId, g } = await cycle();
      const required = APPRAISAL_POLICY.calibration.evidenceMinChars;
      expect(required).toBeGreaterThan(0);
      const evidence = 'Closed the three largest renewals of the region, each ahead of plan.';
      expect(evidence.length).toBeGreaterThanOrEqual(required);
      // Self, submitted at once: refused with the field and the counts; no review is written.
      const self = await write(f.email.sam, {
        cycleId,
        subjectId: f.id.sam,
        component: 'self',
        ratings: [
          { goalId: g(f.id.sam).kpi, rating: 3 },
          { goalId: g(f.id.sam).comp, rating: 5, evidence: 'Great half.' },
        ],
        submit: true,
      });
      expect(self.status).toBe(422);
      expect(self.body.code).toBe('evidence_required');
      expect(self.body.errors).toEqual([
        expect.objectContaining({ path: 'ratings.1.evidence', code: 'evidence_required' }),
      ]);
      expect(self.body.details).toMatchObject({ goalId: g(f.id.sam).comp, rating: 5, chars: 11, required });
      const none = await h.call<Page>('GET', `/v1/reviews?cycleId=${cycleId}&subjectId=${f.id.sam}`, {
        as: f.email.sam,
      });
      expect(none.body.items).toEqual([]);
      // A draft may lack it (it is still being written); submitting it may not, and it stays a draft.
      const draft = await write(f.email.hana, {
        cycleId,
        subjectId: f.id.sam,
        component: 'manager',
        ratings: [{ goalId: g(f.id.sam).comp, rating: 1, comment: 'Weak.' }],
      });
      expect(draft.status).toBe(201);
      const path = `/v1/reviews/${draft.body.id}`;
      const refused = await h.call<ProblemJson>('POST', `${path}/submit`, { as: f.email.hana });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({ path: 'ratings.0.evidence', code: 'evidence_required' }),
      ]);
      expect((await get(f.email.hana, draft.body.id)).body).toMatchObject({ submittedAt: null, version: 1 });
      // The comment counts as well as the evidence (the longer of the two), exactly as the calibrate guard reads it.
      const fixed = await h.call<ReviewJson>('PATCH', path, {
        as: f.email.hana,
        json: { ratings: [{ goalId: g(f.id.sam).comp, rating: 1, comment: evidence }] },
        headers: { 'If-Match': '"1"' },
      });
      expect(fixed.status).toBe(200);
      const submitted = await h.call<ReviewJson>('POST', `${path}/submit`, { as: f.email.hana });
      expect(submitted.status).toBe(200);
      expect(submitted.body.submittedAt).not.toBeNull();
      // Middle levels need none, and a policy without the rule (0 characters) submits extremes as they are.
      const lenient = await cycle({
        ...APPRAISAL_POLICY,
        calibration: { ...APPRAISAL_POLICY.calibration, evidenceMinChars: 0 },
      });
      const bare = await write(f.email.sam, {
        cycleId: lenient.id,
        subjectId: f.id.sam,
        component: 'self',
        ratings: [{ goalId: lenient.g(f.id.sam).comp, rating: 5 }],
        submit: true,
      });
      expect(bare.status).toBe(201);
    });

    it('a peer review with an unevidenced extreme rating is not submitted and its request stays pending', async () => {
      const { id: cycleId, g } = await cycle();
      const request = await h.call<{ id: string }>('POST', '/v1/feedback-requests', {
        as: f.email.mo,
        json: { cycleId, subjectId: f.id.pia, reviewerId: f.id.sam, component: 'peer' },
      });
      expect(request.status).toBe(201);
      const res = await write(f.email.sam, {
        cycleId,
        subjectId: f.id.pia,
        component: 'peer',
        ratings: [{ goalId: g(f.id.pia).comp, rating: 1 }],
        submit: true,
      });
      expect(res.status).toBe(422);
      expect(res.body.errors?.map((e) => [e.path, e.code])).toEqual([
        ['ratings.0.evidence', 'evidence_required'],
      ]);
      const still = await h.call<{ state: string }>('GET', `/v1/feedback-requests/${request.body.id}`, {
        as: f.email.sam,
      });
      expect(still.body.state).toBe('pending');
    });

    it('refuses reviews of people not appraised in the cycle', async () => {
      const { id: cycleId } = await cycle();
      const res = await write(f.email.cat, { cycleId, subjectId: f.id.cat, component: 'self' });
      expect(res.status).toBe(422);
      expect(res.body.errors?.map((e) => e.code)).toEqual(['not_a_participant']);
    });

    it('replays a create with the same Idempotency-Key', async () => {
      const { id: cycleId } = await cycle();
      const headers = { 'Idempotency-Key': `rev-${cycleId}` };
      const json = { cycleId, subjectId: f.id.sam, component: 'self', summary: 'first' };
      const first = await write(f.email.sam, json, headers);
      const again = await write(f.email.sam, json, headers);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
    });
  });

  describe('peer and upward reviews', () => {
    it('need an open feedback request; submitting answers it; the subject sees them anonymously from feedback on', async () => {
      // No anonymity threshold here (1): the one peer review is shown (the threshold: anonymityThreshold.test.ts).
      const { id: cycleId, g } = await cycle({
        ...APPRAISAL_POLICY,
        feedback: { ...APPRAISAL_POLICY.feedback, anonymousMinReviews: 1 },
      });
      const json = {
        cycleId,
        subjectId: f.id.pia,
        component: 'peer',
        ratings: [
          {
            goalId: g(f.id.pia).comp,
            rating: 5,
            evidence: 'Ran the platform migration end to end, no incidents.',
          },
        ],
      };
      const without = await write(f.email.sam, json);
      expect(without.status).toBe(404); // Sam may not see Pia and has no request
      const request = await h.call<{ id: string }>('POST', '/v1/feedback-requests', {
        as: f.email.mo,
        json: { cycleId, subjectId: f.id.pia, reviewerId: f.id.sam, component: 'peer' },
      });
      const draft = await write(f.email.sam, json);
      expect(draft.status).toBe(201);
      expect(draft.body.feedbackRequestId).toBe(request.body.id);
      const submitted = await h.call<ReviewJson>('POST', `/v1/reviews/${draft.body.id}/submit`, {
        as: f.email.sam,
        headers: { 'If-Match': '"1"' },
      });
      expect(submitted.status).toBe(200);
      const answered = await h.call<{ state: string; reviewId: string; closedBy: string }>(
        'GET',
        `/v1/feedback-requests/${request.body.id}`,
        {
          as: f.email.mo,
        },
      );
      expect(answered.body).toMatchObject({
        state: 'submitted',
        reviewId: draft.body.id,
        closedBy: f.id.sam,
      });
      const second = await write(f.email.sam, json);
      expect(second.status).toBe(409);

      // The subject: hidden until feedback, then anonymous (and a reviewer filter never matches it).
      expect((await get(f.email.pia, draft.body.id)).status).toBe(404);
      await setPhase(h, orgId, cycleId, 'feedback');
      const seen = await get(f.email.pia, draft.body.id);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({
        reviewerId: null,
        feedbackRequestId: null,
        anonymous: true,
        component: 'peer',
      });
      // Its times to the UTC day only, and an id without a time in it.
      const day = (t: string | null | undefined) => `${t?.slice(0, 10)}T00:00:00.000Z`;
      expect(seen.body.submittedAt).toBe(day(submitted.body.submittedAt));
      expect(seen.body).toMatchObject({
        createdAt: day(draft.body.createdAt),
        updatedAt: day(submitted.body.updatedAt),
      });
      expect(submitted.body.submittedAt).not.toBe(seen.body.submittedAt);
      expect(draft.body.id).toMatch(/^rev_[0-9a-z]{16}$/);
      const filtered = await h.call<Page>('GET', `/v1/reviews?cycleId=${cycleId}&reviewerId=${f.id.sam}`, {
        as: f.email.pia,
      });
      expect(filtered.body.items).toEqual([]);
      const managers = await get(f.email.mo, draft.body.id);
      expect(managers.body).toMatchObject({ reviewerId: f.id.sam, anonymous: false });
    });

    it('upward reviews answer an upward request to a direct report; a declined request cannot be answered', async () => {
      const { id: cycleId } = await cycle();
      const request = await h.call<{ id: string }>('POST', '/v1/feedback-requests', {
        as: f.email.hal,
        json: { cycleId, subjectId: f.id.hana, reviewerId: f.id.sam, component: 'upward' },
      });
      const wrongComponent = await write(f.email.sam, { cycleId, subjectId: f.id.hana, component: 'peer' });
      expect(wrongComponent.status).toBe(404);
      await h.call('POST', `/v1/feedback-requests/${request.body.id}/decline`, {
        as: f.email.sam,
        json: { reason: 'Not comfortable' },
      });
      const declined = await write(f.email.sam, { cycleId, subjectId: f.id.hana, component: 'upward' });
      expect(declined.status).toBe(409);
      expect(declined.body.code).toBe('request_not_pending');
      const again = await h.call<{ id: string }>('POST', '/v1/feedback-requests', {
        as: f.email.hal,
        json: { cycleId, subjectId: f.id.hana, reviewerId: f.id.sam, component: 'upward' },
      });
      const ok = await write(f.email.sam, {
        cycleId,
        subjectId: f.id.hana,
        component: 'upward',
        feedbackRequestId: again.body.id,
        submit: true,
      });
      expect(ok.status).toBe(201);
      expect(ok.body.feedbackRequestId).toBe(again.body.id);
    });
  });

  describe('reading reviews', () => {
    it('managers see submitted reviews in scope; the subject sees the manager review only from feedback on', async () => {
      const { id: cycleId, g } = await cycle();
      const self = await write(f.email.sam, {
        cycleId,
        subjectId: f.id.sam,
        component: 'self',
        submit: true,
      });
      const selfDraft = await write(f.email.hana, { cycleId, subjectId: f.id.hana, component: 'self' });
      const manager = await write(f.email.hana, {
        cycleId,
        subjectId: f.id.sam,
        component: 'manager',
        ratings: [{ goalId: g(f.id.sam).comp, rating: 3 }],
        submit: true,
      });
      const ids = async (as: string) =>
        (await h.call<Page>('GET', `/v1/reviews?cycleId=${cycleId}`, { as })).body.items
          .map((r) => r.id)
          .sort();
      expect(await ids(f.email.hana)).toEqual([self.body.id, selfDraft.body.id, manager.body.id].sort());
      expect(await ids(f.email.cat)).toEqual([self.body.id, manager.body.id].sort()); // not Hana's draft
      expect(await ids(f.email.hal)).toEqual([self.body.id, manager.body.id].sort());
      expect(await ids(f.email.mo)).toEqual([]);
      expect(await ids(f.email.sam)).toEqual([self.body.id]);
      expect((await get(f.email.sam, manager.body.id)).status).toBe(404);
      expect((await get(f.email.mo, self.body.id)).status).toBe(404);
      expect((await get(f.email.gwen, self.body.id)).status).toBe(404);
      const etagged = await get(f.email.hana, manager.body.id);
      expect(etagged.headers.get('etag')).toBe('"1"');
      await setPhase(h, orgId, cycleId, 'feedback');
      expect(await ids(f.email.sam)).toEqual([self.body.id, manager.body.id].sort());
      const shown = await get(f.email.sam, manager.body.id);
      expect(shown.body).toMatchObject({ reviewerId: f.id.hana, anonymous: false });
      const drafts = await h.call<Page>('GET', `/v1/reviews?cycleId=${cycleId}&state=draft`, {
        as: f.email.hana,
      });
      expect(drafts.body.items.map((r) => r.id)).toEqual([selfDraft.body.id]);
      const key = await h.apiKey(orgId, ['sync:notion']);
      expect((await h.call('GET', '/v1/reviews', { key })).status).toBe(403);
    });
  });
});
