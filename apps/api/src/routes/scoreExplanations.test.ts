// explain=true on every answer that carries a score: results (kept at apply, never drifting), calibration views, drafts.
import { policyFromPreset } from '@perfloop/core';
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
import {
  competencyGoal,
  kpiGoal,
  seedGoal as seedAppraisalGoal,
  seedReview,
  seedCycle as seedScoredCycle,
} from './appraise/testAppraisal.ts';
import { put, seedCycle, seedMeasuredCycle, setPhase } from './loop/testCycle.ts';

type Explained = {
  subjectId: string;
  score: number;
  rating: { value: number };
  original: { score: number; rating: { value: number } };
  adjustments: { to: number }[];
  trace: { goals: { goalId: string; actual: number | null; score: number | null }[]; formula: string };
  explanation: string;
  formula: string;
};
type Line = { personId: string; score: number; explanation?: Explained | null };
type Computation = { people: Line[] };
type ResultJson = Line & { id: string };
type Page<T> = { items: T[] };

const CYCLE = 'cyc_explain';
const body = { poolCents: 1_000_000, meritBudgetCents: 500_000, mode: 'fit', startsOn: '2026-08-03' };

describe.each(ENGINES)('score explanations on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;
  let goals: Record<'sam' | 'pia' | 'paul' | 'mo', string>;

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    const people = { sam: f.id.sam, pia: f.id.pia, paul: f.id.paul, mo: f.id.mo };
    goals = await seedMeasuredCycle(h, org, people, { id: CYCLE, phase: 'apply' });
    // Calibration moved Pia from 3 to 4.
    await put(h, org, 'calibration_adjustments', {
      id: 'adj_explain_pia',
      cycleId: CYCLE,
      subjectId: f.id.pia,
      parentId: 'cal_x',
      data: {
        id: 'adj_explain_pia',
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
  });
  afterAll(async () => {
    await h.close();
  });

  const etag = async () => `"${(await h.store.resources('cycles').get(org, CYCLE))?.version ?? 0}"`;
  const liveScore = (personId: string) =>
    h.call<Explained>('GET', `/v1/cycles/${CYCLE}/scores/${personId}?explain=true`, { as: f.email.hal });

  describe('results', () => {
    it('preview: no explanation unless asked; with explain=true each line carries the one of its score', async () => {
      const plain = await h.call<Computation>('POST', `/v1/cycles/${CYCLE}/results/preview`, {
        as: f.email.hal,
        json: body,
      });
      expect(plain.status).toBe(200);
      expect(plain.body.people.every((l) => !('explanation' in l))).toBe(true);
      const res = await h.call<Computation>('POST', `/v1/cycles/${CYCLE}/results/preview?explain=true`, {
        as: f.email.hal,
        json: body,
      });
      expect(res.status).toBe(200);
      expect(res.body.people).toHaveLength(4);
      for (const line of res.body.people) {
        expect(line.explanation?.subjectId).toBe(line.personId);
        expect(line.explanation?.score).toBe(line.score);
      }
      const pia = res.body.people.find((l) => l.personId === f.id.pia)?.explanation;
      // The rating is the calibrated one, and the move behind it is part of the explanation.
      expect([pia?.original.rating.value, pia?.rating.value, pia?.adjustments.map((a) => a.to)]).toEqual([
        3,
        4,
        [4],
      ]);
      expect(pia?.trace.goals.map((g) => [g.goalId, g.actual])).toEqual([[goals.pia, 100]]);
      expect(pia?.explanation).toContain(`Score for ${f.id.pia}: 3`);
      expect(pia?.formula).toBe('(100 × 3) / 100 = 3');
      // The live scores route explains the same number the same way.
      expect((await liveScore(f.id.pia)).body.trace).toEqual(pia?.trace);
      const bad = await h.call('POST', `/v1/cycles/${CYCLE}/results/preview?explain=yes`, {
        as: f.email.hal,
        json: body,
      });
      expect(bad.status).toBe(400);
    });

    it('apply keeps each score’s explanation with the result and returns it when asked', async () => {
      const res = await h.call<Computation>('POST', `/v1/cycles/${CYCLE}/results/apply?explain=true`, {
        as: f.email.hal,
        json: body,
        headers: { 'If-Match': await etag() },
      });
      expect(res.status).toBe(200);
      const stored = (await h.store.resources('results').list(org, { cycleId: CYCLE })).records;
      expect(stored).toHaveLength(4);
      for (const record of stored) {
        const line = res.body.people.find((l) => l.personId === record.subjectId);
        expect(line?.explanation).toBeTruthy();
        expect(record.data.explanation).toEqual(line?.explanation);
      }
    });

    it('the stored explanation never drifts: a later edit changes the live score, not the applied one', async () => {
      const goal = await h.store.resources('goals').get(org, goals.sam);
      if (!goal) throw new Error('no goal for Sam');
      await h.store.transaction(org, (tx) =>
        createWrite(tx, SYSTEM_ACTOR).update('goals', goal.id, {
          expectedVersion: goal.version,
          data: { ...goal.data, actual: 60 },
        }),
      );
      const live = await liveScore(f.id.sam);
      expect(live.body.trace.goals[0]?.actual).toBe(60);
      const mine = await h.call<Page<ResultJson>>('GET', '/v1/me/results?explain=true', { as: f.email.sam });
      expect(mine.status).toBe(200);
      const result = mine.body.items[0];
      expect(result?.explanation?.trace.goals[0]?.actual).toBe(150);
      expect(result?.explanation?.score).toBe(result?.score);
      expect(result?.score).not.toBe(live.body.score);
      // HR's list says the same.
      const hr = await h.call<Page<ResultJson>>(
        'GET',
        `/v1/cycles/${CYCLE}/results?explain=true&personId=${f.id.sam}`,
        { as: f.email.hal },
      );
      expect(hr.body.items[0]?.explanation).toEqual(result?.explanation);
    });

    it('reads leave it out unless asked; the scoping of results is unchanged', async () => {
      const plain = await h.call<Page<ResultJson>>('GET', `/v1/cycles/${CYCLE}/results`, { as: f.email.hal });
      expect(plain.body.items.every((r) => !('explanation' in r))).toBe(true);
      // A manager sees their report's explanation (as they see the score), an employee only their own.
      const hana = await h.call<Page<ResultJson>>('GET', `/v1/cycles/${CYCLE}/results?explain=true`, {
        as: f.email.hana,
      });
      expect(hana.body.items.map((r) => [r.personId, r.explanation?.subjectId])).toEqual([
        [f.id.sam, f.id.sam],
      ]);
      const paul = await h.call<Page<ResultJson>>('GET', `/v1/cycles/${CYCLE}/results?explain=true`, {
        as: f.email.paul,
      });
      expect(paul.body.items.map((r) => r.explanation?.subjectId)).toEqual([f.id.paul]);
      expect(
        (await h.call('GET', `/v1/cycles/${CYCLE}/results?explain=true`, { as: f.email.gwen })).status,
      ).toBe(404);
    });

    it('a result applied before explanations were kept answers null, never a live trace', async () => {
      const older = (await h.store.resources('results').list(org, { cycleId: CYCLE })).records.find(
        (r) => r.subjectId === f.id.mo,
      );
      if (!older) throw new Error('no result for Mo');
      const { explanation: _dropped, ...data } = older.data;
      await h.store.transaction(org, (tx) =>
        createWrite(tx, SYSTEM_ACTOR).update('results', older.id, { expectedVersion: older.version, data }),
      );
      const mine = await h.call<Page<ResultJson>>('GET', '/v1/me/results?explain=true', { as: f.email.mo });
      expect(mine.body.items.map((r) => r.explanation)).toEqual([null]);
    });
  });

  describe('calibration views', () => {
    const CAL = 'cyc_explain_cal';
    let session: string;

    beforeAll(async () => {
      const { sam, pia, paul, mo, hana } = f.id;
      const policy = policyFromPreset('incentive', { name: 'Forced explain' });
      await seedScoredCycle(h, org, CAL, 'calibrate', [sam, pia, paul, mo], {
        ...policy,
        distribution: { ...policy.distribution, forced: true },
      });
      await seedAppraisalGoal(h, org, competencyGoal(`${CAL}_sam`, CAL, sam, 100));
      await seedAppraisalGoal(h, org, competencyGoal(`${CAL}_pia`, CAL, pia, 100));
      await seedAppraisalGoal(h, org, kpiGoal(`${CAL}_paul`, CAL, paul, 100, 50));
      await seedAppraisalGoal(h, org, kpiGoal(`${CAL}_mo`, CAL, mo, 100, 120));
      const review = (id: string, subjectId: string, reviewerId: string, goalId: string, rating: number) =>
        seedReview(h, org, {
          id,
          cycleId: CAL,
          subjectId,
          reviewerId,
          component: 'manager',
          ratings: [{ goalId, rating }],
        });
      await review(`${CAL}_r1`, sam, hana, `${CAL}_sam`, 4);
      await review(`${CAL}_r2`, pia, mo, `${CAL}_pia`, 2);
      const opened = await h.call<{ id: string }>('POST', '/v1/calibration-sessions', {
        as: f.email.hal,
        json: { cycleId: CAL, departmentIds: [f.dept.root], name: 'Explained' },
      });
      if (opened.status !== 201) throw new Error(`session: ${opened.status}`);
      session = opened.body.id;
    });

    it('rater bias: each normalised score with core’s normalisation trace', async () => {
      type Normalised = {
        subjectId: string;
        score: number;
        normalised: number;
        delta: number;
        explanation?: {
          normalised: number;
          delta: number;
          shrinkage: number;
          rater: { n: number; shrunkMean: number } | null;
          lines: string[];
        };
      };
      const view = (query: string) =>
        h.call<{ normalised: Normalised[] }>(
          'GET',
          `/v1/calibration-sessions/${session}/rater-bias${query}`,
          {
            as: f.email.hal,
          },
        );
      const plain = await view('');
      expect(plain.body.normalised.every((n) => !('explanation' in n))).toBe(true);
      const res = await view('?explain=true');
      expect(res.status).toBe(200);
      expect(res.body.normalised).toHaveLength(2);
      for (const n of res.body.normalised) {
        expect(n.explanation?.normalised).toBe(n.normalised);
        expect(n.explanation?.delta).toBe(n.delta);
        expect(n.explanation?.rater?.n).toBe(1);
        expect(n.explanation?.shrinkage).toBeGreaterThan(0);
        expect(n.explanation?.lines.join('\n')).toContain('Shrinkage k = ');
      }
      const sam = res.body.normalised.find((n) => n.subjectId === f.id.sam);
      expect(sam?.explanation?.lines[0]).toBe(
        `Score 4 given by ${f.id.hana}, whose 1 score have mean 4 and spread (sd) 0.`,
      );
    });

    it('forced distribution: each suggestion with its score’s explanation', async () => {
      type Forced = {
        suggestions: { subjectId: string; score: number; explanation?: Explained }[];
      };
      const res = await h.call<Forced>(
        'GET',
        `/v1/calibration-sessions/${session}/forced-distribution?explain=true`,
        { as: f.email.hal },
      );
      expect(res.status).toBe(200);
      expect(res.body.suggestions.length).toBeGreaterThan(0);
      for (const s of res.body.suggestions) {
        expect(s.explanation?.subjectId).toBe(s.subjectId);
        expect(s.explanation?.score).toBe(s.score);
        expect(s.explanation?.trace.goals.length).toBe(1);
      }
      const plain = await h.call<Forced>('GET', `/v1/calibration-sessions/${session}/forced-distribution`, {
        as: f.email.hal,
      });
      expect(plain.body.suggestions.every((s) => !('explanation' in s))).toBe(true);
    });

    it('a head running a session over their own department never gets their own explanation before feedback', async () => {
      const OWN = 'cyc_explain_own';
      const { erin, mo, pia, paul } = f.id;
      const policy = policyFromPreset('incentive', { name: 'Forced own' });
      await seedScoredCycle(h, org, OWN, 'calibrate', [erin, mo, pia, paul], {
        ...policy,
        distribution: { ...policy.distribution, forced: true },
      });
      for (const [person, actual] of [
        [erin, 150],
        [mo, 150],
        [pia, 100],
        [paul, 20],
      ] as const) {
        await seedAppraisalGoal(h, org, kpiGoal(`${OWN}_${person}`, OWN, person, 100, actual));
      }
      const opened = await h.call<{ id: string }>('POST', '/v1/calibration-sessions', {
        as: f.email.erin,
        json: { cycleId: OWN, departmentIds: [f.dept.eng], name: 'Own department' },
      });
      expect(opened.status).toBe(201);
      const res = await h.call<{ suggestions: { subjectId: string; explanation?: Explained }[] }>(
        'GET',
        `/v1/calibration-sessions/${opened.body.id}/forced-distribution?explain=true`,
        { as: f.email.erin },
      );
      const own = res.body.suggestions.find((s) => s.subjectId === erin);
      expect(own).toBeTruthy();
      expect(own && 'explanation' in own).toBe(false);
      const others = res.body.suggestions.filter((s) => s.subjectId !== erin);
      expect(others.length).toBeGreaterThan(0);
      expect(others.every((s) => s.explanation?.subjectId === s.subjectId)).toBe(true);
    });

    it('a calibration move answers with the score explained after it', async () => {
      const res = await h.call<{ rating: { current: { rating: number } }; explanation?: Explained }>(
        'POST',
        `/v1/calibration-sessions/${session}/adjustments?explain=true`,
        {
          as: f.email.hal,
          json: {
            personId: f.id.mo,
            fromRating: 4,
            toRating: 3,
            justification: 'The overshoot came from one inherited account.',
          },
        },
      );
      expect(res.status).toBe(201);
      expect(res.body.explanation?.subjectId).toBe(f.id.mo);
      expect(res.body.explanation?.rating.value).toBe(3);
      expect(res.body.explanation?.original.rating.value).toBe(4);
      expect(res.body.explanation?.adjustments.map((a) => a.to)).toEqual([3]);
      expect(res.body.explanation?.trace.goals[0]?.actual).toBe(120);
    });
  });

  describe('next-cycle drafts', () => {
    const FROM = 'cyc_explain_from';
    const TO = 'cyc_explain_to';

    beforeAll(async () => {
      const people = { sam: f.id.sam, pia: f.id.pia, paul: f.id.paul, mo: f.id.mo };
      await seedMeasuredCycle(h, org, people, { id: FROM, phase: 'improve' });
      await seedCycle(h, org, { id: TO, phase: 'plan', participants: Object.values(people) });
      await setPhase(h, org, FROM, 'improve');
    });

    it('each person’s draft keeps the score explanation drafting read, returned with explain=true', async () => {
      type Draft = { id: string; personId: string | null; explanation?: Explained | null };
      const made = await h.call<{ items: Draft[] }>(
        'POST',
        `/v1/cycles/${FROM}/next-cycle-drafts?explain=true`,
        { as: f.email.hal, json: { toCycleId: TO } },
      );
      expect(made.status).toBe(201);
      const mo = made.body.items.find((d) => d.personId === f.id.mo);
      expect(mo?.explanation?.subjectId).toBe(f.id.mo);
      expect(mo?.explanation?.trace.goals[0]?.actual).toBe(60);
      const organisation = made.body.items.find((d) => d.personId === null);
      if (organisation) expect(organisation.explanation).toBeNull();
      const plain = await h.call<Page<Draft>>('GET', `/v1/cycles/${FROM}/next-cycle-drafts`, {
        as: f.email.hal,
      });
      expect(plain.body.items.every((d) => !('explanation' in d))).toBe(true);
      const one = await h.call<Draft>('GET', `/v1/next-cycle-drafts/${mo?.id}?explain=true`, {
        as: f.email.erin,
      });
      expect(one.body.explanation).toEqual(mo?.explanation);
    });
  });
});
