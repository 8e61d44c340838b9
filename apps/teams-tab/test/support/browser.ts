// Headless Debian Chromium through playwright-core (never a downloaded browser), a fresh profile per launch.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots and other artifacts (git-ignored). */
export const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

export interface Browser {
  context: BrowserContext;
  /** Uncaught errors of any page (a test asserts there are none). */
  errors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(
  options: { locale?: string; bypassCSP?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'perfloop-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: options.locale ?? 'en-US',
    // Only for injecting axe-core; the app's own CSP stays on otherwise.
    bypassCSP: options.bypassCSP ?? false,
  });
  // teams-js fetches its valid-origins list from Microsoft's CDN: offline here, so refuse it at once.
  await context.route('https://res.cdn.office.net/**', (route) => route.abort());
  // Waits are hang guards, not speed checks: the machine is shared with other test suites.
  context.setDefaultTimeout(60_000);
  const errors: string[] = [];
  return {
    context,
    errors,
    async newPage() {
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(error.message));
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as `<dir>/<name>.png` (default this package's test-results/). */
export async function screenshot(page: Page, name: string, dir = ARTIFACTS): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
