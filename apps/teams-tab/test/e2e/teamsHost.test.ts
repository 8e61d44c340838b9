// Scenario 2, in real Chromium: the tab inside a test host page that answers the teams-js protocol. Teams SSO (an
// Entra-shaped token signed by a test key the API trusts through ENTRA_JWKS_URL) signs the right person in; the
// context's theme and locale are applied, theme changes follow; an overdue alert's deep link opens the page it names;
// the channel tab's configuration page saves.

import { type Alert, deepLink } from '@perfloop/api/src/alerts/notification.ts';
import { type KeyServer, startKeyServer } from '@perfloop/api/src/testing/keyServer.ts';
import { createTestKey, signToken, type TestKey } from '@perfloop/api/src/testing/tokens.ts';
import { type HostOptions, type HostState, teamsHostPage } from '@perfloop/fakes';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApi, startApi } from '../support/api.ts';
import { type Browser, launchBrowser, screenshot } from '../support/browser.ts';

const TENANT = '7d3f1c2a-5b6e-4f80-9a1b-2c3d4e5f6a7b';
const CLIENT_ID = '0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b';
const APP_ID_URI = `api://perfloop.test/${CLIENT_ID}`;

let api: RunningApi;
let browser: Browser;
let keys: KeyServer;
let key: TestKey;

beforeAll(async () => {
  keys = await startKeyServer();
  key = await createTestKey('tab-e2e');
  keys.setJwks([key.publicJwk]);
  [api, browser] = await Promise.all([
    startApi({
      env: {
        ENTRA_CLIENT_ID: CLIENT_ID,
        ENTRA_APP_ID_URI: APP_ID_URI,
        ENTRA_ALLOWED_TENANTS: TENANT,
        ENTRA_JWKS_URL: keys.jwksUrl,
      },
    }),
    launchBrowser(),
  ]);
  // HR binds Acme to the Entra tenant: sign-in by UPN only matches people of that organisation.
  const org = await api.call<{ version: number }>('hr@acme.test', 'GET', '/v1/organisation');
  const bound = await api.call(
    'hr@acme.test',
    'PATCH',
    '/v1/organisation',
    { settings: { entraTenantId: TENANT } },
    {
      'If-Match': `"${org.body.version}"`,
    },
  );
  expect(bound.status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await keys?.close();
});

/** An Entra v2 access token for the API, as Teams SSO issues it. */
const entraToken = (email: string, oid: string) =>
  signToken(key, {
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    aud: CLIENT_ID,
    tid: TENANT,
    oid,
    preferred_username: email,
    scp: 'access_as_user',
    ver: '2.0',
  });

/** Opens the host page (same origin as the tab) with these host answers; returns the tab's frame. */
async function openInHost(
  page: Page,
  tabPath: string,
  host: HostOptions,
): Promise<{ tab: FrameLocator; frame: () => Frame }> {
  const hostUrl = `${api.base}/__teams-host-${Math.random().toString(36).slice(2)}.html`;
  await page.route(hostUrl, (route) =>
    route.fulfill({ contentType: 'text/html', body: teamsHostPage({ ...host, tabUrl: tabPath }) }),
  );
  await page.goto(hostUrl);
  return {
    tab: page.frameLocator('#tab'),
    frame: () => {
      const f = page.frames().find((x) => x.url().includes(tabPath.split('?')[0] ?? tabPath));
      if (!f) throw new Error('tab frame missing');
      return f;
    },
  };
}

const hostState = (page: Page) =>
  page.evaluate(() => (window as unknown as { __teamsHost: { state: HostState } }).__teamsHost.state);

/** The computed background of the tab's header (FluentProvider theme tokens), as rgb(). */
const headerBackground = (frame: Frame) =>
  frame.evaluate(() => getComputedStyle(document.querySelector('header') as Element).backgroundColor);

describe('inside Teams (test host)', () => {
  it('signs the right person in with SSO and applies the dark theme and Simplified Chinese from the context', async () => {
    const page = await browser.newPage();
    const bearer: string[] = [];
    const scripts: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/v1/')) bearer.push(req.headers().authorization ?? '');
      if (req.resourceType() === 'script') scripts.push(req.url());
    });
    const token = await entraToken('sofia@acme.test', '00000000-0000-4000-8000-00000000050f');
    const { tab, frame } = await openInHost(page, '/teams/department', {
      frameContext: 'content',
      auth: { token },
      context: {
        userObjectId: '00000000-0000-4000-8000-00000000050f',
        tid: TENANT,
        loginHint: 'sofia@acme.test',
        userPrincipalName: 'sofia@acme.test',
        theme: 'dark',
        locale: 'zh-cn',
        entityId: 'department',
        hostClientType: 'web',
        hostName: 'Teams',
      },
    });
    await tab.getByTestId('signed-in').filter({ hasText: '当前用户：Sofia Martinez' }).waitFor();
    await tab.getByRole('heading', { name: '按四大因素的差距诊断' }).waitFor();
    expect(await frame().evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    // The header's cycle label stays on one line in Chinese (it broke into "考核周 / 期" beside the select).
    const label = tab.getByText('考核周期', { exact: true });
    const lines = await label.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
    expect(await tab.locator('[data-theme]').first().getAttribute('data-theme')).toBe('dark');
    expect(await headerBackground(frame())).toBe('rgb(41, 41, 41)'); // teamsDarkTheme colorNeutralBackground1
    // The themed surface reaches the frame's edges: no white margin of the page around the dark tab.
    const cornerIsThemed = await frame().evaluate(() => {
      const el = document.elementFromPoint(1, 1);
      return el !== null && el !== document.body && el !== document.documentElement;
    });
    expect(cornerIsThemed).toBe(true);
    await screenshot(page, 'teams-department-dark-zh');

    // Framed: teams-js (its own chunk) was loaded to talk to the host.
    expect(scripts.some((u) => u.includes('/assets/teams-js-'))).toBe(true);
    // Every API call carried the Entra token, never a demo sign-in.
    expect(bearer.length).toBeGreaterThan(3);
    expect(bearer.every((h) => h === `Bearer ${token}`)).toBe(true);

    // Teams switches to high contrast: the tab follows without reloading.
    await page.evaluate(() =>
      (window as unknown as { __teamsHost: { themeChange(t: string): void } }).__teamsHost.themeChange(
        'contrast',
      ),
    );
    await tab.locator('[data-theme="contrast"]').first().waitFor();
    expect(await headerBackground(frame())).toBe('rgb(0, 0, 0)');
    await screenshot(page, 'teams-department-contrast-zh');

    const state = await hostState(page);
    expect(state.unknown).toEqual([]);
    const funcs = state.log.map((l) => l.func);
    expect(funcs).toContain('initialize');
    expect(funcs).toContain('getContext');
    expect(funcs).toContain('authentication.getAuthToken');
    expect(funcs).toContain('registerHandler');
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('signs in whoever the token names, in English with the default theme', async () => {
    const page = await browser.newPage();
    const { tab, frame } = await openInHost(page, '/teams/me', {
      frameContext: 'content',
      auth: { token: await entraToken('ava@acme.test', '00000000-0000-4000-8000-0000000000a1') },
      context: { tid: TENANT, loginHint: 'ava@acme.test', theme: 'default', locale: 'en-us', entityId: 'me' },
    });
    await tab.getByTestId('signed-in').filter({ hasText: 'Signed in as Ava Chen' }).waitFor();
    await tab.getByRole('heading', { name: 'My plan' }).waitFor();
    expect(await frame().evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await headerBackground(frame())).toBe('rgb(255, 255, 255)');
    // No demo sign-out inside Teams: the host owns the identity.
    expect(await tab.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await page.close();
  });

  it('says so in plain words when Teams SSO fails, and does not fall back to a demo sign-in', async () => {
    const page = await browser.newPage();
    const { tab } = await openInHost(page, '/teams/me', {
      frameContext: 'content',
      auth: { error: 'resourceRequiresConsent' },
      context: { tid: TENANT, loginHint: 'ava@acme.test', theme: 'default', locale: 'en-us' },
    });
    await tab.getByTestId('problem').filter({ hasText: 'resourceRequiresConsent' }).waitFor();
    expect(await tab.getByText('Demo people').count()).toBe(0);
    await page.close();
  });

  it('framed by a page that is not Teams: gives up on the host after a few seconds (not 60) and offers the demo sign-in', async () => {
    const page = await browser.newPage();
    const url = `${api.base}/__not-teams.html`;
    await page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><html lang="en"><title>Not Teams</title><iframe id="tab" title="tab" src="/teams/me"></iframe></html>',
      }),
    );
    const started = Date.now();
    await page.goto(url);
    await page
      .frameLocator('#tab')
      .getByRole('heading', { name: 'Sign in to Perfloop' })
      .waitFor({ timeout: 45_000 });
    // teams-js alone would wait 60 s before giving up on the host.
    expect(Date.now() - started).toBeLessThan(45_000);
    await page.close();
  });

  it("an overdue alert's deep link opens the tab on the check-in for the report it names", async () => {
    const ava = await api.call<{ id: string }>('ava@acme.test', 'GET', '/v1/people/me');
    const coach = await api.call<{ items: { id: string }[] }>(
      'hr@acme.test',
      'GET',
      '/v1/cycles?phase=coach',
    );
    const cycleId = coach.body.items[0]?.id ?? '';
    // The link the alerts dispatcher sends Marcus (Ava's manager) when her check-in is overdue.
    const alert = {
      recipientId: 'marcus',
      item: { kind: 'check_in_due', cycleId, subjectId: ava.body.id, overdueByDays: 3 },
      cycleName: 'H2',
      subjectName: 'Ava Chen',
    } as Alert;
    const link = new URL(deepLink('app-id', `${api.base}/teams`, alert).webUrl);
    const entityId = link.pathname.split('/').at(-1) ?? '';
    const subEntityId = String(JSON.parse(link.searchParams.get('context') ?? '{}').subEntityId);
    expect([entityId, subEntityId]).toEqual([
      'team',
      `team?cycle=${cycleId}&person=${ava.body.id}#team-checkin`,
    ]);
    // Teams opens the static tab at its content URL and passes the sub-entity in the context.
    const page = await browser.newPage();
    const { tab, frame } = await openInHost(page, '/teams/team', {
      frameContext: 'content',
      auth: { token: await entraToken('marcus@acme.test', '00000000-0000-4000-8000-0000000000b2') },
      context: {
        tid: TENANT,
        loginHint: 'marcus@acme.test',
        theme: 'default',
        locale: 'en-us',
        entityId,
        subEntityId,
      },
    });
    await tab.getByRole('heading', { name: 'Check-in for Ava Chen' }).waitFor();
    const url = new URL(frame().url());
    expect(`${url.pathname}${url.search}${url.hash}`).toBe(`/teams/${subEntityId}`);
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('configuration page: valid once a department is chosen; Save stores the dashboard URL and succeeds', async () => {
    const page = await browser.newPage();
    const { tab } = await openInHost(page, '/teams/config', {
      frameContext: 'settings',
      auth: { token: await entraToken('sofia@acme.test', '00000000-0000-4000-8000-00000000050f') },
      context: {
        tid: TENANT,
        loginHint: 'sofia@acme.test',
        theme: 'default',
        locale: 'en-us',
        teamName: 'Sales',
        channelName: 'General',
      },
    });
    await tab.getByRole('heading', { name: 'Set up the review dashboard' }).waitFor();
    await expect.poll(async () => (await hostState(page)).valid, { timeout: 60_000 }).toBe(true);
    await screenshot(page, 'teams-config');
    await page.evaluate(() => (window as unknown as { __teamsHost: { save(): void } }).__teamsHost.save());
    await expect.poll(async () => (await hostState(page)).saveOutcome, { timeout: 60_000 }).toBe('success');
    const state = await hostState(page);
    const sales = (
      await api.call<{ items: { id: string; name: string }[] }>('hr@acme.test', 'GET', '/v1/departments')
    ).body.items.find((d) => d.name === 'Sales');
    expect(state.settings).toMatchObject({
      entityId: `dashboard-${sales?.id}`,
      contentUrl: `${api.base}/teams/dashboard?department=${sales?.id}`,
      suggestedDisplayName: 'Review dashboard',
    });
    expect(state.unknown).toEqual([]);

    // The saved tab: the dashboard for that department.
    const contentUrl = String(state.settings?.contentUrl).replace(api.base, '');
    const view = await openInHost(page, contentUrl, {
      frameContext: 'content',
      auth: { token: await entraToken('sofia@acme.test', '00000000-0000-4000-8000-00000000050f') },
      context: {
        tid: TENANT,
        loginHint: 'sofia@acme.test',
        theme: 'default',
        locale: 'en-us',
        teamName: 'Sales',
      },
    });
    await view.tab.getByText('Team: Sales').waitFor();
    await view.tab.getByTestId('dash-overdue').waitFor();
    await screenshot(page, 'teams-channel-dashboard');
    expect(browser.errors).toEqual([]);
    await page.close();
  });
});
