// Recusal matrix: every decision about a person, taken by that person themselves → 403 with its code, nothing changed; the legitimate actor on the same record succeeds.

import { randomUUID } from 'node:crypto';
import type { Phase } from '@perfloop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  competencyGoal,
  kpiGoal,
  type ProblemJson,
  put,
  seedCycle,
  seedGoal,
  uniqueId,
} from '../routes/appraise/testAppraisal.ts';
import { planETagOf } from '../routes/cycles/testCycle.ts';
import { ATTRIBUTION_KIND, attributionData } from '../routes/gaps/attributionRecord.ts';
import { DRAFT_KIND, draftData, type StoredDraft } from '../routes/improve/draftRecord.ts';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

type Json = Record<string, unknown>;

describe.each(ENGINES)('recusal matrix on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let orgId: string;
  /** A second HR administrator, who decides about Hal (the first). */
  let hedy: { id: string; email: string };

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    orgId = f.acme.organisation.id;
    const email = `hedy-${randomUUID().slice(0, 8)}@acme.test`;
    const res = await h.call<{ id: string }>('POST', '/v1/people', {
      as: f.email.hal,
      json: { name: 'Hedy Second HR', email, departmentId: f.dept.root, roles: ['employee', 'hr_admin'] },
    });
    expect(res.status).toBe(201);
    hedy = { id: res.body.id, email };
  });
  afterAll(async () => {
    await h.close();
  });

  /** A cycle of Hal, Hana and Sam in `phase`, each with one scorable KPI goal (weight 100) unless `goals` says otherwise. */
  async function cycle(phase: Phase, goals: 'kpi' | 'competency' = 'kpi'): Promise<string> {
    const id = uniqueId('cyc');
    const people = [f.id.hal, f.id.hana, f.id.sam];
    await seedCycle(h, orgId, id, phase, people);
    for (const p of people) {
      await seedGoal(
        h,
        orgId,
        goals === 'kpi' ? kpiGoal(`${id}_${p}`, id, p, 100, 100) : competencyGoal(`${id}_${p}`, id, p, 100),
      );
    }
    return id;
  }

  const count = async (kind: Parameters<ApiHarness['store']['resources']>[0], cycleId: string) =>
    (await h.store.resources(kind).list(orgId, { cycleId })).records.length;

  /** Asserts a 403 problem+json with `code` (and, when given, the field error). */
  function refused(
    res: { status: number; body: ProblemJson; headers: Headers },
    code: string,
    path?: string,
  ) {
    expect([res.status, res.body.code]).toEqual([403, code]);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    if (path !== undefined) expect(res.body.errors?.map((e) => [e.path, e.code])).toEqual([[path, code]]);
  }

  it('calibration: nobody moves their own rating (HR, a head); another HR administrator moves HR’s', async () => {
    const id = await cycle('calibrate');
    const session = await h.call<{ id: string }>('POST', '/v1/calibration-sessions', {
      as: f.email.hal,
      json: { cycleId: id, departmentIds: [f.dept.root], name: 'Everyone' },
    });
    expect(session.status).toBe(201);
    const move = (as: string, personId: string) =>
      h.call<ProblemJson>('POST', `/v1/calibration-sessions/${session.body.id}/adjustments`, {
        as,
        json: {
          personId,
          fromRating: 3,
          toRating: 4,
          justification: 'Carried the quarter for the whole team.',
        },
      });
    refused(await move(f.email.hal, f.id.hal), 'own_rating', 'personId');
    expect(await count('calibration_adjustments', id)).toBe(0);
    expect((await move(hedy.email, f.id.hal)).status).toBe(201);
    // A head in their own department's session: their own entry is refused, their people's are not.
    const sales = await cycle('calibrate');
    const salesSession = await h.call<{ id: string }>('POST', '/v1/calibration-sessions', {
      as: f.email.hana,
      json: { cycleId: sales, departmentIds: [f.dept.sales], name: 'Sales' },
    });
    const headMove = (personId: string) =>
      h.call<ProblemJson>('POST', `/v1/calibration-sessions/${salesSession.body.id}/adjustments`, {
        as: f.email.hana,
        json: {
          personId,
          fromRating: 3,
          toRating: 4,
          justification: 'Carried the quarter for the whole team.',
        },
      });
    refused(await headMove(f.id.hana), 'own_rating', 'personId');
    expect(await count('calibration_adjustments', sales)).toBe(0);
    expect((await headMove(f.id.sam)).status).toBe(201);
  });

  it('potential: nobody assesses or reads their own (HR included); another HR administrator assesses HR’s', async () => {
    const id = await cycle('calibrate');
    const path = `/v1/cycles/${id}/potential/${f.id.hal}`;
    refused(
      await h.call<ProblemJson>('PUT', path, { as: f.email.hal, json: { potential: 3 } }),
      'own_potential',
      'personId',
    );
    expect(await count('potential_assessments', id)).toBe(0);
    expect((await h.call('PUT', path, { as: hedy.email, json: { potential: 2 } })).status).toBe(201);
    expect((await h.call('GET', path, { as: hedy.email })).status).toBe(200);
    expect((await h.call('GET', path, { as: f.email.hal })).status).toBe(404);
  });

  it('manager review: nobody writes their own (a head, HR, in one call or the score entries); their manager does', async () => {
    const id = await cycle('appraise', 'competency');
    const review = (as: string, subjectId: string) =>
      h.call<ProblemJson>('POST', '/v1/reviews', {
        as,
        json: {
          cycleId: id,
          subjectId,
          component: 'manager',
          ratings: [{ goalId: `${id}_${subjectId}`, rating: 3 }],
        },
      });
    refused(await review(f.email.hana, f.id.hana), 'own_review', 'subjectId');
    refused(await review(f.email.hal, f.id.hal), 'own_review', 'subjectId');
    const entries = await h.call<ProblemJson>('POST', `/v1/cycles/${id}/people/${f.id.hana}/score-entries`, {
      as: f.email.hana,
      json: {
        goals: [],
        managerReview: { version: null, ratings: [{ goalId: `${id}_${f.id.hana}`, rating: 5 }] },
      },
    });
    refused(entries, 'own_review', 'managerReview');
    expect(await count('reviews', id)).toBe(0);
    expect((await review(f.email.cat, f.id.hana)).status).toBe(201);
  });

  it('plan: nobody agrees their own plan as the manager; they agree it as the employee', async () => {
    const id = await cycle('plan');
    const agree = async (side: string) =>
      h.call<ProblemJson & { employeeAgreedAt?: string | null }>(
        'POST',
        `/v1/cycles/${id}/plans/${f.id.hal}/agree`,
        {
          as: f.email.hal,
          json: { side },
          headers: { 'If-Match': await planETagOf(h, id, f.id.hal, f.email.hal) },
        },
      );
    refused(await agree('manager'), 'own_plan', 'side');
    const plan = await h.call<{ managerAgreedAt: string | null }>(
      'GET',
      `/v1/cycles/${id}/plans/${f.id.hal}`,
      {
        as: f.email.hal,
      },
    );
    expect(plan.body.managerAgreedAt ?? null).toBeNull();
    expect((await agree('employee')).status).toBe(200);
  });

  it('feedback meeting: nobody records, changes or resolves an appeal about their own result; another HR administrator does', async () => {
    const id = await cycle('feedback');
    const heldAt = new Date(Date.now() - 86_400_000).toISOString();
    const record = (as: string) =>
      h.call<ProblemJson & { id: string; version: number }>('POST', '/v1/feedback-meetings', {
        as,
        json: { cycleId: id, subjectId: f.id.hal, heldAt, summary: 'We went through the half goal by goal.' },
      });
    refused(await record(f.email.hal), 'own_meeting', 'subjectId');
    expect(await count('feedback_meetings', id)).toBe(0);
    const meeting = await record(hedy.email);
    expect(meeting.status).toBe(201);
    const path = `/v1/feedback-meetings/${meeting.body.id}`;
    refused(
      await h.call<ProblemJson>('PATCH', path, {
        as: f.email.hal,
        json: { summary: 'A better story, told by myself.' },
        headers: { 'If-Match': `"${meeting.body.version}"` },
      }),
      'own_meeting',
    );
    const act = (as: string, action: string, json: Json = {}) =>
      h.call<ProblemJson & { acknowledgement: { status: string }; version: number }>(
        'POST',
        `${path}/${action}`,
        { as, json },
      );
    // Acknowledging is the subject's own word: not the HR administrator who held it.
    expect((await act(hedy.email, 'acknowledge')).status).toBe(403);
    expect(
      (await act(f.email.hal, 'appeal', { reason: 'The result leaves out the March outage entirely.' }))
        .status,
    ).toBe(200);
    const resolve = { outcome: 'upheld', note: 'Reviewed with the evidence from March.' };
    refused(await act(f.email.hal, 'resolve-appeal', resolve), 'own_appeal');
    const after = await h.call<{ acknowledgement: { status: string }; version: number; summary: string }>(
      'GET',
      path,
      { as: hedy.email },
    );
    expect(after.body.acknowledgement.status).toBe('appealed');
    expect(after.body.summary).toBe('We went through the half goal by goal.');
    expect((await act(hedy.email, 'resolve-appeal', resolve)).status).toBe(200);
  });

  it('next-cycle draft: nobody accepts their own; another HR administrator does', async () => {
    const from = await cycle('improve');
    const to = await cycle('plan');
    const draftId = `ncd_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const draft: StoredDraft = {
      id: draftId,
      fromCycleId: from,
      toCycleId: to,
      personId: f.id.hal,
      status: 'open',
      createdBy: hedy.id,
      drafts: [
        {
          goal: {
            id: `gol_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
            cycleId: to,
            title: 'Build skill: negotiation',
            description: '',
            level: 'person',
            ownerId: f.id.hal,
            departmentId: null,
            weight: 10,
            alignedTo: null,
            status: 'draft',
            dueDate: null,
            kind: 'competency',
            expectations: '',
          },
          carriedFrom: null,
          reason: {
            code: 'skills_gap',
            sourceGoalId: `${from}_${f.id.hal}`,
            factor: 'skills',
            share: 1,
            message: 'Skills were the whole gap.',
          },
          notes: [],
        },
      ],
      developmentItems: [],
      managerActions: [],
      skipped: [],
      acceptedAt: null,
      acceptedBy: null,
      createdGoalIds: [],
    };
    await put(h, orgId, DRAFT_KIND, {
      id: draftId,
      cycleId: from,
      subjectId: f.id.hal,
      parentId: to,
      data: draftData(draft),
    });
    const accept = (as: string) =>
      h.call<ProblemJson & { status: string }>('POST', `/v1/next-cycle-drafts/${draftId}/accept`, { as });
    refused(await accept(f.email.hal), 'own_draft');
    const open = await h.call<{ status: string }>('GET', `/v1/next-cycle-drafts/${draftId}`, {
      as: hedy.email,
    });
    expect(open.body.status).toBe('open');
    expect((await accept(hedy.email)).status).toBe(200);
  });

  it('results: nobody states their own promotion readiness (preview or apply, nothing applied); their months in role and others’ readiness are fine', async () => {
    const id = await cycle('apply');
    const body = (readiness: boolean) => ({
      poolCents: 1_000_000,
      meritBudgetCents: 300_000,
      promotionInputs: [
        { personId: f.id.sam, monthsInRole: 30, readiness: 'ready_now' },
        { personId: f.id.hal, monthsInRole: 24, ...(readiness ? { readiness: 'ready_now' } : {}) },
      ],
    });
    refused(
      await h.call<ProblemJson>('POST', `/v1/cycles/${id}/results/preview`, {
        as: f.email.hal,
        json: body(true),
      }),
      'own_results',
      'promotionInputs.1.readiness',
    );
    const etag = (await h.call('GET', `/v1/cycles/${id}`, { as: f.email.hal })).headers.get('etag') ?? '';
    const apply = (as: string, json: Json) =>
      h.call<ProblemJson>('POST', `/v1/cycles/${id}/results/apply`, {
        as,
        json,
        headers: { 'If-Match': etag },
      });
    refused(await apply(f.email.hal, body(true)), 'own_results', 'promotionInputs.1.readiness');
    expect(await count('results', id)).toBe(0);
    expect((await h.call('GET', `/v1/cycles/${id}`, { as: f.email.hal })).headers.get('etag')).toBe(etag);
    // Another HR administrator may state Hal's readiness; Hal may give his own months in role.
    expect(
      (await h.call('POST', `/v1/cycles/${id}/results/preview`, { as: hedy.email, json: body(true) })).status,
    ).toBe(200);
    expect((await apply(f.email.hal, body(false))).status).toBe(200);
  });

  it('compensation: HR never sets their own inputs (one or in bulk, nothing stored); another HR administrator does', async () => {
    const id = await cycle('apply');
    const pay = { salaryCents: 7_000_000, bandMidpointCents: 7_200_000, targetBonusCents: 700_000 };
    const own = `/v1/cycles/${id}/compensation/${f.id.hal}`;
    refused(
      await h.call<ProblemJson>('PUT', own, { as: f.email.hal, json: pay }),
      'own_compensation',
      'personId',
    );
    const bulk = (as: string) =>
      h.call<ProblemJson>('PUT', `/v1/cycles/${id}/compensation`, {
        as,
        json: {
          items: [
            { personId: f.id.sam, ...pay },
            { personId: f.id.hal, ...pay },
          ],
        },
      });
    refused(await bulk(f.email.hal), 'own_compensation', 'items.1.personId');
    expect(await count('compensation', id)).toBe(0);
    // Hal still sets everyone else's; Hedy sets Hal's.
    expect(
      (await h.call('PUT', `/v1/cycles/${id}/compensation/${f.id.sam}`, { as: f.email.hal, json: pay }))
        .status,
    ).toBe(201);
    expect((await h.call('PUT', own, { as: hedy.email, json: pay })).status).toBe(201);
    expect((await bulk(hedy.email)).status).toBe(200);
    expect(await count('compensation', id)).toBe(2);
  });

  it('person record: HR never changes their own manager, department, roles or active flag (by PATCH or import); another HR administrator does', async () => {
    type PersonJson = ProblemJson & { version: number; name: string; managerId: string | null };
    const read = () => h.call<PersonJson>('GET', `/v1/people/${f.id.hal}`, { as: hedy.email });
    const before = await read();
    const patch = (as: string, json: Json) =>
      h.call<PersonJson>('PATCH', `/v1/people/${f.id.hal}`, {
        as,
        json,
        headers: { 'If-Match': `"${before.body.version}"` },
      });
    refused(await patch(f.email.hal, { managerId: f.id.cat }), 'own_person_record', 'managerId');
    refused(await patch(f.email.hal, { departmentId: f.dept.sales }), 'own_person_record', 'departmentId');
    refused(
      await patch(f.email.hal, { roles: ['employee', 'hr_admin', 'manager'] }),
      'own_person_record',
      'roles',
    );
    refused(await patch(f.email.hal, { active: false }), 'own_person_record', 'active');
    const imported = await h.call<{ rows: { status: string; errors: { column: string; code: string }[] }[] }>(
      'POST',
      '/v1/people/import',
      {
        as: f.email.hal,
        body: `email,name,department,manager_email\n${f.email.hal},${before.body.name},Acme,${f.email.cat}\n`,
        headers: { 'Content-Type': 'text/csv' },
      },
    );
    expect(imported.status).toBe(200);
    expect(imported.body.rows[0]).toMatchObject({
      status: 'error',
      errors: [{ column: 'manager_email', code: 'own_person_record' }],
    });
    expect(await read()).toMatchObject({
      status: 200,
      body: { version: before.body.version, managerId: null },
    });
    const moved = await patch(hedy.email, { managerId: f.id.cat });
    expect(moved.status).toBe(200);
    expect(moved.body.managerId).toBe(f.id.cat);
  });

  it('goals: HR writes their own as their owner (locked from appraise on); another HR administrator still may', async () => {
    const id = await cycle('appraise');
    const goalId = `${id}_${f.id.hal}`;
    const read = () =>
      h.call<{ target: number; actual: number; version: number }>('GET', `/v1/goals/${goalId}`, {
        as: hedy.email,
      });
    const before = await read();
    const patch = (as: string, json: Json) =>
      h.call<ProblemJson>('PATCH', `/v1/goals/${goalId}`, {
        as,
        json,
        headers: { 'If-Match': `"${before.body.version}"` },
      });
    const own = await patch(f.email.hal, { target: 60 });
    expect([own.status, own.body.code]).toEqual([409, 'wrong_phase']);
    const entries = await h.call<ProblemJson>('POST', `/v1/cycles/${id}/people/${f.id.hal}/score-entries`, {
      as: f.email.hal,
      json: { goals: [{ goalId, version: before.body.version, actual: 150 }] },
    });
    expect([entries.status, entries.body.code]).toEqual([409, 'wrong_phase']);
    const created = await h.call<ProblemJson>('POST', '/v1/goals', {
      as: f.email.hal,
      json: {
        cycleId: id,
        title: 'An easy extra goal',
        level: 'person',
        ownerId: f.id.hal,
        weight: 10,
        kind: 'competency',
      },
    });
    expect([created.status, created.body.code]).toEqual([409, 'wrong_phase']);
    expect(await read()).toMatchObject({
      status: 200,
      body: { target: 100, actual: 100, version: before.body.version },
    });
    expect(await count('goals', id)).toBe(3);
    const reason = 'The agreed target was entered wrong in the plan.';
    expect((await patch(hedy.email, { target: 90, correctionReason: reason })).status).toBe(200);
  });

  it('goal cancel: nobody cancels their own goal after plan (the employee, HR); their manager does, with a reason', async () => {
    const id = await cycle('coach');
    const reason = 'The account this goal measured moved to another team.';
    const patch = async (goalId: string, as: string, json: Json) => {
      const read = await h.call<{ version: number }>('GET', `/v1/goals/${goalId}`, { as: hedy.email });
      return h.call<ProblemJson & { status: string }>('PATCH', `/v1/goals/${goalId}`, {
        as,
        json,
        headers: { 'If-Match': `"${read.body.version}"` },
      });
    };
    for (const p of ['sam', 'hal'] as const) {
      const own = await patch(`${id}_${f.id[p]}`, f.email[p], {
        status: 'cancelled',
        correctionReason: reason,
      });
      refused(own, 'own_goal_cancel', 'status');
    }
    expect(await count('goal_corrections', id)).toBe(0);
    const byManager = await patch(`${id}_${f.id.sam}`, f.email.hana, {
      status: 'cancelled',
      correctionReason: reason,
    });
    expect([byManager.status, byManager.body.status]).toEqual([200, 'cancelled']);
    const byHr = await patch(`${id}_${f.id.hal}`, hedy.email, {
      status: 'cancelled',
      correctionReason: reason,
    });
    expect([byHr.status, byHr.body.status]).toEqual([200, 'cancelled']);
    expect(await count('goal_corrections', id)).toBe(2);
  });

  it('participation: nobody withdraws, reinstates or adds themselves (HR, a manager); another HR administrator does', async () => {
    const id = await cycle('coach');
    const tagOf = async () =>
      (await h.call('GET', `/v1/cycles/${id}`, { as: hedy.email })).headers.get('etag') ?? '';
    const cycleVersion = async () => (await h.store.resources('cycles').get(orgId, id))?.version;
    const withdraw = async (as: string, personId: string) =>
      h.call<ProblemJson>('POST', `/v1/cycles/${id}/withdrawals`, {
        as,
        json: { personId, kind: 'role_change', reason: 'Moved to a role appraised in another cycle.' },
        headers: { 'If-Match': await tagOf() },
      });
    const add = async (as: string, personIds: string[]) =>
      h.call<ProblemJson & { participants: string[] }>('POST', `/v1/cycles/${id}/participants`, {
        as,
        json: { personIds },
        headers: { 'If-Match': await tagOf() },
      });
    const before = await cycleVersion();
    refused(await withdraw(f.email.hal, f.id.hal), 'own_participation', 'personId');
    // A manager (and head) acting on their own participation is told the recusal, not only that HR decides it.
    refused(await withdraw(f.email.hana, f.id.hana), 'own_participation', 'personId');
    expect(await cycleVersion()).toBe(before);
    expect((await withdraw(hedy.email, f.id.hal)).status).toBe(200);
    // Withdrawn, Hal may not reinstate himself (alone or among others); Hedy does.
    refused(await add(f.email.hal, [f.id.hal]), 'own_participation', 'personIds.0');
    const among = await add(f.email.hal, [f.id.mo, f.id.hal]);
    expect([among.status, among.body.code]).toEqual([403, 'own_participation']);
    expect(among.body.errors?.map((e) => [e.path, e.code])).toEqual([['personIds.1', 'own_participation']]);
    const withdrawnVersion = await cycleVersion();
    refused(await withdraw(f.email.sam, f.id.sam), 'own_participation', 'personId');
    expect(await cycleVersion()).toBe(withdrawnVersion);
    const back = await add(hedy.email, [f.id.hal]);
    expect([back.status, back.body.participants.includes(f.id.hal)]).toEqual([200, true]);
    // Nor does anyone add themselves to a cycle they are not in: Hedy, who is not in it, is refused; Hal adds her.
    refused(await add(hedy.email, [hedy.id]), 'own_participation', 'personIds.0');
    expect((await add(f.email.hal, [hedy.id])).status).toBe(200);
  });

  it('gap attribution: HR never withdraws what someone else attributed their own shortfall to; another HR administrator may', async () => {
    const id = await cycle('appraise');
    const attributionId = `gat_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const goalId = `${id}_${f.id.hal}`;
    await put(h, orgId, ATTRIBUTION_KIND, {
      id: attributionId,
      cycleId: id,
      subjectId: f.id.hal,
      parentId: goalId,
      data: attributionData({
        id: attributionId,
        cycleId: id,
        authorId: f.id.cat,
        subjectId: f.id.hal,
        goalId,
        factors: [{ factor: 'skills', share: 1 }],
        note: 'The reporting skills were the gap.',
      }),
    });
    const withdraw = (as: string) =>
      h.call<ProblemJson>('DELETE', `/v1/gap-attributions/${attributionId}`, {
        as,
        headers: { 'If-Match': '"1"' },
      });
    refused(await withdraw(f.email.hal), 'own_attribution');
    expect(await count('gap_attributions', id)).toBe(1);
    expect((await withdraw(hedy.email)).status).toBe(204);
    expect(await count('gap_attributions', id)).toBe(0);
  });

  it('target adjustment: nobody decides their own target (HR included) nor a request they made (a head); the goal keeps its target', async () => {
    const id = await cycle('appraise');
    const ask = async (goalOf: string, as: string) => {
      const res = await h.call<{ id: string }>('POST', '/v1/target-adjustments', {
        as,
        json: {
          goalId: `${id}_${goalOf}`,
          factor: 'external_environment',
          proposed: { target: 80 },
          reason: 'A new competitor halved the regional market in March.',
        },
      });
      expect(res.status).toBe(201);
      return res.body.id;
    };
    const decide = (adjustmentId: string, as: string) =>
      h.call<ProblemJson>('POST', `/v1/target-adjustments/${adjustmentId}/decision`, {
        as,
        json: { decision: 'approve' },
        headers: { 'If-Match': '"1"' },
      });
    const target = async (personId: string) =>
      (await h.store.resources('goals').get(orgId, `${id}_${personId}`))?.data.target;
    const hals = await ask(f.id.hal, f.email.hal);
    refused(await decide(hals, f.email.hal), 'own_target');
    expect(await target(f.id.hal)).toBe(100);
    expect((await decide(hals, hedy.email)).status).toBe(200);
    expect(await target(f.id.hal)).toBe(80);
    // Hana heads Sales and asked for Sam's relief: another decides it.
    const sams = await ask(f.id.sam, f.email.hana);
    refused(await decide(sams, f.email.hana), 'own_target_request');
    expect(await target(f.id.sam)).toBe(100);
    expect((await decide(sams, f.email.hal)).status).toBe(200);
  });

  it('feedback request: nobody cancels feedback about themselves that someone else asked for (HR does not even see it); their own request they may', async () => {
    const id = await cycle('appraise', 'competency');
    const ask = (as: string) =>
      h.call<{ id: string; state: string }>('POST', '/v1/feedback-requests', {
        as,
        json: { cycleId: id, subjectId: f.id.hal, reviewerId: f.id.sam, component: 'peer' },
      });
    const theirs = await ask(hedy.email);
    expect(theirs.status).toBe(201);
    const cancel = (as: string, requestId: string) =>
      h.call<ProblemJson & { state: string }>('POST', `/v1/feedback-requests/${requestId}/cancel`, {
        as,
        json: { reason: 'Not needed after all.' },
      });
    // Who else was asked about Hal is hidden from him, HR or not (peers stay anonymous): 404 before any recusal.
    const hidden = await cancel(f.email.hal, theirs.body.id);
    expect([hidden.status, hidden.body.code]).toEqual([404, 'not_found']);
    const still = await h.call<{ state: string }>('GET', `/v1/feedback-requests/${theirs.body.id}`, {
      as: hedy.email,
    });
    expect(still.body.state).toBe('pending');
    expect((await cancel(hedy.email, theirs.body.id)).status).toBe(200);
    const mine = await ask(f.email.hal);
    expect(mine.status).toBe(201);
    expect((await cancel(f.email.hal, mine.body.id)).status).toBe(200);
  });

  it('feedback request: nobody is asked about themselves (422 self_request, nothing stored)', async () => {
    const id = await cycle('appraise', 'competency');
    const res = await h.call<ProblemJson>('POST', '/v1/feedback-requests', {
      as: f.email.hana,
      json: { cycleId: id, subjectId: f.id.sam, reviewerId: f.id.sam, component: 'peer' },
    });
    expect([res.status, res.body.code]).toEqual([422, 'self_request']);
    expect(await count('feedback_requests', id)).toBe(0);
  });
});
