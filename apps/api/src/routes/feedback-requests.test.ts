// /v1/feedback-requests and /v1/me/feedback-requests: who may ask whom, scoping, phases, decline/cancel, idempotency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { type ProblemJson, seedCycle, uniqueId } from './appraise/testAppraisal.ts';

type RequestJson = {
  id: string;
  cycleId: string;
  subjectId: string;
  reviewerId: string;
  component: string;
  state: string;
  requestedBy: string;
  reason: string | null;
  reviewId: string | null;
  version: number;
};
type Page = { items: RequestJson[]; nextCursor: string | null };

describe.each(ENGINES)('feedback requests routes on %s', (engine) => {
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

  /** A cycle in `appraise` (unless told) with everyone of Acme but Cat appraised. */
  async function cycle(phase: 'plan' | 'coach' | 'appraise' | 'calibrate' = 'appraise'): Promise<string> {
    const id = uniqueId('cyc');
    const { hal, hana, sam, erin, mo, pia, paul } = f.id;
    await seedCycle(h, orgId, id, phase, [hal, hana, sam, erin, mo, pia, paul]);
    return id;
  }

  const ask = (as: string, json: Record<string, unknown>, headers: Record<string, string> = {}) =>
    h.call<RequestJson & ProblemJson>('POST', '/v1/feedback-requests', { as, json, headers });

  describe('requesting feedback', () => {
    it('a manager asks a peer from another department; the reviewer sees it, the subject does not', async () => {
      const cycleId = await cycle();
      const res = await ask(f.email.mo, {
        cycleId,
        subjectId: f.id.pia,
        reviewerId: f.id.sam,
        component: 'peer',
        message: 'How is Pia to work with?',
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.headers.get('location')).toBe(`/v1/feedback-requests/${res.body.id}`);
      expect(res.body).toMatchObject({ state: 'pending', requestedBy: f.id.mo, reviewerId: f.id.sam });
      expect(res.body.id).toMatch(/^frq_/);

      const inbox = await h.call<Page>('GET', '/v1/me/feedback-requests', { as: f.email.sam });
      expect(inbox.body.items.map((r) => r.id)).toContain(res.body.id);
      expect((await h.call('GET', `/v1/feedback-requests/${res.body.id}`, { as: f.email.sam })).status).toBe(
        200,
      );
      expect((await h.call('GET', `/v1/feedback-requests/${res.body.id}`, { as: f.email.erin })).status).toBe(
        200,
      );
      expect((await h.call('GET', `/v1/feedback-requests/${res.body.id}`, { as: f.email.pia })).status).toBe(
        404,
      );
      expect((await h.call('GET', `/v1/feedback-requests/${res.body.id}`, { as: f.email.hana })).status).toBe(
        404,
      );
      const listed = await h.call<Page>('GET', `/v1/feedback-requests?cycleId=${cycleId}`, {
        as: f.email.pia,
      });
      expect(listed.body.items).toEqual([]);
      const audit = await h.store.audit.list(orgId, { limit: 1000 });
      expect(
        audit.entries.some((e) => e.action === 'feedback_request.create' && e.resourceId === res.body.id),
      ).toBe(true);
    });

    it('the subject may ask peers about themselves, not their reports for upward feedback', async () => {
      const cycleId = await cycle();
      const peer = await ask(f.email.sam, {
        cycleId,
        subjectId: f.id.sam,
        reviewerId: f.id.paul,
        component: 'peer',
      });
      expect(peer.status).toBe(201);
      const upward = await ask(f.email.pia, {
        cycleId,
        subjectId: f.id.pia,
        reviewerId: f.id.paul,
        component: 'upward',
      });
      expect(upward.status).toBe(403);
      expect(upward.body.code).toBe('forbidden');
    });

    it('upward feedback comes from a direct report of the subject', async () => {
      const cycleId = await cycle();
      const notDirect = await ask(f.email.hal, {
        cycleId,
        subjectId: f.id.mo,
        reviewerId: f.id.paul,
        component: 'upward',
      });
      expect(notDirect.status).toBe(422);
      expect(notDirect.body.code).toBe('not_a_direct_report');
      expect(notDirect.body.errors?.map((e) => e.path)).toEqual(['reviewerId']);
      const ok = await ask(f.email.hal, {
        cycleId,
        subjectId: f.id.mo,
        reviewerId: f.id.pia,
        component: 'upward',
      });
      expect(ok.status).toBe(201);
    });

    it('refuses unknown reviewers, self requests, non-participants and bad bodies', async () => {
      const cycleId = await cycle();
      const unknown = await ask(f.email.hal, {
        cycleId,
        subjectId: f.id.sam,
        reviewerId: 'per_nobody',
        component: 'peer',
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('unknown_reviewer');
      const foreignReviewer = await ask(f.email.hal, {
        cycleId,
        subjectId: f.id.sam,
        reviewerId: f.id.gus,
        component: 'peer',
      });
      expect(foreignReviewer.body.code).toBe('unknown_reviewer');
      const self = await ask(f.email.hal, {
        cycleId,
        subjectId: f.id.sam,
        reviewerId: f.id.sam,
        component: 'peer',
      });
      expect(self.body.code).toBe('self_request');
      const outsider = await ask(f.email.hal, {
        cycleId,
        subjectId: f.id.cat,
        reviewerId: f.id.sam,
        component: 'peer',
      });
      expect(outsider.status).toBe(422);
      expect(outsider.body.errors?.map((e) => e.code)).toEqual(['not_a_participant']);
      const bad = await ask(f.email.hal, {
        cycleId,
        subjectId: f.id.sam,
        reviewerId: f.id.pia,
        component: 'self',
        x: 1,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['component', 'x']);
      const noCycle = await ask(f.email.hal, {
        cycleId: 'cyc_none',
        subjectId: f.id.sam,
        reviewerId: f.id.pia,
        component: 'peer',
      });
      expect(noCycle.status).toBe(422);
      expect(noCycle.body.code).toBe('unknown_cycle');
    });

    it('scopes: 404 for people you may not see, 403 for visible people you do not manage, services refused', async () => {
      const cycleId = await cycle();
      const body = (subjectId: string) => ({ cycleId, subjectId, reviewerId: f.id.erin, component: 'peer' });
      expect((await ask(f.email.sam, body(f.id.pia))).status).toBe(404);
      expect((await ask(f.email.mo, body(f.id.gus))).status).toBe(404);
      expect((await ask(f.email.hana, body(f.id.sam))).status).toBe(201);
      const key = await h.apiKey(orgId, ['sync:notion']);
      const service = await h.call<ProblemJson>('POST', '/v1/feedback-requests', {
        key,
        json: body(f.id.sam),
      });
      expect(service.status).toBe(403);
    });

    it('only while the cycle coaches or appraises (409 wrong_phase naming the phase)', async () => {
      for (const phase of ['plan', 'calibrate'] as const) {
        const cycleId = await cycle(phase);
        const res = await ask(f.email.hal, {
          cycleId,
          subjectId: f.id.sam,
          reviewerId: f.id.pia,
          component: 'peer',
        });
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('wrong_phase');
        expect(res.body.detail).toContain(phase);
      }
      const coach = await cycle('coach');
      expect(
        (
          await ask(f.email.hal, {
            cycleId: coach,
            subjectId: f.id.sam,
            reviewerId: f.id.pia,
            component: 'peer',
          })
        ).status,
      ).toBe(201);
    });

    it('refuses a second open request for the same reviewer; replays an Idempotency-Key', async () => {
      const cycleId = await cycle();
      const json = { cycleId, subjectId: f.id.paul, reviewerId: f.id.sam, component: 'peer' };
      const headers = { 'Idempotency-Key': `frq-${cycleId}` };
      const first = await ask(f.email.pia, json, headers);
      expect(first.status).toBe(201);
      const again = await ask(f.email.pia, json, headers);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const reused = await ask(f.email.pia, { ...json, message: 'other' }, headers);
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('idempotency_key_reused');
      const duplicate = await ask(f.email.mo, json);
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({
        code: 'duplicate_request',
        details: { requestId: first.body.id },
      });
    });
  });

  describe('declining and cancelling', () => {
    async function pending(): Promise<{ cycleId: string; id: string }> {
      const cycleId = await cycle();
      const res = await ask(f.email.mo, {
        cycleId,
        subjectId: f.id.paul,
        reviewerId: f.id.sam,
        component: 'peer',
      });
      return { cycleId, id: res.body.id };
    }

    it('the reviewer declines with a reason; only once; If-Match is checked when sent', async () => {
      const { id } = await pending();
      const path = `/v1/feedback-requests/${id}/decline`;
      const byRequester = await h.call<ProblemJson>('POST', path, { as: f.email.mo, json: { reason: 'no' } });
      expect(byRequester.status).toBe(403);
      const stranger = await h.call<ProblemJson>('POST', path, { as: f.email.hana, json: { reason: 'no' } });
      expect(stranger.status).toBe(404);
      const empty = await h.call<ProblemJson>('POST', path, { as: f.email.sam, json: { reason: '  ' } });
      expect(empty.status).toBe(400);
      const stale = await h.call<ProblemJson>('POST', path, {
        as: f.email.sam,
        json: { reason: 'I have not worked with Paul' },
        headers: { 'If-Match': '"7"' },
      });
      expect(stale.status).toBe(412);
      const ok = await h.call<RequestJson>('POST', path, {
        as: f.email.sam,
        json: { reason: 'I have not worked with Paul' },
        headers: { 'If-Match': '"1"' },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ state: 'declined', reason: 'I have not worked with Paul', version: 2 });
      expect(ok.headers.get('etag')).toBe('"2"');
      const twice = await h.call<ProblemJson>('POST', path, { as: f.email.sam, json: { reason: 'again' } });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('request_not_pending');
      const inbox = await h.call<Page>('GET', '/v1/me/feedback-requests?state=declined', { as: f.email.sam });
      expect(inbox.body.items.map((r) => r.id)).toContain(id);
    });

    it('the requester or the subject’s managers cancel; the reviewer may not; a new request may follow', async () => {
      const { cycleId, id } = await pending();
      const path = `/v1/feedback-requests/${id}/cancel`;
      expect((await h.call('POST', path, { as: f.email.sam, json: {} })).status).toBe(403);
      const ok = await h.call<RequestJson>('POST', path, {
        as: f.email.pia,
        json: { reason: 'asked someone else' },
      });
      expect(ok.status).toBe(200);
      expect(ok.body.state).toBe('cancelled');
      const again = await ask(f.email.mo, {
        cycleId,
        subjectId: f.id.paul,
        reviewerId: f.id.sam,
        component: 'peer',
      });
      expect(again.status).toBe(201);
    });

    it('refuses decline once the cycle has left appraise', async () => {
      const { id } = await pending();
      const record = await h.store.resources('feedback_requests').get(orgId, id);
      const { setPhase } = await import('./appraise/testAppraisal.ts');
      await setPhase(h, orgId, String(record?.cycleId), 'calibrate');
      const res = await h.call<ProblemJson>('POST', `/v1/feedback-requests/${id}/decline`, {
        as: f.email.sam,
        json: { reason: 'too late' },
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('wrong_phase');
    });
  });
});
