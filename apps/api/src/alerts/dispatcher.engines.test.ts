// The overdue-alerts dispatcher against the Graph fake, on SQLite and PostgreSQL: one notification per person per item per day, deep links, the schedule's overdue stages (plan, appraisals, meeting; never a review request), retries, skips, two instances, the first run soon after start, expired claims, Chinese text, and the daily digest of several reports' items of one kind and cycle.
import { readFileSync } from 'node:fs';
import { addDays } from '@perfloop/core';
import { type FakeGraph, startFakeGraph } from '@perfloop/fakes';
import type { JsonObject } from '@perfloop/store';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { teamsAlertsConfig } from '../env.ts';
import { createLogger } from '../logger.ts';
import { kpi, put, seedCycle, seedGoal, seedReview, setPhase } from '../routes/loop/testCycle.ts';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import {
  ALERTS_ACTOR,
  CLAIM_EXPIRY_MS,
  claimDelivery,
  claimGroup,
  DeliverySchema,
  deliveryChainId,
  deliveryId,
  digestId,
  recordDelivery,
} from './deliveries.ts';
import { digestBody } from './digest.ts';
import { createAlertDispatcher } from './dispatcher.ts';
import { createGraphClient } from './graphClient.ts';
import { ACTIVITY_TYPES, notificationBody } from './notification.ts';
import { overdueAlerts } from './overdue.ts';

const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
const CLIENT_ID = '0f6c2a8e-3b1d-4e5f-9a7b-1c2d3e4f5a6b';
const SECRET = 'alerts-secret-value';
const TEAMS_APP_ID = '6d1c3f0e-8b2a-4c7d-9e45-2f6a1b3c5d70';
const HANA_OID = '11111111-1111-4111-8111-111111111111';
const SAM_OID = '22222222-2222-4222-8222-222222222222';
const TAB = 'https://perfloop.example.com/teams';

/** The manifest's activity types (the app the fake knows is the one the manifest declares). */
const manifest = JSON.parse(
  readFileSync(new URL('../../../teams-tab/manifest/manifest.json', import.meta.url), 'utf8'),
) as { activities: { activityTypes: { type: string; templateText: string }[] } };
const declared = Object.fromEntries(manifest.activities.activityTypes.map((a) => [a.type, a.templateText]));
/** The package's Simplified Chinese templates (zh-cn.json names the activity types by position). */
const zhStrings = JSON.parse(
  readFileSync(new URL('../../../teams-tab/manifest/zh-cn.json', import.meta.url), 'utf8'),
) as Record<string, string>;
const zhTemplate = (type: string) =>
  zhStrings[
    `activities.activityTypes[${manifest.activities.activityTypes.findIndex((a) => a.type === type)}].templateText`
  ];

/** Hana's reports besides Sam, for the digests (none of them signs in with Entra: they are never alerted here). */
const AVA = 'per_ava';
const BEN = 'per_ben';
const CLEO = 'per_cleo';

const today = new Date().toISOString().slice(0, 10);
const at = (day: string) => new Date(`${day}T08:00:00.000Z`);

let h: ApiHarness;
let f: Fixture;
let org: string;
let fake: FakeGraph;
let sleeps: number[];

describe.each(ENGINES)('Teams overdue alerts on %s', (engine) => {
  const config = () =>
    teamsAlertsConfig({
      graphUrl: fake.graphUrl,
      tokenUrl: fake.tokenUrl,
      tenantId: TENANT,
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      teamsAppId: TEAMS_APP_ID,
      tabUrl: TAB,
      intervalMs: 60_000,
      startDelayMs: 60_000,
    });
  const dispatcher = (store = h.store, holder = 'test-a') =>
    createAlertDispatcher(store, createLogger('silent'), config(), {
      timer: false,
      holder,
      graph: createGraphClient(config(), { sleep: async (ms) => void sleeps.push(ms) }),
    });
  /** A coach cycle 30 days in with the test policy (biweekly + 3 grace days): every check-in 16 days overdue. */
  const coachCycle = (id: string, participants: string[]) =>
    seedCycle(h, org, {
      id,
      phase: 'coach',
      participants,
      startsOn: addDays(today, -30),
      endsOn: addDays(today, 150),
    });

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    fake = await startFakeGraph({ tenantId: TENANT });
    fake.registerApp({
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      teamsAppId: TEAMS_APP_ID,
      name: 'Perfloop',
      activityTypes: declared,
    });
    fake.addUser(HANA_OID, [TEAMS_APP_ID]);
    fake.addUser(SAM_OID, [TEAMS_APP_ID]);
    // Hana (manages Sam) and Sam sign in with Entra; Pia (manages Paul) has no Entra login.
    await h.store.identities.link({
      orgId: org,
      provider: 'entra',
      subject: `${TENANT}:${HANA_OID}`,
      personId: f.id.hana,
    });
    await h.store.identities.link({
      orgId: org,
      provider: 'entra',
      subject: `${TENANT}:${SAM_OID}`,
      personId: f.id.sam,
    });
    await h.seed(org, {
      people: [
        [AVA, 'Ava Chen'],
        [BEN, 'Ben Carter'],
        [CLEO, 'Cleo Diaz'],
      ].map(([id, name]) => ({
        id: id as string,
        name: name as string,
        email: `digest-${(id as string).slice(4)}-${f.email.sam}`,
        departmentId: 'dep_sales',
        managerId: f.id.hana,
        roles: ['employee' as const],
      })),
    });
  });
  afterAll(async () => {
    await fake.close();
    await h.close();
  });
  beforeEach(() => {
    fake.reset();
    sleeps = [];
  });

  it('the manifest declares every activity type the dispatcher sends, with its parameters', () => {
    for (const [type, { parameters }] of Object.entries(ACTIVITY_TYPES)) {
      const text = declared[type];
      expect(text, type).toBeDefined();
      const used = [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((n) => n !== 'actor');
      expect(used.sort()).toEqual([...parameters].sort());
    }
  });

  it('an overdue check-in: one notification to the manager with the deep link to My team; a second run sends nothing; people without Entra are skipped', async () => {
    const cycleId = 'cyc_al_one';
    await coachCycle(cycleId, [f.id.sam, f.id.paul]);
    const d = dispatcher();
    const first = await d.runOnce(at(today));
    expect(first).toMatchObject({
      sent: 1,
      failed: 0,
      skippedNoIdentity: 1,
      peopleWithoutIdentity: 1,
      tokenError: null,
    });
    expect(fake.notifications).toHaveLength(1);
    const n = fake.notifications[0];
    expect(n).toMatchObject({
      userId: HANA_OID,
      teamsAppId: TEAMS_APP_ID,
      activityType: 'checkInOverdue',
      templateParameters: { person: 'Sam Seller', days: '16' },
      text: 'Perfloop: your check-in with Sam Seller is overdue by 16 days',
    });
    const link = new URL(n?.topic.webUrl ?? '');
    expect(`${link.origin}${link.pathname}`).toBe(
      `https://teams.microsoft.com/l/entity/${TEAMS_APP_ID}/team`,
    );
    const page = `team?cycle=${cycleId}&person=${f.id.sam}#team-checkin`;
    expect(link.searchParams.get('webUrl')).toBe(`${TAB}/${page}`);
    expect(JSON.parse(link.searchParams.get('context') ?? '{}')).toEqual({ subEntityId: page });
    expect(n?.previewText).toContain(addDays(today, -16));

    // Recorded and audited so HR can see what was sent.
    const { entries } = await h.store.audit.list(org, { after: 0, limit: 1000 });
    const sent = entries.filter((e) => e.action === 'teams_alert.sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      actor: ALERTS_ACTOR,
      data: { recipientId: f.id.hana, kind: 'check_in_due', cycleId, subjectId: f.id.sam, status: 204 },
    });
    const audit = await h.call<{ items: { action: string }[] }>('GET', '/v1/audit?limit=200', {
      as: f.email.hal,
    });
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('teams_alert.sent');
    expect(JSON.stringify(entries)).not.toContain(SECRET);

    const again = await d.runOnce(at(today));
    expect(again).toMatchObject({ sent: 0, alreadyHandled: 1, skippedNoIdentity: 1 });
    expect(fake.notifications).toHaveLength(1);

    // At most once a day: the next day, still overdue, it is sent again (one more day late).
    const next = await d.runOnce(new Date(`${addDays(today, 1)}T08:00:00.000Z`));
    expect(next.sent).toBe(1);
    expect(fake.notifications[1]?.templateParameters).toEqual({ person: 'Sam Seller', days: '17' });
    await setPhase(h, org, cycleId, 'closed');
  });

  it('nothing is sent once the check-in is recorded', async () => {
    const cycleId = 'cyc_al_done';
    await coachCycle(cycleId, [f.id.sam]);
    const checkIn = await h.call('POST', '/v1/check-ins', {
      as: f.email.hana,
      json: { cycleId, subjectId: f.id.sam, kind: 'guidance_note', notes: 'Walked through the Q3 pipeline' },
    });
    expect(checkIn.status).toBe(201);
    const run = await dispatcher().runOnce(at(addDays(today, 2)));
    expect(run.sent).toBe(0);
    expect(fake.notifications).toHaveLength(0);
    await setPhase(h, org, cycleId, 'closed');
  });

  it('429 with Retry-After is waited out and retried; a 404 for one person does not stop the others', async () => {
    const cycleId = 'cyc_al_retry';
    await coachCycle(cycleId, [f.id.sam]);
    fake.failNext({ status: 429, retryAfterSeconds: 2 });
    const run = await dispatcher().runOnce(at(addDays(today, 3)));
    expect(run).toMatchObject({ sent: 1, failed: 0 });
    expect(sleeps).toEqual([2000]);
    expect(fake.calls.filter((c) => c.route === 'sendActivityNotification').map((c) => c.status)).toEqual([
      429, 204,
    ]);

    // Pia now has an Entra login, but Graph does not know the user: 404, recorded, not retried; Hana still gets hers.
    const piaOid = '44444444-4444-4444-8444-444444444444';
    await h.store.identities.link({
      orgId: org,
      provider: 'entra',
      subject: `${TENANT}:${piaOid}`,
      personId: f.id.pia,
    });
    await setPhase(h, org, cycleId, 'closed');
    const cycle2 = 'cyc_al_404';
    await coachCycle(cycle2, [f.id.paul, f.id.sam]);
    fake.reset();
    const mixed = await dispatcher().runOnce(at(addDays(today, 4)));
    expect(mixed).toMatchObject({ sent: 1, failed: 1 });
    expect(fake.notifications.map((x) => x.userId)).toEqual([HANA_OID]);
    const failed = (await h.store.resources('integration_states').list(org, { subjectId: f.id.pia })).records
      .map((r) => DeliverySchema.parse(r.data))
      .filter((x) => x.day === addDays(today, 4));
    expect(failed).toEqual([expect.objectContaining({ state: 'failed', status: 404, retryable: false })]);
    // A failure for good is not retried the same day.
    fake.reset();
    expect((await dispatcher().runOnce(at(addDays(today, 4)))).sent).toBe(0);
    expect(fake.calls.filter((c) => c.route === 'sendActivityNotification')).toHaveLength(0);
    await h.store.identities.unlink({
      orgId: org,
      provider: 'entra',
      subject: `${TENANT}:${piaOid}`,
      personId: f.id.pia,
    });
    await setPhase(h, org, cycle2, 'closed');
  });

  it('a throttled send given up is retried by a later run the same day', async () => {
    const cycleId = 'cyc_al_later';
    await coachCycle(cycleId, [f.id.sam]);
    fake.failNext({ status: 503, retryAfterSeconds: 1 }, 4);
    const day = addDays(today, 5);
    const run = await dispatcher().runOnce(at(day));
    expect(run).toMatchObject({ sent: 0, failed: 1 });
    expect(sleeps).toEqual([1000, 1000, 1000]);
    const later = await dispatcher().runOnce(new Date(`${day}T09:00:00.000Z`));
    expect(later.sent).toBe(1);
    expect(fake.notifications).toHaveLength(1);
    await setPhase(h, org, cycleId, 'closed');
  });

  it('a result to acknowledge: the employee is told two days before the appeal window ends, linked to Me', async () => {
    const cycleId = 'cyc_al_ack';
    await seedCycle(h, org, { id: cycleId, phase: 'feedback', participants: [f.id.sam] });
    const heldOn = addDays(today, -13); // the test policy's appeal window is 14 days: due tomorrow
    await put(h, org, 'feedback_meetings', {
      id: 'fbm_al_1',
      cycleId,
      subjectId: f.id.sam,
      data: {
        id: 'fbm_al_1',
        cycleId,
        subjectId: f.id.sam,
        managerId: f.id.hana,
        heldAt: `${heldOn}T10:00:00.000Z`,
        summary: 'A strong half: the pipeline doubled and the forecast held within five percent every month.',
        strengths: 'Forecast discipline',
        improvements: 'Delegate account reviews',
        agreedActions: ['Pair with a junior on two accounts'],
        acknowledgement: { status: 'pending' },
      } as JsonObject,
    });
    const early = await dispatcher().runOnce(at(addDays(today, -2)));
    expect(early.sent).toBe(0);
    const run = await dispatcher().runOnce(at(today));
    expect(run.sent).toBe(1);
    const n = fake.notifications[0];
    expect(n).toMatchObject({
      userId: SAM_OID,
      activityType: 'acknowledgeResult',
      templateParameters: { cycle: `Cycle ${cycleId}`, dueOn: addDays(heldOn, 14) },
    });
    const link = new URL(n?.topic.webUrl ?? '');
    expect(link.pathname).toBe(`/l/entity/${TEAMS_APP_ID}/me`);
    expect(link.searchParams.get('webUrl')).toBe(`${TAB}/me?cycle=${cycleId}#me-result`);
    await setPhase(h, org, cycleId, 'closed');
  });

  /** The notification sent to `userId` and the tab page its link opens (`<entity>` and the sub-page path). */
  /** The organisation's language, set by HR as a user would (If-Match with its current version). */
  const setLocale = async (locale: string) => {
    const current = await h.store.organisations.get(org);
    const res = await h.call('PATCH', '/v1/organisation', {
      as: f.email.hal,
      json: { settings: { locale } },
      headers: { 'If-Match': `"${current?.version ?? 0}"` },
    });
    expect(res.status).toBe(200);
  };

  const opened = (userId: string) => {
    const n = fake.notifications.find((x) => x.userId === userId);
    const link = new URL(n?.topic.webUrl ?? 'https://none.invalid/');
    const subPage = String(JSON.parse(link.searchParams.get('context') ?? '{}').subEntityId);
    expect(link.searchParams.get('webUrl')).toBe(`${TAB}/${subPage}`);
    return { n, entity: link.pathname.split('/').at(-1), subPage };
  };

  it('a plan not agreed by the schedule’s planDue: from the day after, the employee (Me) and the manager (My team); once agreed, that side no more', async () => {
    const cycleId = 'cyc_al_plan';
    const planDue = addDays(today, -3);
    await seedCycle(h, org, {
      id: cycleId,
      phase: 'plan',
      participants: [f.id.sam],
      startsOn: addDays(today, -10),
      endsOn: addDays(today, 170),
      schedule: { planDue },
    });
    await seedGoal(h, org, kpi(`g.${cycleId}.sam`, cycleId, f.id.sam, 100, null));
    // On its due day the plan is on the to-do, not overdue: nothing is sent.
    expect((await dispatcher().runOnce(at(planDue))).sent).toBe(0);

    const run = await dispatcher().runOnce(at(today));
    expect(run).toMatchObject({ sent: 2, failed: 0 });
    const own = opened(SAM_OID);
    expect(own.n).toMatchObject({
      activityType: 'planOverdue',
      templateParameters: { cycle: `Cycle ${cycleId}`, dueOn: planDue },
      text: `Perfloop: agree your Cycle ${cycleId} plan; it was due on ${planDue}`,
    });
    expect(own.n?.previewText).toBe(
      `Agree your Cycle ${cycleId} plan: it was due on ${planDue}, 3 days ago.`,
    );
    expect([own.entity, own.subPage]).toEqual(['me', `me?cycle=${cycleId}#me-plan`]);
    const report = opened(HANA_OID);
    expect(report.n).toMatchObject({
      activityType: 'reportPlanOverdue',
      templateParameters: { person: 'Sam Seller', cycle: `Cycle ${cycleId}`, dueOn: planDue },
    });
    expect([report.entity, report.subPage]).toEqual([
      'team',
      `team?cycle=${cycleId}&person=${f.id.sam}#team-checkin`,
    ]);
    // Once a day: a second run the same day sends nothing.
    expect(await dispatcher().runOnce(at(today))).toMatchObject({ sent: 0, alreadyHandled: 2 });

    // Sam agrees (as he read it): the next day only Hana, whose side is still to agree, is alerted.
    const read = await h.call('GET', `/v1/cycles/${cycleId}/plans/${f.id.sam}`, { as: f.email.sam });
    const agreed = await h.call('POST', `/v1/cycles/${cycleId}/plans/${f.id.sam}/agree`, {
      as: f.email.sam,
      headers: { 'If-Match': read.headers.get('etag') ?? '"none"' },
    });
    expect(agreed.status).toBe(200);
    fake.reset();
    expect((await dispatcher().runOnce(at(addDays(today, 1)))).sent).toBe(1);
    expect(fake.notifications.map((n) => [n.userId, n.activityType])).toEqual([
      [HANA_OID, 'reportPlanOverdue'],
    ]);
    const deliveries = await h.call<{ items: { kind: string; recipientId: string }[] }>(
      'GET',
      `/v1/alerts/deliveries?kind=agree_plan&day=${today}`,
      { as: f.email.hal },
    );
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.items.map((d) => d.recipientId).sort()).toEqual([f.id.hana, f.id.sam].sort());
    await setPhase(h, org, cycleId, 'closed');
  });

  it('a report’s plan still incomplete by planDue (no goals, then weights 60): the manager is told to finish and agree it (My team, the plan editor); once complete, both sides to agree', async () => {
    const cycleId = 'cyc_al_incomplete';
    const planDue = addDays(today, -3);
    await seedCycle(h, org, {
      id: cycleId,
      phase: 'plan',
      participants: [f.id.sam],
      startsOn: addDays(today, -10),
      endsOn: addDays(today, 170),
      schedule: { planDue },
    });
    // On its due day it is on Hana's to-do, not overdue: nothing is sent.
    expect((await dispatcher().runOnce(at(planDue))).sent).toBe(0);

    // Sam has no goals: only Hana is alerted (Sam has nothing he can agree yet).
    expect(await dispatcher().runOnce(at(today))).toMatchObject({ sent: 1, failed: 0 });
    const report = opened(HANA_OID);
    expect(report.n).toMatchObject({
      activityType: 'reportPlanIncomplete',
      templateParameters: { person: 'Sam Seller', cycle: `Cycle ${cycleId}`, dueOn: planDue },
      text: `Perfloop: finish and agree Sam Seller’s Cycle ${cycleId} plan; it was due on ${planDue}`,
    });
    expect(report.n?.topic.value).toBe('Plan to complete: Sam Seller');
    expect(report.n?.previewText).toBe(
      `Cycle ${cycleId}: Sam Seller’s plan has no goals yet; set them and agree it. It was due on ${planDue}, 3 days ago.`,
    );
    expect([report.entity, report.subPage]).toEqual([
      'team',
      `team?cycle=${cycleId}&person=${f.id.sam}#team-checkin`,
    ]);
    expect(fake.notifications.map((n) => n.userId)).toEqual([HANA_OID]);

    // A goal weighing 60: still to complete, now with its total.
    await seedGoal(h, org, kpi(`g.${cycleId}.1`, cycleId, f.id.sam, 60, null));
    fake.reset();
    expect((await dispatcher().runOnce(at(addDays(today, 1)))).sent).toBe(1);
    expect(fake.notifications.map((n) => [n.userId, n.activityType, n.previewText])).toEqual([
      [
        HANA_OID,
        'reportPlanIncomplete',
        `Cycle ${cycleId}: Sam Seller’s goal weights total 60, not 100; finish the plan and agree it. It was due on ${planDue}, 4 days ago.`,
      ],
    ]);
    const listed = await h.call<{ items: { day: string; recipientId: string; activityType: string }[] }>(
      'GET',
      '/v1/alerts/deliveries?kind=complete_plan',
      { as: f.email.hal },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((d) => [d.day, d.recipientId, d.activityType])).toEqual([
      [today, f.id.hana, 'reportPlanIncomplete'],
      [addDays(today, 1), f.id.hana, 'reportPlanIncomplete'],
    ]);

    // Complete (60 + 40): the next day it is a plan to agree, for Sam and for Hana.
    await seedGoal(h, org, kpi(`g.${cycleId}.2`, cycleId, f.id.sam, 40, null));
    fake.reset();
    expect((await dispatcher().runOnce(at(addDays(today, 2)))).sent).toBe(2);
    expect(fake.notifications.map((n) => [n.userId, n.activityType]).sort()).toEqual(
      [
        [HANA_OID, 'reportPlanOverdue'],
        [SAM_OID, 'planOverdue'],
      ].sort(),
    );
    await setPhase(h, org, cycleId, 'closed');
  });

  it('appraisals not submitted by the schedule: the self-appraisal to the employee (Me), the manager appraisal to the manager (My team); a pending peer request alerts nobody', async () => {
    const cycleId = 'cyc_al_appraise';
    const selfDue = addDays(today, -5);
    const managerDue = addDays(today, -2);
    await seedCycle(h, org, {
      id: cycleId,
      phase: 'appraise',
      participants: [f.id.sam, f.id.hana],
      startsOn: addDays(today, -190),
      endsOn: addDays(today, -7),
      schedule: { peerFeedbackDue: selfDue, selfAppraisalDue: selfDue, managerAppraisalDue: managerDue },
    });
    // Sam wrote his self-appraisal; Hana has not written hers, nor appraised Sam. Sam was asked for peer feedback
    // on Hana and has not answered — long overdue, but a review request is never alerted.
    await seedReview(h, org, {
      id: `rev_${cycleId}_self`,
      cycleId,
      subjectId: f.id.sam,
      reviewerId: f.id.sam,
      component: 'self',
      ratings: [],
      summary: 'My half year',
      submittedAt: `${addDays(today, -6)}T10:00:00.000Z`,
    });
    await put(h, org, 'feedback_requests', {
      id: `frq_${cycleId}`,
      cycleId,
      subjectId: f.id.hana,
      data: {
        id: `frq_${cycleId}`,
        cycleId,
        subjectId: f.id.hana,
        reviewerId: f.id.sam,
        component: 'peer',
        message: 'How did our joint accounts go?',
        requestedBy: f.id.hana,
        state: 'pending',
        reviewId: null,
        reason: null,
        closedAt: null,
        closedBy: null,
      } as JsonObject,
    });
    const toDo = await h.call<{ items: { kind: string; overdueByDays: number | null }[] }>(
      'GET',
      `/v1/me/to-do?cycleId=${cycleId}`,
      { as: f.email.sam },
    );
    expect(toDo.body.items).toEqual([
      expect.objectContaining({ kind: 'feedback_request', overdueByDays: 5 }),
    ]);

    const run = await dispatcher().runOnce(at(today));
    expect(run).toMatchObject({ sent: 2, failed: 0 });
    expect(fake.notifications.map((n) => [n.userId, n.activityType]).sort()).toEqual([
      [HANA_OID, 'managerAppraisalOverdue'],
      [HANA_OID, 'selfAppraisalOverdue'],
    ]);
    const byType = (type: string) => fake.notifications.find((n) => n.activityType === type);
    expect(byType('selfAppraisalOverdue')).toMatchObject({
      templateParameters: { cycle: `Cycle ${cycleId}`, dueOn: selfDue },
      text: `Perfloop: your Cycle ${cycleId} self-appraisal was due on ${selfDue}`,
    });
    expect(new URL(byType('selfAppraisalOverdue')?.topic.webUrl ?? '').searchParams.get('webUrl')).toBe(
      `${TAB}/me?cycle=${cycleId}#me-self`,
    );
    expect(byType('managerAppraisalOverdue')).toMatchObject({
      templateParameters: { person: 'Sam Seller', cycle: `Cycle ${cycleId}`, dueOn: managerDue },
      text: `Perfloop: your Cycle ${cycleId} appraisal of Sam Seller was due on ${managerDue}`,
    });
    const manager = new URL(byType('managerAppraisalOverdue')?.topic.webUrl ?? '');
    expect(manager.pathname).toBe(`/l/entity/${TEAMS_APP_ID}/team`);
    expect(manager.searchParams.get('webUrl')).toBe(
      `${TAB}/team?cycle=${cycleId}&person=${f.id.sam}#team-appraisal`,
    );
    // No delivery (hence no audit entry) names Sam, the peer reviewer, for a request about Hana.
    const { entries } = await h.store.audit.list(org, { after: 0, limit: 1000 });
    const alertsOfCycle = entries
      .filter((e) => e.action.startsWith('teams_alert.'))
      .map((e) => e.data as { cycleId?: string; recipientId?: string })
      .filter((d) => d.cycleId === cycleId);
    expect(alertsOfCycle.map((d) => d.recipientId)).toEqual([f.id.hana, f.id.hana]);
    await setPhase(h, org, cycleId, 'closed');
  });

  it('a feedback meeting not held by feedbackDue (or held as a mere formality) alerts the manager, in Chinese for a zh-CN organisation; HR lists it by kind', async () => {
    const cycleId = 'cyc_al_meeting';
    const feedbackDue = addDays(today, -1);
    await seedCycle(h, org, {
      id: cycleId,
      phase: 'feedback',
      participants: [f.id.sam],
      startsOn: addDays(today, -190),
      endsOn: addDays(today, -20),
      schedule: { feedbackDue },
    });
    await setLocale('zh-CN');
    try {
      const run = await dispatcher().runOnce(at(today));
      expect(run).toMatchObject({ sent: 1, failed: 0 });
      const { n, entity, subPage } = opened(HANA_OID);
      expect(n).toMatchObject({
        activityType: 'feedbackMeetingOverdue',
        templateParameters: { person: 'Sam Seller', cycle: `Cycle ${cycleId}`, dueOn: feedbackDue },
      });
      expect(n?.topic.value).toBe('反馈面谈：Sam Seller');
      expect(n?.previewText).toBe(
        `Cycle ${cycleId}：与 Sam Seller 的反馈面谈应于 ${feedbackDue} 完成，已逾期 1 天。`,
      );
      expect([entity, subPage]).toEqual(['team', `team?cycle=${cycleId}&person=${f.id.sam}#team-meeting`]);
    } finally {
      await setLocale('en');
    }
    // A meeting recorded as a mere formality does not settle it: the next day Hana is told to complete it.
    await put(h, org, 'feedback_meetings', {
      id: 'fbm_al_formal',
      cycleId,
      subjectId: f.id.sam,
      data: {
        id: 'fbm_al_formal',
        cycleId,
        subjectId: f.id.sam,
        managerId: f.id.hana,
        heldAt: `${today}T09:00:00.000Z`,
        summary: 'Good.',
        strengths: '',
        improvements: '',
        agreedActions: [],
        acknowledgement: { status: 'pending' },
      } as JsonObject,
    });
    fake.reset();
    expect((await dispatcher().runOnce(at(addDays(today, 1)))).sent).toBe(1);
    expect(fake.notifications[0]).toMatchObject({ userId: HANA_OID, activityType: 'feedbackMeetingOverdue' });
    expect(fake.notifications[0]?.previewText).toBe(
      `Cycle ${cycleId}: the feedback meeting with Sam Seller is, as recorded, a mere formality; complete it (due ${feedbackDue}).`,
    );
    const listed = await h.call<{ items: { day: string; recipientId: string; activityType: string }[] }>(
      'GET',
      '/v1/alerts/deliveries?kind=hold_feedback_meeting',
      { as: f.email.hal },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((d) => [d.day, d.recipientId, d.activityType])).toEqual([
      [today, f.id.hana, 'feedbackMeetingOverdue'],
      [addDays(today, 1), f.id.hana, 'feedbackMeetingOverdue'],
    ]);
    await setPhase(h, org, cycleId, 'closed');
  });

  it('two dispatchers (two API instances) running at once send once', async () => {
    const cycleId = 'cyc_al_two';
    await coachCycle(cycleId, [f.id.sam]);
    const other = await h.secondInstance({ ownStore: true });
    try {
      const day = at(addDays(today, 6));
      const [a, b] = await Promise.all([
        dispatcher().runOnce(day),
        dispatcher(other.store, 'test-b').runOnce(day),
      ]);
      expect(a.sent + b.sent).toBe(1);
      expect(a.alreadyHandled + b.alreadyHandled).toBe(1);
      expect(fake.notifications).toHaveLength(1);
    } finally {
      await other.close();
    }
    await setPhase(h, org, cycleId, 'closed');
  });

  it('started with its timer, it runs shortly after start (not one interval later), then every interval until stopped', async () => {
    const cycleId = 'cyc_al_timer';
    await coachCycle(cycleId, [f.id.sam]);
    // An hour between runs, the first 30 ms after start: a restarted API alerts at once.
    const soon = createAlertDispatcher(
      h.store,
      createLogger('silent'),
      { ...config(), intervalMs: 3_600_000, startDelayMs: 30 },
      { now: () => at(addDays(today, 8)) },
    );
    try {
      await expect.poll(() => fake.notifications.length, { timeout: 10_000, interval: 20 }).toBe(1);
    } finally {
      await soon.stop();
    }
    // Every interval after the first run: each run reads the clock once.
    let runs = 0;
    const d = createAlertDispatcher(
      h.store,
      createLogger('silent'),
      { ...config(), intervalMs: 50, startDelayMs: 0 },
      {
        now: () => {
          runs += 1;
          return at(addDays(today, 8));
        },
      },
    );
    try {
      await expect.poll(() => runs, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(3);
    } finally {
      await d.stop();
    }
    expect(fake.notifications).toHaveLength(1); // the same day: already sent
    const stoppedAt = runs;
    await new Promise((r) => setTimeout(r, 200));
    expect(runs).toBe(stoppedAt);
    // Stopped before its first run: it never runs.
    const never = createAlertDispatcher(
      h.store,
      createLogger('silent'),
      { ...config(), startDelayMs: 50 },
      {
        now: () => {
          runs += 1;
          return at(addDays(today, 8));
        },
      },
    );
    await never.stop();
    await new Promise((r) => setTimeout(r, 150));
    expect(runs).toBe(stoppedAt);
    await setPhase(h, org, cycleId, 'closed');
  });

  it('two API instances started together both run at once, and the alert is sent once', async () => {
    const cycleId = 'cyc_al_start';
    await coachCycle(cycleId, [f.id.sam]);
    const other = await h.secondInstance({ ownStore: true });
    const runs = { 'start-a': 0, 'start-b': 0 };
    const started = (store: typeof h.store, holder: keyof typeof runs) =>
      createAlertDispatcher(
        store,
        createLogger('silent'),
        { ...config(), intervalMs: 3_600_000, startDelayMs: 20 },
        {
          holder,
          now: () => {
            runs[holder] += 1;
            return at(addDays(today, 12));
          },
        },
      );
    const a = started(h.store, 'start-a');
    const b = started(other.store, 'start-b');
    try {
      await expect.poll(() => fake.notifications.length, { timeout: 10_000, interval: 20 }).toBe(1);
      await expect.poll(() => runs['start-a'] * runs['start-b'], { timeout: 10_000 }).toBe(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.notifications).toHaveLength(1);
    } finally {
      await a.stop();
      await b.stop();
      await other.close();
    }
    await setPhase(h, org, cycleId, 'closed');
  });

  it('a claim left in flight by a sender that died is taken over once it expires, by one instance, on the same Graph chain', async () => {
    const cycleId = 'cyc_al_crash';
    await coachCycle(cycleId, [f.id.sam]);
    const day = addDays(today, 10);
    const claimedAt = `${day}T08:00:00.000Z`;
    const alert = (await overdueAlerts(h.store, org, claimedAt)).find((a) => a.item.cycleId === cycleId);
    if (!alert) throw new Error('no alert for the crash cycle');
    const id = deliveryId(day, alert);
    // The worst crash: claimed, Graph took the notification, the process was killed before recording it.
    const crashed = await claimDelivery(h.store, org, day, alert, 'crashed', claimedAt);
    if (!crashed) throw new Error('the crash claim was not taken');
    expect(crashed.reason).toBe('new');
    const first = notificationBody(TEAMS_APP_ID, TAB, alert, { chainId: deliveryChainId(id) });
    expect((await createGraphClient(config()).sendActivityNotification(HANA_OID, first.body)).ok).toBe(true);

    // Before the claim expires it is in flight: nobody sends.
    const early = await dispatcher().runOnce(new Date(Date.parse(claimedAt) + CLAIM_EXPIRY_MS - 60_000));
    expect(early).toMatchObject({ sent: 0, alreadyHandled: 1, reclaimedExpired: 0 });

    // Once expired, two instances race for it: one takes it over (compare-and-set on its version) and sends.
    const other = await h.secondInstance({ ownStore: true });
    const late = new Date(Date.parse(claimedAt) + CLAIM_EXPIRY_MS);
    try {
      const [a, b] = await Promise.all([
        dispatcher().runOnce(late),
        dispatcher(other.store, 'test-b').runOnce(late),
      ]);
      expect(a.sent + b.sent).toBe(1);
      expect(a.reclaimedExpired + b.reclaimedExpired).toBe(1);
      expect(a.alreadyHandled + b.alreadyHandled).toBe(1);
    } finally {
      await other.close();
    }
    // Graph was asked twice, but the second notification has the first one's chainId: the feed shows one.
    expect(fake.notifications).toHaveLength(2);
    expect(fake.notifications.map((n) => n.chainId)).toEqual([deliveryChainId(id), deliveryChainId(id)]);
    expect(fake.feed(HANA_OID)).toHaveLength(1);
    const stored = await h.store.resources('integration_states').get(org, id);
    expect(DeliverySchema.parse(stored?.data)).toMatchObject({ state: 'sent', claims: 2, attempts: 1 });
    const { entries } = await h.store.audit.list(org, { after: 0, limit: 1000 });
    expect(entries.filter((e) => e.action === 'teams_alert.sent' && e.resourceId === id)).toHaveLength(1);

    // The dead sender, were it to come back, cannot record over the run that took its claim over.
    const stale = await recordDelivery(h.store, org, crashed.record, {
      state: 'failed',
      retryable: true,
      status: 503,
      error: 'late',
      activityType: first.activityType,
      webUrl: first.webUrl,
      attempts: 1,
    });
    expect(stale).toBe(false);
    const after = await h.store.resources('integration_states').get(org, id);
    expect(after?.version).toBe(stored?.version);
    // Sent is final: later runs that day send nothing, however late.
    const later = await dispatcher().runOnce(new Date(Date.parse(claimedAt) + 5 * CLAIM_EXPIRY_MS));
    expect(later).toMatchObject({ sent: 0, alreadyHandled: 1, reclaimedExpired: 0 });
    await setPhase(h, org, cycleId, 'closed');
  });

  it('an organisation whose locale is Chinese gets the topic and preview in Simplified Chinese', async () => {
    const cycleId = 'cyc_al_zh';
    await coachCycle(cycleId, [f.id.sam]);
    await setLocale('zh-CN');
    try {
      const run = await dispatcher().runOnce(at(addDays(today, 11)));
      expect(run.sent).toBe(1);
      const n = fake.notifications[0];
      expect(n?.topic.value).toBe('辅导：Sam Seller');
      expect(n?.previewText).toBe(
        `Cycle ${cycleId}：与 Sam Seller 的辅导沟通应于 ${addDays(today, -16)} 完成。`,
      );
      // The feed line is the manifest's template (Teams localises it from the package); its parameters stay the same.
      expect(n?.templateParameters).toEqual({ person: 'Sam Seller', days: '27' });
    } finally {
      await setLocale('en');
    }
    await setPhase(h, org, cycleId, 'closed');
  });

  it('a refused client secret stops the run, says why, and sends nothing', async () => {
    const cycleId = 'cyc_al_secret';
    await coachCycle(cycleId, [f.id.sam]);
    const bad = teamsAlertsConfig({ ...config(), clientSecret: 'wrong' });
    const d = createAlertDispatcher(h.store, createLogger('silent'), bad, { timer: false });
    const run = await d.runOnce(at(addDays(today, 7)));
    expect(run.tokenError).toMatch(/invalid_client/);
    expect(run.tokenError).not.toContain('wrong');
    expect(fake.notifications).toHaveLength(0);
    await setPhase(h, org, cycleId, 'closed');
  });
  it('one organisation whose run fails does not stop the others', async () => {
    const cycleId = 'cyc_al_isolated';
    await coachCycle(cycleId, [f.id.sam]);
    const globex = f.globex.organisation.id;
    await put(h, globex, 'cycles', { id: 'cyc_al_broken', data: { id: 'cyc_al_broken', phase: 'coach' } });
    const run = await dispatcher().runOnce(at(addDays(today, 9)));
    expect(run).toMatchObject({ organisationErrors: 1, sent: 1 });
    expect(fake.notifications.map((n) => n.userId)).toEqual([HANA_OID]);
    const broken = await h.store.resources('cycles').get(globex, 'cyc_al_broken');
    if (broken) await h.store.resources('cycles').softDelete(globex, broken.id, broken.version);
    await setPhase(h, org, cycleId, 'closed');
  });
  /** Replaces a seeded cycle's participants (someone joining it later in the day). */
  const setParticipants = async (cycleId: string, participants: string[]) => {
    const record = await h.store.resources('cycles').get(org, cycleId);
    if (!record) throw new Error(`no cycle ${cycleId}`);
    const res = await h.store
      .resources('cycles')
      .update(org, cycleId, { expectedVersion: record.version, data: { ...record.data, participants } });
    expect(res.ok).toBe(true);
  };
  const stateOf = async (id: string) => {
    const record = await h.store.resources('integration_states').get(org, id);
    return record ? DeliverySchema.parse(record.data) : null;
  };
  interface Listed {
    id: string;
    kind: string;
    recipientId: string;
    subjectId: string | null;
    digest: boolean;
    subjectIds: string[];
    status: string;
    activityType: string | null;
  }
  const listDeliveries = async (query: string) => {
    const res = await h.call<{ items: Listed[] }>('GET', `/v1/alerts/deliveries${query}`, {
      as: f.email.hal,
    });
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const checkIn = async (cycleId: string, subjectId: string) => {
    const res = await h.call('POST', '/v1/check-ins', {
      as: f.email.hana,
      json: { cycleId, subjectId, kind: 'guidance_note', notes: 'Went through the pipeline together' },
    });
    expect(res.status).toBe(201);
  };

  it('several overdue check-ins: one digest naming how many and who, linked to My team for the cycle; one delivery naming its subjects, audited and listed; a second run sends nothing; the next day one digest again', async () => {
    const cycleId = 'cyc_al_digest';
    await coachCycle(cycleId, [f.id.sam, AVA, BEN]);
    // Hana checked in with Ava today: Ava's next check-in is due in 14 days; Sam's and Ben's were due 16 days ago.
    await checkIn(cycleId, AVA);
    const day = addDays(today, 20);
    const run = await dispatcher().runOnce(at(day));
    expect(run).toMatchObject({ alerts: 3, sent: 1, digests: 1, failed: 0, alreadyHandled: 0 });
    expect(fake.notifications).toHaveLength(1);
    const people = 'Ben Carter (36 days), Sam Seller (36 days), Ava Chen (6 days)';
    expect(fake.notifications[0]).toMatchObject({
      userId: HANA_OID,
      activityType: 'checkInsOverdue',
      templateParameters: { count: '3', people },
      text: `Perfloop: 3 check-ins with your reports are overdue — ${people}`,
      previewText: `Cycle ${cycleId}: check-ins overdue with ${people}.`,
      topic: { source: 'text', value: 'Coaching: 3 check-ins overdue' },
    });
    // My team for the cycle, nobody selected: the list of reports with their overdue check-ins.
    const { entity, subPage } = opened(HANA_OID);
    expect([entity, subPage]).toEqual(['team', `team?cycle=${cycleId}#team-coaching`]);

    // One delivery for the three, on its own chain; no delivery per report.
    const id = digestId(day, { recipientId: f.id.hana, kind: 'check_in_due', cycleId });
    expect(id).toBe(`alert:teams:${day}:${f.id.hana}:check_in_due:${cycleId}:*`);
    expect(fake.notifications[0]?.chainId).toBe(deliveryChainId(id));
    const stored = await stateOf(id);
    expect(stored).toMatchObject({
      state: 'sent',
      kind: 'check_in_due',
      subjectId: null,
      claims: 1,
      attempts: 1,
    });
    expect([...(stored?.subjectIds ?? [])].sort()).toEqual([AVA, BEN, f.id.sam].sort());
    for (const subject of [AVA, BEN, f.id.sam]) {
      const single = deliveryId(day, {
        recipientId: f.id.hana,
        item: { kind: 'check_in_due', cycleId, subjectId: subject },
      } as Parameters<typeof deliveryId>[1]);
      expect(await stateOf(single)).toBeNull();
    }
    const { entries } = await h.store.audit.list(org, { after: 0, limit: 1000 });
    const audited = entries.filter((e) => e.resourceId === id);
    expect(audited.map((e) => e.action)).toEqual(['teams_alert.sent']);
    expect(audited[0]?.data).toMatchObject({
      recipientId: f.id.hana,
      kind: 'check_in_due',
      cycleId,
      subjectId: null,
      activityType: 'checkInsOverdue',
      status: 204,
    });
    expect(
      [...((audited[0]?.data as { subjectIds?: string[] } | undefined)?.subjectIds ?? [])].sort(),
    ).toEqual([AVA, BEN, f.id.sam].sort());
    const listed = await listDeliveries(`?day=${day}&kind=check_in_due`);
    expect(listed.map((d) => [d.id, d.digest, d.subjectId, d.status, d.activityType])).toEqual([
      [id, true, null, 'sent', 'checkInsOverdue'],
    ]);
    expect([...(listed[0]?.subjectIds ?? [])].sort()).toEqual([AVA, BEN, f.id.sam].sort());

    // Once a day: a second run sends nothing.
    expect(await dispatcher().runOnce(at(day))).toMatchObject({ sent: 0, alreadyHandled: 3 });
    expect(fake.notifications).toHaveLength(1);
    // The next day, still overdue: one digest again, each one more day late, on that day's chain.
    const next = addDays(day, 1);
    expect(await dispatcher().runOnce(at(next))).toMatchObject({ sent: 1, digests: 1 });
    expect(fake.notifications[1]).toMatchObject({
      activityType: 'checkInsOverdue',
      templateParameters: {
        count: '3',
        people: 'Ben Carter (37 days), Sam Seller (37 days), Ava Chen (7 days)',
      },
      chainId: deliveryChainId(digestId(next, { recipientId: f.id.hana, kind: 'check_in_due', cycleId })),
    });
    await setPhase(h, org, cycleId, 'closed');
  });

  it('one overdue report keeps its own notification; later that day the others become one digest, and one overdue after the digest waits for the next day', async () => {
    const cycleId = 'cyc_al_digest_day';
    await coachCycle(cycleId, [f.id.sam]);
    const day = addDays(today, 21);
    const first = await dispatcher().runOnce(new Date(`${day}T08:00:00.000Z`));
    expect(first).toMatchObject({ sent: 1, digests: 0 });
    const single = opened(HANA_OID);
    expect(single.n).toMatchObject({
      activityType: 'checkInOverdue',
      templateParameters: { person: 'Sam Seller', days: '37' },
    });
    expect(single.subPage).toBe(`team?cycle=${cycleId}&person=${f.id.sam}#team-checkin`);

    // Ben and Ava join the cycle (long overdue): one digest of the two, Sam not told again today.
    await setParticipants(cycleId, [f.id.sam, AVA, BEN]);
    fake.reset();
    const second = await dispatcher().runOnce(new Date(`${day}T09:00:00.000Z`));
    expect(second).toMatchObject({ sent: 1, digests: 1, alreadyHandled: 1 });
    expect(fake.notifications.map((n) => [n.activityType, n.templateParameters])).toEqual([
      ['checkInsOverdue', { count: '2', people: 'Ava Chen (37 days), Ben Carter (37 days)' }],
    ]);

    // Cleo joins after the digest: today's digest covers the kind and cycle, so she is alerted tomorrow.
    await setParticipants(cycleId, [f.id.sam, AVA, BEN, CLEO]);
    fake.reset();
    const third = await dispatcher().runOnce(new Date(`${day}T10:00:00.000Z`));
    expect(third).toMatchObject({ alerts: 4, sent: 0, alreadyHandled: 4 });
    expect(fake.notifications).toHaveLength(0);
    const listed = await listDeliveries(`?day=${day}&kind=check_in_due`);
    expect(
      listed
        .filter((d) => d.id.includes(cycleId))
        .map((d) => [d.digest, d.subjectId, [...d.subjectIds].sort()]),
    ).toEqual([
      [true, null, [AVA, BEN].sort()],
      [false, f.id.sam, [f.id.sam]],
    ]);

    // The next day: all four in one digest.
    expect(await dispatcher().runOnce(at(addDays(day, 1)))).toMatchObject({ sent: 1, digests: 1 });
    expect(fake.notifications.map((n) => n.templateParameters)).toEqual([
      {
        count: '4',
        people: 'Ava Chen (38 days), Ben Carter (38 days), Cleo Diaz (38 days), Sam Seller (38 days)',
      },
    ]);
    await setPhase(h, org, cycleId, 'closed');
  });

  it('two API instances running at once send one digest', async () => {
    const cycleId = 'cyc_al_digest_two';
    await coachCycle(cycleId, [f.id.sam, AVA, BEN]);
    const other = await h.secondInstance({ ownStore: true });
    try {
      const day = at(addDays(today, 22));
      const [a, b] = await Promise.all([
        dispatcher().runOnce(day),
        dispatcher(other.store, 'test-b').runOnce(day),
      ]);
      expect(a.sent + b.sent).toBe(1);
      expect(a.digests + b.digests).toBe(1);
      expect(a.alreadyHandled + b.alreadyHandled).toBe(3);
      expect(fake.notifications.map((n) => [n.activityType, n.templateParameters.count])).toEqual([
        ['checkInsOverdue', '3'],
      ]);
    } finally {
      await other.close();
    }
    await setPhase(h, org, cycleId, 'closed');
  });

  it('two instances that see a group differently (a report overdue in between) never both claim a report: the group decides under one lock', async () => {
    const cycleId = 'cyc_al_digest_race';
    await coachCycle(cycleId, [f.id.sam, AVA]);
    const alerts = (await overdueAlerts(h.store, org, at(addDays(today, 30)).toISOString())).filter(
      (a) => a.item.cycleId === cycleId,
    );
    const group = (subjects: string[]) => ({
      recipientId: f.id.hana,
      kind: 'check_in_due' as const,
      cycleId,
      cycleName: `Cycle ${cycleId}`,
      alerts: alerts.filter((a) => subjects.includes(a.item.subjectId ?? '')),
    });
    expect(group([f.id.sam, AVA]).alerts).toHaveLength(2);
    const other = await h.secondInstance({ ownStore: true });
    try {
      for (let i = 0; i < 6; i++) {
        const day = addDays(today, 30 + i);
        const claimedAt = `${day}T08:00:00.000Z`;
        // One instance sees Sam alone, the other Sam and Ava; in either order Sam is claimed once.
        const [alone, both] = await Promise.all([
          claimGroup(h.store, org, day, group([f.id.sam]), 'race-a', claimedAt),
          claimGroup(other.store, org, day, group([f.id.sam, AVA]), 'race-b', claimedAt),
        ]);
        const named = [
          ...alone.singles.map((c) => c.alert.item.subjectId),
          ...both.singles.map((c) => c.alert.item.subjectId),
          ...(alone.digest?.alerts ?? []).map((a) => a.item.subjectId),
          ...(both.digest?.alerts ?? []).map((a) => a.item.subjectId),
        ];
        expect(
          named.filter((s) => s === f.id.sam),
          day,
        ).toHaveLength(1);
        expect(
          named.filter((s) => s === AVA),
          day,
        ).toHaveLength(1);
        expect(alone.handled + both.handled, day).toBe(1);
      }
    } finally {
      await other.close();
    }
    await setPhase(h, org, cycleId, 'closed');
  });

  it('a digest given up on a retryable failure is sent by a later run that day on the same chain; with one report left to do, it tells of that one alone', async () => {
    const cycleId = 'cyc_al_digest_retry';
    await coachCycle(cycleId, [f.id.sam, AVA, BEN]);
    const day = addDays(today, 13);
    const id = digestId(day, { recipientId: f.id.hana, kind: 'check_in_due', cycleId });
    fake.failNext({ status: 503, retryAfterSeconds: 1 }, 4);
    expect(await dispatcher().runOnce(new Date(`${day}T08:00:00.000Z`))).toMatchObject({
      sent: 0,
      failed: 1,
    });
    expect(await stateOf(id)).toMatchObject({ state: 'failed', retryable: true, status: 503, attempts: 4 });
    const later = await dispatcher().runOnce(new Date(`${day}T09:00:00.000Z`));
    expect(later).toMatchObject({ sent: 1, digests: 1, failed: 0 });
    expect(fake.notifications.map((n) => [n.activityType, n.templateParameters.count, n.chainId])).toEqual([
      ['checkInsOverdue', '3', deliveryChainId(id)],
    ]);
    expect(await stateOf(id)).toMatchObject({ state: 'sent', claims: 2, attempts: 5 });
    const { entries } = await h.store.audit.list(org, { after: 0, limit: 1000 });
    expect(entries.filter((e) => e.resourceId === id).map((e) => e.action)).toEqual([
      'teams_alert.failed',
      'teams_alert.sent',
    ]);

    // Another day: the digest fails, then Hana checks in with Sam and Ava; the retry tells of Ben alone, as his
    // own alert would (his person selected), still on the digest's chain.
    const day2 = addDays(today, 12);
    const id2 = digestId(day2, { recipientId: f.id.hana, kind: 'check_in_due', cycleId });
    fake.reset();
    fake.failNext({ status: 503, retryAfterSeconds: 1 }, 4);
    expect(await dispatcher().runOnce(new Date(`${day2}T08:00:00.000Z`))).toMatchObject({ failed: 1 });
    await checkIn(cycleId, f.id.sam);
    await checkIn(cycleId, AVA);
    const retried = await dispatcher().runOnce(new Date(`${day2}T09:00:00.000Z`));
    expect(retried).toMatchObject({ sent: 1, digests: 0 });
    const ben = opened(HANA_OID);
    expect(ben.n).toMatchObject({
      activityType: 'checkInOverdue',
      templateParameters: { person: 'Ben Carter', days: '28' },
      chainId: deliveryChainId(id2),
    });
    expect(ben.subPage).toBe(`team?cycle=${cycleId}&person=${BEN}#team-checkin`);
    expect(await stateOf(id2)).toMatchObject({
      state: 'sent',
      subjectIds: [BEN],
      activityType: 'checkInOverdue',
      claims: 2,
    });
    await setPhase(h, org, cycleId, 'closed');
  });

  it('a digest Graph refuses for good (404 unknown user, then 403 app not installed) is recorded failed with Graph’s reason, audited, listed for HR and not retried that day; the next day it is tried anew', async () => {
    // Max manages Nia and Oli; his Entra login names a user Graph does not know yet.
    const MAX = 'per_dg_max';
    const NIA = 'per_dg_nia';
    const OLI = 'per_dg_oli';
    const MAX_OID = '55555555-5555-4555-8555-555555555555';
    await h.seed(org, {
      people: [
        {
          id: MAX,
          name: 'Max Mayer',
          roles: ['employee' as const, 'manager' as const],
          managerId: f.id.hana,
        },
        { id: NIA, name: 'Nia Novak', roles: ['employee' as const], managerId: MAX },
        { id: OLI, name: 'Oli Olsen', roles: ['employee' as const], managerId: MAX },
      ].map((p) => ({ ...p, email: `${p.id.slice(4)}-${f.email.sam}`, departmentId: 'dep_sales' })),
    });
    await h.store.identities.link({
      orgId: org,
      provider: 'entra',
      subject: `${TENANT}:${MAX_OID}`,
      personId: MAX,
    });
    const cycleId = 'cyc_al_digest_dead';
    await coachCycle(cycleId, [NIA, OLI]);
    const toMax = () =>
      fake.calls.filter((c) => c.route === 'sendActivityNotification' && c.userId === MAX_OID);
    try {
      const day = addDays(today, 30);
      const id = digestId(day, { recipientId: MAX, kind: 'check_in_due', cycleId });
      const run = await dispatcher().runOnce(at(day));
      expect(run.failed).toBeGreaterThanOrEqual(1);
      // One request: a 404 is not retried.
      expect(toMax().map((c) => c.status)).toEqual([404]);
      const stored = await stateOf(id);
      expect(stored).toMatchObject({
        state: 'failed',
        retryable: false,
        status: 404,
        subjectId: null,
        claims: 1,
        attempts: 1,
        activityType: 'checkInsOverdue',
      });
      expect(stored?.error).toMatch(/^NotFound: User .* was not found/);
      expect([...(stored?.subjectIds ?? [])].sort()).toEqual([NIA, OLI].sort());
      // No delivery of either report on their own.
      for (const subject of [NIA, OLI]) {
        const single = deliveryId(day, {
          recipientId: MAX,
          item: { kind: 'check_in_due', cycleId, subjectId: subject },
        } as Parameters<typeof deliveryId>[1]);
        expect(await stateOf(single)).toBeNull();
      }
      // Audited as failed, naming its reports, the status and Graph's error.
      const { entries } = await h.store.audit.list(org, { after: 0, limit: 1000 });
      const audited = entries.filter((e) => e.resourceId === id);
      expect(audited.map((e) => e.action)).toEqual(['teams_alert.failed']);
      expect(audited[0]?.data).toMatchObject({
        recipientId: MAX,
        subjectId: null,
        status: 404,
        retryable: false,
        activityType: 'checkInsOverdue',
      });
      expect((audited[0]?.data as { error?: string } | undefined)?.error).toMatch(/^NotFound:/);
      // HR lists it among the day's failed digests, with Graph's status and message.
      const res = await h.call<{
        items: (Listed & { httpStatus: number; lastError: string; retryable: boolean })[];
      }>('GET', `/v1/alerts/deliveries?day=${day}&digest=true&status=failed`, { as: f.email.hal });
      const listed = res.body.items.filter((d) => d.id === id);
      expect(listed).toEqual([
        expect.objectContaining({ digest: true, status: 'failed', httpStatus: 404, retryable: false }),
      ]);
      expect(listed[0]?.lastError).toMatch(/^NotFound: User .* was not found/);

      // Failed for good: a later run that day neither retries it nor alerts the reports on their own.
      fake.reset();
      const later = await dispatcher().runOnce(new Date(`${day}T12:00:00.000Z`));
      expect(later.alreadyHandled).toBeGreaterThanOrEqual(2);
      expect(toMax()).toEqual([]);
      expect(await stateOf(id)).toMatchObject({ state: 'failed', claims: 1, attempts: 1 });

      // The next day Graph knows Max but the app is not installed for him: 403, failed for good, said so.
      fake.addUser(MAX_OID);
      const next = addDays(day, 1);
      const nextId = digestId(next, { recipientId: MAX, kind: 'check_in_due', cycleId });
      await dispatcher().runOnce(at(next));
      expect(toMax().map((c) => c.status)).toEqual([403]);
      const refused = await stateOf(nextId);
      expect(refused).toMatchObject({ state: 'failed', retryable: false, status: 403 });
      expect(refused?.error).toMatch(/^Forbidden: Teams app .* is not installed/);
      fake.reset();
      await dispatcher().runOnce(new Date(`${next}T12:00:00.000Z`));
      expect(toMax()).toEqual([]);

      // Once installed, the day after gets its digest.
      fake.installApp(MAX_OID, TEAMS_APP_ID);
      const third = addDays(day, 2);
      await dispatcher().runOnce(at(third));
      expect(toMax().map((c) => c.status)).toEqual([204]);
      expect(opened(MAX_OID).n).toMatchObject({
        activityType: 'checkInsOverdue',
        templateParameters: { count: '2' },
        chainId: deliveryChainId(digestId(third, { recipientId: MAX, kind: 'check_in_due', cycleId })),
      });
    } finally {
      await h.store.identities.unlink({
        orgId: org,
        provider: 'entra',
        subject: `${TENANT}:${MAX_OID}`,
        personId: MAX,
      });
      await setPhase(h, org, cycleId, 'closed');
    }
  });

  it('a digest whose sender died after Graph took it is taken over once its claim expires, by one of two instances, on the same chain (one notification in the feed); the dead sender cannot record over it', async () => {
    const cycleId = 'cyc_al_digest_crash';
    await coachCycle(cycleId, [f.id.sam, AVA, BEN]);
    // Before Ava's next check-in would be overdue, once Hana checks in with her below (due in 14 days, 3 of grace).
    const day = addDays(today, 16);
    const claimedAt = `${day}T08:00:00.000Z`;
    const alerts = (await overdueAlerts(h.store, org, claimedAt)).filter(
      (a) => a.item.cycleId === cycleId && a.recipientId === f.id.hana,
    );
    expect(alerts).toHaveLength(3);
    const group = {
      recipientId: f.id.hana,
      kind: 'check_in_due' as const,
      cycleId,
      cycleName: alerts[0]?.cycleName ?? '',
      alerts,
    };
    const id = digestId(day, group);
    // Claimed as a digest; Graph took the notification; the process was killed before recording it.
    const crashed = await claimGroup(h.store, org, day, group, 'crashed', claimedAt);
    if (!crashed.digest) throw new Error('the crash claim was not a digest');
    const first = digestBody(TEAMS_APP_ID, TAB, group, { chainId: deliveryChainId(id) });
    expect((await createGraphClient(config()).sendActivityNotification(HANA_OID, first.body)).ok).toBe(true);
    const toHana = () => fake.notifications.filter((n) => n.userId === HANA_OID);

    // Before it expires it is in flight: nobody sends, and no report is alerted on their own.
    const early = await dispatcher().runOnce(new Date(Date.parse(claimedAt) + CLAIM_EXPIRY_MS - 60_000));
    expect(early).toMatchObject({ reclaimedExpired: 0 });
    expect(toHana()).toHaveLength(1);
    expect(await stateOf(id)).toMatchObject({ state: 'sending', holder: 'crashed', claims: 1 });

    // Meanwhile Hana checked in with Ava. Once expired, two instances race: one takes it over and sends the digest
    // again, naming the two still to do, on the first one's chain.
    await checkIn(cycleId, AVA);
    const other = await h.secondInstance({ ownStore: true });
    const late = new Date(Date.parse(claimedAt) + CLAIM_EXPIRY_MS);
    try {
      const [a, b] = await Promise.all([
        dispatcher().runOnce(late),
        dispatcher(other.store, 'test-b').runOnce(late),
      ]);
      expect(a.reclaimedExpired + b.reclaimedExpired).toBe(1);
      expect(a.digests + b.digests).toBe(1);
    } finally {
      await other.close();
    }
    expect(toHana().map((n) => [n.activityType, n.templateParameters.count, n.chainId])).toEqual([
      ['checkInsOverdue', '3', deliveryChainId(id)],
      ['checkInsOverdue', '2', deliveryChainId(id)],
    ]);
    expect(toHana()[1]?.templateParameters.people).not.toContain('Ava Chen');
    expect(fake.feed(HANA_OID).filter((n) => n.chainId === deliveryChainId(id))).toHaveLength(1);
    const stored = await stateOf(id);
    expect(stored).toMatchObject({ state: 'sent', claims: 2, attempts: 1, status: 204 });
    expect([...(stored?.subjectIds ?? [])].sort()).toEqual([BEN, f.id.sam].sort());
    const { entries } = await h.store.audit.list(org, { after: 0, limit: 1000 });
    expect(entries.filter((e) => e.resourceId === id).map((e) => e.action)).toEqual(['teams_alert.sent']);

    // The dead sender, were it to come back, cannot record over the run that took its claim over.
    const record = await h.store.resources('integration_states').get(org, id);
    const stale = await recordDelivery(h.store, org, crashed.digest.record, {
      state: 'failed',
      retryable: true,
      status: 503,
      error: 'late',
      activityType: first.activityType,
      webUrl: first.webUrl,
      attempts: 1,
    });
    expect(stale).toBe(false);
    expect((await h.store.resources('integration_states').get(org, id))?.version).toBe(record?.version);
    // Sent is final: later runs that day send nothing more.
    const before = toHana().length;
    await dispatcher().runOnce(new Date(Date.parse(claimedAt) + 5 * CLAIM_EXPIRY_MS));
    expect(toHana()).toHaveLength(before);
    await setPhase(h, org, cycleId, 'closed');
  });

  it('several appraisals overdue, in Chinese for a zh-CN organisation: one digest (the feed line from the package’s Chinese template); HR lists it by kind with its subjects', async () => {
    const cycleId = 'cyc_al_digest_zh';
    const managerDue = addDays(today, -2);
    await seedCycle(h, org, {
      id: cycleId,
      phase: 'appraise',
      participants: [f.id.sam, AVA, BEN],
      startsOn: addDays(today, -190),
      endsOn: addDays(today, -7),
      schedule: { managerAppraisalDue: managerDue },
    });
    await setLocale('zh-CN');
    try {
      expect(await dispatcher().runOnce(at(today))).toMatchObject({ sent: 1, digests: 1, failed: 0 });
    } finally {
      await setLocale('en');
    }
    const people = 'Ava Chen（2 天）、Ben Carter（2 天）、Sam Seller（2 天）';
    const { n, entity, subPage } = opened(HANA_OID);
    expect(n).toMatchObject({
      activityType: 'managerAppraisalsOverdue',
      templateParameters: { count: '3', cycle: `Cycle ${cycleId}`, people },
      topic: { value: '经理评价：3 份已逾期' },
      previewText: `Cycle ${cycleId}：您对 ${people} 的经理评价已逾期。`,
    });
    expect([entity, subPage]).toEqual(['team', `team?cycle=${cycleId}#team-coaching`]);
    // A reader whose Teams is in Chinese sees the package's Chinese template with these parameters.
    const line = (zhTemplate('managerAppraisalsOverdue') ?? '').replace(/\{(\w+)\}/g, (_, name: string) =>
      name === 'actor' ? 'Perfloop' : (n?.templateParameters[name] ?? `{${name}}`),
    );
    expect(line).toBe(`Perfloop：您对 3 位下属的 Cycle ${cycleId} 经理评价已逾期：${people}`);
    const listed = await listDeliveries(`?kind=manager_review&day=${today}`);
    const mine = listed.filter((d) => d.id.includes(cycleId));
    expect(mine.map((d) => [d.recipientId, d.digest, d.activityType, [...d.subjectIds].sort()])).toEqual([
      [f.id.hana, true, 'managerAppraisalsOverdue', [AVA, BEN, f.id.sam].sort()],
    ]);
    await setPhase(h, org, cycleId, 'closed');
  });
});
