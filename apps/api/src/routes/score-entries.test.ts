// POST /v1/cycles/{id}/people/{personId}/score-entries: actuals and manager ratings per person, all or nothing, versions checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, type Fixture, seedFixture } from '../testing/apiHarness.ts';
import {
  competencyGoal,
  kpiGoal,
  type ProblemJson,
  seedCycle,
  seedGoal,
  seedReview,
  uniqueId,
} from './appraise/testAppraisal.ts';

type Result = {
  cycleId: string;
  personId: string;
  changed: boolean;
  goals: { goalId: string; version: number; actual: number | null }[];
  managerReview: {
    id: string;
    version: number;
    ratings: { goalId: string; rating: number }[];
    submittedAt: string | null;
  } | null;
};
type Stale = { records: { kind: string; id: string | null; currentVersion: number | null }[] };

let h: ApiHarness;
let f: Fixture;
let orgId: string;
beforeAll(async () => {
  h = await createApiHarness();
  f = await seedFixture(h);
  orgId = f.acme.organisation.id;
});
afterAll(async () => {
  await h.close();
});

/** A cycle in `phase` where Sam and Paul each have two KPI goals and a competency goal. */
async function cycle(phase: 'coach' | 'appraise') {
  const id = uniqueId('cyc');
  const { hal, hana, sam, erin, mo, pia, paul } = f.id;
  await seedCycle(h, orgId, id, phase, [hal, hana, sam, erin, mo, pia, paul]);
  const goals: Record<string, { a: string; b: string; comp: string }> = {};
  for (const person of [sam, paul]) {
    const a = await seedGoal(h, orgId, kpiGoal(uniqueId('gol'), id, person, 40, 60));
    const b = await seedGoal(h, orgId, kpiGoal(uniqueId('gol'), id, person, 30, null));
    const comp = await seedGoal(h, orgId, competencyGoal(uniqueId('gol'), id, person, 30));
    goals[person] = { a: a.id, b: b.id, comp: comp.id };
  }
  const g = (person: string) => goals[person] ?? { a: '', b: '', comp: '' };
  return { id, g };
}

const post = (
  as: string,
  cycleId: string,
  personId: string,
  json: unknown,
  headers: Record<string, string> = {},
) =>
  h.call<Result & ProblemJson>('POST', `/v1/cycles/${cycleId}/people/${personId}/score-entries`, {
    as,
    json,
    headers,
  });
const goal = async (id: string) =>
  (await h.call<{ actual: number | null; version: number }>('GET', `/v1/goals/${id}`, { as: f.email.hal }))
    .body;

describe('KPI actuals', () => {
  it('the manager chain sets several actuals at once; repeating them writes nothing', async () => {
    const { id, g } = await cycle('coach');
    const { sam } = f.id;
    const r = await post(f.email.hana, id, sam, {
      goals: [
        { goalId: g(sam).a, version: 1, actual: 75 },
        { goalId: g(sam).b, version: 1, actual: 12.5 },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ changed: true, managerReview: null });
    expect(r.body.goals).toEqual([
      { goalId: g(sam).a, version: 2, actual: 75 },
      { goalId: g(sam).b, version: 2, actual: 12.5 },
    ]);
    expect(await goal(g(sam).a)).toMatchObject({ actual: 75, version: 2 });
    const again = await post(f.email.hana, id, sam, {
      goals: [
        { goalId: g(sam).a, version: 2, actual: 75 },
        { goalId: g(sam).b, version: 2, actual: 12.5 },
      ],
    });
    expect(again.body).toMatchObject({ changed: false });
    expect((await goal(g(sam).a)).version).toBe(2);
  });

  it('a stale version anywhere writes nothing for the person (412 listing each stale record)', async () => {
    const { id, g } = await cycle('coach');
    const { sam } = f.id;
    await post(f.email.sam, id, sam, { goals: [{ goalId: g(sam).b, version: 1, actual: 5 }] });
    const r = await post(f.email.hana, id, sam, {
      goals: [
        { goalId: g(sam).a, version: 1, actual: 99 },
        { goalId: g(sam).b, version: 1, actual: 6 },
      ],
    });
    expect([r.status, r.body.code]).toEqual([412, 'stale_version']);
    expect((r.body.details as Stale).records).toEqual([
      { kind: 'goal', id: g(sam).b, goalId: g(sam).b, currentVersion: 2 },
    ]);
    expect(await goal(g(sam).a)).toMatchObject({ actual: 60, version: 1 });
    expect(await goal(g(sam).b)).toMatchObject({ actual: 5, version: 2 });
  });

  it('refuses competency goals and goals that are not the person’s (422, nothing written)', async () => {
    const { id, g } = await cycle('coach');
    const { sam, paul } = f.id;
    const r = await post(f.email.hal, id, sam, {
      goals: [
        { goalId: g(sam).a, version: 1, actual: 80 },
        { goalId: g(sam).comp, version: 1, actual: 3 },
        { goalId: g(paul).a, version: 1, actual: 3 },
      ],
    });
    expect(r.status).toBe(422);
    expect(r.body.errors?.map((e) => [e.path, e.code])).toEqual([
      ['goals.1.actual', 'not_a_kpi'],
      ['goals.2.goalId', 'unknown_goal'],
    ]);
    expect((await goal(g(sam).a)).actual).toBe(60);
  });

  it('follows the goal rules: owners in coach yes, strangers 404, API keys 403, managers after coach 409', async () => {
    const coach = await cycle('coach');
    const { sam, paul } = f.id;
    const own = await post(f.email.sam, coach.id, sam, {
      goals: [{ goalId: coach.g(sam).a, version: 1, actual: 61 }],
    });
    expect(own.status).toBe(200);
    const stranger = await post(f.email.sam, coach.id, paul, {
      goals: [{ goalId: coach.g(paul).a, version: 1, actual: 1 }],
    });
    expect(stranger.status).toBe(404);
    const key = await h.apiKey(orgId, ['sync:notion']);
    const service = await h.call<ProblemJson>('POST', `/v1/cycles/${coach.id}/people/${sam}/score-entries`, {
      key,
      json: { goals: [{ goalId: coach.g(sam).b, version: 1, actual: 1 }] },
    });
    expect([service.status, service.body.code]).toEqual([403, 'forbidden']);
    const appraise = await cycle('appraise');
    const late = await post(f.email.hana, appraise.id, sam, {
      goals: [{ goalId: appraise.g(sam).a, version: 1, actual: 70 }],
    });
    expect([late.status, late.body.code]).toEqual([409, 'wrong_phase']);
    const hr = await post(f.email.hal, appraise.id, sam, {
      goals: [{ goalId: appraise.g(sam).a, version: 1, actual: 70 }],
    });
    expect(hr.status).toBe(200);
  });

  it('refuses a person who is not appraised in the cycle, and bad bodies', async () => {
    const { id } = await cycle('coach');
    const outsider = await post(f.email.hal, id, f.id.cat, {
      goals: [{ goalId: 'gol_x', version: 1, actual: 1 }],
    });
    expect([outsider.status, outsider.body.code]).toEqual([422, 'not_a_participant']);
    expect((await post(f.email.hal, id, f.id.sam, {})).status).toBe(400);
    expect(
      (
        await post(f.email.hal, id, f.id.sam, {
          goals: [
            { goalId: 'a', version: 1, actual: 1 },
            { goalId: 'a', version: 1, actual: 2 },
          ],
        })
      ).status,
    ).toBe(400);
  });

  it('replays a retried request with the same Idempotency-Key instead of applying it twice', async () => {
    const { id, g } = await cycle('coach');
    const { sam } = f.id;
    const body = { goals: [{ goalId: g(sam).a, version: 1, actual: 88 }] };
    const first = await post(f.email.hana, id, sam, body, { 'Idempotency-Key': 'sheet-import-1' });
    const second = await post(f.email.hana, id, sam, body, { 'Idempotency-Key': 'sheet-import-1' });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect((await goal(g(sam).a)).version).toBe(2);
  });
});

describe('manager-review ratings', () => {
  it('creates the caller’s draft manager review, then changes it by version; null removes a rating', async () => {
    const { id, g } = await cycle('appraise');
    const { sam } = f.id;
    const created = await post(f.email.hana, id, sam, {
      managerReview: {
        version: null,
        ratings: [
          { goalId: g(sam).a, rating: 4 },
          { goalId: g(sam).comp, rating: 3 },
        ],
      },
    });
    expect(created.status).toBe(200);
    const review = created.body.managerReview;
    expect(review).toMatchObject({
      version: 1,
      submittedAt: null,
      ratings: [
        { goalId: g(sam).a, rating: 4 },
        { goalId: g(sam).comp, rating: 3 },
      ],
    });
    const stored = await h.call<{ reviewerId: string; component: string }>(
      'GET',
      `/v1/reviews/${review?.id}`,
      {
        as: f.email.hana,
      },
    );
    expect(stored.body).toMatchObject({ reviewerId: f.id.hana, component: 'manager' });
    const changed = await post(f.email.hana, id, sam, {
      managerReview: {
        version: 1,
        ratings: [
          { goalId: g(sam).a, rating: 5 },
          { goalId: g(sam).comp, rating: null },
        ],
      },
    });
    expect(changed.body.managerReview).toMatchObject({
      version: 2,
      ratings: [{ goalId: g(sam).a, rating: 5 }],
    });
    const stale = await post(f.email.hana, id, sam, {
      managerReview: { version: 1, ratings: [{ goalId: g(sam).b, rating: 2 }] },
    });
    expect([stale.status, stale.body.code]).toEqual([412, 'stale_version']);
    expect((stale.body.details as Stale).records).toEqual([
      { kind: 'review', id: review?.id, currentVersion: 2 },
    ]);
    const twice = await post(f.email.hana, id, sam, {
      managerReview: { version: null, ratings: [{ goalId: g(sam).b, rating: 2 }] },
    });
    expect(twice.status).toBe(412);
  });

  it('checks ratings against the scale and the plan, with paths into the request', async () => {
    const { id, g } = await cycle('appraise');
    const { sam, paul } = f.id;
    const r = await post(f.email.hana, id, sam, {
      managerReview: {
        version: null,
        ratings: [
          { goalId: g(sam).a, rating: 3 },
          { goalId: g(sam).b, rating: 7 },
          { goalId: g(paul).a, rating: 3 },
        ],
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors?.map((e) => [e.path, e.code])).toEqual([
      ['managerReview.ratings.1.rating', 'rating_not_on_scale'],
      ['managerReview.ratings.2.goalId', 'unknown_goal'],
    ]);
  });

  it('only the manager chain, only in appraise, never a submitted review; goals and ratings fail together', async () => {
    const { id, g } = await cycle('appraise');
    const { sam, paul } = f.id;
    const hr = await post(f.email.hal, id, sam, {
      managerReview: { version: null, ratings: [{ goalId: g(sam).a, rating: 3 }] },
    });
    expect([hr.status, hr.body.code]).toEqual([403, 'forbidden']);
    const coach = await cycle('coach');
    const early = await post(f.email.hana, coach.id, sam, {
      managerReview: { version: null, ratings: [{ goalId: coach.g(sam).a, rating: 3 }] },
    });
    expect([early.status, early.body.code]).toEqual([409, 'wrong_phase']);
    await seedReview(h, orgId, {
      id: uniqueId('rev'),
      cycleId: id,
      subjectId: paul,
      reviewerId: f.id.pia,
      component: 'manager',
      ratings: [{ goalId: g(paul).a, rating: 3 }],
    });
    const submitted = await post(f.email.pia, id, paul, {
      managerReview: { version: 1, ratings: [{ goalId: g(paul).a, rating: 4 }] },
    });
    expect([submitted.status, submitted.body.code]).toEqual([409, 'review_submitted']);
    // A manager in appraise may rate but not change actuals: the whole entry fails, the rating too.
    const mixed = await post(f.email.hana, id, sam, {
      goals: [{ goalId: g(sam).a, version: 1, actual: 90 }],
      managerReview: { version: null, ratings: [{ goalId: g(sam).a, rating: 4 }] },
    });
    expect([mixed.status, mixed.body.code]).toEqual([409, 'wrong_phase']);
    const reviews = await h.call<{ items: unknown[] }>('GET', `/v1/reviews?cycleId=${id}&subjectId=${sam}`, {
      as: f.email.hana,
    });
    expect(reviews.body.items).toEqual([]);
  });
});
