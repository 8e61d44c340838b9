// /v1/cycles/{id}/compensation: HR writes (single PUT with If-Match, bulk PUT); only HR and the person read; phase rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { seedCycle } from './loop/testCycle.ts';

type CompJson = {
  personId: string;
  cycleId: string;
  salaryCents: number;
  bandMidpointCents: number;
  targetBonusCents: number;
  version: number;
  currency: string | null;
  code?: string;
  errors?: { path: string; code: string; params?: Record<string, unknown> }[];
};
type Page = { items: CompJson[]; nextCursor: string | null };

describe.each(ENGINES)('compensation routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  const CYCLE = 'cyc_comp';
  const pay = { salaryCents: 6_000_000, bandMidpointCents: 6_500_000, targetBonusCents: 600_000 };

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    const org = f.acme.organisation.id;
    await seedCycle(h, org, { id: CYCLE, phase: 'calibrate', participants: [f.id.sam, f.id.pia, f.id.paul] });
    await seedCycle(h, org, { id: 'cyc_comp_done', phase: 'improve', participants: [f.id.sam] });
  });
  afterAll(async () => {
    await h.close();
  });

  const url = (person: string, cycle = CYCLE) => `/v1/cycles/${cycle}/compensation/${person}`;
  const put = (person: string, json: unknown, as = f.email.hal, ifMatch?: string, cycle = CYCLE) =>
    h.call<CompJson>('PUT', url(person, cycle), {
      as,
      json,
      headers: ifMatch ? { 'If-Match': ifMatch } : {},
    });

  describe('one person', () => {
    it('HR creates (201), then replaces with If-Match (428 without, 412 stale)', async () => {
      const created = await put(f.id.sam, pay);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        ...pay,
        personId: f.id.sam,
        cycleId: CYCLE,
        version: 1,
        currency: null,
      });
      expect(created.headers.get('etag')).toBe('"1"');
      expect((await put(f.id.sam, { ...pay, salaryCents: 6_100_000 })).status).toBe(428);
      const replaced = await put(f.id.sam, { ...pay, salaryCents: 6_100_000 }, f.email.hal, '"1"');
      expect([replaced.status, replaced.body.version, replaced.body.salaryCents]).toEqual([
        200, 2, 6_100_000,
      ]);
      const stale = await put(f.id.sam, pay, f.email.hal, '"1"');
      expect([stale.status, stale.body.code]).toEqual([412, 'stale_version']);
      expect((await put(f.id.pia, pay, f.email.hal, '"1"')).status).toBe(412);
    });

    it('only HR and the person read it; managers never do', async () => {
      expect((await h.call<CompJson>('GET', url(f.id.sam), { as: f.email.hal })).status).toBe(200);
      const own = await h.call<CompJson>('GET', url(f.id.sam), { as: f.email.sam });
      expect([own.status, own.body.personId]).toEqual([200, f.id.sam]);
      expect(own.headers.get('etag')).toBe('"2"');
      expect((await h.call('GET', url(f.id.sam), { as: f.email.hana })).status).toBe(404);
      expect((await h.call('GET', url(f.id.sam), { as: f.email.cat })).status).toBe(404);
      expect((await h.call('GET', url(f.id.sam), { as: f.email.gwen })).status).toBe(404);
      expect((await h.call('GET', url(f.id.sam, 'cyc_none'), { as: f.email.hal })).status).toBe(404);
      const listed = await h.call<Page>('GET', `/v1/cycles/${CYCLE}/compensation`, { as: f.email.sam });
      expect(listed.body.items.map((c) => c.personId)).toEqual([f.id.sam]);
      const manager = await h.call<Page>('GET', `/v1/cycles/${CYCLE}/compensation`, { as: f.email.hana });
      expect(manager.body.items).toEqual([]);
    });

    it('writes: HR only (403 for visible people), 404 for people you may not see', async () => {
      expect((await put(f.id.sam, pay, f.email.hana)).status).toBe(403);
      expect((await put(f.id.sam, pay, f.email.sam)).status).toBe(403);
      expect((await put(f.id.sam, pay, f.email.mo)).status).toBe(404);
      expect((await put(f.id.gus, pay)).status).toBe(404);
    });

    it('400 with field errors', async () => {
      const bad = await put(f.id.pia, {
        salaryCents: -1,
        bandMidpointCents: 0,
        targetBonusCents: 1.5,
        extra: true,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.path).sort()).toEqual([
        'bandMidpointCents',
        'extra',
        'salaryCents',
        'targetBonusCents',
      ]);
      // A zero midpoint is a bound clients can say in their own words (more than 0), not a bare rule.
      expect(bad.body.errors?.find((e) => e.path === 'bandMidpointCents')).toMatchObject({
        code: 'too_small',
        params: { origin: 'number', minimum: 0, inclusive: false },
      });
    });

    it('409 wrong_phase once results are applied', async () => {
      const res = await put(f.id.sam, pay, f.email.hal, undefined, 'cyc_comp_done');
      expect([res.status, res.body.code]).toEqual([409, 'wrong_phase']);
    });
  });

  describe('bulk', () => {
    const bulk = (json: unknown, as = f.email.hal) =>
      h.call<{ items: CompJson[]; created: number; updated: number; unchanged: number } & CompJson>(
        'PUT',
        `/v1/cycles/${CYCLE}/compensation`,
        { as, json },
      );

    it('creates, replaces and skips unchanged people in one transaction', async () => {
      const sam = await h.call<CompJson>('GET', url(f.id.sam), { as: f.email.hal });
      const res = await bulk({
        items: [
          {
            personId: f.id.sam,
            salaryCents: sam.body.salaryCents,
            bandMidpointCents: sam.body.bandMidpointCents,
            targetBonusCents: sam.body.targetBonusCents,
          },
          { personId: f.id.pia, ...pay },
          { personId: f.id.paul, ...pay, targetBonusCents: 0 },
        ],
      });
      expect(res.status).toBe(200);
      expect([res.body.created, res.body.updated, res.body.unchanged]).toEqual([2, 0, 1]);
      const again = await bulk({ items: [{ personId: f.id.paul, ...pay, version: 1 }] });
      expect([again.body.created, again.body.updated, again.body.unchanged]).toEqual([0, 1, 0]);
    });

    it('a stale version or an unknown person changes nothing', async () => {
      const before = await h.call<CompJson>('GET', url(f.id.pia), { as: f.email.hal });
      const stale = await bulk({
        items: [
          { personId: f.id.pia, ...pay, salaryCents: 1 },
          { personId: f.id.paul, ...pay, version: 1 },
        ],
      });
      expect([stale.status, stale.body.code]).toEqual([412, 'stale_version']);
      const after = await h.call<CompJson>('GET', url(f.id.pia), { as: f.email.hal });
      expect(after.body.version).toBe(before.body.version);
      const unknown = await bulk({ items: [{ personId: 'per_nobody', ...pay }] });
      expect([unknown.status, unknown.body.code, unknown.body.errors?.[0]?.path]).toEqual([
        422,
        'unknown_person',
        'items.0.personId',
      ]);
      const twice = await bulk({
        items: [
          { personId: f.id.pia, ...pay },
          { personId: f.id.pia, ...pay },
        ],
      });
      expect([twice.status, twice.body.errors?.[0]?.path, twice.body.errors?.[0]?.code]).toEqual([
        400,
        'items.1.personId',
        'person_repeated',
      ]);
      expect(twice.body.errors?.[0]?.params).toEqual({ personId: f.id.pia });
    });

    it('HR only; the HR list pages through everyone', async () => {
      expect((await bulk({ items: [{ personId: f.id.sam, ...pay }] }, f.email.hana)).status).toBe(403);
      const page = await h.call<Page>('GET', `/v1/cycles/${CYCLE}/compensation?limit=2`, { as: f.email.hal });
      expect(page.body.items).toHaveLength(2);
      const rest = await h.call<Page>(
        'GET',
        `/v1/cycles/${CYCLE}/compensation?cursor=${page.body.nextCursor}`,
        {
          as: f.email.hal,
        },
      );
      expect(rest.body.items).toHaveLength(1);
    });
  });

  describe('currency', () => {
    it("every answer names the organisation's currency once HR sets it (null before)", async () => {
      const before = await h.call<Page>('GET', `/v1/cycles/${CYCLE}/compensation`, { as: f.email.hal });
      expect(before.body.items.map((c) => c.currency)).toEqual([null, null, null]);
      const org = await h.call<{ version: number }>('GET', '/v1/organisation', { as: f.email.hal });
      const set = await h.call('PATCH', '/v1/organisation', {
        as: f.email.hal,
        json: { settings: { currency: 'EUR' } },
        headers: { 'If-Match': `"${org.body.version}"` },
      });
      expect(set.status).toBe(200);
      const list = await h.call<Page>('GET', `/v1/cycles/${CYCLE}/compensation`, { as: f.email.hal });
      expect(list.body.items.map((c) => c.currency)).toEqual(['EUR', 'EUR', 'EUR']);
      const own = await h.call<CompJson>('GET', url(f.id.sam), { as: f.email.sam });
      expect([own.body.currency, own.body.salaryCents]).toEqual(['EUR', 6_100_000]);
      const replaced = await put(f.id.sam, pay, f.email.hal, own.headers.get('etag') ?? '');
      expect([replaced.status, replaced.body.currency]).toEqual([200, 'EUR']);
      const bulk = await h.call<{ items: CompJson[] }>('PUT', `/v1/cycles/${CYCLE}/compensation`, {
        as: f.email.hal,
        json: { items: [{ personId: f.id.pia, ...pay, salaryCents: 5_900_000 }] },
      });
      expect(bulk.body.items.map((c) => [c.personId, c.currency])).toEqual([[f.id.pia, 'EUR']]);
    });
  });
});
