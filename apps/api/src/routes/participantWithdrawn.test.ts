// Every write about a person withdrawn from a cycle is 409 participant_withdrawn (naming them and how HR reinstates them), nothing changes, reads keep working, and a reinstatement restores the writes.
import { randomUUID } from 'node:crypto';
import type { Phase } from '@perfloop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { competencyGoal } from './appraise/testAppraisal.ts';
import { type ProblemJson, planETagOf } from './cycles/testCycle.ts';
import { kpi, seedCycle, seedGoal } from './loop/testCycle.ts';

type Json = Record<string, unknown>;
type Reply = ProblemJson & Json;

const REASON = 'Long-term sick leave from the end of March.';

describe.each(ENGINES)('writes about a withdrawn participant on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
  });
  afterAll(async () => {
    await h.close();
  });

  const tagOf = async (cycleId: string) =>
    (await h.call('GET', `/v1/cycles/${cycleId}`, { as: f.email.hal })).headers.get('etag') ?? '';
  const withdraw = async (cycleId: string, personId = f.id.paul) => {
    const res = await h.call('POST', `/v1/cycles/${cycleId}/withdrawals`, {
      as: f.email.hal,
      json: { personId, kind: 'leave_of_absence', reason: REASON },
      headers: { 'If-Match': await tagOf(cycleId) },
    });
    expect(res.status).toBe(200);
  };
  const reinstate = async (cycleId: string, personId = f.id.paul) => {
    const res = await h.call('POST', `/v1/cycles/${cycleId}/participants`, {
      as: f.email.hal,
      json: { personIds: [personId] },
      headers: { 'If-Match': await tagOf(cycleId) },
    });
    expect(res.status).toBe(200);
  };
  /** A cycle of Sam, Pia and Paul in `phase`, Paul with a KPI goal (60) and a competency goal (40). */
  async function cycle(phase: Phase): Promise<{ id: string; kpiGoal: string; compGoal: string }> {
    const id = `cyc_wd_${randomUUID().slice(0, 8)}`;
    await seedCycle(h, org, { id, phase, participants: [f.id.sam, f.id.pia, f.id.paul] });
    const kpiGoal = `${id}.paul.kpi`;
    const compGoal = `${id}.paul.comp`;
    await seedGoal(h, org, { ...kpi(kpiGoal, id, f.id.paul, 60, null), title: 'Releases shipped' });
    await seedGoal(h, org, competencyGoal(compGoal, id, f.id.paul, 40));
    return { id, kpiGoal, compGoal };
  }
  /** 409 participant_withdrawn naming Paul (to a caller who may see him) and the call that reinstates him. */
  function refused(res: { status: number; body: Reply }, cycleId: string, named = true) {
    expect([res.status, res.body.code]).toEqual([409, 'participant_withdrawn']);
    expect(res.body.details).toEqual({
      personId: f.id.paul,
      cycleId,
      reinstate: {
        method: 'POST',
        path: `/v1/cycles/${cycleId}/participants`,
        body: { personIds: [f.id.paul] },
      },
    });
    expect(res.body.detail).toContain(named ? `Paul Dev (${f.id.paul}) was withdrawn` : f.id.paul);
    expect(res.body.detail).toContain('HR reinstates them');
    // HR's reason for the withdrawal is never in the refusal.
    expect(res.body.detail).not.toContain('sick');
  }
  const version = async (kind: 'goals' | 'reviews' | 'check_ins' | 'feedback_meetings', id: string) =>
    (await h.store.resources(kind).get(org, id))?.version;
  const count = async (kind: Parameters<ApiHarness['store']['resources']>[0], cycleId: string) =>
    (await h.store.resources(kind).list(org, { cycleId })).records.length;

  it('plan: goals are neither created, changed nor deleted, the plan is not agreed, templates skip them; reads work; reinstated, writes work again', async () => {
    const c = await cycle('plan');
    await withdraw(c.id);
    const goalsBefore = await count('goals', c.id);
    const created = await h.call<Reply>('POST', '/v1/goals', {
      as: f.email.pia,
      json: {
        cycleId: c.id,
        kind: 'competency',
        level: 'person',
        ownerId: f.id.paul,
        title: 'More',
        weight: 10,
      },
    });
    refused(created, c.id);
    const before = await version('goals', c.kpiGoal);
    const patch = (json: Json) =>
      h.call<Reply>('PATCH', `/v1/goals/${c.kpiGoal}`, {
        as: f.email.pia,
        json,
        headers: { 'If-Match': `"${before}"` },
      });
    refused(await patch({ target: 90 }), c.id);
    refused(
      await h.call<Reply>('DELETE', `/v1/goals/${c.compGoal}`, {
        as: f.email.pia,
        headers: { 'If-Match': `"${await version('goals', c.compGoal)}"` },
      }),
      c.id,
    );
    // Paul himself sees his own name; his manager the same.
    for (const [as, side] of [
      [f.email.paul, 'employee'],
      [f.email.pia, 'manager'],
    ] as const) {
      const agreed = await h.call<Reply>('POST', `/v1/cycles/${c.id}/plans/${f.id.paul}/agree`, {
        as,
        json: { side },
        headers: { 'If-Match': await planETagOf(h, c.id, f.id.paul, as) },
      });
      refused(agreed, c.id);
    }
    const template = await h.call<{ id: string }>('POST', '/v1/goal-templates', {
      as: f.email.hal,
      json: { name: 'Engineer', goals: [{ kind: 'competency', title: 'Code review', weight: 100 }] },
    });
    expect(template.status).toBe(201);
    const assigned = await h.call<{ report: { personId: string; skipped: string | null }[] }>(
      'POST',
      `/v1/goal-templates/${template.body.id}/assign`,
      { as: f.email.hal, json: { cycleId: c.id, personIds: [f.id.paul, f.id.sam] } },
    );
    expect(assigned.status).toBe(200);
    expect(assigned.body.report.map((r) => [r.personId, r.skipped])).toEqual(
      [
        [f.id.sam, null],
        [f.id.paul, 'participant_withdrawn'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    // Nothing of Paul's changed; his records stay readable, by him and his manager.
    expect(await version('goals', c.kpiGoal)).toBe(before);
    expect(await count('goals', c.id)).toBe(goalsBefore + 1); // Sam's template goal only
    for (const as of [f.email.paul, f.email.pia]) {
      expect((await h.call('GET', `/v1/goals/${c.kpiGoal}`, { as })).status).toBe(200);
      expect((await h.call('GET', `/v1/cycles/${c.id}/plans/${f.id.paul}`, { as })).status).toBe(200);
    }
    await reinstate(c.id);
    expect((await patch({ target: 90 })).status).toBe(200);
    const agreed = await h.call('POST', `/v1/cycles/${c.id}/plans/${f.id.paul}/agree`, {
      as: f.email.paul,
      json: { side: 'employee' },
      headers: { 'If-Match': await planETagOf(h, c.id, f.id.paul, f.email.paul) },
    });
    expect(agreed.status).toBe(200);
  });

  it('coach: no check-in, no correction of one, no target adjustment asked or decided, no feedback request; a pending request may still be closed', async () => {
    const c = await cycle('coach');
    const checkIn = (json: Json = {}) =>
      h.call<Reply & { id: string; version: number }>('POST', '/v1/check-ins', {
        as: f.email.pia,
        json: { cycleId: c.id, subjectId: f.id.paul, kind: 'performance_meeting', notes: 'Monthly', ...json },
      });
    const earlier = await checkIn();
    expect(earlier.status).toBe(201);
    const ask = () =>
      h.call<Reply & { id: string }>('POST', '/v1/target-adjustments', {
        as: f.email.pia,
        json: {
          goalId: c.kpiGoal,
          factor: 'external_environment',
          proposed: { target: 80 },
          reason: 'The release train was frozen for a quarter by the platform migration.',
        },
      });
    const asked = await ask();
    expect(asked.status).toBe(201);
    const request = () =>
      h.call<Reply & { id: string }>('POST', '/v1/feedback-requests', {
        as: f.email.pia,
        json: { cycleId: c.id, subjectId: f.id.paul, reviewerId: f.id.sam, component: 'peer' },
      });
    const requested = await request();
    expect(requested.status).toBe(201);
    await withdraw(c.id);

    refused(await checkIn(), c.id);
    refused(
      await h.call<Reply>('PATCH', `/v1/check-ins/${earlier.body.id}`, {
        as: f.email.pia,
        json: { notes: 'Monthly, corrected' },
        headers: { 'If-Match': `"${earlier.body.version}"` },
      }),
      c.id,
    );
    expect(await count('check_ins', c.id)).toBe(1);
    refused(
      await h.call<Reply>('POST', `/v1/target-adjustments/${asked.body.id}/decision`, {
        as: f.email.hal,
        json: { decision: 'approve' },
        headers: { 'If-Match': '"1"' },
      }),
      c.id,
    );
    expect((await h.store.resources('goals').get(org, c.kpiGoal))?.data.target).toBe(100);
    const withdrawn = await h.call<{ state: string }>(
      'POST',
      `/v1/target-adjustments/${asked.body.id}/withdraw`,
      { as: f.email.pia, headers: { 'If-Match': '"1"' } },
    );
    expect([withdrawn.status, withdrawn.body.state]).toEqual([200, 'withdrawn']);
    refused(await ask(), c.id);
    refused(await request(), c.id);
    const cancelled = await h.call<{ state: string }>(
      'POST',
      `/v1/feedback-requests/${requested.body.id}/cancel`,
      { as: f.email.pia, json: { reason: 'Paul is on leave.' } },
    );
    expect([cancelled.status, cancelled.body.state]).toEqual([200, 'cancelled']);
    // Reads keep working.
    const list = await h.call<{ items: unknown[] }>(
      'GET',
      `/v1/check-ins?cycleId=${c.id}&subjectId=${f.id.paul}`,
      { as: f.email.paul },
    );
    expect([list.status, list.body.items.length]).toEqual([200, 1]);
    await reinstate(c.id);
    expect((await checkIn()).status).toBe(201);
  });

  it('appraise: no review written, changed or submitted, no score entries (one or in bulk), no potential, no gap attribution', async () => {
    const c = await cycle('appraise');
    const draft = await h.call<Reply & { id: string; version: number }>('POST', '/v1/reviews', {
      as: f.email.pia,
      json: {
        cycleId: c.id,
        subjectId: f.id.paul,
        component: 'manager',
        ratings: [{ goalId: c.compGoal, rating: 3 }],
      },
    });
    expect(draft.status).toBe(201);
    const asked = await h.call<{ id: string }>('POST', '/v1/feedback-requests', {
      as: f.email.pia,
      json: { cycleId: c.id, subjectId: f.id.paul, reviewerId: f.id.sam, component: 'peer' },
    });
    expect(asked.status).toBe(201);
    await withdraw(c.id);
    refused(
      await h.call<Reply>('POST', '/v1/reviews', {
        as: f.email.paul,
        json: {
          cycleId: c.id,
          subjectId: f.id.paul,
          component: 'self',
          ratings: [{ goalId: c.compGoal, rating: 4 }],
        },
      }),
      c.id,
    );
    const path = `/v1/reviews/${draft.body.id}`;
    refused(
      await h.call<Reply>('PATCH', path, {
        as: f.email.pia,
        json: { summary: 'Solid half.' },
        headers: { 'If-Match': `"${draft.body.version}"` },
      }),
      c.id,
    );
    refused(await h.call<Reply>('POST', `${path}/submit`, { as: f.email.pia }), c.id);
    expect(await version('reviews', draft.body.id)).toBe(draft.body.version);
    const entries = {
      goals: [],
      managerReview: { version: draft.body.version, ratings: [{ goalId: c.compGoal, rating: 4 }] },
    };
    refused(
      await h.call<Reply>('POST', `/v1/cycles/${c.id}/people/${f.id.paul}/score-entries`, {
        as: f.email.pia,
        json: entries,
      }),
      c.id,
    );
    const bulk = await h.call<{
      people: { personId: string; outcome: string; status?: number; code?: string }[];
    }>('POST', `/v1/cycles/${c.id}/score-entries`, {
      as: f.email.pia,
      json: { people: [{ personId: f.id.paul, ...entries }] },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.people).toEqual([
      expect.objectContaining({
        personId: f.id.paul,
        outcome: 'refused',
        status: 409,
        code: 'participant_withdrawn',
      }),
    ]);
    refused(
      await h.call<Reply>('PUT', `/v1/cycles/${c.id}/potential/${f.id.paul}`, {
        as: f.email.pia,
        json: { potential: 2 },
      }),
      c.id,
    );
    expect(await count('potential_assessments', c.id)).toBe(0);
    refused(
      await h.call<Reply>('POST', '/v1/gap-attributions', {
        as: f.email.paul,
        json: {
          cycleId: c.id,
          subjectId: f.id.paul,
          goalId: c.kpiGoal,
          factors: [{ factor: 'external_environment', share: 1 }],
          note: 'The release train was frozen.',
        },
      }),
      c.id,
    );
    expect(await count('gap_attributions', c.id)).toBe(0);
    // The colleague asked for feedback about Paul is refused too, told who by id only (he may not see Paul),
    // and may still decline the request.
    const peer = await h.call<Reply>('POST', '/v1/reviews', {
      as: f.email.sam,
      json: {
        cycleId: c.id,
        subjectId: f.id.paul,
        component: 'peer',
        feedbackRequestId: asked.body.id,
        ratings: [{ goalId: c.compGoal, rating: 4 }],
      },
    });
    refused(peer, c.id, false);
    expect(peer.body.detail).not.toContain('Paul Dev');
    expect(peer.body.detail).toMatch(new RegExp(`^${f.id.paul} was withdrawn`));
    expect(await count('reviews', c.id)).toBe(1);
    const declined = await h.call<{ state: string }>(
      'POST',
      `/v1/feedback-requests/${asked.body.id}/decline`,
      {
        as: f.email.sam,
        json: { reason: 'Paul is away; nothing new to say.' },
      },
    );
    expect([declined.status, declined.body.state]).toEqual([200, 'declined']);
  });

  it('calibrate: no rating move', async () => {
    const c = await cycle('calibrate');
    await withdraw(c.id);
    const session = await h.call<{ id: string }>('POST', '/v1/calibration-sessions', {
      as: f.email.hal,
      json: { cycleId: c.id, departmentIds: [f.dept.root], name: 'Everyone' },
    });
    expect(session.status).toBe(201);
    const move = await h.call<Reply>('POST', `/v1/calibration-sessions/${session.body.id}/adjustments`, {
      as: f.email.hal,
      json: {
        personId: f.id.paul,
        fromRating: 3,
        toRating: 4,
        justification: 'Carried the platform migration almost alone.',
      },
    });
    refused(move, c.id);
    expect(await count('calibration_adjustments', c.id)).toBe(0);
  });

  it('feedback: no meeting recorded or changed, no acknowledgement or appeal', async () => {
    const c = await cycle('feedback');
    const meeting = {
      cycleId: c.id,
      subjectId: f.id.paul,
      heldAt: new Date(Date.now() - 86_400_000).toISOString(),
      summary:
        'We walked through every goal of the half, the final rating and how it was calibrated, and agreed what to focus on next.',
      strengths: 'Careful reviews; steady delivery of the platform work.',
      improvements: 'Raising blockers earlier.',
      agreedActions: ['Weekly one-to-one until the migration ends.'],
    };
    const held = await h.call<Reply & { id: string; version: number }>('POST', '/v1/feedback-meetings', {
      as: f.email.pia,
      json: meeting,
    });
    expect(held.status).toBe(201);
    await withdraw(c.id);
    refused(await h.call<Reply>('POST', '/v1/feedback-meetings', { as: f.email.pia, json: meeting }), c.id);
    const path = `/v1/feedback-meetings/${held.body.id}`;
    refused(
      await h.call<Reply>('PATCH', path, {
        as: f.email.pia,
        json: { strengths: 'Careful reviews.' },
        headers: { 'If-Match': `"${held.body.version}"` },
      }),
      c.id,
    );
    refused(await h.call<Reply>('POST', `${path}/acknowledge`, { as: f.email.paul, json: {} }), c.id);
    refused(
      await h.call<Reply>('POST', `${path}/appeal`, {
        as: f.email.paul,
        json: { reason: 'The frozen release train is not mentioned anywhere.' },
      }),
      c.id,
    );
    expect(await version('feedback_meetings', held.body.id)).toBe(held.body.version);
    expect((await h.call('GET', path, { as: f.email.paul })).status).toBe(200);
  });

  it('apply: no compensation inputs (one or in bulk, nothing stored), no promotion input in an apply', async () => {
    const c = await cycle('apply');
    await withdraw(c.id);
    const pay = { salaryCents: 7_000_000, bandMidpointCents: 7_200_000, targetBonusCents: 700_000 };
    refused(
      await h.call<Reply>('PUT', `/v1/cycles/${c.id}/compensation/${f.id.paul}`, {
        as: f.email.hal,
        json: pay,
      }),
      c.id,
    );
    const bulk = await h.call<Reply>('PUT', `/v1/cycles/${c.id}/compensation`, {
      as: f.email.hal,
      json: {
        items: [
          { personId: f.id.sam, ...pay },
          { personId: f.id.paul, ...pay },
        ],
      },
    });
    refused(bulk, c.id);
    expect(bulk.body.errors?.map((e) => [e.path, e.code])).toEqual([
      ['items.1.personId', 'participant_withdrawn'],
    ]);
    expect(await count('compensation', c.id)).toBe(0);
    const applied = await h.call<Reply>('POST', `/v1/cycles/${c.id}/results/apply`, {
      as: f.email.hal,
      json: {
        poolCents: 1_000_000,
        meritBudgetCents: 300_000,
        promotionInputs: [{ personId: f.id.paul, monthsInRole: 30 }],
      },
      headers: { 'If-Match': await tagOf(c.id) },
    });
    refused(applied, c.id);
    expect(applied.body.errors?.map((e) => e.path)).toEqual(['promotionInputs.0.personId']);
    expect(await count('results', c.id)).toBe(0);
  });
});
