// The whole stack of one cycle: the real API as a child process (demo Acme on a temp SQLite file, serving the freshly
// built Teams tab), the Notion fake with the real worker, the Google fakes with the real add-on service, and Chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type FakeNotion,
  type FakeSheets,
  type GoogleTokenIssuer,
  startFakeNotion,
  startFakeSheets,
  startGoogleTokenIssuer,
} from '@perfloop/fakes';
import { type ApiProcess, startApiProcess } from '@perfloop/harness';
import { createNotionSync, loadEnv as loadNotionEnv, type NotionSync } from '@perfloop/notion-sync';
import { type AddonService, CLIENT_ID, startAddonService } from '@perfloop/sheets-addon/testing';
import { type Browser, launchBrowser } from '@perfloop/teams-tab/testing/browser';
import { buildTab } from '@perfloop/teams-tab/testing/build';
import { type Api, apiClient } from './api.ts';
import { NAMES, PEOPLE, type Who } from './people.ts';

export interface Stack {
  api: Api;
  apiProcess: ApiProcess;
  notion: FakeNotion;
  /** The Notion user of each person (they edit pages in Notion as themselves). */
  notionUser: Record<Who, string>;
  sync: NotionSync;
  /** The id of the `sync:notion` key the worker uses (the audit names it). */
  notionKeyId: string;
  sheets: FakeSheets;
  issuer: GoogleTokenIssuer;
  addon: AddonService;
  browser: Browser;
  /** Where screenshots go (the package's git-ignored test-results/). */
  artifacts: string;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const root = await mkdtemp(join(tmpdir(), 'perfloop-e2e-'));
  const tabDir = join(root, 'tab');
  const cleanups: (() => Promise<unknown>)[] = [() => rm(root, { recursive: true, force: true })];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const [issuer, sheets, notion] = await Promise.all([
      startGoogleTokenIssuer(),
      startFakeSheets({ quotaPerMinute: 10_000 }),
      // Notion's rate limit is the worker's concern (its own tests); here it would only slow the cycle down.
      startFakeNotion({ rateLimit: { requestsPerSecond: 0 } }),
    ]);
    cleanups.push(
      () => issuer.close(),
      () => sheets.close(),
      () => notion.close(),
    );
    // The API seeds Acme on its first start while the tab builds.
    const [apiProcess] = await Promise.all([
      startApiProcess(
        { kind: 'sqlite', dataDir: join(root, 'data') },
        {
          env: {
            TEAMS_TAB_DIR: tabDir,
            GOOGLE_ADDON_CLIENT_ID: CLIENT_ID,
            GOOGLE_CERTS_URL: issuer.certsUrl,
          },
        },
      ),
      buildTab(tabDir),
    ]);
    cleanups.push(() => apiProcess.stop());
    const api = apiClient(apiProcess.base);

    // HR creates the integrations' keys, as each README says.
    const notionKey = await api.ok<{ id: string; key: string }>('hr', 'POST', '/v1/api-keys', {
      name: 'Notion sync',
      scopes: ['sync:notion'],
    });
    const addonKey = await api.ok<{ key: string }>('hr', 'POST', '/v1/api-keys', {
      name: 'Google Sheets add-on',
      scopes: ['addon:sheets'],
    });

    const notionUser = Object.fromEntries(
      (Object.keys(PEOPLE) as Who[]).map((who) => [who, notion.addPerson(NAMES[who], PEOPLE[who]).id]),
    ) as Record<Who, string>;
    const parent = notion.createSharedPage('Perfloop');
    const sync = createNotionSync(
      loadNotionEnv({
        NOTION_TOKEN: notion.token,
        NOTION_BASE_URL: notion.url,
        NOTION_PARENT_PAGE_ID: parent.id,
        NOTION_REQUESTS_PER_SECOND: '100',
        NOTION_BURST: '10',
        NOTION_CONCURRENCY: '4',
        PERFLOOP_API_URL: apiProcess.base,
        PERFLOOP_API_KEY: notionKey.key,
        SYNC_INTERVAL_SECONDS: '1',
        LOG_LEVEL: 'warn',
      }),
    );
    sync.worker.start();
    cleanups.push(() => sync.close());

    const addon = await startAddonService({
      apiUrl: apiProcess.base,
      apiKey: addonKey.key,
      issuer,
      sheets,
    });
    cleanups.push(() => addon.close());
    const browser = await launchBrowser();
    cleanups.push(() => browser.close());
    return {
      api,
      apiProcess,
      notion,
      notionUser,
      sync,
      notionKeyId: notionKey.id,
      sheets,
      issuer,
      addon,
      browser,
      artifacts: fileURLToPath(new URL('../test-results/', import.meta.url)),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
