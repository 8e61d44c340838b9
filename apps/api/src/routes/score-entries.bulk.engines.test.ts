// POST /v1/cycles/{id}/score-entries on both engines: many people per request, all or nothing per person, one outcome each.
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
import {
  agreeBoth,
  createCycle,
  createGoal,
  forcePhase,
  kpiGoal as kpiGoalBody,
} from './cycles/testCycle.ts';
import { planId } from './plans/planRecord.ts';

type GoalValue = { goalId: string; version: number; actual: number | null };
type Outcome =
  | {
      outcome: 'applied';
      personId: string;
      changed: boolean;
      goals: GoalValue[];
      managerReview: { id: string; version: number; ratings: { goalId: string; rating: number }[] } | null;
    }
  | {
      outcome: 'conflict';
      personId: string;
      status: number;
      code: string;
      records: { kind: string; id: string | null; goalId?: string; currentVersion: number | null }[];
    }
  | {
      outcome: 'refused';
      personId: string;
      status: number;
      code: string;
      detail: string;
      errors: { path: string; code: string; message: string }[];
    };
type Bulk = { cycleId: string; applied: number; conflicts: number; refused: number; people: Outcome[] };

describe.each(ENGINES)('bulk score entries on %s', (engine) => {
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

  /** A cycle in `phase` where Sam, Pia and Paul each have two KPI goals (actual 60 and none) and a competency goal. */
  async function cycle(phase: 'coach' | 'appraise') {
    const id = uniqueId('cyc');
    const { hal, hana, sam, erin, mo, pia, paul } = f.id;
    await seedCycle(h, orgId, id, phase, [hal, hana, sam, erin, mo, pia, paul]);
    const goals = new Map<string, { a: string; b: string; comp: string }>();
    for (const person of [sam, pia, paul]) {
      const a = await seedGoal(h, orgId, kpiGoal(uniqueId('gol'), id, person, 40, 60));
      const b = await seedGoal(h, orgId, kpiGoal(uniqueId('gol'), id, person, 30, null));
      const comp = await seedGoal(h, orgId, competencyGoal(uniqueId('gol'), id, person, 30));
      goals.set(person, { a: a.id, b: b.id, comp: comp.id });
    }
    return { id, g: (person: string) => goals.get(person) ?? { a: '', b: '', comp: '' } };
  }

  const bulk = (as: string, cycleId: string, json: unknown, headers: Record<string, string> = {}) =>
    h.call<Bulk & ProblemJson>('POST', `/v1/cycles/${cycleId}/score-entries`, { as, json, headers });
  const goal = async (id: string) => {
    const record = await h.store.resources('goals').get(orgId, id);
    const data = (record?.data ?? {}) as { actual?: number | null };
    return { actual: data.actual ?? null, version: record?.version };
  };
  const seq = async () => (await h.store.organisations.get(orgId))?.seq ?? 0;

  it('mixed outcomes in one request: each person all or nothing, independently; audit and feed per change', async () => {
    const { id, g } = await cycle('coach');
    const { sam, pia, paul, cat } = f.id;
    const before = await seq();
    const r = await bulk(f.email.hal, id, {
      people: [
        {
          personId: sam,
          goals: [
            { goalId: g(sam).a, version: 1, actual: 75 },
            { goalId: g(sam).b, version: 1, actual: 12.5 },
          ],
        },
        {
          // A valid entry next to an actual on a competency goal: nothing of Pia's is written.
          personId: pia,
          goals: [
            { goalId: g(pia).a, version: 1, actual: 70 },
            { goalId: g(pia).comp, version: 1, actual: 3 },
          ],
        },
        // Ratings in coach: refused for Paul alone.
        { personId: paul, managerReview: { version: null, ratings: [{ goalId: g(paul).a, rating: 3 }] } },
        { personId: cat, goals: [{ goalId: g(sam).a, version: 1, actual: 1 }] },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ cycleId: id, applied: 1, conflicts: 0, refused: 3 });
    expect(r.body.people.map((p) => [p.personId, p.outcome])).toEqual([
      [sam, 'applied'],
      [pia, 'refused'],
      [paul, 'refused'],
      [cat, 'refused'],
    ]);
    expect(r.body.people[0]).toEqual({
      outcome: 'applied',
      personId: sam,
      changed: true,
      goals: [
        { goalId: g(sam).a, version: 2, actual: 75 },
        { goalId: g(sam).b, version: 2, actual: 12.5 },
      ],
      managerReview: null,
    });
    expect(r.body.people[1]).toMatchObject({
      status: 422,
      code: 'not_a_kpi',
      errors: [{ path: 'goals.1.actual', code: 'not_a_kpi' }],
    });
    // Hal is HR, not in Paul's manager chain: 403 before the phase is even looked at.
    expect(r.body.people[2]).toMatchObject({ status: 403, code: 'forbidden', errors: [] });
    expect(r.body.people[3]).toMatchObject({ status: 422, code: 'not_a_participant' });
    expect(await goal(g(sam).a)).toEqual({ actual: 75, version: 2 });
    expect(await goal(g(pia).a)).toEqual({ actual: 60, version: 1 });
    // Exactly Sam's two goal changes, each with its audit entry and feed event.
    const feed = await h.store.feed.read(orgId, { after: before, limit: 100 });
    expect(feed.events.map((e) => [e.kind, e.resourceId, e.version]).sort()).toEqual(
      [
        ['goals', g(sam).a, 2],
        ['goals', g(sam).b, 2],
      ].sort(),
    );
    const audit = await h.store.audit.list(orgId, { after: before, limit: 100 });
    expect(audit.entries.map((e) => [e.action, e.resourceId]).sort()).toEqual(
      [
        ['goal.update', g(sam).a],
        ['goal.update', g(sam).b],
      ].sort(),
    );
    expect(await h.store.audit.verify(orgId)).toMatchObject({ ok: true });

    // Sent again: Sam's values are current (nothing written), the refusals stand.
    const again = await bulk(f.email.hal, id, {
      people: [
        {
          personId: sam,
          goals: [
            { goalId: g(sam).a, version: 2, actual: 75 },
            { goalId: g(sam).b, version: 2, actual: 12.5 },
          ],
        },
      ],
    });
    expect(again.body.people[0]).toMatchObject({ outcome: 'applied', changed: false });
    expect(await seq()).toBe(feed.events.at(-1)?.seq ?? -1);
  });

  it('a stale version for one person leaves the others applied', async () => {
    const { id, g } = await cycle('coach');
    const { pia, paul } = f.id;
    // Paul's first goal moves on meanwhile (the per-person route, as another tab would).
    const moved = await h.call('POST', `/v1/cycles/${id}/people/${paul}/score-entries`, {
      as: f.email.pia,
      json: { goals: [{ goalId: g(paul).b, version: 1, actual: 5 }] },
    });
    expect(moved.status).toBe(200);
    const r = await bulk(f.email.erin, id, {
      people: [
        { personId: pia, goals: [{ goalId: g(pia).a, version: 1, actual: 90 }] },
        {
          personId: paul,
          goals: [
            { goalId: g(paul).a, version: 1, actual: 99 },
            { goalId: g(paul).b, version: 1, actual: 6 },
          ],
        },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ applied: 1, conflicts: 1, refused: 0 });
    expect(r.body.people[0]).toMatchObject({ outcome: 'applied', goals: [{ goalId: g(pia).a, version: 2 }] });
    expect(r.body.people[1]).toMatchObject({
      outcome: 'conflict',
      personId: paul,
      status: 412,
      code: 'stale_version',
      records: [{ kind: 'goal', id: g(paul).b, goalId: g(paul).b, currentVersion: 2 }],
    });
    expect(await goal(g(pia).a)).toEqual({ actual: 90, version: 2 });
    expect(await goal(g(paul).a)).toEqual({ actual: 60, version: 1 });
    expect(await goal(g(paul).b)).toEqual({ actual: 5, version: 2 });
  });

  it('ratings: the manager chain’s draft reviews in appraise; a person the caller may see but not rate is refused', async () => {
    const { id, g } = await cycle('appraise');
    const { sam, pia, paul } = f.id;
    const r = await bulk(f.email.erin, id, {
      people: [
        {
          personId: paul,
          managerReview: {
            version: null,
            ratings: [
              { goalId: g(paul).a, rating: 4 },
              { goalId: g(paul).comp, rating: 3 },
            ],
          },
        },
        // Actuals are closed to managers in appraise: the whole person fails, their rating too.
        {
          personId: pia,
          goals: [{ goalId: g(pia).a, version: 1, actual: 1 }],
          managerReview: { version: null, ratings: [{ goalId: g(pia).a, rating: 4 }] },
        },
      ],
    });
    expect(r.body.people.map((p) => [p.outcome, 'code' in p ? p.code : null])).toEqual([
      ['applied', null],
      ['refused', 'wrong_phase'],
    ]);
    expect(r.body.people[0]).toMatchObject({
      managerReview: {
        version: 1,
        ratings: [
          { goalId: g(paul).a, rating: 4 },
          { goalId: g(paul).comp, rating: 3 },
        ],
      },
    });
    // HR may change actuals in appraise but is in nobody's manager chain: Sam applied, Pia forbidden.
    const hr = await bulk(f.email.hal, id, {
      people: [
        { personId: sam, goals: [{ goalId: g(sam).a, version: 1, actual: 61 }] },
        { personId: pia, managerReview: { version: null, ratings: [{ goalId: g(pia).a, rating: 2 }] } },
      ],
    });
    expect(hr.body.people.map((p) => [p.personId, p.outcome, 'status' in p ? p.status : 200])).toEqual([
      [sam, 'applied', 200],
      [pia, 'refused', 403],
    ]);
    const reviews = await h.store.resources('reviews').list(orgId, { cycleId: id, subjectId: pia });
    expect(reviews.records).toEqual([]);
  });

  it('another organisation’s ids answer 404 as elsewhere; nothing is written', async () => {
    const { id, g } = await cycle('coach');
    const { sam, paul, gus } = f.id;
    const entries = { goals: [{ goalId: g(sam).a, version: 1, actual: 11 }] };
    const foreignPerson = await bulk(f.email.hal, id, {
      people: [
        { personId: sam, ...entries },
        { personId: gus, goals: [{ goalId: g(sam).b, version: 1, actual: 1 }] },
      ],
    });
    expect([foreignPerson.status, foreignPerson.body.code]).toEqual([404, 'not_found']);
    expect(foreignPerson.body.errors?.map((e) => [e.path, e.code])).toEqual([
      ['people.1.personId', 'not_found'],
    ]);
    // Someone of the caller's organisation they may not see is the same 404.
    const hidden = await bulk(f.email.hana, id, {
      people: [
        { personId: sam, ...entries },
        { personId: paul, goals: [{ goalId: g(paul).a, version: 1, actual: 1 }] },
      ],
    });
    expect([hidden.status, hidden.body.code]).toEqual([404, 'not_found']);
    expect(await goal(g(sam).a)).toEqual({ actual: 60, version: 1 });
    // Another organisation's cycle.
    const globexCycle = uniqueId('cyc');
    await seedCycle(h, f.globex.organisation.id, globexCycle, 'coach', [gus]);
    const foreignCycle = await bulk(f.email.hal, globexCycle, { people: [{ personId: sam, ...entries }] });
    expect([foreignCycle.status, foreignCycle.body.code]).toEqual([404, 'not_found']);
    // Another organisation's goal for one of our people: refused like an unknown goal, its id not echoed.
    const globexGoal = await seedGoal(
      h,
      f.globex.organisation.id,
      kpiGoal(uniqueId('gol'), globexCycle, gus, 100, null),
    );
    const foreignGoal = await bulk(f.email.hal, id, {
      people: [
        { personId: sam, goals: [{ goalId: globexGoal.id, version: 1, actual: 1 }] },
        { personId: paul, goals: [{ goalId: g(paul).a, version: 1, actual: 64 }] },
      ],
    });
    expect(foreignGoal.status).toBe(200);
    expect(foreignGoal.body.people[0]).toMatchObject({
      outcome: 'refused',
      status: 422,
      code: 'unknown_goal',
      errors: [{ path: 'goals.0.goalId', code: 'unknown_goal' }],
    });
    expect(foreignGoal.body.people[1]).toMatchObject({ outcome: 'applied' });
    expect(JSON.stringify(foreignGoal.body)).not.toContain(globexGoal.id);
    expect((await h.store.resources('goals').get(f.globex.organisation.id, globexGoal.id))?.version).toBe(1);
    // An API key acts for nobody: 403 for the whole request.
    const key = await h.apiKey(orgId, ['sync:notion']);
    const service = await h.call<ProblemJson>('POST', `/v1/cycles/${id}/score-entries`, {
      key,
      json: { people: [{ personId: sam, ...entries }] },
    });
    expect([service.status, service.body.code]).toEqual([403, 'forbidden']);
  });

  it('replays a retried request by its Idempotency-Key; another body with that key is refused', async () => {
    const { id, g } = await cycle('coach');
    const { sam, pia } = f.id;
    const body = {
      people: [
        { personId: sam, goals: [{ goalId: g(sam).a, version: 1, actual: 88 }] },
        { personId: pia, goals: [{ goalId: g(pia).comp, version: 1, actual: 1 }] },
      ],
    };
    const key = { 'Idempotency-Key': `bulk-${id}` };
    const first = await bulk(f.email.hal, id, body, key);
    const second = await bulk(f.email.hal, id, body, key);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await goal(g(sam).a)).toEqual({ actual: 88, version: 2 });
    const other = await bulk(f.email.hal, id, { people: [body.people[0]] }, key);
    expect([other.status, other.body.code]).toEqual([422, 'idempotency_key_reused']);
  });

  it('a request interrupted after some people committed replays them on retry, never writing twice', async () => {
    const { id, g } = await cycle('coach');
    const { sam, paul } = f.id;
    const body = {
      people: [
        { personId: sam, goals: [{ goalId: g(sam).a, version: 1, actual: 70 }] },
        { personId: paul, goals: [{ goalId: g(paul).a, version: 1, actual: 71 }] },
      ],
    };
    const key = `bulk-interrupted-${id}`;
    const first = await bulk(f.email.hal, id, body, { 'Idempotency-Key': key });
    expect(first.body.applied).toBe(2);
    // As if the process had stopped before the whole answer was stored: only each person's part remains.
    await h.store.db.deleteFrom('idempotency_keys').where('key', '=', key).execute();
    const parts = await h.store.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('key', 'like', `${key} %`)
      .execute();
    expect(parts).toHaveLength(2);
    const retried = await bulk(f.email.hal, id, body, { 'Idempotency-Key': key });
    expect(retried.status).toBe(200);
    expect(retried.body.people).toEqual(first.body.people);
    expect(await goal(g(sam).a)).toEqual({ actual: 70, version: 2 });
    expect(await goal(g(paul).a)).toEqual({ actual: 71, version: 2 });
  });

  it('twin requests racing with one key: each person written once, both answers the same', async () => {
    const { id, g } = await cycle('coach');
    const people = [f.id.sam, f.id.pia, f.id.paul];
    const body = {
      people: people.map((personId, i) => ({
        personId,
        goals: [
          { goalId: g(personId).a, version: 1, actual: 100 + i },
          { goalId: g(personId).b, version: 1, actual: 200 + i },
        ],
      })),
    };
    const key = { 'Idempotency-Key': `bulk-twins-${id}` };
    const [a, b] = await Promise.all([bulk(f.email.hal, id, body, key), bulk(f.email.hal, id, body, key)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.people).toEqual(b.body.people);
    expect(a.body.applied).toBe(3);
    for (const [i, personId] of people.entries()) {
      expect(await goal(g(personId).a)).toEqual({ actual: 100 + i, version: 2 });
      expect(await goal(g(personId).b)).toEqual({ actual: 200 + i, version: 2 });
    }
  });

  it('keeps an agreed plan agreed when only actuals change (the plan is checked against the goals just written)', async () => {
    const c = await createCycle(h, f, { personIds: [f.id.sam] });
    const created = await createGoal(h, f.email.hana, kpiGoalBody(c.id, f.id.sam, 100));
    await agreeBoth(h, c.id, f.email.sam, f.id.sam, f.email.hana);
    await forcePhase(h, f, c.id, 'coach');
    const r = await bulk(f.email.hana, c.id, {
      people: [{ personId: f.id.sam, goals: [{ goalId: created.id, version: 1, actual: 42 }] }],
    });
    expect(r.body.people[0]).toMatchObject({ outcome: 'applied', goals: [{ version: 2, actual: 42 }] });
    const plan = await h.store.resources('plans').get(orgId, planId(c.id, f.id.sam));
    expect(plan?.data).toMatchObject({ status: 'agreed' });
  });

  it('bounds the request: people, entries in all, duplicates (400, nothing written)', async () => {
    const { id, g } = await cycle('coach');
    const { sam } = f.id;
    const many = Array.from({ length: 101 }, (_, i) => ({
      personId: `per_${i}`,
      goals: [{ goalId: 'gol_x', version: 1, actual: i }],
    }));
    const tooManyPeople = await bulk(f.email.hal, id, { people: many });
    expect([tooManyPeople.status, tooManyPeople.body.code]).toEqual([400, 'validation_failed']);
    expect(tooManyPeople.body.errors?.map((e) => [e.path, e.code])).toEqual([['people', 'too_big']]);
    const entries = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ goalId: `gol_${i}`, version: 1, actual: i }));
    const tooManyEntries = await bulk(f.email.hal, id, {
      people: Array.from({ length: 5 }, (_, i) => ({ personId: `per_${i}`, goals: entries(450) })),
    });
    expect([tooManyEntries.status, tooManyEntries.body.code]).toEqual([400, 'validation_failed']);
    expect(tooManyEntries.body.errors?.map((e) => [e.path, e.code])).toEqual([['people', 'too_big']]);
    expect(tooManyEntries.body.detail).toBeDefined();
    const twice = await bulk(f.email.hal, id, {
      people: [
        { personId: sam, goals: [{ goalId: g(sam).a, version: 1, actual: 1 }] },
        { personId: sam, goals: [{ goalId: g(sam).b, version: 1, actual: 1 }] },
      ],
    });
    expect(twice.status).toBe(400);
    expect((await bulk(f.email.hal, id, { people: [] })).status).toBe(400);
    expect((await bulk(f.email.hal, id, { people: [{ personId: sam }] })).status).toBe(400);
    expect(await goal(g(sam).a)).toEqual({ actual: 60, version: 1 });
  });
});
