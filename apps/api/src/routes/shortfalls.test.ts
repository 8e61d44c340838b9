// /v1/cycles/{id}/shortfalls: KPI goals below target of the people the caller may see, largest gap first, and who may attribute them.
import type { GoalInput } from '@perfloop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { kpi, seedGoal, seedMeasuredCycle } from './loop/testCycle.ts';

type KpiGoalInput = Extract<GoalInput, { kind: 'kpi' }>;

interface Item {
  subjectId: string;
  goalId: string;
  title: string;
  direction: string;
  actual: number;
  target: number;
  achievement: number;
  gap: number;
  weightedGap: number;
  attributable: boolean;
}
interface List {
  cycleId: string;
  items: Item[];
  code?: string;
}

describe.each(ENGINES)('shortfalls route on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let goals: Record<'sam' | 'pia' | 'paul' | 'mo', string>;
  const CYCLE = 'cyc_short';

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    const org = f.acme.organisation.id;
    // Sam 150 and Pia 100 meet their targets; Paul 20 (achievement 0) and Mo 60 (0.6) fall short.
    goals = await seedMeasuredCycle(
      h,
      org,
      { sam: f.id.sam, pia: f.id.pia, paul: f.id.paul, mo: f.id.mo },
      { id: CYCLE, phase: 'appraise' },
    );
    // Not shortfalls: no actual yet, cancelled, a competency goal.
    await seedGoal(h, org, kpi('g.short.pending', CYCLE, f.id.paul, 0, null));
    await seedGoal(h, org, { ...kpi('g.short.cancelled', CYCLE, f.id.paul, 0, 10), status: 'cancelled' });
    // Lower is better: 80 against a target of 50 (baseline 100) is short of target.
    await seedGoal(h, org, {
      ...(kpi('g.short.lower', CYCLE, f.id.pia, 0, 80) as KpiGoalInput),
      direction: 'lower_is_better',
      baseline: 100,
      threshold: 90,
      target: 50,
      stretch: 30,
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const list = (as: string, query = '') =>
    h.call<List>('GET', `/v1/cycles/${CYCLE}/shortfalls${query}`, { as });

  it('HR sees every shortfall, largest weighted gap first, but attributes none', async () => {
    const res = await list(f.email.hal);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => [i.goalId, i.gap, i.weightedGap, i.attributable])).toEqual([
      [goals.paul, 1, 1, false],
      [goals.mo, 0.4, 0.4, false],
      // Weight 0: counted, with no weighted gap.
      ['g.short.lower', expect.any(Number), 0, false],
    ]);
    const lower = res.body.items.find((i) => i.goalId === 'g.short.lower');
    expect(lower).toMatchObject({ direction: 'lower_is_better', actual: 80, target: 50 });
    expect(lower?.achievement).toBeLessThan(1);
    expect(res.body.items[0]).toMatchObject({
      subjectId: f.id.paul,
      title: `Goal ${goals.paul}`,
      actual: 20,
    });
  });

  it('the manager chain and the person may attribute; others see only whom they may see', async () => {
    const mo = await list(f.email.mo);
    // Mo manages Pia, who manages Paul: his own shortfall and theirs, all his to attribute.
    expect(mo.body.items.map((i) => [i.subjectId, i.attributable])).toEqual([
      [f.id.paul, true],
      [f.id.mo, true],
      [f.id.pia, true],
    ]);
    const paul = await list(f.email.paul);
    expect(paul.body.items.map((i) => [i.goalId, i.attributable])).toEqual([[goals.paul, true]]);
    const erin = await list(f.email.erin, `?subjectId=${f.id.mo}`);
    expect(erin.body.items.map((i) => [i.goalId, i.attributable])).toEqual([[goals.mo, true]]);
    // Sam (Sales) sees nobody here and met his own target.
    expect((await list(f.email.sam)).body.items).toEqual([]);
  });

  it('404 for someone you may not see or another organisation’s cycle; 400 for bad queries; 403 for services', async () => {
    const hidden = await list(f.email.sam, `?subjectId=${f.id.paul}`);
    expect([hidden.status, hidden.body.code]).toEqual([404, 'not_found']);
    expect((await list(f.email.gwen)).status).toBe(404);
    expect((await list(f.email.hal, '?subjectId=nope nope')).status).toBe(400);
    expect((await list(f.email.hal, '?other=1')).status).toBe(400);
    const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
    expect((await h.call('GET', `/v1/cycles/${CYCLE}/shortfalls`, { key })).status).toBe(403);
  });
});
