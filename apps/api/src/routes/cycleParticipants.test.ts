// /v1/cycles/{id}/participants and /withdrawals: adding, reinstating and withdrawing people mid-cycle, who sees the reason, and what a withdrawal unblocks.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import {
  type CycleJson,
  createCycle,
  createPolicy,
  forcePhase,
  type ProblemJson,
} from './cycles/testCycle.ts';
import { kpi, put, seedCycle, seedGoal, setPhase } from './loop/testCycle.ts';

type Withdrawal = { personId: string; kind?: string; reason?: string; at?: string; by?: string };
type Cycle = CycleJson & { withdrawn: Withdrawal[]; inactiveParticipants: string[] };
type Reply = Cycle & ProblemJson;
type Reason = { code: string; ids: string[]; message: string; hints?: { code: string; ids: string[] }[] };

const REASON = 'Parental leave from March until the end of the year.';

describe.each(ENGINES)('cycle participants on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;
  let policyId: string;

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    policyId = await createPolicy(h, f);
  });
  afterAll(async () => {
    await h.close();
  });

  const read = (id: string, as = f.email.hal) => h.call<Cycle>('GET', `/v1/cycles/${id}`, { as });
  const tagOf = async (id: string) => (await read(id)).headers.get('etag') ?? '';
  const add = async (id: string, personIds: string[], as = f.email.hal, headers?: Record<string, string>) =>
    h.call<Reply>('POST', `/v1/cycles/${id}/participants`, {
      as,
      json: { personIds },
      headers: headers ?? { 'If-Match': await tagOf(id) },
    });
  const withdraw = async (
    id: string,
    json: Record<string, unknown>,
    as = f.email.hal,
    headers?: Record<string, string>,
  ) =>
    h.call<Reply>('POST', `/v1/cycles/${id}/withdrawals`, {
      as,
      json,
      headers: headers ?? { 'If-Match': await tagOf(id) },
    });
  const leave = (personId: string) => ({ personId, kind: 'leave_of_absence', reason: REASON });
  const stored = async (id: string) => (await h.store.resources('cycles').get(org, id))?.version;

  /** A new active person in Sales (reporting to Hana); their id. */
  async function hire(name: string): Promise<string> {
    const res = await h.call<{ id: string }>('POST', '/v1/people', {
      as: f.email.hal,
      json: {
        name,
        email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@acme.test`,
        departmentId: f.dept.sales,
        managerId: f.id.hana,
      },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  async function deactivate(personId: string): Promise<void> {
    const person = await h.call<{ version: number }>('GET', `/v1/people/${personId}`, { as: f.email.hal });
    const res = await h.call('PATCH', `/v1/people/${personId}`, {
      as: f.email.hal,
      json: { active: false },
      headers: { 'If-Match': `"${person.body.version}"` },
    });
    expect(res.status).toBe(200);
  }

  describe('adding and reinstating', () => {
    it('HR adds a new hire in coach: one audited, fed change; a withdrawn person is reinstated the same way', async () => {
      const cycle = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.paul] });
      await forcePhase(h, f, cycle.id, 'coach');
      const ivy = await hire('Ivy');
      const feedBefore = await h.store.feed.read(org, { after: 0, limit: 1000 });
      const res = await add(cycle.id, [ivy]);
      expect(res.status).toBe(200);
      expect(res.body.participants).toEqual([f.id.paul, f.id.sam, ivy].sort());
      expect(res.headers.get('etag')).toBe(`"${res.body.version}"`);
      const audit = await h.store.audit.list(org, { after: 0, limit: 1000 });
      const entry = audit.entries.find(
        (e) => e.action === 'cycle.participants_add' && e.resourceId === cycle.id,
      );
      expect(entry?.actor).toBe(f.id.hal);
      expect(entry?.data).toEqual({ phase: 'coach', added: [ivy], reinstated: [], participants: 3 });
      const feed = await h.store.feed.read(org, { after: feedBefore.nextCursor, limit: 1000 });
      const event = feed.events.find((e) => e.kind === 'cycles' && e.resourceId === cycle.id);
      expect(event).toMatchObject({ op: 'update', version: res.body.version });
      expect((event?.data as { participants?: string[] } | undefined)?.participants).toContain(ivy);

      const out = await withdraw(cycle.id, leave(ivy));
      expect(out.status).toBe(200);
      expect(out.body.participants).toEqual([f.id.paul, f.id.sam].sort());
      const back = await add(cycle.id, [ivy]);
      expect(back.status).toBe(200);
      expect(back.body.participants).toContain(ivy);
      expect(back.body.withdrawn).toEqual([]);
      const audit2 = await h.store.audit.list(org, { after: 0, limit: 1000 });
      const reinstated = audit2.entries.filter(
        (e) => e.action === 'cycle.participants_add' && e.resourceId === cycle.id,
      );
      expect(reinstated.at(-1)?.data).toMatchObject({ added: [], reinstated: [ivy] });
    });

    it('bad ids are 422 with a field error each (unknown, another organisation’s, inactive, already in, twice); nothing changes', async () => {
      const cycle = await createCycle(h, f, { policyId, personIds: [f.id.sam] });
      const gone = await hire('Gone');
      await deactivate(gone);
      const before = await stored(cycle.id);
      const res = await add(cycle.id, ['per_nope', f.id.gus, gone, f.id.sam, f.id.pia, f.id.pia]);
      expect(res.status).toBe(422);
      expect(res.body.errors?.map((e) => [e.path, e.code])).toEqual([
        ['personIds.0', 'unknown_person'],
        ['personIds.1', 'unknown_person'],
        ['personIds.2', 'person_inactive'],
        ['personIds.3', 'already_participant'],
        ['personIds.5', 'duplicate_person'],
      ]);
      expect(
        (
          await h.call<ProblemJson>('POST', `/v1/cycles/${cycle.id}/participants`, {
            as: f.email.hal,
            json: { personIds: [] },
            headers: { 'If-Match': await tagOf(cycle.id) },
          })
        ).status,
      ).toBe(400);
      expect(await stored(cycle.id)).toBe(before);
    });

    it('new people join only in plan, coach and appraise (409 wrong_phase); a withdrawn one is reinstated until closed', async () => {
      const cycle = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.paul] });
      expect((await withdraw(cycle.id, leave(f.id.paul))).status).toBe(200);
      await forcePhase(h, f, cycle.id, 'calibrate');
      const late = await add(cycle.id, [f.id.pia]);
      expect([late.status, late.body.code]).toEqual([409, 'wrong_phase']);
      expect(late.body.details).toEqual({ phase: 'calibrate', allowed: ['plan', 'coach', 'appraise'] });
      const back = await add(cycle.id, [f.id.paul]);
      expect(back.status).toBe(200);
      await forcePhase(h, f, cycle.id, 'closed');
      const closed = await withdraw(cycle.id, leave(f.id.paul));
      expect([closed.status, closed.body.code]).toEqual([409, 'wrong_phase']);
    });
  });

  describe('who may', () => {
    it('employees, managers and heads 403; another organisation’s HR 404; HR never about themselves (own_participation)', async () => {
      const cycle = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.paul, f.id.hal] });
      const before = await stored(cycle.id);
      for (const as of [f.email.sam, f.email.pia, f.email.hana]) {
        expect((await add(cycle.id, [f.id.pia], as)).status).toBe(403);
        expect((await withdraw(cycle.id, leave(f.id.paul), as)).status).toBe(403);
      }
      const tag = { 'If-Match': await tagOf(cycle.id) };
      expect((await add(cycle.id, [f.id.pia], f.email.gwen, tag)).status).toBe(404);
      expect((await withdraw(cycle.id, leave(f.id.paul), f.email.gwen, tag)).status).toBe(404);
      const own = await withdraw(cycle.id, leave(f.id.hal));
      expect([own.status, own.body.code]).toEqual([403, 'own_participation']);
      expect(own.body.errors?.[0]?.path).toBe('personId');
      expect(await stored(cycle.id)).toBe(before);
    });

    it('If-Match is required (428) and must be current (412); Idempotency-Key replays', async () => {
      const cycle = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.paul] });
      expect((await add(cycle.id, [f.id.pia], f.email.hal, {})).status).toBe(428);
      expect((await withdraw(cycle.id, leave(f.id.paul), f.email.hal, {})).status).toBe(428);
      const stale = await withdraw(cycle.id, leave(f.id.paul), f.email.hal, { 'If-Match': '"99"' });
      expect([stale.status, stale.body.code]).toEqual([412, 'stale_version']);
      const headers = { 'If-Match': await tagOf(cycle.id), 'Idempotency-Key': `wd-${randomUUID()}` };
      const first = await withdraw(cycle.id, leave(f.id.paul), f.email.hal, headers);
      expect(first.status).toBe(200);
      const again = await withdraw(cycle.id, leave(f.id.paul), f.email.hal, headers);
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.version).toBe(first.body.version);
      expect(await stored(cycle.id)).toBe(first.body.version);
      const other = await withdraw(cycle.id, leave(f.id.sam), f.email.hal, headers);
      expect([other.status, other.body.code]).toEqual([422, 'idempotency_key_reused']);
    });
  });

  describe('withdrawing', () => {
    it('refuses short reasons, unknown kinds, non-participants, a second withdrawal and an applied result; nothing changes', async () => {
      const cycle = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.paul] });
      const before = await stored(cycle.id);
      const short = await withdraw(cycle.id, { ...leave(f.id.paul), reason: '  too short ' });
      expect([short.status, short.body.errors?.[0]?.path]).toEqual([400, 'reason']);
      expect((await withdraw(cycle.id, { ...leave(f.id.paul), kind: 'fired' })).status).toBe(400);
      const outsider = await withdraw(cycle.id, leave(f.id.pia));
      expect([outsider.status, outsider.body.code, outsider.body.errors?.[0]?.path]).toEqual([
        422,
        'not_a_participant',
        'personId',
      ]);
      expect(await stored(cycle.id)).toBe(before);
      expect((await withdraw(cycle.id, leave(f.id.paul))).status).toBe(200);
      const twice = await withdraw(cycle.id, leave(f.id.paul));
      expect([twice.status, twice.body.code]).toEqual([409, 'already_withdrawn']);
      await put(h, org, 'results', {
        id: `res_${cycle.id}_sam`,
        cycleId: cycle.id,
        subjectId: f.id.sam,
        data: { personId: f.id.sam, cycleId: cycle.id },
      });
      const applied = await withdraw(cycle.id, leave(f.id.sam));
      expect([applied.status, applied.body.code]).toEqual([409, 'result_applied']);
    });

    it('HR and those who manage the person see the reason; the person sees kind and date; others only that they left', async () => {
      const cycle = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.paul] });
      const res = await withdraw(cycle.id, leave(f.id.paul));
      expect(res.status).toBe(200);
      const full = { personId: f.id.paul, kind: 'leave_of_absence', reason: REASON, by: f.id.hal };
      expect(res.body.withdrawn).toEqual([{ ...full, at: expect.any(String) }]);
      for (const as of [f.email.pia, f.email.mo, f.email.erin]) {
        expect((await read(cycle.id, as)).body.withdrawn).toEqual([{ ...full, at: expect.any(String) }]);
      }
      const own = (await read(cycle.id, f.email.paul)).body.withdrawn;
      expect(own).toEqual([{ personId: f.id.paul, kind: 'leave_of_absence', at: expect.any(String) }]);
      for (const as of [f.email.sam, f.email.hana]) {
        expect((await read(cycle.id, as)).body.withdrawn).toEqual([{ personId: f.id.paul }]);
        const listed = await h.call<{ items: Cycle[] }>('GET', '/v1/cycles?limit=500', { as });
        expect(listed.body.items.find((c) => c.id === cycle.id)?.withdrawn).toEqual([
          { personId: f.id.paul },
        ]);
      }
    });

    it('a withdrawn person keeps their records but gets no new goal or check-in (participant_withdrawn), and drops out of plans and scores', async () => {
      const cycle = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.paul, f.id.pia] });
      const goal = await h.call<{ id: string }>('POST', '/v1/goals', {
        as: f.email.pia,
        json: {
          cycleId: cycle.id,
          kind: 'competency',
          level: 'person',
          ownerId: f.id.paul,
          title: 'Reviews',
          weight: 100,
        },
      });
      expect(goal.status).toBe(201);
      expect((await withdraw(cycle.id, { ...leave(f.id.paul), kind: 'left_organisation' })).status).toBe(200);
      expect((await h.call('GET', `/v1/goals/${goal.body.id}`, { as: f.email.paul })).status).toBe(200);
      const another = await h.call<ProblemJson>('POST', '/v1/goals', {
        as: f.email.pia,
        json: {
          cycleId: cycle.id,
          kind: 'competency',
          level: 'person',
          ownerId: f.id.paul,
          title: 'More',
          weight: 10,
        },
      });
      expect([another.status, another.body.code]).toEqual([409, 'participant_withdrawn']);
      await forcePhase(h, f, cycle.id, 'coach');
      const checkIn = await h.call<ProblemJson>('POST', '/v1/check-ins', {
        as: f.email.pia,
        json: { cycleId: cycle.id, subjectId: f.id.paul, kind: 'performance_meeting', notes: 'Handover' },
      });
      expect([checkIn.status, checkIn.body.code]).toEqual([409, 'participant_withdrawn']);
      const plans = await h.call<{ items: { personId: string }[] }>('GET', `/v1/cycles/${cycle.id}/plans`, {
        as: f.email.hal,
      });
      expect(plans.body.items.map((p) => p.personId).sort()).toEqual([f.id.pia, f.id.sam].sort());
      const readiness = await h.call<{ reasons: Reason[] }>('GET', `/v1/cycles/${cycle.id}/readiness`, {
        as: f.email.hal,
      });
      expect(readiness.body.reasons.find((r) => r.code === 'coaching_missing')?.ids).toEqual(
        [f.id.pia, f.id.sam].sort(),
      );
    });

    it('a deactivated participant is listed as inactive, and the refusals hint to withdraw them', async () => {
      const ned = await hire('Ned');
      const cycle = await createCycle(h, f, { policyId, personIds: [f.id.sam, ned] });
      await deactivate(ned);
      const hr = await read(cycle.id);
      expect(hr.body.participants).toContain(ned); // the people route does not change cycles
      expect(hr.body.inactiveParticipants).toEqual([ned]);
      expect((await read(cycle.id, f.email.hana)).body.inactiveParticipants).toEqual([ned]);
      expect((await read(cycle.id, f.email.sam)).body.inactiveParticipants).toEqual([]);
      const move = await h.call<ProblemJson & { details: { reasons: Reason[] } }>(
        'POST',
        `/v1/cycles/${cycle.id}/transitions`,
        { as: f.email.hal, json: { to: 'coach' } },
      );
      expect([move.status, move.body.code]).toEqual([409, 'transition_refused']);
      const notAgreed = move.body.details.reasons.find((r) => r.code === 'plans_not_agreed');
      expect(notAgreed?.hints).toEqual([
        expect.objectContaining({ code: 'participant_inactive', ids: [ned] }),
      ]);
      expect(move.body.detail).toContain('no longer active in the organisation: withdraw them');
      const out = await withdraw(cycle.id, {
        personId: ned,
        kind: 'left_organisation',
        reason: 'Left the company on 31 March.',
      });
      expect(out.status).toBe(200);
      expect(out.body.inactiveParticipants).toEqual([]);
    });
  });

  describe('the participants read', () => {
    type Event = {
      personId: string;
      action: string;
      at: string;
      by?: string;
      kind?: string;
      reason?: string;
    };
    type Item = {
      personId: string;
      status: string;
      inactive: boolean;
      withdrawal: Withdrawal | null;
      history: Event[];
    };
    const people = (id: string, as = f.email.hal, query = '') =>
      h.call<{ items: Item[]; nextCursor: string | null } & ProblemJson>(
        'GET',
        `/v1/cycles/${id}/participants${query}`,
        { as },
      );

    it('keeps each withdrawal and reinstatement (who, when, why), also once reinstated; the person reads theirs without HR’s reason', async () => {
      const cycle = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.paul, f.id.pia] });
      expect((await withdraw(cycle.id, leave(f.id.paul))).status).toBe(200);
      const back = await h.call<Reply>('POST', `/v1/cycles/${cycle.id}/participants`, {
        as: f.email.hal,
        json: { personIds: [f.id.paul], reason: 'Back from leave early.' },
        headers: { 'If-Match': await tagOf(cycle.id) },
      });
      expect(back.status).toBe(200);
      // The cycle resource no longer shows the withdrawal: the history is the participants read's.
      expect(back.body.withdrawn).toEqual([]);
      expect(back.body).not.toHaveProperty('participationHistory');
      const reinstated = await people(cycle.id);
      expect(reinstated.status).toBe(200);
      const paul = reinstated.body.items.find((i) => i.personId === f.id.paul);
      expect(paul).toMatchObject({ status: 'participant', withdrawal: null });
      expect(paul?.history).toEqual([
        {
          personId: f.id.paul,
          action: 'withdrawn',
          at: expect.any(String),
          by: f.id.hal,
          kind: 'leave_of_absence',
          reason: REASON,
        },
        {
          personId: f.id.paul,
          action: 'reinstated',
          at: expect.any(String),
          by: f.id.hal,
          reason: 'Back from leave early.',
        },
      ]);
      const audit = await h.store.audit.list(org, { after: 0, limit: 1000 });
      expect(
        audit.entries.filter((e) => e.action === 'cycle.participants_add' && e.resourceId === cycle.id).at(-1)
          ?.data,
      ).toMatchObject({ reinstated: [f.id.paul], reason: 'Back from leave early.' });

      expect(
        (await withdraw(cycle.id, { personId: f.id.paul, kind: 'other', reason: 'Moved to a project team.' }))
          .status,
      ).toBe(200);
      const again = await people(cycle.id);
      const now = again.body.items.find((i) => i.personId === f.id.paul);
      expect(now?.status).toBe('withdrawn');
      expect(now?.withdrawal).toMatchObject({
        kind: 'other',
        reason: 'Moved to a project team.',
        by: f.id.hal,
      });
      expect(now?.history.map((e) => [e.action, e.kind ?? null])).toEqual([
        ['withdrawn', 'leave_of_absence'],
        ['reinstated', null],
        ['withdrawn', 'other'],
      ]);
      // The person: what happened, when and the kind; never HR's reason nor who.
      const own = await people(cycle.id, f.email.paul);
      expect(own.body.items.map((i) => i.personId)).toEqual([f.id.paul]);
      expect(own.body.items[0]?.history).toEqual([
        { personId: f.id.paul, action: 'withdrawn', at: expect.any(String), kind: 'leave_of_absence' },
        { personId: f.id.paul, action: 'reinstated', at: expect.any(String) },
        { personId: f.id.paul, action: 'withdrawn', at: expect.any(String), kind: 'other' },
      ]);
      expect(own.body.items[0]?.withdrawal).toEqual({
        personId: f.id.paul,
        kind: 'other',
        at: expect.any(String),
      });
      // His manager reads all of it; a colleague only themselves.
      const pia = await people(cycle.id, f.email.pia);
      expect(pia.body.items.map((i) => i.personId).sort()).toEqual([f.id.paul, f.id.pia].sort());
      expect(pia.body.items.find((i) => i.personId === f.id.paul)?.history[0]?.reason).toBe(REASON);
      expect((await people(cycle.id, f.email.sam)).body.items.map((i) => i.personId)).toEqual([f.id.sam]);
    });

    it('scopes to a department (with its sub-departments) and to whom the caller may see; pages by person id', async () => {
      const cycle = await createCycle(h, f, {
        policyId,
        personIds: [f.id.sam, f.id.paul, f.id.pia, f.id.mo],
      });
      expect((await withdraw(cycle.id, leave(f.id.mo))).status).toBe(200);
      const eng = await people(cycle.id, f.email.hal, `?departmentId=${f.dept.eng}`);
      expect(eng.body.items.map((i) => [i.personId, i.status])).toEqual(
        [
          [f.id.mo, 'withdrawn'],
          [f.id.paul, 'participant'],
          [f.id.pia, 'participant'],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      const sales = await people(cycle.id, f.email.hal, `?departmentId=${f.dept.sales}`);
      expect(sales.body.items.map((i) => i.personId)).toEqual([f.id.sam]);
      // Hana heads Sales: Engineering's people are not hers to see.
      const hana = await people(cycle.id, f.email.hana, `?departmentId=${f.dept.eng}`);
      expect([hana.status, hana.body.items]).toEqual([200, []]);
      const unknown = await people(cycle.id, f.email.hal, '?departmentId=dep_nope');
      expect(unknown.status).toBe(404);
      expect((await people(cycle.id, f.email.gwen)).status).toBe(404);
      const first = await people(cycle.id, f.email.hal, '?limit=2');
      expect(first.body.items).toHaveLength(2);
      const rest = await people(cycle.id, f.email.hal, `?limit=2&cursor=${first.body.nextCursor}`);
      expect([...first.body.items, ...rest.body.items].map((i) => i.personId)).toEqual(
        [f.id.sam, f.id.paul, f.id.pia, f.id.mo].sort(),
      );
    });
  });

  describe('a plan whose every goal was cancelled', () => {
    const CYCLE = `cyc_pt_${engine}`;
    it('holds results_not_applied with a hint to withdraw; withdrawn, the cycle closes without an override and results leave them out', async () => {
      await seedCycle(h, org, { id: CYCLE, phase: 'coach', participants: [f.id.paul, f.id.pia, f.id.sam] });
      await seedGoal(h, org, kpi('g.pt.a', CYCLE, f.id.paul, 100, 80));
      await seedGoal(h, org, kpi('g.pt.pia', CYCLE, f.id.pia, 100, 100));
      await seedGoal(h, org, kpi('g.pt.sam', CYCLE, f.id.sam, 100, 120));
      const goal = await h.call<{ version: number }>('GET', '/v1/goals/g.pt.a', { as: f.email.pia });
      const cancel = await h.call('PATCH', '/v1/goals/g.pt.a', {
        as: f.email.pia,
        json: { status: 'cancelled', correctionReason: 'The programme this goal measured was stopped.' },
        headers: { 'If-Match': `"${goal.body.version}"` },
      });
      expect(cancel.status).toBe(200);
      await setPhase(h, org, CYCLE, 'apply');
      const apply = await h.call<{ people: { personId: string }[] }>(
        'POST',
        `/v1/cycles/${CYCLE}/results/apply`,
        {
          as: f.email.hal,
          json: { poolCents: 1_000_000, meritBudgetCents: 500_000 },
          headers: { 'If-Match': await tagOf(CYCLE) },
        },
      );
      expect(apply.status).toBe(200);
      const refused = await h.call<ProblemJson & { details: { reasons: Reason[] } }>(
        'POST',
        `/v1/cycles/${CYCLE}/transitions`,
        { as: f.email.hal, json: { to: 'improve' } },
      );
      expect([refused.status, refused.body.code]).toEqual([409, 'transition_refused']);
      expect(refused.body.details.reasons).toEqual([
        expect.objectContaining({
          code: 'results_not_applied',
          ids: [f.id.paul],
          hints: [expect.objectContaining({ code: 'all_goals_cancelled', ids: [f.id.paul] })],
        }),
      ]);
      expect(refused.body.detail).toContain(
        'every goal cancelled, so no score and never a result: withdraw them',
      );

      const out = await withdraw(CYCLE, {
        personId: f.id.paul,
        kind: 'role_change',
        reason: 'Moved to a role appraised in another cycle.',
      });
      expect(out.status).toBe(200);
      const preview = await h.call<{ people: { personId: string }[] }>(
        'POST',
        `/v1/cycles/${CYCLE}/results/preview`,
        {
          as: f.email.hal,
          json: { poolCents: 1_000_000, meritBudgetCents: 500_000 },
        },
      );
      expect(preview.status).toBe(200);
      expect(preview.body.people.map((p) => p.personId).sort()).toEqual([f.id.pia, f.id.sam].sort());
      for (const to of ['improve', 'closed']) {
        const moved = await h.call<Cycle>('POST', `/v1/cycles/${CYCLE}/transitions`, {
          as: f.email.hal,
          json: { to },
        });
        expect([moved.status, moved.body.phase]).toEqual([200, to]);
        expect(moved.body.history.at(-1)?.override).toBeNull();
      }
    });

    it('scores and calibration leave a withdrawn person out', async () => {
      const id = `cyc_pt2_${engine}`;
      await seedCycle(h, org, { id, phase: 'appraise', participants: [f.id.paul, f.id.pia, f.id.sam] });
      for (const [p, actual] of [
        [f.id.paul, 20],
        [f.id.pia, 100],
        [f.id.sam, 150],
      ] as const) {
        await seedGoal(h, org, kpi(`g.${id}.${p}`, id, p, 100, actual));
      }
      const scores = async () =>
        (
          await h.call<{ items: { subjectId: string }[] }>('GET', `/v1/cycles/${id}/scores`, {
            as: f.email.hal,
          })
        ).body.items
          .map((s) => s.subjectId)
          .sort();
      expect(await scores()).toEqual([f.id.paul, f.id.pia, f.id.sam].sort());
      expect((await withdraw(id, leave(f.id.sam))).status).toBe(200);
      expect(await scores()).toEqual([f.id.paul, f.id.pia].sort());
      const one = await h.call<ProblemJson>('GET', `/v1/cycles/${id}/scores/${f.id.sam}`, {
        as: f.email.hal,
      });
      expect(one.status).toBe(404);
      await setPhase(h, org, id, 'calibrate');
      const session = await h.call<{ id: string }>('POST', '/v1/calibration-sessions', {
        as: f.email.hal,
        json: { cycleId: id, name: 'Everyone', departmentIds: [f.dept.root] },
      });
      expect(session.status).toBe(201);
      const distribution = await h.call<{ people: string[]; current: { total: number } }>(
        'GET',
        `/v1/calibration-sessions/${session.body.id}/distribution`,
        { as: f.email.hal },
      );
      expect(distribution.status).toBe(200);
      expect(distribution.body.people).toEqual([f.id.paul, f.id.pia].sort());
      expect(distribution.body.current.total).toBe(2);
    });
  });
});
