// The Teams tab in Chromium: a fresh page per person (the demo sign-in lives in the page's sessionStorage).
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
