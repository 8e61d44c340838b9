// /v1/cycles/{id}/results: HR previews and applies bonus, merit, promotion, improvement plans and development from the final ratings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../bootstrap.ts';
import { createWrite } from '../kit/write.ts';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { put, seedMeasuredCycle, setPhase } from './loop/testCycle.ts';

type Line = {
  personId: string;
  resultId: string | null;
  rating: { value: number };
  bonus: { amountCents: number } | null;
  merit: { amountCents: number; matrixPercent: number } | null;
  promotion: {
    status: string;
    reasons: string[];
    minRating?: number;
    minPotential?: number;
    minMonthsInRole?: number | null;
  } | null;
  improvementPlan: {
    id: string;
    reason: string;
    focusGoals: { goalId: string; factor: string | null }[];
    atOrBelowRating?: number;
    durationDays?: number;
    externalLeftOut?: number;
  } | null;
  targetReview: { recommendation: string } | null;
  developmentItems: { id: string; goalId: string; title: string; goalTitle?: string }[];
};
type Computation = {
  cycleId: string;
  people: Line[];
  bonus: { allocatedCents: number; poolCents: number } | null;
  merit: { allocatedCents: number };
  promotions: { nominated: number; notYet: number };
  improvementPlans: number;
  targetReviews: number;
  developmentItems: number;
  warnings: { code: string; personIds: string[] }[];
  currency: string | null;
  appliedAt: string | null;
  code?: string;
  errors?: { path: string }[];
};
type Budget = {
  bonus: {
    mode: string;
    poolCents: number;
    allocatedCents: number;
    unallocatedCents: number;
    scale?: number;
  } | null;
  merit: { budgetCents: number; allocatedCents: number; unallocatedCents: number; scale?: number };
};
type ResultJson = Omit<Line, 'resultId'> & {
  id: string;
  compensationRedacted: boolean;
  budget: Budget | null;
  currency: string | null;
  version: number;
};
type Page = { items: ResultJson[]; nextCursor: string | null };

let h: ApiHarness;
let f: Fixture;
let org: string;
let goals: Record<'sam' | 'pia' | 'paul' | 'mo', string>;
const CYCLE = 'cyc_results';
const body = { poolCents: 2_000_000, meritBudgetCents: 1_000_000, mode: 'fit', startsOn: '2026-08-03' };

describe.each(ENGINES)('results on %s', (engine) => {
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    goals = await seedMeasuredCycle(
      h,
      org,
      { sam: f.id.sam, pia: f.id.pia, paul: f.id.paul, mo: f.id.mo },
      {
        id: CYCLE,
        phase: 'apply',
      },
    );
    const comp = (
      personId: string,
      salaryCents: number,
      bandMidpointCents: number,
      targetBonusCents: number,
    ) => ({
      personId,
      salaryCents,
      bandMidpointCents,
      targetBonusCents,
    });
    const bulk = await h.call('PUT', `/v1/cycles/${CYCLE}/compensation`, {
      as: f.email.hal,
      json: {
        items: [
          comp(f.id.sam, 6_000_000, 6_000_000, 600_000),
          comp(f.id.pia, 5_000_000, 6_000_000, 500_000),
          comp(f.id.paul, 4_000_000, 5_000_000, 400_000),
        ],
      },
    });
    if (bulk.status !== 200) throw new Error(`compensation: ${bulk.status}`);
    await put(h, org, 'potential_assessments', {
      id: 'pot_sam',
      cycleId: CYCLE,
      subjectId: f.id.sam,
      data: {
        id: 'pot_sam',
        cycleId: CYCLE,
        subjectId: f.id.sam,
        potential: 3,
        note: '',
        assessedBy: f.id.hana,
        assessedAt: '2026-06-20T10:00:00Z',
      },
    });
    // Calibration moved Pia from 3 to 4.
    await put(h, org, 'calibration_adjustments', {
      id: 'adj_pia',
      cycleId: CYCLE,
      subjectId: f.id.pia,
      parentId: 'cal_x',
      data: {
        id: 'adj_pia',
        sessionId: 'cal_x',
        cycleId: CYCLE,
        subjectId: f.id.pia,
        from: 3,
        to: 4,
        actorId: f.id.hal,
        justification: 'Led the migration that unblocked two other teams.',
        at: '2026-07-01T10:00:00Z',
      },
    });
    for (const [as, subjectId, goalId, factor] of [
      [f.email.paul, f.id.paul, goals.paul, 'external_environment'],
      [f.email.erin, f.id.mo, goals.mo, 'skills'],
    ] as const) {
      const res = await h.call('POST', '/v1/gap-attributions', {
        as,
        json: { cycleId: CYCLE, subjectId, goalId, factors: [{ factor, share: 1 }] },
      });
      if (res.status !== 201) throw new Error(`attribution: ${res.status}`);
    }
  });
  afterAll(async () => {
    await h.close();
  });

  const preview = (json: unknown, as = f.email.hal, cycle = CYCLE) =>
    h.call<Computation>('POST', `/v1/cycles/${cycle}/results/preview`, { as, json });
  const apply = (json: unknown, headers: Record<string, string>, as = f.email.hal) =>
    h.call<Computation>('POST', `/v1/cycles/${CYCLE}/results/apply`, { as, json, headers });
  const cycleEtag = async () => `"${(await h.store.resources('cycles').get(org, CYCLE))?.version ?? 0}"`;
  const line = (c: Computation, id: string) => c.people.find((p) => p.personId === id);

  describe('preview', () => {
    it('computes everything from the calibrated ratings and stores nothing', async () => {
      const res = await preview(body);
      expect(res.status).toBe(200);
      const c = res.body;
      expect(c.appliedAt).toBeNull();
      // No currency set: the amounts are plain cents.
      expect(c.currency).toBeNull();
      const sam = line(c, f.id.sam);
      const pia = line(c, f.id.pia);
      const paul = line(c, f.id.paul);
      const mo = line(c, f.id.mo);
      expect([sam?.rating.value, pia?.rating.value, paul?.rating.value, mo?.rating.value]).toEqual([
        5, 4, 1, 2,
      ]);
      // Fit: the raw bonuses (600k × 1.8, 500k × 1.4, 400k × 0) fit in the pool.
      expect([sam?.bonus?.amountCents, pia?.bonus?.amountCents, paul?.bonus?.amountCents]).toEqual([
        1_080_000, 700_000, 0,
      ]);
      expect(c.bonus?.allocatedCents).toBe(1_780_000);
      // Merit matrix: Sam 5 at compa 1.0 → 6 %; Pia 4 at compa 0.83 → 6 %; Paul 1 → 0.
      expect([sam?.merit?.amountCents, pia?.merit?.amountCents, paul?.merit?.amountCents]).toEqual([
        360_000, 300_000, 0,
      ]);
      expect(mo?.bonus).toBeNull();
      expect(sam?.promotion?.status).toBe('nominated');
      expect(sam?.promotion?.reasons.at(-1)).toContain('not checked');
      // Paul's only shortfall is external: a target review, not an improvement plan.
      expect(paul?.improvementPlan).toBeNull();
      expect(paul?.targetReview?.recommendation).toBe('target_review');
      expect(mo?.improvementPlan?.focusGoals).toEqual([
        expect.objectContaining({ goalId: goals.mo, factor: 'skills' }),
      ]);
      expect(mo?.developmentItems.map((d) => d.goalId)).toEqual([goals.mo]);
      // What the English texts say, as fields (clients say them in their own language).
      expect(sam?.promotion).toMatchObject({ minMonthsInRole: null });
      expect(sam?.promotion?.minRating).toBeTypeOf('number');
      expect(sam?.promotion?.minPotential).toBeTypeOf('number');
      const plan = mo?.improvementPlan;
      expect(plan).toMatchObject({ externalLeftOut: 0 });
      expect(plan?.reason).toContain(
        `Rating 2 is at or below ${plan?.atOrBelowRating}: a ${plan?.durationDays}-day`,
      );
      const item = mo?.developmentItems[0];
      expect(item?.title).toBe(`${item?.title.split(':')[0]}: ${item?.goalTitle}`);
      expect(Object.fromEntries(c.warnings.map((w) => [w.code, w.personIds.length]))).toEqual({
        compensation_missing: 1,
        potential_missing: 3,
        months_in_role_unknown: 1,
      });
      const stored = await h.store.resources('results').list(org, { cycleId: CYCLE });
      expect(stored.records).toEqual([]);
    });

    it('months in role and readiness from the request hold a nomination back', async () => {
      const res = await preview({
        ...body,
        promotionInputs: [{ personId: f.id.sam, monthsInRole: 30, readiness: 'ready_later' }],
      });
      expect(line(res.body, f.id.sam)?.promotion?.status).toBe('not_yet');
      expect(res.body.warnings.some((w) => w.code === 'months_in_role_unknown')).toBe(false);
    });

    it('400 for bad input; HR only; 404 for an unknown cycle', async () => {
      const bad = await preview({ poolCents: -5, meritBudgetCents: 1, mode: 'all', extra: 1 });
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['extra', 'mode', 'poolCents']);
      expect((await preview(body, f.email.hana)).status).toBe(403);
      expect((await preview(body, f.email.sam)).status).toBe(403);
      expect((await preview(body, f.email.hal, 'cyc_none')).status).toBe(404);
      expect((await preview(body, f.email.gwen)).status).toBe(404);
    });
  });

  describe('apply', () => {
    it('needs If-Match on the cycle and the apply phase', async () => {
      expect((await apply(body, {})).status).toBe(428);
      const stale = await apply(body, { 'If-Match': '"99"' });
      expect([stale.status, stale.body.code]).toEqual([412, 'stale_version']);
      expect((await apply(body, { 'If-Match': await cycleEtag() }, f.email.hana)).status).toBe(403);
    });

    it('stores results, improvement plans and development items in one go; the cycle version moves on', async () => {
      const etag = await cycleEtag();
      const res = await apply(body, { 'If-Match': etag, 'Idempotency-Key': 'apply-1' });
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).not.toBe(etag);
      expect(res.body.appliedAt).not.toBeNull();
      expect(res.body.people.every((p) => p.resultId?.startsWith('res_'))).toBe(true);
      const mo = line(res.body, f.id.mo);
      expect(mo?.improvementPlan?.id).toMatch(/^imp_/);
      expect(mo?.developmentItems[0]?.id).toMatch(/^dev_/);
      const results = await h.store.resources('results').list(org, { cycleId: CYCLE });
      expect(results.records).toHaveLength(4);
      expect(
        (await h.store.resources('improvement_plans').list(org, { cycleId: CYCLE })).records,
      ).toHaveLength(1);
      expect(
        (await h.store.resources('development_items').list(org, { cycleId: CYCLE })).records,
      ).toHaveLength(1);
      const replay = await apply(body, { 'If-Match': etag, 'Idempotency-Key': 'apply-1' });
      expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
      // The same read cannot be applied twice.
      expect((await apply(body, { 'If-Match': etag })).status).toBe(412);
      const audit = await h.store.audit.list(org, { after: 0, limit: 1000 });
      const entry = audit.entries.find((e) => e.action === 'cycle.results_apply' && e.resourceId === CYCLE);
      expect(entry?.data).toMatchObject({ bonusPoolCents: 2_000_000, meritBudgetCents: 1_000_000 });
    });

    it('every stored result keeps the pool and budget the apply used, and what it allocated of them', async () => {
      const stored = (await h.store.resources('results').list(org, { cycleId: CYCLE })).records;
      const expected: Budget = {
        // Fit: the raw bonuses (1.78M) fit in the 2M pool; 220k stays unallocated.
        // The scales are kept too: a correction on appeal re-pays one person at the apply's own scale.
        bonus: {
          mode: 'fit',
          poolCents: 2_000_000,
          allocatedCents: 1_780_000,
          unallocatedCents: 220_000,
          scale: 1,
        },
        merit: { budgetCents: 1_000_000, allocatedCents: 660_000, unallocatedCents: 340_000, scale: 1 },
      };
      expect(stored.map((r) => r.data.budget)).toEqual(stored.map(() => expected));
      const hr = await h.call<Page>('GET', `/v1/cycles/${CYCLE}/results`, { as: f.email.hal });
      expect(hr.body.items.map((r) => r.budget)).toEqual(stored.map(() => expected));
      // A pool larger than the target bonuses: more is paid than their sum, never more than the pool.
      const targets = hr.body.items.reduce(
        (sum, r) => sum + ((r.bonus as { targetCents?: number } | null)?.targetCents ?? 0),
        0,
      );
      const paid = hr.body.items.reduce((sum, r) => sum + (r.bonus?.amountCents ?? 0), 0);
      expect(paid).toBeGreaterThan(targets);
      expect(paid).toBe(expected.bonus?.allocatedCents);
    });

    it('applying again replaces the results in place', async () => {
      const before = (await h.store.resources('results').list(org, { cycleId: CYCLE })).records;
      const comp = await h.call('PUT', `/v1/cycles/${CYCLE}/compensation/${f.id.mo}`, {
        as: f.email.hal,
        json: { salaryCents: 7_000_000, bandMidpointCents: 7_000_000, targetBonusCents: 700_000 },
      });
      expect(comp.status).toBe(201);
      const res = await apply(body, { 'If-Match': await cycleEtag() });
      expect(res.status).toBe(200);
      // Mo's 700k × 0.4 takes the raw total over the pool: everyone is scaled down to fit it exactly.
      expect(line(res.body, f.id.mo)?.bonus?.amountCents).toBeGreaterThan(0);
      expect(res.body.bonus?.allocatedCents).toBe(2_000_000);
      const after = (await h.store.resources('results').list(org, { cycleId: CYCLE })).records;
      expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
      expect(after.every((r) => r.version === 2)).toBe(true);
    });

    it('409 wrong_phase outside the apply phase', async () => {
      await setPhase(h, org, CYCLE, 'improve');
      const res = await apply(body, { 'If-Match': await cycleEtag() });
      expect([res.status, res.body.code]).toEqual([409, 'wrong_phase']);
      await setPhase(h, org, CYCLE, 'apply');
    });
  });

  describe('reading results', () => {
    const list = (as: string) => h.call<Page>('GET', `/v1/cycles/${CYCLE}/results`, { as });

    it('HR sees everyone with pay; managers their reports without pay; employees their own', async () => {
      const hr = await list(f.email.hal);
      expect(hr.body.items).toHaveLength(4);
      expect(hr.body.items.every((r) => !r.compensationRedacted)).toBe(true);
      const sam = await list(f.email.sam);
      expect(sam.body.items.map((r) => [r.personId, r.compensationRedacted, r.merit?.amountCents])).toEqual([
        [f.id.sam, false, 360_000],
      ]);
      const hana = await list(f.email.hana);
      expect(hana.body.items.map((r) => [r.personId, r.compensationRedacted, r.bonus, r.merit])).toEqual([
        [f.id.sam, true, null, null],
      ]);
      const mo = await list(f.email.mo);
      const byId = new Map(mo.body.items.map((r) => [r.personId, r]));
      expect([...byId.keys()].sort()).toEqual([f.id.mo, f.id.paul, f.id.pia].sort());
      expect(byId.get(f.id.mo)?.compensationRedacted).toBe(false);
      expect(byId.get(f.id.mo)?.improvementPlan?.focusGoals).toHaveLength(1);
      // The fields behind the English texts are stored with the plan, the item and the result.
      expect(byId.get(f.id.mo)?.improvementPlan?.durationDays).toBeTypeOf('number');
      expect(byId.get(f.id.mo)?.improvementPlan?.atOrBelowRating).toBeTypeOf('number');
      expect(byId.get(f.id.mo)?.developmentItems[0]?.goalTitle).toBeTypeOf('string');
      expect(hr.body.items.find((r) => r.personId === f.id.sam)?.promotion).toMatchObject({
        minMonthsInRole: null,
      });
      expect(byId.get(f.id.pia)?.compensationRedacted).toBe(true);
      expect((await list(f.email.gwen)).status).toBe(404);
    });

    it('the pool and budget are for HR only; results applied before they were recorded have none', async () => {
      for (const as of [f.email.sam, f.email.hana, f.email.mo]) {
        const page = await list(as);
        expect(page.body.items.length, as).toBeGreaterThan(0);
        expect(
          page.body.items.map((r) => r.budget),
          as,
        ).toEqual(page.body.items.map(() => null));
      }
      const mine = await h.call<Page>('GET', '/v1/me/results', { as: f.email.pia });
      expect(mine.body.items.map((r) => r.budget)).toEqual([null]);
      // An older record, stored without the budget, still reads (budget null), also for HR.
      const older = (await h.store.resources('results').list(org, { cycleId: CYCLE })).records.find(
        (r) => r.subjectId === f.id.paul,
      );
      if (!older) throw new Error('no result for Paul');
      const { budget: _dropped, ...data } = older.data;
      await h.store.transaction(org, (tx) =>
        createWrite(tx, SYSTEM_ACTOR).update('results', older.id, { expectedVersion: older.version, data }),
      );
      const hr = await list(f.email.hal);
      const byId = new Map(hr.body.items.map((r) => [r.personId, r.budget]));
      expect(byId.get(f.id.paul)).toBeNull();
      expect(byId.get(f.id.sam)?.bonus?.poolCents).toBe(2_000_000);
    });

    it('/me/results lists your own across cycles', async () => {
      const me = await h.call<Page>('GET', '/v1/me/results', { as: f.email.pia });
      expect(me.status).toBe(200);
      expect(me.body.items.map((r) => [r.personId, r.rating.value])).toEqual([[f.id.pia, 4]]);
      const none = await h.call<Page>('GET', '/v1/me/results', { as: f.email.cat });
      expect(none.body.items).toEqual([]);
    });
  });

  describe('results in /openapi.json', () => {
    it('documents the fields behind the English promotion reasons, plan reasons and item titles (optional)', async () => {
      type S = {
        properties?: Record<string, S>;
        items?: S;
        required?: string[];
        anyOf?: S[];
        type?: unknown;
      };
      const doc = (await (await h.app.request('/openapi.json')).json()) as {
        components: { schemas: Record<string, S> };
      };
      const props = doc.components.schemas.PersonResult?.properties ?? {};
      const object = (s: S | undefined) => s?.anyOf?.find((x) => x.properties) ?? s;
      const promotion = object(props.promotion);
      const plan = object(props.improvementPlan);
      const item = props.developmentItems?.items;
      expect(Object.keys(promotion?.properties ?? {})).toEqual(
        expect.arrayContaining(['minRating', 'minPotential', 'minMonthsInRole', 'reasons']),
      );
      expect(Object.keys(plan?.properties ?? {})).toEqual(
        expect.arrayContaining(['atOrBelowRating', 'durationDays', 'externalLeftOut', 'reason']),
      );
      expect(Object.keys(item?.properties ?? {})).toContain('goalTitle');
      // The pool and budget an apply used: additive, declared on the result.
      const budget = doc.components.schemas.AppliedBudget;
      expect((props.budget as { $ref?: string } | undefined)?.$ref).toBe(
        '#/components/schemas/AppliedBudget',
      );
      expect(budget?.type).toEqual(['object', 'null']);
      expect(Object.keys(budget?.properties ?? {}).sort()).toEqual(['bonus', 'merit']);
      expect(Object.keys(object(budget?.properties?.bonus)?.properties ?? {}).sort()).toEqual([
        'allocatedCents',
        'mode',
        'poolCents',
        'scale',
        'unallocatedCents',
      ]);
      for (const [schema, fields] of [
        [promotion, ['minRating', 'minPotential', 'minMonthsInRole']],
        [plan, ['atOrBelowRating', 'durationDays', 'externalLeftOut']],
        [item, ['goalTitle']],
      ] as const) {
        expect(schema?.required).toBeDefined();
        for (const field of fields) expect(schema?.required).not.toContain(field);
      }
    });
  });

  describe('currency', () => {
    it("previews, applies and reads name the organisation's currency: null until HR sets it", async () => {
      const hr = await h.call<Page>('GET', `/v1/cycles/${CYCLE}/results`, { as: f.email.hal });
      expect(new Set(hr.body.items.map((r) => r.currency))).toEqual(new Set([null]));
      const current = await h.call<{ version: number }>('GET', '/v1/organisation', { as: f.email.hal });
      const set = await h.call('PATCH', '/v1/organisation', {
        as: f.email.hal,
        json: { settings: { currency: 'EUR' } },
        headers: { 'If-Match': `"${current.body.version}"` },
      });
      expect(set.status).toBe(200);
      expect((await preview(body)).body.currency).toBe('EUR');
      const applied = await apply(body, { 'If-Match': await cycleEtag() });
      expect([applied.status, applied.body.currency]).toEqual([200, 'EUR']);
      const audit = await h.store.audit.list(org, { after: 0, limit: 1000 });
      const applies = audit.entries.filter((e) => e.action === 'cycle.results_apply');
      // The apply's audit entry keeps the currency its amounts were in (none for the earlier applies).
      expect(applies.map((e) => (e.data as { currency?: unknown }).currency)).toEqual([null, null, 'EUR']);
      // Everyone who reads a result gets it, also when the amounts are redacted.
      for (const as of [f.email.hal, f.email.sam, f.email.hana]) {
        const page = await h.call<Page>('GET', `/v1/cycles/${CYCLE}/results`, { as });
        expect(page.body.items.length, as).toBeGreaterThan(0);
        expect(
          page.body.items.every((r) => r.currency === 'EUR'),
          as,
        ).toBe(true);
      }
      const mine = await h.call<Page>('GET', '/v1/me/results', { as: f.email.pia });
      expect(mine.body.items.map((r) => [r.personId, r.currency])).toEqual([[f.id.pia, 'EUR']]);
    });
  });
});
