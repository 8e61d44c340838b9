// Next-cycle drafts: made in the improve phase by HR or the manager chain, accepted into a next cycle in plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { seedCycle, seedMeasuredCycle, setPhase } from './loop/testCycle.ts';

type DraftJson = {
  id: string;
  personId: string | null;
  fromCycleId: string;
  toCycleId: string;
  status: string;
  version: number;
  drafts: {
    goal: {
      id: string;
      cycleId: string;
      status: string;
      weight: number;
      title: string;
      expectations?: string;
    };
    carriedFrom: string | null;
    reason: { code: string; message: string; achievement?: number };
    notes: { code: string; share?: number }[];
  }[];
  developmentItems: { sourceGoalId: string; title: string; reason: { code: string } }[];
  skipped: { goalId: string; title?: string; reason: string }[];
};
type Created = { items: DraftJson[]; alreadyAccepted: (string | null)[]; code?: string };
type Accepted = { draft: DraftJson; createdGoalIds: string[]; notCreated: unknown[]; code?: string };

let h: ApiHarness;
let f: Fixture;
let org: string;
let goals: Record<'sam' | 'pia' | 'paul' | 'mo', string>;
const FROM = 'cyc_h1';
const TO = 'cyc_h2';

describe.each(ENGINES)('next-cycle drafts on %s', (engine) => {
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    const people = { sam: f.id.sam, pia: f.id.pia, paul: f.id.paul, mo: f.id.mo };
    goals = await seedMeasuredCycle(h, org, people, { id: FROM, phase: 'apply' });
    for (const [as, subjectId, goalId, factor] of [
      [f.email.paul, f.id.paul, goals.paul, 'external_environment'],
      [f.email.erin, f.id.mo, goals.mo, 'skills'],
    ] as const) {
      const res = await h.call('POST', '/v1/gap-attributions', {
        as,
        json: { cycleId: FROM, subjectId, goalId, factors: [{ factor, share: 1 }] },
      });
      if (res.status !== 201) throw new Error(`attribution: ${res.status}`);
    }
    await setPhase(h, org, FROM, 'improve');
    await seedCycle(h, org, { id: TO, phase: 'plan', participants: Object.values(people) });
    await seedCycle(h, org, { id: 'cyc_h2_coach', phase: 'coach', participants: Object.values(people) });
    await seedMeasuredCycle(h, org, people, { id: 'cyc_still_apply', phase: 'apply' });
  });
  afterAll(async () => {
    await h.close();
  });

  const draft = (
    json: Record<string, unknown>,
    as: string,
    cycle = FROM,
    headers: Record<string, string> = {},
  ) => h.call<Created>('POST', `/v1/cycles/${cycle}/next-cycle-drafts`, { as, json, headers });
  const accept = (id: string, as: string, headers: Record<string, string> = {}) =>
    h.call<Accepted>('POST', `/v1/next-cycle-drafts/${id}/accept`, { as, headers });

  describe('drafting the next cycle', () => {
    it('a manager drafts for their people: unfinished goals carried forward, external gaps not penalised', async () => {
      const res = await draft({ toCycleId: TO }, f.email.pia, FROM, { 'Idempotency-Key': 'draft-1' });
      expect(res.status).toBe(201);
      expect(res.body.items.map((d) => d.personId)).toEqual([f.id.paul]);
      const paul = res.body.items[0];
      expect(paul).toMatchObject({ fromCycleId: FROM, toCycleId: TO, status: 'open', version: 1 });
      expect(paul?.id).toMatch(/^ncd_/);
      expect(paul?.drafts[0]?.goal).toMatchObject({
        id: `${TO}.${goals.paul}`,
        cycleId: TO,
        status: 'draft',
        weight: 100,
      });
      expect(paul?.drafts[0]?.notes.map((n) => n.code)).toContain('adjust_target_fairly');
      // People read the reasons: the cycle by its name, not its id.
      expect(paul?.drafts[0]?.reason.message).toContain(`in Cycle ${FROM}:`);
      // …and in fields, for a client that says it in another language (kept when read back).
      const listed = await h.call<{ items: DraftJson[] }>('GET', `/v1/cycles/${FROM}/next-cycle-drafts`, {
        as: f.email.pia,
      });
      const stored = listed.body.items.find((d) => d.id === paul?.id);
      for (const d of [paul, stored]) {
        const achievement = d?.drafts[0]?.reason.achievement;
        expect(achievement).toBeTypeOf('number');
        expect(d?.drafts[0]?.reason.message).toContain(`${Math.round((achievement ?? 0) * 1000) / 10}%`);
        expect(d?.drafts[0]?.notes.find((n) => n.code === 'adjust_target_fairly')?.share).toBe(1);
      }
      const again = await draft({ toCycleId: TO }, f.email.pia, FROM, { 'Idempotency-Key': 'draft-1' });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    });

    it('HR drafts for everyone: a skills gap adds a development goal and item; met goals are not carried', async () => {
      const res = await draft({ toCycleId: TO, developmentWeight: 10 }, f.email.hal);
      expect(res.status).toBe(201);
      const byPerson = new Map(res.body.items.map((d) => [d.personId, d]));
      expect([...byPerson.keys()].sort()).toEqual([f.id.mo, f.id.paul].sort());
      const mo = byPerson.get(f.id.mo);
      expect(mo?.drafts.map((d) => [d.goal.id, d.goal.weight])).toEqual([
        [`${TO}.${goals.mo}`, 90],
        [`${TO}.${goals.mo}.skill`, 10],
      ]);
      expect(mo?.developmentItems.map((i) => i.sourceGoalId)).toEqual([goals.mo]);
      // Paul's open draft is replaced in place.
      expect(byPerson.get(f.id.paul)?.version).toBe(2);
    });

    it("writes a drafted goal's texts in the organisation's language; the rest English beside its codes", async () => {
      const setLocale = async (locale: string) => {
        const now = await h.call<{ version: number }>('GET', '/v1/organisation', { as: f.email.hal });
        const res = await h.call('PATCH', '/v1/organisation', {
          as: f.email.hal,
          json: { settings: { locale } },
          headers: { 'If-Match': `"${now.body.version}"` },
        });
        expect(res.status).toBe(200);
      };
      const skillOf = (res: { body: Created }) => {
        const mo = res.body.items.find((d) => d.personId === f.id.mo);
        return { mo, skill: mo?.drafts.find((d) => d.goal.id === `${TO}.${goals.mo}.skill`) };
      };
      const english = skillOf(await draft({ toCycleId: TO, developmentWeight: 10 }, f.email.hal));
      expect(english.skill?.goal.title).toMatch(/^Build skill: /);
      await setLocale('zh-CN');
      try {
        const chinese = skillOf(await draft({ toCycleId: TO, developmentWeight: 10 }, f.email.hal));
        expect(chinese.skill?.goal.title).toBe(
          english.skill?.goal.title.replace('Build skill: ', '培养技能：'),
        );
        expect(chinese.skill?.goal.expectations).toMatch(
          /^弥补“.+”背后的技能差距（上个周期达成目标的 \d+(\.\d)?%）。$/,
        );
        // The reasons and the development item keep their codes and English words: the tab says those itself.
        expect(chinese.skill?.reason).toEqual(english.skill?.reason);
        expect(chinese.mo?.developmentItems).toEqual(english.mo?.developmentItems);
        expect(chinese.mo?.developmentItems[0]?.reason.code).toBe('skills_gap');
      } finally {
        await setLocale('en');
      }
      expect(
        skillOf(await draft({ toCycleId: TO, developmentWeight: 10 }, f.email.hal)).skill?.goal.title,
      ).toBe(english.skill?.goal.title);
    });

    it('only HR and the manager chain; 404 for people you may not see', async () => {
      expect((await draft({ toCycleId: TO }, f.email.sam)).status).toBe(403);
      expect((await draft({ toCycleId: TO, personIds: [f.id.sam] }, f.email.sam)).status).toBe(403);
      expect((await draft({ toCycleId: TO, personIds: [f.id.paul] }, f.email.hana)).status).toBe(404);
      expect((await draft({ toCycleId: TO }, f.email.gwen)).status).toBe(404);
    });

    it('phase rules: from the improve phase into a cycle in plan; 422 for the same or an unknown cycle', async () => {
      const early = await draft({ toCycleId: TO }, f.email.hal, 'cyc_still_apply');
      expect([early.status, early.body.code]).toEqual([409, 'wrong_phase']);
      const late = await draft({ toCycleId: 'cyc_h2_coach' }, f.email.hal);
      expect([late.status, late.body.code]).toEqual([409, 'wrong_phase']);
      expect((await draft({ toCycleId: FROM }, f.email.hal)).body.code).toBe('same_cycle');
      expect((await draft({ toCycleId: 'cyc_none' }, f.email.hal)).body.code).toBe('unknown_cycle');
      expect((await draft({ toCycleId: TO, developmentWeight: 80 }, f.email.hal)).status).toBe(400);
    });

    it('lists are scoped to the people you may see', async () => {
      const list = (as: string) =>
        h.call<{ items: DraftJson[] }>('GET', `/v1/cycles/${FROM}/next-cycle-drafts`, { as });
      expect((await list(f.email.paul)).body.items.map((d) => d.personId)).toEqual([f.id.paul]);
      expect((await list(f.email.sam)).body.items).toEqual([]);
      expect((await list(f.email.hal)).body.items).toHaveLength(2);
    });
  });

  describe('the draft in /openapi.json', () => {
    it('documents the structured reason and note fields (optional: older drafts lack them) and skipped titles', async () => {
      type S = { properties?: Record<string, S>; items?: S; required?: string[] };
      const doc = (await (await h.app.request('/openapi.json')).json()) as {
        components: { schemas: Record<string, S> };
      };
      const draftGoal = doc.components.schemas.NextCycleDraft?.properties?.drafts?.items;
      const reason = draftGoal?.properties?.reason;
      const note = draftGoal?.properties?.notes?.items;
      const skipped = doc.components.schemas.NextCycleDraft?.properties?.skipped?.items;
      expect(Object.keys(reason?.properties ?? {})).toEqual(
        expect.arrayContaining(['code', 'factor', 'share', 'achievement', 'score', 'meets', 'message']),
      );
      expect(Object.keys(note?.properties ?? {})).toEqual(
        expect.arrayContaining([
          'code',
          'share',
          'score',
          'meets',
          'parentGoalId',
          'parentTitle',
          'missing',
          'mix',
        ]),
      );
      for (const field of ['achievement', 'score', 'meets']) expect(reason?.required).not.toContain(field);
      expect(note?.required).toEqual(['code', 'message']);
      expect(Object.keys(skipped?.properties ?? {})).toContain('title');
      expect(skipped?.required).not.toContain('title');
    });
  });

  describe('accepting a draft', () => {
    const draftOf = async (personId: string) => {
      const list = await h.call<{ items: DraftJson[] }>(
        'GET',
        `/v1/cycles/${FROM}/next-cycle-drafts?personId=${personId}&toCycleId=${TO}`,
        { as: f.email.hal },
      );
      const d = list.body.items[0];
      if (!d) throw new Error('no draft');
      return d;
    };

    it('the manager chain creates the draft goals in the next cycle, once', async () => {
      const paul = await draftOf(f.id.paul);
      expect((await accept(paul.id, f.email.paul)).status).toBe(403);
      expect((await accept(paul.id, f.email.sam)).status).toBe(404);
      expect((await accept(paul.id, f.email.pia, { 'If-Match': '"1"' })).status).toBe(412);
      const ok = await accept(paul.id, f.email.pia);
      expect(ok.status).toBe(200);
      expect(ok.body.createdGoalIds).toEqual([`${TO}.${goals.paul}`]);
      expect(ok.body.draft).toMatchObject({ status: 'accepted' });
      const goal = await h.store.resources('goals').get(org, `${TO}.${goals.paul}`);
      expect(goal).toMatchObject({ cycleId: TO, subjectId: f.id.paul, data: { status: 'draft' } });
      const twice = await accept(paul.id, f.email.pia);
      expect([twice.status, twice.body.code]).toEqual([409, 'draft_accepted']);
      const redraft = await draft({ toCycleId: TO, personIds: [f.id.paul] }, f.email.hal);
      expect(redraft.body.alreadyAccepted).toEqual([f.id.paul]);
    });

    it('409 wrong_phase once the next cycle has left plan', async () => {
      const mo = await draftOf(f.id.mo);
      await setPhase(h, org, TO, 'coach');
      const res = await accept(mo.id, f.email.hal);
      expect([res.status, res.body.code]).toEqual([409, 'wrong_phase']);
      await setPhase(h, org, TO, 'plan');
      const ok = await accept(mo.id, f.email.erin);
      expect([ok.status, ok.body.createdGoalIds.length]).toEqual([200, 2]);
    });
  });
});
