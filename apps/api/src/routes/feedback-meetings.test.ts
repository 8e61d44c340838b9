// /v1/feedback-meetings: manager-chain meetings in the feedback phase, quality and formality warnings, acknowledgement and appeals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { readFeed } from '../testing/auditFeed.ts';
import { seedCycle } from './loop/testCycle.ts';

type Issue = {
  id: string;
  code: string;
  message: string;
  details: { matches?: { id: string; subjectId: string }[]; matchCount?: number; chars?: number };
};
type Check = { code: string; passed: boolean; chars?: number; minChars?: number; actions?: number };
type MeetingJson = {
  id: string;
  cycleId: string;
  subjectId: string;
  managerId: string;
  summary: string;
  version: number;
  acknowledgement: { status: string; reason?: string; outcome?: string; by?: string };
  appealDeadline: string | null;
  correctedAt: string | null;
  quality: { passed: boolean; failed: string[]; checks: Check[] };
  warnings: Issue[];
  code?: string;
  errors?: { path: string; code: string }[];
  details?: { failed?: string[]; checks?: Check[] };
};

describe.each(ENGINES)('feedback meetings routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  const CYCLE = 'cyc_feedback';
  const DAY = 86_400_000;
  const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    const org = f.acme.organisation.id;
    const everyone = ['sam', 'hana', 'erin', 'mo', 'pia', 'paul', 'cat'] as const;
    await seedCycle(h, org, { id: CYCLE, phase: 'feedback', participants: everyone.map((n) => f.id[n]) });
    await seedCycle(h, org, { id: 'cyc_calibrating', phase: 'calibrate' });
    await seedCycle(h, org, { id: 'cyc_only_sam', phase: 'feedback', participants: [f.id.sam] });
  });
  afterAll(async () => {
    await h.close();
  });

  const good = (subject: string) => ({
    summary: `We walked through every goal of the half with ${subject}, the final rating and how it was calibrated, and agreed what to focus on next.`,
    strengths: 'Careful preparation; reliable follow-up with customers.',
    improvements: 'Forecast accuracy; raising risks earlier.',
    agreedActions: ['Draft the next plan together by 15 August.'],
  });

  function post(json: Record<string, unknown>, as: string, headers: Record<string, string> = {}) {
    return h.call<MeetingJson>('POST', '/v1/feedback-meetings', { as, json, headers });
  }
  function meetingFor(subject: keyof Fixture['id'], as: string, extra: Record<string, unknown> = {}) {
    return post(
      { cycleId: CYCLE, subjectId: f.id[subject], heldAt: daysAgo(1), ...good(subject), ...extra },
      as,
    );
  }

  describe('recording a feedback meeting', () => {
    it('the manager records it: quality checklist, no warnings, pending acknowledgement', async () => {
      const res = await meetingFor('sam', f.email.hana);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        cycleId: CYCLE,
        subjectId: f.id.sam,
        managerId: f.id.hana,
        version: 1,
        acknowledgement: { status: 'pending' },
        quality: { passed: true, failed: [] },
        warnings: [],
      });
      expect(res.body.id).toMatch(/^fbm_/);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.headers.get('location')).toBe(`/v1/feedback-meetings/${res.body.id}`);
      expect(Date.parse(res.body.appealDeadline ?? '') - Date.parse(daysAgo(1))).toBeGreaterThan(13 * DAY);
    });

    it('a mere formality: failed checks, too-short and near-duplicate warnings across the manager’s meetings', async () => {
      const thin = await post(
        { cycleId: CYCLE, subjectId: f.id.pia, heldAt: daysAgo(2), summary: 'Discussed the rating.' },
        f.email.mo,
      );
      expect(thin.status).toBe(201);
      expect(thin.body.quality).toMatchObject({ passed: false });
      expect(thin.body.quality.failed).toEqual(['summary', 'strengths', 'improvements', 'agreed_action']);
      expect(thin.body.warnings.map((w) => w.code)).toEqual(['too_short']);
      // The checks and warnings carry the counts their English messages name (clients say them in their language).
      const minChars = thin.body.quality.checks.find((c) => c.code === 'summary')?.minChars ?? 0;
      expect(thin.body.quality.checks.find((c) => c.code === 'summary')).toMatchObject({
        chars: 21,
        passed: false,
      });
      expect(minChars).toBeGreaterThan(21);
      expect(thin.body.quality.checks.find((c) => c.code === 'agreed_action')).toMatchObject({ actions: 0 });
      expect(thin.body.warnings[0]?.details).toMatchObject({ chars: 21, minChars });

      const text = (name: string) => ({
        summary: `${name} had a solid half: the roadmap goals landed, the defect target was missed, and we agreed to focus on testing and on raising blockers earlier next time.`,
        strengths: 'Helpful reviews.',
        improvements: 'Testing.',
        agreedActions: ['Weekly one-to-one.'],
      });
      const paul = await post(
        { cycleId: CYCLE, subjectId: f.id.paul, heldAt: daysAgo(1), ...text('Paul') },
        f.email.mo,
      );
      expect(paul.body.warnings).toEqual([]);
      const mo2 = await post(
        { cycleId: CYCLE, subjectId: f.id.pia, heldAt: daysAgo(1), ...text('Pia') },
        f.email.mo,
      );
      const dup = mo2.body.warnings.find((w) => w.code === 'near_duplicate');
      expect(dup?.details.matches).toEqual([
        expect.objectContaining({ id: paul.body.id, subjectId: f.id.paul }),
      ]);
      // The earlier meeting now carries the warning too; Paul sees it without Pia's meeting named.
      const asMo = await h.call<MeetingJson>('GET', `/v1/feedback-meetings/${paul.body.id}`, {
        as: f.email.mo,
      });
      expect(asMo.body.warnings.find((w) => w.code === 'near_duplicate')?.details.matches).toHaveLength(1);
      const asPaul = await h.call<MeetingJson>('GET', `/v1/feedback-meetings/${paul.body.id}`, {
        as: f.email.paul,
      });
      expect(asPaul.status).toBe(200);
      expect(asPaul.body.warnings.find((w) => w.code === 'near_duplicate')?.details.matches).toEqual([]);
      // The count the message names stays: Paul reads how many, not whose.
      const hidden = asPaul.body.warnings.find((w) => w.code === 'near_duplicate');
      expect(hidden?.details.matchCount).toBe(1);
      expect(hidden?.message).toContain('as 1 other review');
    });

    it('400 with field errors, nothing stored', async () => {
      const res = await post(
        { cycleId: CYCLE, subjectId: f.id.sam, heldAt: 'yesterday', colour: 1 },
        f.email.hana,
      );
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.path).sort()).toEqual(['colour', 'heldAt', 'summary']);
      const self = await post(
        { cycleId: CYCLE, subjectId: f.id.sam, managerId: f.id.sam, heldAt: daysAgo(1), summary: 'x' },
        f.email.hal,
      );
      expect([self.status, self.body.errors?.[0]?.path]).toEqual([400, 'managerId']);
    });

    it('422 for an unknown cycle or a person not appraised in it', async () => {
      const cycle = await post(
        { cycleId: 'cyc_nope', subjectId: f.id.sam, heldAt: daysAgo(1), summary: 'x' },
        f.email.hana,
      );
      expect([cycle.status, cycle.body.code]).toEqual([422, 'unknown_cycle']);
      const outsider = await post(
        { cycleId: 'cyc_only_sam', subjectId: f.id.paul, heldAt: daysAgo(1), summary: 'x' },
        f.email.erin,
      );
      expect([outsider.status, outsider.body.code]).toEqual([422, 'not_participant']);
    });

    it('role scoping: 404 for people you may not see, 403 for yourself or meetings held by others', async () => {
      expect((await meetingFor('pia', f.email.sam)).status).toBe(404);
      expect((await meetingFor('sam', f.email.mo)).status).toBe(404);
      expect((await meetingFor('gus', f.email.hal)).status).toBe(404);
      expect((await meetingFor('sam', f.email.sam)).status).toBe(403);
      expect((await meetingFor('sam', f.email.cat, { managerId: f.id.hana })).status).toBe(403);
      // Erin heads Engineering: Paul is in her manager chain.
      expect((await meetingFor('paul', f.email.erin)).status).toBe(201);
      // HR records a meeting held by the manager.
      const byHr = await meetingFor('sam', f.email.hal, { managerId: f.id.hana });
      expect([byHr.status, byHr.body.managerId]).toEqual([201, f.id.hana]);
    });

    it('409 wrong_phase outside the feedback phase', async () => {
      const res = await post(
        { cycleId: 'cyc_calibrating', subjectId: f.id.sam, heldAt: daysAgo(1), ...good('sam') },
        f.email.hana,
      );
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('wrong_phase');
    });

    it('Idempotency-Key replays the stored response', async () => {
      const json = { cycleId: CYCLE, subjectId: f.id.sam, heldAt: daysAgo(1), ...good('sam') };
      const headers = { 'Idempotency-Key': 'fbm-replay-1' };
      const first = await post(json, f.email.hana, headers);
      const again = await post(json, f.email.hana, headers);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
    });
  });

  describe('reading meetings', () => {
    it('lists are scoped: the employee sees theirs, HR everyone’s', async () => {
      type Page = { items: MeetingJson[]; nextCursor: string | null };
      const mine = await h.call<Page>('GET', `/v1/feedback-meetings?cycleId=${CYCLE}`, { as: f.email.sam });
      expect(mine.status).toBe(200);
      expect(new Set(mine.body.items.map((m) => m.subjectId))).toEqual(new Set([f.id.sam]));
      const all = await h.call<Page>('GET', `/v1/feedback-meetings?cycleId=${CYCLE}&limit=500`, {
        as: f.email.hal,
      });
      expect(new Set(all.body.items.map((m) => m.subjectId))).toEqual(
        new Set([f.id.sam, f.id.pia, f.id.paul]),
      );
      const byMo = await h.call<Page>('GET', `/v1/feedback-meetings?managerId=${f.id.mo}`, {
        as: f.email.hal,
      });
      expect(byMo.body.items.every((m) => m.managerId === f.id.mo)).toBe(true);
      const hidden = await h.call<Page>(`GET`, `/v1/feedback-meetings?subjectId=${f.id.pia}`, {
        as: f.email.sam,
      });
      expect(hidden.body.items).toEqual([]);
    });

    it('404 for a meeting about someone you may not see', async () => {
      const m = await meetingFor('pia', f.email.mo);
      expect((await h.call('GET', `/v1/feedback-meetings/${m.body.id}`, { as: f.email.sam })).status).toBe(
        404,
      );
      expect((await h.call('GET', `/v1/feedback-meetings/${m.body.id}`, { as: f.email.gwen })).status).toBe(
        404,
      );
    });
  });

  describe('the meeting in /openapi.json', () => {
    it('documents the counts of the checklist items (optional) and what the warnings’ details hold', async () => {
      type S = { properties?: Record<string, S>; items?: S; required?: string[]; description?: string };
      const doc = (await (await h.app.request('/openapi.json')).json()) as {
        components: { schemas: Record<string, S> };
      };
      const check = doc.components.schemas.FeedbackQuality?.properties?.checks?.items;
      expect(Object.keys(check?.properties ?? {})).toEqual(
        expect.arrayContaining(['code', 'passed', 'chars', 'minChars', 'actions', 'message']),
      );
      expect(check?.required).toEqual(['code', 'passed', 'message']);
      expect(doc.components.schemas.FormalityIssue?.properties?.details?.description).toContain('matchCount');
    });
  });

  describe('changing a meeting', () => {
    it('the manager edits with If-Match: 428 without, 412 stale; others 403', async () => {
      const m = await meetingFor('sam', f.email.hana);
      const url = `/v1/feedback-meetings/${m.body.id}`;
      const json = { summary: `${good('sam').summary} Updated after the follow-up.` };
      expect((await h.call('PATCH', url, { as: f.email.hana, json })).status).toBe(428);
      const ok = await h.call<MeetingJson>('PATCH', url, {
        as: f.email.hana,
        json,
        headers: { 'If-Match': '"1"' },
      });
      expect([ok.status, ok.body.version]).toEqual([200, 2]);
      const stale = await h.call<MeetingJson>('PATCH', url, {
        as: f.email.hana,
        json,
        headers: { 'If-Match': '"1"' },
      });
      expect([stale.status, stale.body.code]).toEqual([412, 'stale_version']);
      expect(
        (await h.call('PATCH', url, { as: f.email.sam, json, headers: { 'If-Match': '"2"' } })).status,
      ).toBe(403);
      expect(
        (await h.call('PATCH', url, { as: f.email.cat, json, headers: { 'If-Match': '"2"' } })).status,
      ).toBe(403);
      expect(
        (await h.call('PATCH', url, { as: f.email.mo, json, headers: { 'If-Match': '"2"' } })).status,
      ).toBe(404);
      const bad = await h.call<MeetingJson>('PATCH', url, {
        as: f.email.hana,
        json: { agreedActions: [''] },
        headers: { 'If-Match': '"2"' },
      });
      expect(bad.status).toBe(400);
    });

    it('a correction changes the same meeting: audit entry and feed event with it; the window runs from it', async () => {
      // Held a month ago as a mere formality: no window runs, nothing to acknowledge.
      const thin = await meetingFor('erin', f.email.cat, {
        heldAt: daysAgo(30),
        summary: 'Discussed the rating.',
        strengths: '',
        improvements: '',
        agreedActions: [],
      });
      expect([thin.status, thin.body.appealDeadline, thin.body.correctedAt]).toEqual([201, null, null]);
      const list = async () =>
        (
          await h.call<{ items: MeetingJson[] }>('GET', `/v1/feedback-meetings?cycleId=${CYCLE}`, {
            as: f.email.hal,
          })
        ).body.items;
      const before = await list();
      const url = `/v1/feedback-meetings/${thin.body.id}`;
      const fixed = await h.call<MeetingJson>('PATCH', url, {
        as: f.email.cat,
        json: good('erin'),
        headers: { 'If-Match': '"1"' },
      });
      expect(fixed.status).toBe(200);
      expect(fixed.body).toMatchObject({ id: thin.body.id, version: 2, quality: { passed: true } });
      const correctedAt = Date.parse(fixed.body.correctedAt ?? '');
      expect(Math.abs(correctedAt - Date.now())).toBeLessThan(60_000);
      expect(Date.parse(fixed.body.appealDeadline ?? '') - correctedAt).toBe(14 * DAY);
      // Still one meeting for Erin.
      expect((await list()).length).toBe(before.length);
      const audit = await h.store.audit.list(f.acme.organisation.id, { after: 0, limit: 1000 });
      const entry = audit.entries.find(
        (e) => e.action === 'feedback_meeting.correct' && e.resourceId === thin.body.id,
      );
      expect(entry?.actor).toBe(f.id.cat);
      const feed = await readFeed(h, f.email.hal);
      expect(feed).toContainEqual(
        expect.objectContaining({
          kind: 'feedback_meetings',
          resourceId: thin.body.id,
          op: 'update',
          version: 2,
        }),
      );
      // The window restarted at the correction: Erin acknowledges a meeting held a month ago.
      const ack = await h.call<MeetingJson>('POST', `${url}/acknowledge`, { as: f.email.erin, json: {} });
      expect([ack.status, ack.body.acknowledgement.status]).toEqual([200, 'acknowledged']);
    });
  });

  describe('acknowledgement and appeal', () => {
    const act = (
      id: string,
      verb: string,
      as: string,
      json: unknown = {},
      headers: Record<string, string> = {},
    ) => h.call<MeetingJson>('POST', `/v1/feedback-meetings/${id}/${verb}`, { as, json, headers });

    it('the subject acknowledges once; others may not; the meeting is then frozen', async () => {
      const m = await meetingFor('sam', f.email.hana);
      expect((await act(m.body.id, 'acknowledge', f.email.hana)).status).toBe(403);
      expect((await act(m.body.id, 'acknowledge', f.email.pia)).status).toBe(404);
      expect((await act(m.body.id, 'acknowledge', f.email.sam, {}, { 'If-Match': '"9"' })).status).toBe(412);
      const ok = await act(m.body.id, 'acknowledge', f.email.sam, { comment: 'Thanks, fair.' });
      expect(ok.status).toBe(200);
      expect(ok.body.acknowledgement).toMatchObject({ status: 'acknowledged', comment: 'Thanks, fair.' });
      expect(ok.body.version).toBe(2);
      const twice = await act(m.body.id, 'acknowledge', f.email.sam);
      expect([twice.status, twice.body.code]).toEqual([409, 'invalid_state']);
      const edit = await h.call<MeetingJson>('PATCH', `/v1/feedback-meetings/${m.body.id}`, {
        as: f.email.hana,
        json: { summary: 'changed afterwards' },
        headers: { 'If-Match': '"2"' },
      });
      expect([edit.status, edit.body.code]).toEqual([409, 'acknowledgement_recorded']);
      const audit = await h.store.audit.list(f.acme.organisation.id, { after: 0, limit: 1000 });
      expect(
        audit.entries.some((e) => e.action === 'feedback_meeting.acknowledge' && e.resourceId === m.body.id),
      ).toBe(true);
    });

    it('the subject appeals within the window; HR (not the subject) resolves it', async () => {
      const m = await meetingFor('paul', f.email.pia);
      const short = await act(m.body.id, 'appeal', f.email.paul, { reason: 'unfair' });
      expect(short.status).toBe(400);
      const reason = 'My defect goal was hit by the platform outage in March, which I could not control.';
      expect((await act(m.body.id, 'appeal', f.email.pia, { reason })).status).toBe(403);
      const appealed = await act(
        m.body.id,
        'appeal',
        f.email.paul,
        { reason },
        { 'Idempotency-Key': 'appeal-1' },
      );
      expect(appealed.status).toBe(200);
      expect(appealed.body.acknowledgement).toMatchObject({ status: 'appealed', reason });
      const replay = await act(
        m.body.id,
        'appeal',
        f.email.paul,
        { reason },
        { 'Idempotency-Key': 'appeal-1' },
      );
      expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([200, 'true']);

      const note = 'Outage confirmed by the incident log; defect target adjusted, rating upheld.';
      expect((await act(m.body.id, 'resolve-appeal', f.email.mo, { outcome: 'upheld', note })).status).toBe(
        403,
      );
      const bad = await act(m.body.id, 'resolve-appeal', f.email.hal, { outcome: 'maybe', note });
      expect(bad.status).toBe(400);
      const resolved = await act(m.body.id, 'resolve-appeal', f.email.hal, { outcome: 'upheld', note });
      expect(resolved.status).toBe(200);
      expect(resolved.body.acknowledgement).toMatchObject({
        status: 'appeal_resolved',
        by: f.id.hal,
        outcome: 'upheld',
      });
      const again = await act(m.body.id, 'resolve-appeal', f.email.hal, { outcome: 'changed', note });
      expect([again.status, again.body.code]).toEqual([409, 'invalid_state']);
    });

    it('409 meeting_not_counted: a meeting failing the checklist is not acknowledged; appealing it stays open', async () => {
      const thin = await meetingFor('cat', f.email.hal, {
        heldAt: daysAgo(40),
        summary: 'Discussed the rating.',
        agreedActions: [],
      });
      expect(thin.body.quality.passed).toBe(false);
      expect(thin.body.appealDeadline).toBeNull();
      const refused = await act(thin.body.id, 'acknowledge', f.email.cat, { comment: 'ok' });
      expect([refused.status, refused.body.code]).toEqual([409, 'meeting_not_counted']);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.details?.failed).toEqual(['summary', 'agreed_action']);
      expect(refused.body.details?.checks?.map((c) => c.code)).toEqual(['summary', 'agreed_action']);
      const unchanged = await h.call<MeetingJson>('GET', `/v1/feedback-meetings/${thin.body.id}`, {
        as: f.email.cat,
      });
      expect([unchanged.body.version, unchanged.body.acknowledgement.status]).toEqual([1, 'pending']);
      // The employee's to-do does not ask her to acknowledge it.
      const todo = await h.call<{ items: { kind: string }[] }>('GET', `/v1/me/to-do?cycleId=${CYCLE}`, {
        as: f.email.cat,
      });
      expect(todo.body.items.map((i) => i.kind)).not.toContain('acknowledge_result');
      // Forty days after the meeting, the appeal is still open: the result was never shared at a meeting that counts.
      const reason =
        'The meeting never discussed my result; I disagree with the rating of the migration goal.';
      const appealed = await act(thin.body.id, 'appeal', f.email.cat, { reason });
      expect([appealed.status, appealed.body.acknowledgement.status]).toEqual([200, 'appealed']);
    });

    it('422 appeal_window_closed after the policy window; 409 before the meeting was held', async () => {
      const old = await meetingFor('pia', f.email.mo, { heldAt: daysAgo(30) });
      const reason = 'The rating ignores the migration work I led for most of the half.';
      const late = await act(old.body.id, 'appeal', f.email.pia, { reason });
      expect([late.status, late.body.code]).toEqual([422, 'appeal_window_closed']);
      const future = await meetingFor('pia', f.email.mo, {
        heldAt: new Date(Date.now() + 3 * DAY).toISOString(),
      });
      const early = await act(future.body.id, 'acknowledge', f.email.pia);
      expect([early.status, early.body.code]).toEqual([409, 'meeting_not_held']);
    });
  });
});
