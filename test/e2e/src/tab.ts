// The Teams tab in Chromium: a fresh page per person (the demo sign-in lives in the page's sessionStorage).
import { screenshot } from '@perfloop/teams-tab/testing/browser';
import type { Page } from 'playwright-core';
import { NAMES, PEOPLE, type Who } from './people.ts';
import type { Stack } from './stack.ts';

export type View = 'me' | 'team' | 'calibration' | 'results' | 'department' | 'dashboard';

/** Opens `/teams/<view>?cycle=<id>` in a new page and signs in as `who` with the demo picker. */
export async function openTab(s: Stack, who: Who, view: View, cycleId: string): Promise<Page> {
  const page = await s.browser.newPage();
  await page.goto(`${s.apiProcess.base}/teams/${view}?cycle=${cycleId}`);
  await page.locator(`[data-email="${PEOPLE[who]}"]`).click();
  await page.getByTestId('signed-in').filter({ hasText: NAMES[who] }).waitFor();
  return page;
}

/** The phase badge in the header, e.g. `Phase: Coach`. */
export async function phaseBadge(page: Page): Promise<string> {
  return (await page.getByTestId('phase').textContent()) ?? '';
}

/**
 * After a phase move on the dashboard: waits for the header to show `shown`, or fails at once with the
 * tab's own words when the move was refused (a problem or stale-edit bar), rather than timing out blind.
 */
export async function phaseMovedOrRefused(page: Page, shown: string): Promise<void> {
  const moved = page.getByText(shown);
  const refused = page.getByTestId('dash-phase').locator('[data-testid="problem"], [data-testid="stale"]');
  await moved.or(refused).first().waitFor();
  if (await refused.count()) throw new Error(`the move was refused: ${await refused.first().textContent()}`);
}

/** For a failed step: a screenshot and the visible text of every open page, and the pages' uncaught errors. */
export async function reportOpenPages(s: Stack | undefined, step: string): Promise<void> {
  if (!s) return;
  for (const [i, page] of s.browser.context.pages().entries()) {
    if (page.isClosed()) continue;
    try {
      const path = await screenshot(page, `failed-${step}-${i}`, s.artifacts);
      const text = ((await page.locator('body').textContent({ timeout: 5_000 })) ?? '').slice(0, 3_000);
      process.stderr.write(`open page ${i} (${page.url()}), screenshot ${path}:\n${text}\n\n`);
    } catch (error) {
      process.stderr.write(`open page ${i}: could not capture (${String(error)})\n`);
    }
  }
  if (s.browser.errors.length)
    process.stderr.write(`uncaught page errors:\n${s.browser.errors.join('\n')}\n`);
}
