// Scenario 1, in real Chromium against a real API: a plain browser (no Teams host) signs in with the demo picker; an
// employee records a check-in and submits a self-appraisal, her manager appraises her; the API shows all three.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApi, startApi } from '../support/api.ts';
import { type Browser, launchBrowser, screenshot } from '../support/browser.ts';

let api: RunningApi;
let browser: Browser;
let ids: { ava: string; h2: string };

beforeAll(async () => {
  [api, browser] = await Promise.all([startApi(), launchBrowser()]);
  const ava = await api.call<{ id: string }>('ava@acme.test', 'GET', '/v1/people/me');
  const cycles = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/cycles?phase=coach');
  ids = { ava: ava.body.id, h2: cycles.body.items[0]?.id ?? '' };
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('plain browser with demo sign-in', () => {
  it('notices there is no Teams host at once and offers the demo people', async () => {
    const page = await browser.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    const started = Date.now();
    await page.goto(`${api.base}/teams/`);
    await page.getByRole('heading', { name: 'Sign in to Perfloop' }).waitFor();
    // A top-level page cannot be in Teams: teams-js is not even downloaded, so nothing waits for a host.
    expect(scripts.some((u) => u.includes('/assets/index-'))).toBe(true);
    expect(scripts.filter((u) => u.includes('/assets/teams-js-'))).toEqual([]);
    // Far below teams-js's 60-second initialisation timeout: the page never waited for a host.
    expect(Date.now() - started).toBeLessThan(45_000);
    for (const email of ['hr@acme.test', 'sofia@acme.test', 'marcus@acme.test', 'ava@acme.test']) {
      await expect(page.locator(`[data-email="${email}"]`).count()).resolves.toBe(1);
    }
    await screenshot(page, 'signin');
    await page.close();
  });

  it('employee records a check-in and submits a self-appraisal; the manager appraises; the API has them', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.base}/teams/me`);
    await page.locator('[data-email="ava@acme.test"]').click();
    await page.getByTestId('signed-in').filter({ hasText: 'Ava Chen' }).waitFor();
    await page.getByRole('heading', { name: 'My plan' }).waitFor();

    // 1. A progress note with a new actual for a KPI (coach phase).
    const note = 'Closed the Initech pilot; two more renewals are in legal review.';
    await page.getByLabel('Notes').fill(note);
    await page.getByLabel('New actual for “New-business bookings”').fill('281');
    await page.getByRole('button', { name: 'Record progress note' }).click();
    await page.getByText('Progress note recorded.').waitFor();
    await page.getByText(note).waitFor();
    await screenshot(page, 'me-employee-checkin');

    const checkIns = await api.call<{
      items: { notes: string; authorId: string; goalUpdates: { actual: number }[] }[];
    }>('ava@acme.test', 'GET', `/v1/check-ins?cycleId=${ids.h2}&subjectId=${ids.ava}`);
    const mine = checkIns.body.items.find((c) => c.notes === note);
    expect(mine?.authorId).toBe(ids.ava);
    expect(mine?.goalUpdates.map((u) => u.actual)).toEqual([281]);
    const goals = await api.call<{ items: { title: string; actual?: number }[] }>(
      'ava@acme.test',
      'GET',
      `/v1/me/goals?cycleId=${ids.h2}`,
    );
    expect(goals.body.items.find((g) => g.title === 'New-business bookings')?.actual).toBe(281);

    // HR moves the cycle on to appraise (through the API; the phase change is not part of this scenario).
    let moved = await api.call('hr@acme.test', 'POST', `/v1/cycles/${ids.h2}/transitions`, {
      to: 'appraise',
    });
    if (moved.status !== 200) {
      moved = await api.call('hr@acme.test', 'POST', `/v1/cycles/${ids.h2}/transitions`, {
        to: 'appraise',
        override: { reason: 'End-to-end test: appraise the second half now.' },
      });
    }
    expect(moved.status).toBe(200);

    // 2. The self-appraisal.
    await page.reload();
    await page.getByRole('heading', { name: 'Self-appraisal' }).waitFor();
    await page.getByLabel('Rating for “Consultative discovery”').selectOption('4');
    await page.getByLabel('Comment').first().fill('Ran discovery on every new opportunity this half.');
    await page
      .getByLabel('Summary')
      .fill('A strong half: both KPIs are on track and discovery is now a habit.');
    await page.getByRole('button', { name: 'Submit self-appraisal' }).click();
    // Submitting is final: the tab shows what will be submitted and asks to confirm.
    await page
      .getByTestId('review-confirm')
      .getByText('Consultative discovery: 4 · Exceeds expectations')
      .waitFor();
    await page.getByTestId('confirm-submit').click();
    await page.getByText(/^Submitted on /).waitFor();
    await screenshot(page, 'me-employee-self-appraisal');

    const self = await api.call<{
      items: { submittedAt: string | null; ratings: { rating: number }[]; reviewerId: string }[];
    }>('ava@acme.test', 'GET', `/v1/reviews?cycleId=${ids.h2}&subjectId=${ids.ava}&component=self`);
    expect(self.body.items).toHaveLength(1);
    expect(self.body.items[0]?.submittedAt).not.toBeNull();
    expect(self.body.items[0]?.ratings.map((r) => r.rating)).toEqual([4]);

    // 3. Her manager appraises her.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('[data-email="marcus@acme.test"]').click();
    await page.getByTestId('signed-in').filter({ hasText: 'Marcus Lee' }).waitFor();
    await page.getByTestId('nav-team').click();
    await page.getByTestId(`select-${ids.ava}`).click();
    await page.getByRole('heading', { name: 'Manager appraisal of Ava Chen' }).waitFor();
    await page.getByText(/^Self-appraisal: A strong half/).waitFor();
    await page.getByLabel('Rating for “Consultative discovery”').selectOption('5');
    // The highest rating needs written evidence (fair appraisal).
    await page
      .getByLabel('Evidence')
      .fill(
        'Led discovery on all eleven enterprise opportunities; three closed above the plan, documented in the CRM.',
      );
    await page.getByLabel('Summary').fill('Ava keeps raising the bar for discovery on the whole team.');
    await page.getByRole('button', { name: 'Submit appraisal' }).click();
    await page.getByTestId('confirm-submit').click();
    await page.getByTestId('appraisal-submitted').waitFor();
    await screenshot(page, 'team-manager-appraisal');

    const manager = await api.call<{ id: string }>('marcus@acme.test', 'GET', '/v1/people/me');
    const reviews = await api.call<{
      items: {
        submittedAt: string | null;
        reviewerId: string;
        ratings: { rating: number; evidence?: string }[];
      }[];
    }>('hr@acme.test', 'GET', `/v1/reviews?cycleId=${ids.h2}&subjectId=${ids.ava}&component=manager`);
    expect(reviews.body.items).toHaveLength(1);
    expect(reviews.body.items[0]?.reviewerId).toBe(manager.body.id);
    expect(reviews.body.items[0]?.submittedAt).not.toBeNull();
    expect(reviews.body.items[0]?.ratings[0]?.rating).toBe(5);
    expect(reviews.body.items[0]?.ratings[0]?.evidence).toMatch(/eleven enterprise opportunities/);
    expect(browser.errors).toEqual([]);
    await page.close();
  });
});
