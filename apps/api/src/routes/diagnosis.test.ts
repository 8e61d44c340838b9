// /v1/cycles/{id}/reports/diagnosis: shortfalls by factor per department with the response; heads see theirs, HR all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { seedMeasuredCycle } from './loop/testCycle.ts';

type Summary = {
  shortfalls: number;
  weightedGap: number;
  dominant: string | null;
  unattributed: { weightedGap: number; shortfalls: number };
  recommendations: { factor: string; response: string; weightedGap: number }[];
};
type Report = Summary & {
  cycleId: string;
  departmentIds: string[];
  overall: Summary;
  departments: (Summary & { departmentId: string | null; departmentName: string | null })[];
  factors: { factor: string; response: string }[];
  code?: string;
};

describe.each(ENGINES)('diagnosis routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  const CYCLE = 'cyc_diag';

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    const org = f.acme.organisation.id;
    const goals = await seedMeasuredCycle(
      h,
      org,
      { sam: f.id.sam, pia: f.id.pia, paul: f.id.paul, mo: f.id.mo },
      {
        id: CYCLE,
        phase: 'apply',
      },
    );
    const attribute = async (as: string, subjectId: string, goalId: string, factor: string) => {
      const res = await h.call('POST', '/v1/gap-attributions', {
        as,
        json: { cycleId: CYCLE, subjectId, goalId, factors: [{ factor, share: 1 }] },
      });
      if (res.status !== 201) throw new Error(`attribution failed: ${res.status}`);
    };
    await attribute(f.email.paul, f.id.paul, goals.paul, 'external_environment');
    await attribute(f.email.erin, f.id.mo, goals.mo, 'skills');
  });
  afterAll(async () => {
    await h.close();
  });

  const report = (as: string, query = '') =>
    h.call<Report>('GET', `/v1/cycles/${CYCLE}/reports/diagnosis${query}`, { as });

  describe('gap diagnosis report', () => {
    it('HR: every department, the dominant factor and what to do about each', async () => {
      const res = await report(f.email.hal);
      expect(res.status).toBe(200);
      // Paul: achievement 0 (gap 1, external); Mo: achievement 0.6 (gap 0.4, skills); Pia and Sam met their targets.
      expect(res.body.overall).toMatchObject({
        shortfalls: 2,
        weightedGap: 1.4,
        dominant: 'external_environment',
      });
      expect(res.body.overall.recommendations).toEqual([
        { factor: 'external_environment', response: "adjust targets fairly; don't penalise", weightedGap: 1 },
        { factor: 'skills', response: 'training and development', weightedGap: 0.4 },
      ]);
      expect(res.body.departments.map((d) => [d.departmentId, d.departmentName, d.shortfalls])).toEqual([
        [f.dept.platform, 'Platform', 2],
      ]);
      expect(res.body.factors).toHaveLength(4);
    });

    it('department heads see the departments they head (with sub-departments)', async () => {
      const erin = await report(f.email.erin);
      expect(erin.status).toBe(200);
      expect(erin.body.departmentIds).toEqual([f.dept.eng, f.dept.platform].sort());
      expect(erin.body.overall.shortfalls).toBe(2);
      const hana = await report(f.email.hana);
      expect([hana.status, hana.body.overall.shortfalls]).toEqual([200, 0]);
      expect(hana.body.departmentIds).toEqual([f.dept.sales]);
    });

    it('a department filter: heads only theirs (403), unknown departments 404', async () => {
      const hr = await report(f.email.hal, `?departmentId=${f.dept.sales}`);
      expect([hr.status, hr.body.overall.shortfalls]).toEqual([200, 0]);
      expect((await report(f.email.erin, `?departmentId=${f.dept.sales}`)).status).toBe(403);
      expect((await report(f.email.erin, `?departmentId=${f.dept.platform}`)).body.overall.shortfalls).toBe(
        2,
      );
      expect((await report(f.email.hal, '?departmentId=dep_none')).status).toBe(404);
      expect((await report(f.email.hal, '?departmentId=x&y=1')).status).toBe(400);
    });

    it('403 for managers who head no department and employees; 404 for another organisation’s cycle', async () => {
      expect((await report(f.email.mo)).status).toBe(403);
      expect((await report(f.email.sam)).status).toBe(403);
      expect((await report(f.email.gwen)).status).toBe(404);
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      expect((await h.call('GET', `/v1/cycles/${CYCLE}/reports/diagnosis`, { key })).status).toBe(403);
    });
  });
});
