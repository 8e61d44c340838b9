// @vitest-environment happy-dom
// Review dashboard, HR: the Teams alerts of a day — the API's own dispatcher run against the Graph fake over the demo —
// counted, the failed ones first with plain reasons, a digest's people, the sent ones, an earlier day, a team's scope,
// who the alerts cannot reach, in Chinese; nobody else sees the section.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAlertDispatcher } from '@perfloop/api/src/alerts/dispatcher.ts';
import { createGraphClient } from '@perfloop/api/src/alerts/graphClient.ts';
import { teamsAlertsConfig } from '@perfloop/api/src/env.ts';
import { createLogger } from '@perfloop/api/src/logger.ts';
import { type FakeGraph, startFakeGraph } from '@perfloop/fakes';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DetachedWindowAPI } from 'happy-dom';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { typeDay } from '../../test/support/days.ts';
import { demoCycles, demoPersonId, type InProcessApi, inProcessApi } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

const TENANT = 'aaaaaaaa-0000-4000-8000-0000000000a1';
const CLIENT_ID = '0f6c2a8e-3b1d-4e5f-9a7b-1c2d3e4f5a6b';
const SECRET = 'alerts-secret-value';
const TEAMS_APP_ID = '6d1c3f0e-8b2a-4c7d-9e45-2f6a1b3c5d70';
const oid = (n: number) => `dddddddd-0000-4000-8000-${String(n).padStart(12, '0')}`;

const manifest = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../manifest/manifest.json'), 'utf8'),
) as { activities: { activityTypes: { type: string; templateText: string }[] } };

const now = new Date();
const today = now.toISOString().slice(0, 10);
const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);

let api: InProcessApi;
let fake: FakeGraph;
let sales: string;
const id: Record<string, string> = {};

/** Links a demo person's Entra login of the tenant, as HR would (`PUT …/identities/entra/{tenant}:{oid}`). */
async function linkEntra(who: string, objectId: string): Promise<void> {
  const person = await api.call<{ version: number }>('hr@acme.test', 'GET', `/v1/people/${id[who]}`);
  const res = await api.call(
    'hr@acme.test',
    'PUT',
    `/v1/people/${id[who]}/identities/entra/${TENANT}:${objectId}`,
    undefined,
    { 'If-Match': `"${person.body.version}"` },
  );
  if (res.status !== 200) throw new Error(`link ${who}: ${JSON.stringify(res.body)}`);
}

/** What the API serving the tab is told of the alerts (GET /v1/alerts/status): on, checked every hour. */
const routesConfig = teamsAlertsConfig({
  graphUrl: 'https://graph.invalid/v1.0',
  tokenUrl: `https://login.invalid/${TENANT}/oauth2/v2.0/token`,
  tenantId: TENANT,
  clientId: CLIENT_ID,
  clientSecret: SECRET,
  teamsAppId: TEAMS_APP_ID,
  tabUrl: 'https://perfloop.example.com/teams',
  intervalMs: 3_600_000,
  startDelayMs: 60_000,
});

beforeAll(async () => {
  api = await inProcessApi({ routes: { teamsAlerts: routesConfig } });
  const { h2 } = await demoCycles(api);
  for (const who of ['olivia', 'sofia', 'elena', 'grace', 'marcus', 'raj', 'mia']) {
    id[who] = await demoPersonId(api, who);
  }
  const departments = await api.call<{ items: { id: string; name: string }[] }>(
    'hr@acme.test',
    'GET',
    '/v1/departments',
  );
  sales = departments.body.items.find((d) => d.name === 'Sales')?.id ?? '';

  // The dispatcher is server code: its requests to the Graph fake are no page's, so no same-origin policy applies (happy-dom's
  // fetch stands in for Node's in this environment). Set back once it has run.
  const fetchSettings = (window as unknown as { happyDOM: DetachedWindowAPI }).happyDOM.settings.fetch;
  const sameOrigin = fetchSettings.disableSameOriginPolicy;
  fetchSettings.disableSameOriginPolicy = true;
  fake = await startFakeGraph({ tenantId: TENANT });
  fake.registerApp({
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    teamsAppId: TEAMS_APP_ID,
    name: 'Perfloop',
    activityTypes: Object.fromEntries(manifest.activities.activityTypes.map((a) => [a.type, a.templateText])),
  });
  const config = teamsAlertsConfig({
    graphUrl: fake.graphUrl,
    tokenUrl: fake.tokenUrl,
    tenantId: TENANT,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    teamsAppId: TEAMS_APP_ID,
    tabUrl: 'https://perfloop.example.com/teams',
    intervalMs: 60_000,
    startDelayMs: 60_000,
  });
  const dispatcher = createAlertDispatcher(api.store, createLogger('silent'), config, {
    timer: false,
    graph: createGraphClient(config, { sleep: async () => undefined }),
  });

  // Yesterday only Grace could be reached, and Graph answered 503 every time: a retryable failure left for that day.
  fake.addUser(oid(4), [TEAMS_APP_ID]);
  await linkEntra('grace', oid(4));
  fake.failNext({ status: 503 }, 4);
  const before = await dispatcher.runOnce(new Date(`${yesterday}T08:00:00.000Z`));
  if (before.failed !== 1 || before.tokenError !== null)
    throw new Error(`yesterday: ${JSON.stringify(before)}`);
  const throttled = fake.calls.filter((c) => c.route === 'sendActivityNotification').map((c) => c.status);
  if (throttled.join() !== '503,503,503,503') throw new Error(`yesterday's sends: ${throttled.join()}`);

  // Today: Marcus (two overdue check-ins: a digest) and Raj (one left once Mia's is recorded) have the app; Elena is a
  // user without it (403); Sofia's login names nobody in the tenant (404); Olivia has no Entra login (never alerted).
  // The demo's check-ins are dated in 2026 while this runs on the real day, so who is overdue grows with the calendar:
  // Marcus's and Raj's reports other than the ones asserted below are coached today, whatever day it is.
  for (const [manager, report, notes] of [
    ['raj', 'mia', 'Went through the migration plan together.'],
    ['raj', 'noah', 'Reviewed the on-call hand-over and the next milestone.'],
    ['marcus', 'ava', 'Walked through the pipeline and the renewals at risk.'],
  ] as const) {
    const checkIn = await api.call(`${manager}@acme.test`, 'POST', '/v1/check-ins', {
      cycleId: h2,
      subjectId: id[report] ?? (await demoPersonId(api, report)),
      kind: 'guidance_note',
      notes,
    });
    if (checkIn.status !== 201) throw new Error(`check-in: ${JSON.stringify(checkIn.body)}`);
  }
  fake.addUser(oid(1), [TEAMS_APP_ID]);
  fake.addUser(oid(2), [TEAMS_APP_ID]);
  fake.addUser(oid(3));
  await linkEntra('marcus', oid(1));
  await linkEntra('raj', oid(2));
  await linkEntra('elena', oid(3));
  await linkEntra('sofia', oid(5));
  const run = await dispatcher.runOnce(now);
  fetchSettings.disableSameOriginPolicy = sameOrigin;
  if (run.sent !== 3 || run.digests !== 2 || run.failed !== 2 || run.tokenError !== null) {
    throw new Error(`today: ${JSON.stringify(run)}`);
  }
});
afterEach(cleanup);
afterAll(async () => {
  await fake?.close();
  await api?.close();
});

const row = (section: HTMLElement, recipient: string, subject = '*') =>
  within(section).getByTestId(
    new RegExp(
      `^alert-alert:teams:${today}:${id[recipient]}:check_in_due:[^:]+:${subject === '*' ? '\\*' : subject}$`,
    ),
  );

describe('Teams alerts on the review dashboard', () => {
  it('HR sees the day’s counts, the failed ones first with plain reasons, and a digest’s people', async () => {
    renderTab(api, { as: 'hr@acme.test', path: '/teams/dashboard' });
    const section = await screen.findByTestId('dash-alerts');
    expect(within(section).getByRole('heading', { level: 2, name: 'Teams alerts' })).toBeTruthy();
    expect((await within(section).findByTestId('alerts-count-sent')).textContent).toBe('Sent: 3');
    expect(within(section).getByTestId('alerts-count-failed').textContent).toBe('Not delivered: 2');
    expect(within(section).getByTestId('alerts-count-sending').textContent).toBe('In flight: 0');

    const failed = within(section).getByRole('table', { name: 'Not delivered' });
    expect(
      within(failed)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Person', 'What they were asked to do', 'Why it was not delivered']);
    const elena = row(section, 'elena');
    expect(within(failed).getAllByRole('row')).toContain(elena);
    expect(within(elena).getAllByRole('cell')[0]?.textContent).toBe('Elena Petrova');
    expect(within(elena).getByText('Daily digest')).toBeTruthy();
    expect(
      within(elena)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Check-in with Priya Nair', 'Check-in with Raj Patel']);
    expect(elena.textContent).toContain('in 2026 H2');
    expect(elena.textContent).toContain(
      'Perfloop is not installed for them in Teams: pre-install it with an app setup policy in the Teams admin center.',
    );
    expect(elena.textContent).toContain('Microsoft Graph: 403 Forbidden:');

    const sofia = row(section, 'sofia');
    expect(within(failed).getAllByRole('row')).toContain(sofia);
    expect(sofia.textContent).toContain('Their Entra account was not found.');
    expect(
      within(sofia)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Check-in with Dan Evans', 'Check-in with Marcus Lee']);

    // The sent ones, after the failed ones, folded away until opened.
    const sent = within(section).getByTestId('alerts-sent');
    expect(sent.tagName).toBe('DETAILS');
    expect(sent.hasAttribute('open')).toBe(false);
    expect(
      failed.compareDocumentPosition(sent) & Node.DOCUMENT_POSITION_FOLLOWING,
      'the failed first',
    ).toBeTruthy();
    await userEvent.setup().click(within(sent).getByText('Sent (3)'));
    const sentTable = within(sent).getByRole('table', { name: 'Sent (3)' });
    expect(
      within(sentTable)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Person', 'What they were asked to do', 'Sent at']);
    const marcus = row(sent, 'marcus');
    expect(
      within(marcus)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Check-in with Ben Carter', 'Check-in with Chloe Dubois']);
    // When it was sent, in UTC as the day is.
    expect(within(marcus).getAllByRole('cell')[2]?.textContent).toMatch(/^\d{2}:\d{2}\s[AP]M\sUTC$/);
    // Raj's one report left: his own notification, not a digest.
    const raj = within(sent).getByTestId(new RegExp(`^alert-alert:teams:${today}:${id.raj}:check_in_due:`));
    expect(raj.textContent).toContain('Check-in with Liam Walsh');
    expect(within(raj).queryByText('Daily digest')).toBeNull();
    expect(
      within(sent)
        .getAllByRole('row')
        .map((r) => within(r).queryAllByRole('cell')[0]?.textContent),
    ).toEqual([undefined, 'Grace Kim', 'Marcus Lee', 'Raj Patel']);
    expect(within(section).queryByTestId('alerts-sending')).toBeNull();
  });

  it('an earlier day: a throttled send not delivered that day; a day without alerts says so and where to set them up', async () => {
    renderTab(api, { as: 'hr@acme.test', path: '/teams/dashboard' });
    const section = await screen.findByTestId('dash-alerts');
    await within(section).findByTestId('alerts-count-sent');
    await typeDay(() => within(section).getByLabelText(/^Day \(UTC\)/), yesterday);
    await within(section).findByText(
      'Teams was busy or could not be reached, and it was not delivered that day.',
    );
    expect(within(section).getByTestId('alerts-count-failed').textContent).toBe('Not delivered: 1');
    expect(within(section).getByTestId('alerts-count-sent').textContent).toBe('Sent: 0');
    const grace = within(section).getByTestId(new RegExp(`^alert-alert:teams:${yesterday}:${id.grace}:`));
    expect(grace.textContent).toContain('Grace Kim');
    expect(grace.textContent).toContain('Check-in with Hannah Reed');
    expect(grace.textContent).toContain('Microsoft Graph: 503 ServiceNotAvailable: Injected failure.');

    await typeDay(() => within(section).getByLabelText(/^Day \(UTC\)/), '2020-01-06');
    // The alerts are on (GET /v1/alerts/status): an empty day means nothing was due for anyone they reach.
    expect((await within(section).findByTestId('alerts-none')).textContent).toBe(
      'No alerts were sent on this day: nothing was overdue for anyone they can reach (they are checked every 60 minutes).',
    );
    expect(within(section).queryByText(/Overdue alerts in Teams/)).toBeNull();
    expect(within(section).queryByTestId('alerts-status')).toBeNull();
    expect(section.textContent).not.toContain('README');
    expect(within(section).queryByRole('table')).toBeNull();
  });

  it('a day with more alerts than the section reads says so with how many it counted, never cutting silently, and shows more on demand', async () => {
    // 130 alerts on one day, straight in the store (the dispatcher would need 230 overdue items).
    const day = '2020-03-02';
    const organisation = await api.call<{ id: string }>('hr@acme.test', 'GET', '/v1/organisation');
    const orgId = organisation.body.id;
    const at = `${day}T08:00:00.000Z`;
    await api.store.transaction(orgId, async (tx) => {
      const repo = tx.resources('integration_states');
      for (let i = 0; i < 130; i++) {
        const subjectId = `per_cut_${String(i).padStart(3, '0')}`;
        await repo.create(orgId, {
          id: `alert:teams:${day}:${id.marcus}:check_in_due:cyc_cut:${subjectId}`,
          parentId: `alert:teams:${day}`,
          cycleId: 'cyc_cut',
          subjectId: id.marcus,
          data: {
            channel: 'teams',
            day,
            recipientId: id.marcus ?? '',
            kind: 'check_in_due',
            cycleId: 'cyc_cut',
            subjectId,
            state: 'sent',
            retryable: false,
            holder: 'test',
            claimedAt: at,
            claims: 1,
            attempts: 1,
            status: 204,
            error: null,
            activityType: 'checkInOverdue',
            webUrl: 'https://teams.microsoft.com/l/entity/x/team',
          },
        });
      }
    });
    renderTab(api, { as: 'hr@acme.test', path: '/teams/dashboard' });
    const section = await screen.findByTestId('dash-alerts');
    await within(section).findByTestId('alerts-count-sent');
    await typeDay(() => within(section).getByLabelText(/^Day \(UTC\)/), day);
    const cut = await within(section).findByTestId('alerts-cut');
    expect(cut.textContent).toContain(
      'Only the first 100 alerts of this day (by recipient) are counted and listed here: the day has more.',
    );
    expect(within(section).getByTestId('alerts-count-sent').textContent).toBe('Sent: 100');
    await userEvent.setup().click(within(cut).getByRole('button', { name: 'Show 100 more' }));
    await waitFor(() =>
      expect(within(section).getByTestId('alerts-count-sent').textContent).toBe('Sent: 130'),
    );
    expect(within(section).queryByTestId('alerts-cut')).toBeNull();
    // Another day reads its own alerts; back on this one, its first 100 again, said so.
    const dayField = () => within(section).getByLabelText(/^Day \(UTC\)/);
    await typeDay(dayField, today);
    await waitFor(() => expect(within(section).getByTestId('alerts-count-sent').textContent).toBe('Sent: 3'));
    await typeDay(dayField, day);
    await waitFor(() =>
      expect(within(section).getByTestId('alerts-count-sent').textContent).toBe('Sent: 100'),
    );
    expect(within(section).getByTestId('alerts-cut')).toBeTruthy();
    cleanup();

    // A team's channel tab where none of the first 100 is about its people: said cut, never "no alerts that day".
    const marcus = await api.call<{ departmentId: string }>('hr@acme.test', 'GET', `/v1/people/${id.marcus}`);
    const all = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/departments');
    const other = all.body.items.find((d) => d.id !== marcus.body.departmentId)?.id ?? '';
    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?department=${other}` });
    const team = await screen.findByTestId('dash-alerts');
    await typeDay(() => within(team).getByLabelText(/^Day \(UTC\)/), day);
    await within(team).findByTestId('alerts-cut');
    expect(within(team).queryByTestId('alerts-none')).toBeNull();
  }, 30_000);

  it('a digest whose sender died (left in flight past its claim’s expiry) is said interrupted, not in flight', async () => {
    const day = '2020-03-03';
    const organisation = await api.call<{ id: string }>('hr@acme.test', 'GET', '/v1/organisation');
    const orgId = organisation.body.id;
    await api.store.resources('integration_states').create(orgId, {
      id: `alert:teams:${day}:${id.marcus}:check_in_due:cyc_dead:*`,
      parentId: `alert:teams:${day}`,
      cycleId: 'cyc_dead',
      subjectId: id.marcus,
      data: {
        channel: 'teams',
        day,
        recipientId: id.marcus ?? '',
        kind: 'check_in_due',
        cycleId: 'cyc_dead',
        subjectId: null,
        subjectIds: [id.raj ?? '', id.mia ?? ''],
        state: 'sending',
        retryable: false,
        holder: 'crashed',
        claimedAt: `${day}T08:00:00.000Z`,
        claims: 1,
        attempts: 0,
        status: null,
        error: null,
        activityType: null,
        webUrl: null,
      },
    });
    renderTab(api, { as: 'hr@acme.test', path: '/teams/dashboard' });
    const section = await screen.findByTestId('dash-alerts');
    await within(section).findByTestId('alerts-count-sent');
    await typeDay(() => within(section).getByLabelText(/^Day \(UTC\)/), day);
    await waitFor(() =>
      expect(within(section).getByTestId('alerts-count-sending').textContent).toBe('In flight: 1'),
    );
    const inFlight = within(section).getByTestId('alerts-sending');
    const digest = within(inFlight).getByTestId(
      `alert-alert:teams:${day}:${id.marcus}:check_in_due:cyc_dead:*`,
    );
    expect(within(digest).getByText('Daily digest')).toBeTruthy();
    expect(
      within(digest)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Check-in with Raj Patel', 'Check-in with Mia Wong']);
    expect(within(digest).getByTestId('alert-interrupted').textContent).toBe(
      'Its sender stopped before recording whether Teams took it (it may have been delivered), and it was not sent again that day.',
    );
  });

  it('names the active people the alerts cannot reach (no linked Entra login), as the API lists them', async () => {
    const expected = await api.call<{ items: { personId: string; name: string }[] }>(
      'hr@acme.test',
      'GET',
      '/v1/alerts/unreachable',
    );
    const names = expected.body.items.map((p) => p.name);
    expect(names).toContain('Olivia Grant');
    for (const linked of ['Marcus Lee', 'Raj Patel', 'Elena Petrova', 'Sofia Martinez', 'Grace Kim']) {
      expect(names).not.toContain(linked);
    }
    renderTab(api, { as: 'hr@acme.test', path: '/teams/dashboard' });
    const section = await screen.findByTestId('dash-alerts');
    expect((await within(section).findByTestId('alerts-unreachable-count')).textContent).toBe(
      `${names.length} people have no linked Entra login, so Teams alerts cannot reach them.`,
    );
    expect(
      within(section).getByRole('heading', { level: 3, name: 'Never alerted: no linked Entra login' }),
    ).toBeTruthy();
    const list = within(section).getByTestId('alerts-unreachable');
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('a channel tab of a team: the alerts to or about its people, and its people not reached', async () => {
    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?department=${sales}` });
    const section = await screen.findByTestId('dash-alerts');
    await within(section).findByText('Alerts to or about people in Sales.');
    expect((await within(section).findByTestId('alerts-count-sent')).textContent).toBe('Sent: 1');
    expect(within(section).getByTestId('alerts-count-failed').textContent).toBe('Not delivered: 1');
    expect(row(section, 'sofia')).toBeTruthy();
    expect(within(section).queryByText('Elena Petrova')).toBeNull();
    const list = within(section).getByTestId('alerts-unreachable');
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Ava Chen', 'Ben Carter', 'Chloe Dubois', 'Dan Evans']);
  });

  it('in Chinese', async () => {
    renderTab(api, { as: 'hr@acme.test', path: '/teams/dashboard?locale=zh-cn' });
    const section = await screen.findByTestId('dash-alerts');
    expect(within(section).getByRole('heading', { level: 2, name: 'Teams 提醒' })).toBeTruthy();
    expect((await within(section).findByTestId('alerts-count-failed')).textContent).toBe('未送达：2');
    const elena = row(section, 'elena');
    expect(within(elena).getByText('每日汇总')).toBeTruthy();
    expect(
      within(elena)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['与 Priya Nair 进行辅导沟通', '与 Raj Patel 进行辅导沟通']);
    expect(elena.textContent).toContain(
      '此人的 Teams 中未安装 Perfloop：请在 Teams 管理中心通过应用设置策略为其预装。',
    );
    expect(row(section, 'sofia').textContent).toContain('找不到此人的 Entra 账户。');
    expect(within(section).getByTestId('alerts-unreachable-count').textContent).toMatch(
      /^\d+ 人未关联 Entra 登录，Teams 提醒无法送达。$/,
    );
  });

  it('nobody but HR sees the section (a manager, a department head)', async () => {
    for (const as of ['marcus@acme.test', 'sofia@acme.test']) {
      renderTab(api, { as, path: '/teams/dashboard' });
      await screen.findByTestId('dash-phase');
      expect(screen.queryByTestId('dash-alerts'), as).toBeNull();
      expect(screen.queryByText('Teams alerts'), as).toBeNull();
      cleanup();
    }
  });
});

describe('Teams alerts not configured', () => {
  let bare: InProcessApi;
  beforeAll(async () => {
    bare = await inProcessApi();
  });
  afterAll(async () => {
    await bare?.close();
  });

  it('says plainly that none is sent, so an empty day is not “nothing due” (in English and Chinese)', async () => {
    renderTab(bare, { as: 'hr@acme.test', path: '/teams/dashboard' });
    const section = await screen.findByTestId('dash-alerts');
    expect((await within(section).findByTestId('alerts-status')).textContent).toBe(
      'Teams alerts are not configured: Perfloop sends no alert to anyone, so a day without alerts does not mean nothing was due. To turn them on, see “Overdue alerts in Teams” in apps/api/README.md.',
    );
    expect((await within(section).findByTestId('alerts-none')).textContent).toBe(
      'No alerts were sent on this day.',
    );
    cleanup();
    renderTab(bare, { as: 'hr@acme.test', path: '/teams/dashboard?locale=zh-cn' });
    const zh = await screen.findByTestId('dash-alerts');
    expect((await within(zh).findByTestId('alerts-status')).textContent).toBe(
      '尚未配置 Teams 提醒：Perfloop 不会向任何人发送提醒，因此某天没有提醒并不代表没有逾期事项。如需开启，请参阅 apps/api/README.md 中的“Overdue alerts in Teams”。',
    );
  });

  it('more people without a login than the section reads: counted as “at least”, said cut, and more shown on demand', async () => {
    const departments = await bare.call<{ items: { name: string }[] }>(
      'hr@acme.test',
      'GET',
      '/v1/departments',
    );
    const department = departments.body.items[0]?.name ?? '';
    const rows = Array.from(
      { length: 210 },
      (_, i) => `cut${i}@acme.test,Cut Person ${String(i).padStart(3, '0')},${department}`,
    );
    const imported = await bare.fetch('/v1/people/import', {
      method: 'POST',
      headers: {
        Authorization: 'Bearer dev:hr@acme.test',
        'Content-Type': 'text/csv',
        'Idempotency-Key': 'alerts-cut-import',
      },
      body: ['email,name,department', ...rows].join('\n'),
    });
    expect(imported.status).toBe(200);
    let total = 0;
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: unknown[]; nextCursor: string | null } } = await bare.call(
        'hr@acme.test',
        'GET',
        `/v1/alerts/unreachable?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      total += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(total).toBeGreaterThan(210);
    expect(total).toBeLessThanOrEqual(400);

    renderTab(bare, { as: 'hr@acme.test', path: '/teams/dashboard' });
    const section = await screen.findByTestId('dash-alerts');
    expect((await within(section).findByTestId('alerts-unreachable-count')).textContent).toBe(
      'At least 200 people have no linked Entra login, so Teams alerts cannot reach them.',
    );
    const cut = within(section).getByTestId('alerts-unreachable-cut');
    expect(cut.textContent).toContain(
      'Only the first 200 people without a linked Entra login (by person id) are read here: there are more.',
    );
    expect(within(within(section).getByTestId('alerts-unreachable')).getAllByRole('listitem')).toHaveLength(
      200,
    );
    await userEvent.setup().click(within(cut).getByRole('button', { name: 'Show 200 more' }));
    await waitFor(() =>
      expect(within(section).getByTestId('alerts-unreachable-count').textContent).toBe(
        `${total} people have no linked Entra login, so Teams alerts cannot reach them.`,
      ),
    );
    expect(within(section).queryByTestId('alerts-unreachable-cut')).toBeNull();
    expect(within(within(section).getByTestId('alerts-unreachable')).getAllByRole('listitem')).toHaveLength(
      total,
    );
  }, 30_000);
});
