// /v1/gap-attributions: the subject or their manager chain attributes a shortfall to the four factors, once per author.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { kpi, seedCycle, seedGoal, seedMeasuredCycle } from './loop/testCycle.ts';

type AttributionJson = {
  id: string;
  authorId: string;
  subjectId: string;
  goalId: string;
  factors: { factor: string; share: number }[];
  note: string;
  version: number;
  code?: string;
  errors?: { path: string; code: string; params?: Record<string, unknown> }[];
  details?: { id?: string };
};
type Page = { items: AttributionJson[]; nextCursor: string | null };

describe.each(ENGINES)('gap attributions routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let goals: Record<'sam' | 'pia' | 'paul' | 'mo', string>;
  const CYCLE = 'cyc_gaps';

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    const org = f.acme.organisation.id;
    goals = await seedMeasuredCycle(
      h,
      org,
      { sam: f.id.sam, pia: f.id.pia, paul: f.id.paul, mo: f.id.mo },
      {
        id: CYCLE,
        phase: 'appraise',
      },
    );
    await seedCycle(h, org, { id: 'cyc_gaps_coach', phase: 'coach', participants: [f.id.paul] });
    await seedGoal(h, org, kpi('g.coach.paul', 'cyc_gaps_coach', f.id.paul, 100, 40));
  });
  afterAll(async () => {
    await h.close();
  });

  const external = [{ factor: 'external_environment', share: 1 }];
  const post = (json: Record<string, unknown>, as: string, headers: Record<string, string> = {}) =>
    h.call<AttributionJson>('POST', '/v1/gap-attributions', { as, json, headers });
  const about = (
    name: 'paul' | 'mo' | 'pia',
    factors: unknown,
    as: string,
    extra: Record<string, unknown> = {},
  ) => post({ cycleId: CYCLE, subjectId: f.id[name], goalId: goals[name], factors, ...extra }, as);

  describe('attributing a shortfall', () => {
    it('the employee and their manager each attribute it once', async () => {
      const own = await about('paul', external, f.email.paul, { note: 'Platform outage in March.' });
      expect(own.status).toBe(201);
      expect(own.body).toMatchObject({
        authorId: f.id.paul,
        subjectId: f.id.paul,
        goalId: goals.paul,
        version: 1,
      });
      expect(own.headers.get('location')).toBe(`/v1/gap-attributions/${own.body.id}`);
      const manager = await about(
        'paul',
        [
          { factor: 'skills', share: 0.5 },
          { factor: 'internal_conditions', share: 0.5 },
        ],
        f.email.pia,
      );
      expect([manager.status, manager.body.authorId]).toEqual([201, f.id.pia]);
      const again = await about('paul', external, f.email.paul);
      expect([again.status, again.body.code, again.body.details?.id]).toEqual([
        409,
        'attribution_exists',
        own.body.id,
      ]);
    });

    it('the whole manager chain may attribute; HR as such, other people and other organisations may not', async () => {
      expect((await about('mo', [{ factor: 'skills', share: 1 }], f.email.erin)).status).toBe(201);
      expect((await about('paul', external, f.email.mo)).status).toBe(201);
      expect((await about('paul', external, f.email.hal)).status).toBe(403);
      expect((await about('paul', external, f.email.sam)).status).toBe(404);
      expect((await about('paul', external, f.email.hana)).status).toBe(404);
      expect((await about('paul', external, f.email.gwen)).status).toBe(422);
    });

    it('400 for shares not totalling 1, a factor named twice or unknown fields', async () => {
      const total = await about('pia', [{ factor: 'skills', share: 0.9 }], f.email.pia);
      expect([total.status, total.body.errors?.[0]?.path]).toEqual([400, 'factors']);
      expect(total.body.errors?.map((e) => [e.code, e.params])).toEqual([
        ['shares_not_100', { totalPercent: 90 }],
      ]);
      const twice = await about(
        'pia',
        [
          { factor: 'skills', share: 0.5 },
          { factor: 'skills', share: 0.5 },
        ],
        f.email.pia,
      );
      expect([twice.status, twice.body.errors?.[0]?.path]).toEqual([400, 'factors.1.factor']);
      expect([twice.body.errors?.[0]?.code, twice.body.errors?.[0]?.params]).toEqual([
        'factor_repeated',
        { factor: 'skills' },
      ]);
      const unknown = await about('pia', external, f.email.pia, { blame: 'weather' });
      expect([unknown.status, unknown.body.errors?.[0]?.path]).toEqual([400, 'blame']);
    });

    it('422 for a goal that is not the subject’s or not in the cycle, or an unknown cycle', async () => {
      const notOwned = await post(
        { cycleId: CYCLE, subjectId: f.id.paul, goalId: goals.pia, factors: external },
        f.email.paul,
      );
      expect([notOwned.status, notOwned.body.code]).toEqual([422, 'goal_not_owned']);
      const unknown = await post(
        { cycleId: CYCLE, subjectId: f.id.paul, goalId: 'gol_none', factors: external },
        f.email.paul,
      );
      expect([unknown.status, unknown.body.code]).toEqual([422, 'unknown_goal']);
      const cycle = await post(
        { cycleId: 'cyc_none', subjectId: f.id.paul, goalId: goals.paul, factors: external },
        f.email.paul,
      );
      expect([cycle.status, cycle.body.code]).toEqual([422, 'unknown_cycle']);
    });

    it('409 wrong_phase before the appraisal', async () => {
      const res = await post(
        { cycleId: 'cyc_gaps_coach', subjectId: f.id.paul, goalId: 'g.coach.paul', factors: external },
        f.email.paul,
      );
      expect([res.status, res.body.code]).toEqual([409, 'wrong_phase']);
    });

    it('Idempotency-Key replays the created attribution', async () => {
      const headers = { 'Idempotency-Key': 'gap-1' };
      const json = { cycleId: CYCLE, subjectId: f.id.pia, goalId: goals.pia, factors: external };
      const first = await post(json, f.email.mo, headers);
      const again = await post(json, f.email.mo, headers);
      expect([again.status, again.headers.get('idempotent-replayed'), again.body.id]).toEqual([
        201,
        'true',
        first.body.id,
      ]);
    });
  });

  describe('reading and changing attributions', () => {
    it('lists are scoped to the people you may see', async () => {
      const paul = await h.call<Page>('GET', `/v1/gap-attributions?goalId=${goals.paul}`, {
        as: f.email.paul,
      });
      expect(new Set(paul.body.items.map((a) => a.authorId))).toEqual(
        new Set([f.id.paul, f.id.pia, f.id.mo]),
      );
      const sam = await h.call<Page>('GET', `/v1/gap-attributions?cycleId=${CYCLE}`, { as: f.email.sam });
      expect(sam.body.items).toEqual([]);
      const hr = await h.call<Page>('GET', `/v1/gap-attributions?subjectId=${f.id.mo}`, { as: f.email.hal });
      expect(hr.body.items.map((a) => a.authorId)).toEqual([f.id.erin]);
    });

    it('the author changes theirs with If-Match; others may not; HR may withdraw it', async () => {
      const list = await h.call<Page>('GET', `/v1/gap-attributions?goalId=${goals.paul}`, {
        as: f.email.hal,
      });
      const mine = list.body.items.find((a) => a.authorId === f.id.paul);
      if (!mine) throw new Error('missing attribution');
      const url = `/v1/gap-attributions/${mine.id}`;
      const json = {
        factors: [
          { factor: 'external_environment', share: 0.8 },
          { factor: 'motivation', share: 0.2 },
        ],
      };
      expect((await h.call('PATCH', url, { as: f.email.paul, json })).status).toBe(428);
      expect(
        (await h.call('PATCH', url, { as: f.email.pia, json, headers: { 'If-Match': '"1"' } })).status,
      ).toBe(403);
      expect(
        (await h.call('PATCH', url, { as: f.email.sam, json, headers: { 'If-Match': '"1"' } })).status,
      ).toBe(404);
      const ok = await h.call<AttributionJson>('PATCH', url, {
        as: f.email.paul,
        json,
        headers: { 'If-Match': '"1"' },
      });
      expect([ok.status, ok.body.version, ok.body.factors.length]).toEqual([200, 2, 2]);
      const bad = await h.call<AttributionJson>('PATCH', url, {
        as: f.email.paul,
        json: { factors: [{ factor: 'motivation', share: 0.5 }] },
        headers: { 'If-Match': '"2"' },
      });
      expect(bad.status).toBe(400);
      expect(
        (await h.call('PATCH', url, { as: f.email.paul, json, headers: { 'If-Match': '"1"' } })).status,
      ).toBe(412);
      expect((await h.call('DELETE', url, { as: f.email.pia, headers: { 'If-Match': '"2"' } })).status).toBe(
        403,
      );
      expect((await h.call('DELETE', url, { as: f.email.hal, headers: { 'If-Match': '"2"' } })).status).toBe(
        204,
      );
      expect((await h.call('GET', url, { as: f.email.paul })).status).toBe(404);
      // Withdrawn: the author may attribute the shortfall again.
      expect((await about('paul', external, f.email.paul)).status).toBe(201);
    });
  });
});
