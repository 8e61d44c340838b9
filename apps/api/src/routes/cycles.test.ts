// /v1/cycles: creation with a policy snapshot and participants, HR-only writes, guarded transitions with overrides, readiness.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import {
  agreeBoth,
  type CycleJson,
  createCycle,
  createGoal,
  createPolicy,
  forcePhase,
  kpiGoal,
  type ProblemJson,
} from './cycles/testCycle.ts';

describe.each(ENGINES)('cycles routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let policyId: string;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    policyId = await createPolicy(h, f);
  });
  afterAll(async () => {
    await h.close();
  });

  type Reply = CycleJson & ProblemJson;
  const post = (json: unknown, as = f.email.hal, headers: Record<string, string> = {}) =>
    h.call<Reply>('POST', '/v1/cycles', { as, json, headers });
  const base = () => ({ name: 'H1', policyId, startsOn: '2026-01-01', endsOn: '2026-06-30' });
  const move = (id: string, json: unknown, as = f.email.hal, headers: Record<string, string> = {}) =>
    h.call<Reply>('POST', `/v1/cycles/${id}/transitions`, { as, json, headers });

  describe('creating cycles', () => {
    it('HR starts a cycle: every active person takes part, the policy is snapshotted, phase plan', async () => {
      const res = await post(base());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: 'H1', phase: 'plan', history: [], policyId, version: 1 });
      expect(res.body.policy).toMatchObject({ name: 'Growth', theme: 'incentive' });
      expect(res.body.participants).toEqual(
        [f.id.cat, f.id.erin, f.id.hal, f.id.hana, f.id.mo, f.id.paul, f.id.pia, f.id.sam].sort(),
      );
      expect(res.body.id).toMatch(/^cyc_/);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.headers.get('location')).toBe(`/v1/cycles/${res.body.id}`);
      const stored = await h.store.resources('cycles').get(f.acme.organisation.id, res.body.id);
      expect(stored?.cycleId).toBe(res.body.id);
      expect(stored?.data).not.toHaveProperty('version');
    });

    it('participants from departments (with sub-departments) and people', async () => {
      const res = await post({ ...base(), departmentIds: [f.dept.eng], personIds: [f.id.sam] });
      expect(res.body.participants).toEqual([f.id.erin, f.id.mo, f.id.paul, f.id.pia, f.id.sam].sort());
    });

    it('later policy edits do not change a running cycle', async () => {
      const pid = await createPolicy(h, f, 'Snap');
      const cycle = await createCycle(h, f, { policyId: pid });
      const edit = await h.call('PATCH', `/v1/policies/${pid}`, {
        as: f.email.hal,
        json: { name: 'Renamed' },
        headers: { 'If-Match': '"1"' },
      });
      expect(edit.status).toBe(200);
      const again = await h.call<CycleJson>('GET', `/v1/cycles/${cycle.id}`, { as: f.email.sam });
      expect(again.body.policy.name).toBe('Snap');
    });

    it('400 with field errors, 422 for unknown references, nothing stored', async () => {
      const before = (await h.store.resources('cycles').list(f.acme.organisation.id)).records.length;
      const bad = await post({ ...base(), endsOn: '2025-12-31', colour: 'red' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.path)).toEqual(['colour']);
      const dates = await post({ ...base(), endsOn: '2025-12-31' });
      expect(dates.status).toBe(400);
      expect(dates.body.errors?.map((e) => [e.path, e.code])).toEqual([['endsOn', 'ends_before_start']]);
      const policy = await post({ ...base(), policyId: 'pol_nope' });
      expect(policy.status).toBe(422);
      expect(policy.body.code).toBe('unknown_policy');
      const refs = await post({ ...base(), departmentIds: ['dep_nope'], personIds: [f.id.gus] });
      expect(refs.status).toBe(422);
      expect(refs.body.errors?.map((e) => [e.path, e.code])).toEqual([
        ['departmentIds.0', 'unknown_department'],
        ['personIds.0', 'unknown_person'],
      ]);
      const none = await post({ ...base(), personIds: [] });
      expect(none.body.code).toBe('no_participants');
      expect((await h.store.resources('cycles').list(f.acme.organisation.id)).records.length).toBe(before);
    });

    it('only HR creates cycles; API keys may not', async () => {
      expect((await post(base(), f.email.cat)).status).toBe(403);
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      const res = await h.call<ProblemJson>('POST', '/v1/cycles', { key, json: base() });
      expect(res.status).toBe(403);
    });

    it('idempotent create replays the same cycle', async () => {
      const headers = { 'Idempotency-Key': 'cycle-once' };
      const first = await post(base(), f.email.hal, headers);
      const again = await post(base(), f.email.hal, headers);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      expect((await post({ ...base(), name: 'Other' }, f.email.hal, headers)).status).toBe(422);
    });
  });

  describe('reading and changing cycles', () => {
    it('everyone in the organisation reads cycles; other organisations get 404', async () => {
      const cycle = await createCycle(h, f);
      const list = await h.call<{ items: CycleJson[] }>('GET', '/v1/cycles?phase=plan&limit=500', {
        as: f.email.paul,
      });
      expect(list.status).toBe(200);
      expect(list.body.items.map((c) => c.id)).toContain(cycle.id);
      expect((await h.call('GET', `/v1/cycles/${cycle.id}`, { as: f.email.gwen })).status).toBe(404);
      expect((await h.call('GET', '/v1/cycles/cyc_nope', { as: f.email.hal })).status).toBe(404);
    });

    it('PATCH needs If-Match and HR, and only in plan', async () => {
      const cycle = await createCycle(h, f);
      const path = `/v1/cycles/${cycle.id}`;
      expect((await h.call('PATCH', path, { as: f.email.hal, json: { name: 'X' } })).status).toBe(428);
      const stale = await h.call<ProblemJson>('PATCH', path, {
        as: f.email.hal,
        json: { name: 'X' },
        headers: { 'If-Match': '"9"' },
      });
      expect(stale.status).toBe(412);
      expect(stale.body.details).toEqual({ currentVersion: 1 });
      const notHr = await h.call('PATCH', path, {
        as: f.email.cat,
        json: { name: 'X' },
        headers: { 'If-Match': '"1"' },
      });
      expect(notHr.status).toBe(403);
      const dates = await h.call<ProblemJson>('PATCH', path, {
        as: f.email.hal,
        json: { endsOn: '2025-01-01' },
        headers: { 'If-Match': '"1"' },
      });
      expect(dates.status).toBe(400);
      const ok = await h.call<CycleJson>('PATCH', path, {
        as: f.email.hal,
        json: { name: 'Renamed', endsOn: '2026-07-31' },
        headers: { 'If-Match': '"1"' },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ name: 'Renamed', version: 2 });
      const moved = await forcePhase(h, f, cycle.id, 'coach');
      const late = await h.call<ProblemJson>('PATCH', path, {
        as: f.email.hal,
        json: { name: 'Late' },
        headers: { 'If-Match': `"${moved.version}"` },
      });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('wrong_phase');
      expect(late.body.detail).toMatch(/in coach/);
    });
  });

  describe('transitions', () => {
    it('refuses a move while guards fail, with typed reasons naming the people', async () => {
      const cycle = await createCycle(h, f, { personIds: [f.id.sam, f.id.pia] });
      const res = await move(cycle.id, { to: 'coach' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('transition_refused');
      expect(res.body.details).toMatchObject({
        from: 'plan',
        to: 'coach',
        reasons: [
          { code: 'plans_not_agreed', count: 2, ids: [f.id.pia, f.id.sam] },
          { code: 'plan_weights_invalid', count: 2, ids: [f.id.pia, f.id.sam] },
        ],
      });
      const unchanged = await h.call<CycleJson>('GET', `/v1/cycles/${cycle.id}`, { as: f.email.hal });
      expect(unchanged.body).toMatchObject({ phase: 'plan', version: 1 });
    });

    it('moves without an override once every plan is agreed and weighted 100', async () => {
      const cycle = await createCycle(h, f, { personIds: [f.id.sam] });
      await createGoal(h, f.email.hana, kpiGoal(cycle.id, f.id.sam, 60));
      await createGoal(h, f.email.hana, kpiGoal(cycle.id, f.id.sam, 40));
      await agreeBoth(h, cycle.id, f.email.sam, f.id.sam, f.email.hana);
      const ready = await h.call<{ ready: boolean; next: string; reasons: unknown[] }>(
        'GET',
        `/v1/cycles/${cycle.id}/readiness`,
        { as: f.email.hal },
      );
      expect(ready.body).toMatchObject({ ready: true, next: 'coach', reasons: [] });
      const res = await move(cycle.id, { to: 'coach' });
      expect(res.status).toBe(200);
      expect(res.body.phase).toBe('coach');
      expect(res.body.history).toMatchObject([{ from: 'plan', to: 'coach', override: null }]);
      expect(res.headers.get('etag')).toBe('"2"');
    });

    it('an override needs a reason and is recorded in the history and the audit log', async () => {
      const cycle = await createCycle(h, f, { personIds: [f.id.sam] });
      const short = await move(cycle.id, { to: 'coach', override: { reason: 'because' } });
      expect(short.status).toBe(422);
      expect(short.body.code).toBe('override_reason_required');
      expect(short.body.errors?.[0]?.path).toBe('override.reason');
      const res = await move(cycle.id, { to: 'appraise', override: { reason: 'pilot cycle, no coaching' } });
      expect(res.status).toBe(200);
      expect(res.body.history[0]?.override?.refusals.map((r) => r.code)).toEqual([
        'plans_not_agreed',
        'plan_weights_invalid',
        'coaching_missing',
        'phases_skipped',
      ]);
      const audit = await h.store.audit.list(f.acme.organisation.id, { after: 0, limit: 1000 });
      const entry = audit.entries.find((e) => e.action === 'cycle.transition' && e.resourceId === cycle.id);
      expect(entry?.actor).toBe(f.id.hal);
      expect(entry?.data).toMatchObject({
        from: 'plan',
        to: 'appraise',
        skipped: ['coach'],
        override: { reason: 'pilot cycle, no coaching' },
      });
      const back = await move(cycle.id, { to: 'plan', override: { reason: 'go back in time please' } });
      expect(back.status).toBe(409);
      expect(back.body.code).toBe('invalid_transition');
    });

    it('HR only; If-Match optional but checked; idempotent replay', async () => {
      const cycle = await createCycle(h, f, { personIds: [f.id.sam] });
      const body = { to: 'coach', override: { reason: 'kick-off without plans' } };
      expect((await move(cycle.id, body, f.email.hana)).status).toBe(403);
      expect((await move('cyc_nope', body, f.email.hana)).status).toBe(404);
      expect((await move(cycle.id, body, f.email.hal, { 'If-Match': '"7"' })).status).toBe(412);
      const headers = { 'Idempotency-Key': `move-${cycle.id}` };
      const first = await move(cycle.id, body, f.email.hal, headers);
      expect(first.status).toBe(200);
      const again = await move(cycle.id, body, f.email.hal, headers);
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.history).toHaveLength(1);
    });

    it('readiness lists what blocks the next move, narrowed to the people the caller may see', async () => {
      const cycle = await createCycle(h, f, { personIds: [f.id.sam, f.id.pia, f.id.paul] });
      type Readiness = {
        next: string;
        ready: boolean;
        reasons: { code: string; count: number; ids: string[] }[];
      };
      const hr = await h.call<Readiness>('GET', `/v1/cycles/${cycle.id}/readiness`, { as: f.email.hal });
      expect(hr.body.next).toBe('coach');
      expect(hr.body.reasons[0]).toMatchObject({ code: 'plans_not_agreed', count: 3 });
      const mo = await h.call<Readiness>('GET', `/v1/cycles/${cycle.id}/readiness`, { as: f.email.mo });
      expect(mo.body.reasons[0]).toMatchObject({
        code: 'plans_not_agreed',
        count: 2,
        ids: [f.id.paul, f.id.pia],
      });
      const sam = await h.call<Readiness>('GET', `/v1/cycles/${cycle.id}/readiness`, { as: f.email.sam });
      expect(sam.body.reasons.map((r) => r.ids)).toEqual([[f.id.sam], [f.id.sam]]);
    });
  });
});
