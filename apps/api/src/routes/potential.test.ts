// /v1/cycles/{id}/potential/{personId}: managers, heads and HR assess potential (1–3); PUT creates, then needs If-Match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { type ProblemJson, seedCycle, setPhase, uniqueId } from './appraise/testAppraisal.ts';

type PotentialJson = { id: string; potential: number; note: string; assessedBy: string; version: number };

describe.each(ENGINES)('potential routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let orgId: string;
  let cycleId: string;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    orgId = f.acme.organisation.id;
    cycleId = uniqueId('cyc');
    await seedCycle(h, orgId, cycleId, 'calibrate', [f.id.sam, f.id.pia, f.id.paul]);
  });
  afterAll(async () => {
    await h.close();
  });

  const path = (personId: string, cycle = cycleId) => `/v1/cycles/${cycle}/potential/${personId}`;
  const put = (as: string, personId: string, json: unknown, headers: Record<string, string> = {}) =>
    h.call<PotentialJson & ProblemJson>('PUT', path(personId), { as, json, headers });

  describe('potential assessments', () => {
    it('creates (201), then replaces with If-Match (428 / 412 / 200)', async () => {
      const created = await put(f.email.mo, f.id.pia, { potential: 3, note: 'Ready for a bigger team' });
      expect(created.status).toBe(201);
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.body).toMatchObject({ potential: 3, assessedBy: f.id.mo, version: 1 });
      expect((await put(f.email.mo, f.id.pia, { potential: 2 })).status).toBe(428);
      expect((await put(f.email.mo, f.id.pia, { potential: 2 }, { 'If-Match': '"5"' })).status).toBe(412);
      const replaced = await put(f.email.erin, f.id.pia, { potential: 2 }, { 'If-Match': '"1"' });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({ potential: 2, assessedBy: f.id.erin, note: '', version: 2 });
      const read = await h.call<PotentialJson>('GET', path(f.id.pia), { as: f.email.hal });
      expect(read.body.potential).toBe(2);
      expect(read.headers.get('etag')).toBe('"2"');
    });

    it('is for managers, heads and HR: the person and others get 403 / 404', async () => {
      expect((await put(f.email.sam, f.id.sam, { potential: 3 })).status).toBe(403);
      expect((await put(f.email.mo, f.id.sam, { potential: 3 })).status).toBe(404);
      expect((await put(f.email.gwen, f.id.sam, { potential: 3 })).status).toBe(404);
      expect((await put(f.email.hana, f.id.sam, { potential: 1 })).status).toBe(201);
      expect((await h.call('GET', path(f.id.sam), { as: f.email.sam })).status).toBe(404);
      expect((await h.call('GET', path(f.id.paul), { as: f.email.hal })).status).toBe(404);
      expect((await put(f.email.hal, f.id.cat, { potential: 2 })).status).toBe(404); // not appraised
    });

    it('validates the body and the phase', async () => {
      const bad = await put(f.email.hal, f.id.paul, { potential: 4, extra: 1 });
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['extra', 'potential']);
      const other = uniqueId('cyc');
      await seedCycle(h, orgId, other, 'coach', [f.id.paul]);
      const early = await h.call<ProblemJson>('PUT', path(f.id.paul, other), {
        as: f.email.hal,
        json: { potential: 2 },
      });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('wrong_phase');
      await setPhase(h, orgId, other, 'appraise');
      expect(
        (await h.call('PUT', path(f.id.paul, other), { as: f.email.hal, json: { potential: 2 } })).status,
      ).toBe(201);
    });
  });
});
