// /v1/calibration-sessions: who opens which session, analytics (distribution, bias, 9-box, evidence, forced), adjustments, finalise.
import { POLICY_PRESETS, policyFromPreset } from '@perfloop/core';
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

type SessionJson = {
  id: string;
  cycleId: string;
  departmentIds: string[];
  state: string;
  version: number;
  summary: { changed: number; up: number; down: number; total: number } | null;
};
type Level = { value: number; count: number };

describe.each(ENGINES)('calibration sessions routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let orgId: string;
  let cycleId: string;
  let engSession: string;
  let salesSession: string;

  /** Scores: Sam 5 (manager review, no evidence), Pia 3, Paul 2, Mo 4 (3.8); Erin has no goals. */
  async function seedScoredCycle(id: string, policy = policyFromPreset('incentive', { name: `P ${id}` })) {
    const { sam, mo, pia, paul, erin, hana } = f.id;
    await seedCycle(h, orgId, id, 'calibrate', [sam, mo, pia, paul, erin], policy);
    await seedGoal(h, orgId, competencyGoal(`${id}_sam`, id, sam, 100));
    await seedGoal(h, orgId, kpiGoal(`${id}_pia`, id, pia, 100, 100));
    await seedGoal(h, orgId, kpiGoal(`${id}_paul`, id, paul, 100, 50));
    await seedGoal(h, orgId, kpiGoal(`${id}_mo`, id, mo, 100, 120));
    const base = { cycleId: id, component: 'manager' as const };
    await seedReview(h, orgId, {
      ...base,
      id: `${id}_r1`,
      subjectId: sam,
      reviewerId: hana,
      ratings: [{ goalId: `${id}_sam`, rating: 5 }],
    });
    await seedReview(h, orgId, {
      ...base,
      id: `${id}_r2`,
      subjectId: pia,
      reviewerId: mo,
      ratings: [{ goalId: `${id}_pia`, rating: 3 }],
    });
    await seedReview(h, orgId, {
      ...base,
      id: `${id}_r3`,
      subjectId: paul,
      reviewerId: pia,
      ratings: [{ goalId: `${id}_paul`, rating: 2 }],
    });
  }

  const open = (as: string, json: Record<string, unknown>, headers: Record<string, string> = {}) =>
    h.call<SessionJson & ProblemJson>('POST', '/v1/calibration-sessions', { as, json, headers });
  const view = <T>(as: string, id: string, what: string) =>
    h.call<T & ProblemJson>('GET', `/v1/calibration-sessions/${id}/${what}`, { as });
  const adjust = (
    as: string,
    id: string,
    json: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) =>
    h.call<
      {
        adjustment: { id: string; from: number; to: number };
        rating: { current: { rating: number } };
      } & ProblemJson
    >('POST', `/v1/calibration-sessions/${id}/adjustments`, { as, json, headers });

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    orgId = f.acme.organisation.id;
    cycleId = uniqueId('cyc');
    await seedScoredCycle(cycleId);
  });
  afterAll(async () => {
    await h.close();
  });

  describe('opening sessions', () => {
    it('HR or the head of every department; one open session per department; replayable', async () => {
      const headers = { 'Idempotency-Key': `cal-${cycleId}` };
      const json = { cycleId, departmentIds: [f.dept.eng], name: 'Engineering H1' };
      const eng = await open(f.email.erin, json, headers);
      expect(eng.status).toBe(201);
      expect(eng.body).toMatchObject({
        state: 'open',
        departmentIds: [f.dept.eng],
        summary: null,
        version: 1,
      });
      expect(eng.body.id).toMatch(/^cal_/);
      engSession = eng.body.id;
      const replay = await open(f.email.erin, json, headers);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.id).toBe(engSession);

      expect((await open(f.email.hana, json)).status).toBe(403);
      expect((await open(f.email.mo, { ...json, departmentIds: [f.dept.platform] })).status).toBe(403);
      const overlap = await open(f.email.hal, { ...json, departmentIds: [f.dept.platform] });
      expect(overlap.status).toBe(409);
      expect(overlap.body).toMatchObject({ code: 'session_overlap', details: { sessionId: engSession } });
      const unknown = await open(f.email.hal, { ...json, departmentIds: ['dep_nope'] });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors?.map((e) => [e.path, e.code])).toEqual([
        ['departmentIds.0', 'unknown_department'],
      ]);
      const empty = await open(f.email.hal, { ...json, departmentIds: [] });
      expect(empty.status).toBe(400);
      const sales = await open(f.email.hana, { cycleId, departmentIds: [f.dept.sales], name: 'Sales H1' });
      expect(sales.status).toBe(201);
      salesSession = sales.body.id;
    });

    it('only in calibrate', async () => {
      const other = uniqueId('cyc');
      await seedCycle(h, orgId, other, 'appraise', [f.id.sam]);
      const res = await open(f.email.hal, {
        cycleId: other,
        departmentIds: [f.dept.sales],
        name: 'Too early',
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('wrong_phase');
      expect(res.body.detail).toContain('appraise');
    });

    it('is visible to whoever may run it', async () => {
      expect(
        (await h.call('GET', `/v1/calibration-sessions/${engSession}`, { as: f.email.hana })).status,
      ).toBe(404);
      expect((await h.call('GET', `/v1/calibration-sessions/${engSession}`, { as: f.email.mo })).status).toBe(
        404,
      );
      const hr = await h.call('GET', `/v1/calibration-sessions/${engSession}`, { as: f.email.hal });
      expect(hr.status).toBe(200);
      expect(hr.headers.get('etag')).toBe('"1"');
      const mine = await h.call<{ items: SessionJson[] }>(
        'GET',
        `/v1/calibration-sessions?cycleId=${cycleId}`,
        {
          as: f.email.erin,
        },
      );
      expect(mine.body.items.map((s) => s.id)).toEqual([engSession]);
      expect((await view(f.email.hana, engSession, 'distribution')).status).toBe(404);
    });
  });

  describe('session analytics', () => {
    it('distribution of current and original ratings vs the guideline', async () => {
      const res = await view<{
        people: string[];
        unscored: { subjectId: string; code: string; message: string }[];
        current: { levels: Level[]; total: number; withinGuideline: boolean };
        ratings: { personId: string; original: number; current: number }[];
      }>(f.email.erin, engSession, 'distribution');
      expect(res.status).toBe(200);
      expect(res.body.people).toEqual([f.id.erin, f.id.mo, f.id.paul, f.id.pia]);
      // Who is not calibrated, and why (as the OpenAPI schema names it: an object per person, never a bare id).
      expect(res.body.unscored).toEqual([
        { subjectId: f.id.erin, code: 'no_scorable_goals', message: expect.stringContaining(f.id.erin) },
      ]);
      const doc = (await (await h.app.request('/openapi.json')).json()) as {
        components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
      };
      expect(doc.components.schemas.CalibrationDistribution?.properties?.unscored).toMatchObject({
        type: 'array',
        items: { $ref: '#/components/schemas/ScoreFailure' },
      });
      expect(doc.components.schemas.ScoreFailure?.properties?.code?.enum).toEqual([
        'all_goals_cancelled',
        'no_scorable_goals',
        'duplicate_subject',
      ]);
      expect(res.body.current.total).toBe(3);
      expect(res.body.current.levels.map((l) => [l.value, l.count])).toEqual([
        [1, 0],
        [2, 1],
        [3, 1],
        [4, 1],
        [5, 0],
      ]);
      expect(res.body.current.withinGuideline).toBe(false);
      expect(res.body.ratings).toEqual([
        { personId: f.id.mo, original: 4, current: 4, isCaller: false, warnings: [] },
        { personId: f.id.paul, original: 2, current: 2, isCaller: false, warnings: [] },
        { personId: f.id.pia, original: 3, current: 3, isCaller: false, warnings: [] },
      ]);
    });

    it('rater bias from the counted manager reviews', async () => {
      const res = await view<{ raters: { raterId: string; n: number }[]; population: { n: number } }>(
        f.email.hal,
        engSession,
        'rater-bias',
      );
      expect(res.body.raters.map((r) => [r.raterId, r.n])).toEqual([
        [f.id.mo, 1],
        [f.id.pia, 1],
      ]);
      expect(res.body.population.n).toBe(2);
    });

    it('evidence issues for extreme ratings without written evidence', async () => {
      const res = await view<{ required: number; issues: { subjectId: string; rating: number }[] }>(
        f.email.hana,
        salesSession,
        'evidence',
      );
      expect(res.body.required).toBe(POLICY_PRESETS.incentive.calibration.evidenceMinChars);
      expect(res.body.issues.map((i) => [i.subjectId, i.rating])).toEqual([[f.id.sam, 5]]);
    });

    it('9-box with assessed potential; people without one are listed', async () => {
      const put = await h.call('PUT', `/v1/cycles/${cycleId}/potential/${f.id.pia}`, {
        as: f.email.mo,
        json: { potential: 3 },
      });
      expect(put.status).toBe(201);
      const res = await view<{
        items: { personId: string; box: number; label: string }[];
        missingPotential: string[];
      }>(f.email.erin, engSession, 'nine-box');
      expect(res.body.items).toEqual([
        {
          personId: f.id.pia,
          rating: 3,
          potential: 3,
          performance: 'moderate',
          box: 8,
          label: 'Growth talent',
          isCaller: false,
        },
      ]);
      expect(res.body.missingPotential).toEqual([f.id.mo, f.id.paul]);
    });

    it('forced-distribution suggestions only when the policy forces it, with the team_stability warning', async () => {
      const off = await view<{ enabled: boolean; suggestions: unknown[] }>(
        f.email.erin,
        engSession,
        'forced-distribution',
      );
      expect(off.body).toMatchObject({ enabled: false, suggestions: [] });
      const forcedCycle = uniqueId('cyc');
      const base = POLICY_PRESETS.incentive;
      await seedScoredCycle(
        forcedCycle,
        policyFromPreset('incentive', {
          name: 'Forced',
          distribution: { ...base.distribution, forced: true },
        }),
      );
      const session = await open(f.email.hal, {
        cycleId: forcedCycle,
        departmentIds: [f.dept.root],
        name: 'All',
      });
      const on = await view<{ enabled: boolean; targets: unknown[]; warnings: { code: string }[] }>(
        f.email.hal,
        session.body.id,
        'forced-distribution',
      );
      expect(on.body.enabled).toBe(true);
      expect(on.body.targets).toHaveLength(5);
      expect(on.body.warnings.map((w) => w.code)).toContain('team_stability');
    });
  });

  describe('a head reads a session covering any department she heads (only her people)', () => {
    let wide: string;
    let cy: string;
    type Rated = {
      personId: string;
      original: number;
      current: number;
      warnings: { code: string; details?: unknown }[];
    };
    const list = (as: string) =>
      h.call<{ items: (SessionJson & { mayRun: boolean })[] }>(
        'GET',
        `/v1/calibration-sessions?cycleId=${cy}`,
        {
          as,
        },
      );

    beforeAll(async () => {
      const { sam, hana, mo, pia, paul, erin } = f.id;
      cy = uniqueId('cyc');
      await seedCycle(h, orgId, cy, 'calibrate', [sam, hana, mo, pia, paul]);
      // Sam (Sales): a KPI at target and a competency goal only he rated (5, no evidence): no manager appraisal.
      await seedGoal(h, orgId, kpiGoal(`${cy}_sam_k`, cy, sam, 70, 100));
      await seedGoal(h, orgId, competencyGoal(`${cy}_sam_c`, cy, sam, 30));
      await seedReview(h, orgId, {
        id: `${cy}_self`,
        cycleId: cy,
        component: 'self',
        subjectId: sam,
        reviewerId: sam,
        ratings: [{ goalId: `${cy}_sam_c`, rating: 5 }],
      });
      await seedGoal(h, orgId, kpiGoal(`${cy}_hana`, cy, hana, 100, 100));
      // Mo (Platform): rated 1 by Erin without evidence; Pia and Paul: KPIs.
      await seedGoal(h, orgId, competencyGoal(`${cy}_mo`, cy, mo, 100));
      await seedReview(h, orgId, {
        id: `${cy}_mgr`,
        cycleId: cy,
        component: 'manager',
        subjectId: mo,
        reviewerId: erin,
        ratings: [{ goalId: `${cy}_mo`, rating: 1 }],
      });
      await seedGoal(h, orgId, kpiGoal(`${cy}_pia`, cy, pia, 100, 100));
      await seedGoal(h, orgId, kpiGoal(`${cy}_paul`, cy, paul, 100, 50));
      const opened = await open(f.email.hal, {
        cycleId: cy,
        departmentIds: [f.dept.sales, f.dept.eng],
        name: 'All',
      });
      expect(opened.status).toBe(201);
      expect(opened.body).toMatchObject({ mayRun: true });
      wide = opened.body.id;
      for (const [personId, fromRating, toRating] of [
        [sam, 4, 3],
        [pia, 3, 4],
      ] as const) {
        const moved = await adjust(f.email.hal, wide, {
          personId,
          fromRating,
          toRating,
          justification: 'Discussed by the committee with the written record.',
        });
        expect(moved.status).toBe(201);
      }
    });

    it('lists and gets it read-only (mayRun false); the session she runs stays hers to run', async () => {
      const hana = await list(f.email.hana);
      expect(hana.status).toBe(200);
      expect(hana.body.items.map((x) => [x.id, x.mayRun])).toEqual([[wide, false]]);
      const one = await h.call<SessionJson & { mayRun: boolean }>('GET', `/v1/calibration-sessions/${wide}`, {
        as: f.email.hana,
      });
      expect(one.status).toBe(200);
      expect(one.body.mayRun).toBe(false);
      expect((await list(f.email.hal)).body.items.map((x) => [x.id, x.mayRun])).toEqual([[wide, true]]);
      // Her own Sales session (earlier cycle) is still hers to run.
      const own = await h.call<SessionJson & { mayRun: boolean }>(
        'GET',
        `/v1/calibration-sessions/${salesSession}`,
        {
          as: f.email.hana,
        },
      );
      expect(own.body.mayRun).toBe(true);
    });

    it('shows only the people of her departments in every view, HR everyone', async () => {
      const { sam, hana, mo, pia, paul } = f.id;
      const mine = await view<{ people: string[]; ratings: Rated[] }>(f.email.hana, wide, 'distribution');
      expect(mine.status).toBe(200);
      expect(mine.body.people).toEqual([hana, sam]);
      expect(mine.body.ratings.map((r) => [r.personId, r.original, r.current])).toEqual([
        [hana, 3, 3],
        [sam, 4, 3],
      ]);
      const all = await view<{ people: string[] }>(f.email.hal, wide, 'distribution');
      expect(all.body.people).toEqual([hana, mo, paul, pia, sam]);

      const moves = await view<{ items: { subjectId: string }[] }>(f.email.hana, wide, 'adjustments');
      expect(moves.body.items.map((a) => a.subjectId)).toEqual([sam]);
      expect(
        (await view<{ items: { subjectId: string }[] }>(f.email.hal, wide, 'adjustments')).body.items
          .map((a) => a.subjectId)
          .sort(),
      ).toEqual([pia, sam].sort());

      const evidence = await view<{ issues: { subjectId: string }[] }>(f.email.hana, wide, 'evidence');
      expect(evidence.body.issues.map((i) => i.subjectId)).toEqual([sam]);
      expect(
        (await view<{ issues: { subjectId: string }[] }>(f.email.hal, wide, 'evidence')).body.issues
          .map((i) => i.subjectId)
          .sort(),
      ).toEqual([mo, sam].sort());
      const bias = await view<{ raters: { raterId: string }[]; normalised: unknown[] }>(
        f.email.hana,
        wide,
        'rater-bias',
      );
      expect(bias.body.raters).toEqual([]);
      expect(bias.body.normalised).toEqual([]);
      const box = await view<{ missingPotential: string[]; people: string[] }>(
        f.email.hana,
        wide,
        'nine-box',
      );
      expect(box.body.missingPotential.sort()).toEqual([hana, sam].sort());
      const forced = await view<{ people: string[] }>(f.email.hana, wide, 'forced-distribution');
      expect(forced.body.people).toEqual([hana, sam]);
    });

    it('says what each rating rests on: Sam’s competency goal on his self-appraisal alone', async () => {
      const res = await view<{ ratings: Rated[] }>(f.email.hal, wide, 'distribution');
      const of = (id: string) => res.body.ratings.find((r) => r.personId === id)?.warnings;
      expect(of(f.id.sam)).toEqual([
        {
          code: 'manager_review_missing',
          message:
            'No manager appraisal (weight 60) rates the competency goals: they rest on the self-appraisal alone.',
          details: { weight: 60, goalIds: [`${cy}_sam_c`], ratedBy: ['self'] },
        },
      ]);
      expect(of(f.id.mo)).toEqual([]);
      expect(of(f.id.paul)).toEqual([]);
    });

    it('never lets her move a rating or finalise (403, nothing written); only HR finalises, and she reads no summary', async () => {
      const refused = await adjust(f.email.hana, wide, {
        personId: f.id.sam,
        fromRating: 3,
        toRating: 2,
        justification: 'A head who only reads this session tries a move.',
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('forbidden');
      const path = `/v1/calibration-sessions/${wide}/finalise`;
      const notHers = await h.call<ProblemJson>('POST', path, {
        as: f.email.hana,
        headers: { 'If-Match': '"1"' },
      });
      expect(notHers.status).toBe(403);
      const moves = await view<{ items: unknown[] }>(f.email.hal, wide, 'adjustments');
      expect(moves.body.items).toHaveLength(2);
      const done = await h.call<SessionJson>('POST', path, {
        as: f.email.hal,
        headers: { 'If-Match': '"1"' },
      });
      expect(done.status).toBe(200);
      expect(done.body.summary).toMatchObject({ total: 5, changed: 2 });
      const read = await h.call<SessionJson & { mayRun: boolean }>(
        'GET',
        `/v1/calibration-sessions/${wide}`,
        {
          as: f.email.hana,
        },
      );
      expect(read.body).toMatchObject({ state: 'finalised', summary: null, mayRun: false });
    });

    it('stays hidden from an employee, a manager and a non-head, and from another organisation (404, empty list)', async () => {
      for (const as of [f.email.sam, f.email.mo, f.email.pia, f.email.cat, f.email.gwen]) {
        expect((await h.call('GET', `/v1/calibration-sessions/${wide}`, { as })).status).toBe(404);
        expect((await view(as, wide, 'distribution')).status).toBe(404);
        expect((await view(as, wide, 'adjustments')).status).toBe(404);
        expect((await list(as)).body.items).toEqual([]);
      }
      // Erin heads Engineering: she reads her part (Mo, Pia, Paul), not Sales.
      const erin = await view<{ people: string[] }>(f.email.erin, wide, 'distribution');
      expect(erin.body.people).toEqual([f.id.mo, f.id.paul, f.id.pia]);
    });
  });

  describe('adjustments and finalising', () => {
    it('needs a justification, evidence for extremes, a person of the session and a real change', async () => {
      const short = await adjust(f.email.erin, engSession, {
        personId: f.id.paul,
        fromRating: 2,
        toRating: 3,
        justification: 'better',
      });
      expect(short.status).toBe(422);
      expect(short.body.code).toBe('justification_required');
      expect(short.body.errors?.map((e) => e.path)).toEqual(['justification']);
      const extreme = await adjust(f.email.erin, engSession, {
        personId: f.id.paul,
        fromRating: 2,
        toRating: 1,
        justification: 'Missed most of the targets.',
      });
      expect(extreme.body.code).toBe('evidence_required');
      const outside = await adjust(f.email.erin, engSession, {
        personId: f.id.sam,
        fromRating: 5,
        toRating: 4,
        justification: 'Sam is not in this session at all.',
      });
      expect(outside.status).toBe(422);
      expect(outside.body.code).toBe('not_in_session');
      const unscored = await adjust(f.email.hal, engSession, {
        personId: f.id.erin,
        fromRating: 3,
        toRating: 4,
        justification: 'Erin has no goals in this cycle.',
      });
      expect(unscored.body.code).toBe('no_scorable_goals');
      const same = await adjust(f.email.erin, engSession, {
        personId: f.id.paul,
        fromRating: 2,
        toRating: 2,
        justification: 'Keeping it where it is, for the record.',
      });
      expect(same.body.code).toBe('no_change');
    });

    it('records the move with the original kept; scores show the calibrated rating; replayable', async () => {
      const json = {
        personId: f.id.paul,
        fromRating: 2,
        toRating: 3,
        justification: 'The threshold KPI was hit despite the outage in March.',
      };
      const headers = { 'Idempotency-Key': `adj-${cycleId}` };
      const res = await adjust(f.email.erin, engSession, json, headers);
      expect(res.status).toBe(201);
      expect(res.body.adjustment).toMatchObject({ from: 2, to: 3 });
      expect(res.body.rating.current.rating).toBe(3);
      const replay = await adjust(f.email.erin, engSession, json, headers);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.adjustment.id).toBe(res.body.adjustment.id);
      const stored = await h.store.resources('calibration_adjustments').get(orgId, res.body.adjustment.id);
      expect(stored).toMatchObject({ parentId: engSession, subjectId: f.id.paul, cycleId });
      const score = await h.call<{
        rating: { value: number };
        original: { rating: { value: number } };
        calibrated: boolean;
      }>('GET', `/v1/cycles/${cycleId}/scores/${f.id.paul}`, { as: f.email.pia });
      expect(score.body).toMatchObject({
        rating: { value: 3 },
        original: { rating: { value: 2 } },
        calibrated: true,
      });
      const list = await h.call<{ items: { id: string }[] }>(
        'GET',
        `/v1/calibration-sessions/${engSession}/adjustments`,
        {
          as: f.email.hal,
        },
      );
      expect(list.body.items.map((a) => a.id)).toEqual([res.body.adjustment.id]);
    });

    it('refuses a move from a rating that changed meanwhile (409 rating_changed), writing nothing', async () => {
      // Erin moved Paul 2 → 3 above; Hal still sees the 2 he read before that.
      const stale = await adjust(f.email.hal, engSession, {
        personId: f.id.paul,
        fromRating: 2,
        toRating: 4,
        justification: 'Paul deserves a 4 rather than his 2: the outage was not his doing.',
      });
      expect(stale.status).toBe(409);
      expect(stale.headers.get('content-type')).toContain('application/problem+json');
      expect(stale.body).toMatchObject({
        code: 'rating_changed',
        details: { subjectId: f.id.paul, fromRating: 2, currentRating: 3 },
      });
      expect(stale.body.detail).toContain('rated 3 now, not 2');
      const missing = await adjust(f.email.hal, engSession, {
        personId: f.id.paul,
        toRating: 4,
        justification: 'Paul deserves a 4: the outage was not his doing.',
      });
      expect(missing.status).toBe(400);
      // Nothing was written: still Erin's one adjustment, Paul still at 3.
      const stored = await h.store
        .resources('calibration_adjustments')
        .list(orgId, { cycleId, subjectId: f.id.paul });
      expect(stored.records.map((r) => [r.data.from, r.data.to])).toEqual([[2, 3]]);
      const score = await h.call<{ rating: { value: number } }>(
        'GET',
        `/v1/cycles/${cycleId}/scores/${f.id.paul}`,
        { as: f.email.hal },
      );
      expect(score.body.rating.value).toBe(3);
      // From the rating it is now, the move goes through.
      const fresh = await adjust(f.email.hal, engSession, {
        personId: f.id.paul,
        fromRating: 3,
        toRating: 4,
        justification: 'Paul deserves a 4: the outage was not his doing.',
      });
      expect(fresh.status).toBe(201);
      expect(fresh.body.adjustment).toMatchObject({ from: 3, to: 4 });
      const back = await adjust(f.email.hal, engSession, {
        personId: f.id.paul,
        fromRating: 4,
        toRating: 3,
        justification: 'Back to 3 after all: the committee agreed with Erin.',
      });
      expect(back.status).toBe(201);
    });

    it('two moves racing from the same rating: exactly one is recorded, the other is refused', async () => {
      const raceCycle = uniqueId('cyc');
      await seedScoredCycle(raceCycle);
      const session = await open(f.email.hal, {
        cycleId: raceCycle,
        departmentIds: [f.dept.eng],
        name: 'Race',
      });
      expect(session.status).toBe(201);
      const moves = await Promise.all(
        [f.email.hal, f.email.erin, f.email.hal, f.email.erin].map((as, i) =>
          adjust(as, session.body.id, {
            personId: f.id.paul,
            fromRating: 2,
            toRating: 3,
            justification: `Move number ${i + 1} from the 2 everybody saw on screen.`,
          }),
        ),
      );
      expect(moves.map((m) => m.status).sort()).toEqual([201, 409, 409, 409]);
      expect(moves.filter((m) => m.status === 409).map((m) => m.body.code)).toEqual([
        'rating_changed',
        'rating_changed',
        'rating_changed',
      ]);
      const stored = await h.store
        .resources('calibration_adjustments')
        .list(orgId, { cycleId: raceCycle, subjectId: f.id.paul });
      expect(stored.records).toHaveLength(1);
    });

    it('finalises with If-Match, recording the summary; then nothing changes', async () => {
      const path = `/v1/calibration-sessions/${engSession}/finalise`;
      expect((await h.call('POST', path, { as: f.email.erin })).status).toBe(428);
      expect((await h.call('POST', path, { as: f.email.erin, headers: { 'If-Match': '"4"' } })).status).toBe(
        412,
      );
      expect((await h.call('POST', path, { as: f.email.hana, headers: { 'If-Match': '"1"' } })).status).toBe(
        404,
      );
      const done = await h.call<SessionJson>('POST', path, {
        as: f.email.erin,
        headers: { 'If-Match': '"1"' },
      });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        state: 'finalised',
        version: 2,
        summary: { total: 3, changed: 1, up: 1, down: 0 },
      });
      const again = await h.call<ProblemJson>('POST', path, {
        as: f.email.erin,
        headers: { 'If-Match': '"2"' },
      });
      expect(again.body.code).toBe('session_finalised');
      const late = await adjust(f.email.erin, engSession, {
        personId: f.id.mo,
        fromRating: 4,
        toRating: 3,
        justification: 'Too late, the session is finalised.',
      });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('session_finalised');
    });

    it('never moves the caller’s own rating (403 own_rating, nothing recorded): a head in their department’s session, HR in an organisation-wide one; the views mark the caller’s entry', async () => {
      const { hal, hana, sam } = f.id;
      const json = (personId: string) => ({
        personId,
        fromRating: 3,
        toRating: 4,
        justification: 'Carried the whole team through the quarter.',
      });
      for (const [as, departmentId, self, other] of [
        [f.email.hana, f.dept.sales, hana, sam],
        [f.email.hal, f.dept.root, hal, sam],
      ] as const) {
        const id = uniqueId('cyc');
        await seedCycle(h, orgId, id, 'calibrate', [hal, hana, sam]);
        for (const p of [hal, hana, sam]) await seedGoal(h, orgId, kpiGoal(`${id}_${p}`, id, p, 100, 100));
        const session = await open(as, { cycleId: id, departmentIds: [departmentId], name: 'Own rating' });
        expect(session.status).toBe(201);
        // The views the tab moves from mark the caller's own entry, and only it.
        for (const p of [self, other]) {
          const data = { id: `pot_${id}_${p}`, cycleId: id, subjectId: p, potential: 2, note: '' };
          await put(h, orgId, 'potential_assessments', {
            id: data.id,
            cycleId: id,
            subjectId: p,
            data: { ...data, assessedBy: f.id.cat, assessedAt: '2026-07-01T09:00:00Z' },
          });
        }
        const dist = await view<{ ratings: { personId: string; isCaller: boolean }[] }>(
          as,
          session.body.id,
          'distribution',
        );
        const marked = (rows: { personId: string; isCaller: boolean }[]) =>
          rows.filter((r) => r.isCaller).map((r) => r.personId);
        expect(marked(dist.body.ratings)).toEqual([self]);
        expect(dist.body.ratings.map((r) => r.personId)).toContain(other);
        const nine = await view<{ items: { personId: string; isCaller: boolean }[] }>(
          as,
          session.body.id,
          'nine-box',
        );
        expect(marked(nine.body.items)).toEqual([self]);
        expect(nine.body.items.map((r) => r.personId)).toContain(other);
        const own = await adjust(as, session.body.id, json(self));
        expect(own.status).toBe(403);
        expect(own.headers.get('content-type')).toContain('application/problem+json');
        expect(own.body.code).toBe('own_rating');
        expect(own.body.errors?.map((e) => [e.path, e.code])).toEqual([['personId', 'own_rating']]);
        expect(await h.store.resources('calibration_adjustments').list(orgId, { cycleId: id })).toMatchObject(
          {
            records: [],
          },
        );
        expect((await adjust(as, session.body.id, json(other))).status).toBe(201);
      }
    });

    it('refuses adjustments once the cycle left calibrate', async () => {
      await setPhase(h, orgId, cycleId, 'feedback');
      const res = await adjust(f.email.hana, salesSession, {
        personId: f.id.sam,
        fromRating: 5,
        toRating: 4,
        justification: 'No written evidence for the 5 rating.',
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('wrong_phase');
    });
  });
});
