// Scenarios 3 and 4, in real Chromium against a real API: an axe-core scan of every view (as the role that uses it, in
// the light, dark and high-contrast themes) with no serious or critical violation, and a screenshot of each view
// saved under test-results/ as an artifact. Every panel is filled: feedback requests asked and received, next-cycle
// drafts accepted (2026 H1) and open (2026 H2 taken to improve at the end), the new-cycle form, and the plan phase of
// 2027 H1 (the plan editor with its goal form open, the employee's plan).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApi, startApi } from '../support/api.ts';
import { scan } from '../support/axe.ts';
import { type Browser, launchBrowser, screenshot } from '../support/browser.ts';

/** A Teams tab's pane on a laptop (the app bar and the window's edges taken off): the views must fit it. */
const TEAMS_PANE = { width: 900, height: 900 };

let api: RunningApi;
let browser: Browser;
let cycles: { h1: string; h2: string; next: string };
let ava: string;

beforeAll(async () => {
  [api, browser] = await Promise.all([startApi(), launchBrowser({ bypassCSP: true, viewport: TEAMS_PANE })]);
  const list = await api.call<{ items: { id: string; phase: string }[] }>(
    'hr@acme.test',
    'GET',
    '/v1/cycles',
  );
  cycles = {
    h1: list.body.items.find((c) => c.phase === 'closed')?.id ?? '',
    h2: list.body.items.find((c) => c.phase === 'coach')?.id ?? '',
    next: '',
  };
  ava = (await api.call<{ id: string }>('ava@acme.test', 'GET', '/v1/people/me')).body.id;
  const person = async (email: string) =>
    (await api.call<{ id: string }>(email, 'GET', '/v1/people/me')).body.id;
  const [ben, chloe] = await Promise.all([person('ben@acme.test'), person('chloe@acme.test')]);
  // Ava has asked Chloe for feedback, and Marcus has asked Ava about Ben: both panels of Me have a request to show.
  for (const [as, subjectId, reviewerId] of [
    ['ava@acme.test', ava, chloe],
    ['marcus@acme.test', ben, ava],
  ] as const) {
    const asked = await api.call(as, 'POST', '/v1/feedback-requests', {
      cycleId: cycles.h2,
      subjectId,
      reviewerId,
      component: 'peer',
      message: 'How is it to work together?',
    });
    expect(asked.status).toBe(201);
  }
});

/** Moves 2026 H2 on as HR (with an override where a guard holds it). */
async function moveH2(to: string): Promise<void> {
  let res = await api.call('hr@acme.test', 'POST', `/v1/cycles/${cycles.h2}/transitions`, { to });
  if (res.status !== 200) {
    res = await api.call('hr@acme.test', 'POST', `/v1/cycles/${cycles.h2}/transitions`, {
      to,
      override: { reason: 'Accessibility scan: move on regardless of the guards.' },
    });
  }
  expect(res.status).toBe(200);
}
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** Opens a view signed in as `email` (demo sign-in kept for the tab session) and waits for it to settle. */
async function open(page: Page, email: string, path: string, ready: string): Promise<void> {
  await page.goto(`${api.base}/teams/`);
  await page.evaluate((e) => sessionStorage.setItem('perfloop.demoEmail', e), email);
  await page.goto(`${api.base}${path}`);
  await page.getByTestId('signed-in').waitFor();
  await page.getByRole('heading', { name: ready }).first().waitFor();
  // Every section has loaded: no spinner left.
  await page.waitForFunction(
    () => document.querySelectorAll('[role="progressbar"].fui-Spinner, .fui-Spinner').length === 0,
  );
}

const views: {
  name: string;
  email: string;
  path: () => string;
  ready: string;
  select?: () => string;
  /** After the view settled (and the person was selected): opens what is scanned beyond the first screen. */
  interact?: (page: Page) => Promise<void>;
  /** Brings the data into the state the view shows (runs right before it; views run in order). */
  prepare?: () => Promise<void>;
}[] = [
  {
    name: 'me-coach',
    email: 'ava@acme.test',
    path: () => `/teams/me?cycle=${cycles.h2}`,
    ready: 'My check-ins',
  },
  {
    name: 'me-coach-zh',
    email: 'ava@acme.test',
    path: () => `/teams/me?cycle=${cycles.h2}&locale=zh-cn`,
    ready: '我的辅导记录',
  },
  {
    name: 'me-manager',
    email: 'marcus@acme.test',
    path: () => `/teams/me?cycle=${cycles.h2}`,
    ready: 'My check-ins',
  },
  {
    name: 'me-result-zh',
    email: 'ava@acme.test',
    path: () => `/teams/me?cycle=${cycles.h1}&locale=zh-cn`,
    ready: '我的考核结果',
  },
  {
    name: 'me-result',
    email: 'ava@acme.test',
    path: () => `/teams/me?cycle=${cycles.h1}`,
    ready: 'My result',
  },
  {
    name: 'me-dark',
    email: 'ava@acme.test',
    path: () => `/teams/me?cycle=${cycles.h2}&theme=dark`,
    ready: 'My plan',
  },
  {
    name: 'team',
    email: 'marcus@acme.test',
    path: () => `/teams/team?cycle=${cycles.h2}`,
    ready: 'Coaching timeliness',
    select: () => `select-${ava}`,
  },
  {
    name: 'team-h1-feedback',
    email: 'marcus@acme.test',
    path: () => `/teams/team?cycle=${cycles.h1}`,
    ready: 'Coaching timeliness',
    select: () => `select-${ava}`,
  },
  {
    name: 'team-zh',
    email: 'marcus@acme.test',
    path: () => `/teams/team?cycle=${cycles.h2}&locale=zh-cn`,
    ready: '辅导及时性',
    select: () => `select-${ava}`,
  },
  {
    name: 'team-head',
    email: 'sofia@acme.test',
    path: () => `/teams/team?cycle=${cycles.h2}`,
    ready: 'Coaching timeliness',
  },
  {
    name: 'calibration-zh',
    email: 'hr@acme.test',
    path: () => `/teams/calibration?cycle=${cycles.h1}&locale=zh-cn`,
    ready: '评级分布与指导比例对比',
  },
  {
    name: 'calibration',
    email: 'hr@acme.test',
    path: () => `/teams/calibration?cycle=${cycles.h1}`,
    ready: 'Rating distribution against the guideline',
  },
  {
    name: 'calibration-contrast',
    email: 'hr@acme.test',
    path: () => `/teams/calibration?cycle=${cycles.h1}&theme=contrast`,
    ready: '9-box: performance × potential',
  },
  {
    name: 'results',
    email: 'hr@acme.test',
    path: () => `/teams/results?cycle=${cycles.h1}`,
    ready: 'Results',
    // Under the closed 2026 H1 the new-cycle form is folded away: unfolded, so it is scanned too.
    interact: async (page) => {
      await page.getByRole('button', { name: 'Open a new cycle…' }).click();
      await page.getByTestId('results-new-cycle').getByLabel('Policy', { exact: true }).waitFor();
    },
  },
  {
    name: 'results-zh',
    email: 'hr@acme.test',
    path: () => `/teams/results?cycle=${cycles.h1}&locale=zh-cn`,
    ready: '结果应用',
    interact: async (page) => {
      await page.getByRole('button', { name: '开启新的考核周期…' }).click();
      await page.getByTestId('results-new-cycle').getByRole('combobox').first().waitFor();
    },
  },
  {
    name: 'department-zh',
    email: 'sofia@acme.test',
    path: () => `/teams/department?cycle=${cycles.h1}&locale=zh-cn`,
    ready: '按四大因素的差距诊断',
  },
  {
    name: 'department',
    email: 'sofia@acme.test',
    path: () => `/teams/department?cycle=${cycles.h1}`,
    ready: 'Gap diagnosis by the four factors',
  },
  {
    name: 'department-dark',
    email: 'hr@acme.test',
    path: () => `/teams/department?cycle=${cycles.h1}&theme=dark`,
    ready: 'Alignment coverage',
  },
  {
    name: 'dashboard',
    email: 'elena@acme.test',
    path: () => `/teams/dashboard?cycle=${cycles.h2}`,
    ready: 'Review dashboard',
  },
  {
    name: 'dashboard-hr',
    email: 'hr@acme.test',
    path: () => `/teams/dashboard?cycle=${cycles.h2}`,
    ready: 'Teams alerts',
  },
  {
    // The phase move's confirmation (what it ends and starts, what is still open): opened, scanned, never confirmed.
    name: 'dashboard-hr-move-dialog',
    email: 'hr@acme.test',
    path: () => `/teams/dashboard?cycle=${cycles.h2}`,
    ready: 'Teams alerts',
    interact: openPhaseMove(
      /^Move to /,
      'Accessibility scan: the dialog is opened and scanned, never confirmed.',
    ),
  },
  {
    name: 'dashboard-hr-move-dialog-zh',
    email: 'hr@acme.test',
    path: () => `/teams/dashboard?cycle=${cycles.h2}&locale=zh-cn&theme=dark`,
    ready: 'Teams 提醒',
    interact: openPhaseMove(/^进入/, '无障碍扫描：只打开并扫描确认对话框，从不确认阶段变更。'),
  },
  {
    name: 'dashboard-zh',
    email: 'elena@acme.test',
    path: () => `/teams/dashboard?cycle=${cycles.h2}&locale=zh-cn`,
    ready: '考核看板',
  },
  {
    name: 'config',
    email: 'sofia@acme.test',
    path: () => '/teams/config',
    ready: 'Set up the review dashboard',
  },
  // From here on 2026 H2 moves on: the feedback answer form (appraise), then open next-cycle drafts (improve).
  {
    name: 'me-feedback-answer',
    email: 'ava@acme.test',
    path: () => `/teams/me?cycle=${cycles.h2}`,
    ready: 'Feedback requests to you',
    prepare: () => moveH2('appraise'),
  },
  {
    name: 'me-feedback-answer-zh',
    email: 'ava@acme.test',
    path: () => `/teams/me?cycle=${cycles.h2}&locale=zh-cn`,
    ready: '邀请您给出的反馈',
  },
  {
    name: 'me-feedback-answer-contrast',
    email: 'ava@acme.test',
    path: () => `/teams/me?cycle=${cycles.h2}&theme=contrast`,
    ready: 'Feedback requests to you',
  },
  {
    // The self-appraisal's confirmation (what will be submitted, that it is final): scanned, never submitted.
    name: 'me-self-confirm-dialog',
    email: 'ava@acme.test',
    path: () => `/teams/me?cycle=${cycles.h2}`,
    ready: 'Self-appraisal',
    interact: async (page) => {
      const self = page.getByTestId('me-self');
      // The middle level of each competency goal (the first option is the empty one): no evidence is asked for it.
      for (const select of await self.getByRole('combobox').all()) {
        const count = await select.locator('option').count();
        await select.selectOption({ index: Math.ceil((count - 1) / 2) });
      }
      await self.getByRole('textbox', { name: 'Summary' }).fill('Fine.');
      await self.getByRole('button', { name: 'Submit self-appraisal' }).click();
      await page.getByTestId('review-confirm').getByText('Fine.').waitFor();
    },
  },
  {
    name: 'team-improve',
    email: 'marcus@acme.test',
    path: () => `/teams/team?cycle=${cycles.h2}`,
    ready: 'Next-cycle improvement',
    // Ava's panel in improve: her KPI shortfall with the gap attribution form.
    select: () => `select-${ava}`,
    prepare: async () => {
      const policies = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
      const next = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
        name: '2027 H1',
        policyId: policies.body.items[0]?.id,
        startsOn: '2027-01-01',
        endsOn: '2027-06-30',
      });
      expect(next.status).toBe(201);
      cycles.next = next.body.id;
      for (const to of ['calibrate', 'feedback', 'apply', 'improve']) await moveH2(to);
      const drafted = await api.call<{ items: unknown[] }>(
        'marcus@acme.test',
        'POST',
        `/v1/cycles/${cycles.h2}/next-cycle-drafts`,
        { toCycleId: next.body.id },
      );
      expect(drafted.status).toBe(201);
      expect(drafted.body.items.length).toBeGreaterThan(0);
    },
  },
  {
    name: 'team-improve-dark-zh',
    email: 'marcus@acme.test',
    path: () => `/teams/team?cycle=${cycles.h2}&theme=dark&locale=zh-cn`,
    ready: '下一周期改进',
    select: () => `select-${ava}`,
  },
  // 2027 H1, opened above, is in plan: the plan editor with its goal form open, and the employee's side of the plan.
  {
    name: 'team-plan',
    email: 'marcus@acme.test',
    path: () => `/teams/team?cycle=${cycles.next}`,
    ready: 'Coaching timeliness',
    select: () => `select-${ava}`,
    interact: openGoalForm,
  },
  {
    name: 'team-plan-contrast-zh',
    email: 'marcus@acme.test',
    path: () => `/teams/team?cycle=${cycles.next}&theme=contrast&locale=zh-cn`,
    ready: '辅导及时性',
    select: () => `select-${ava}`,
    interact: openGoalForm,
  },
  {
    name: 'me-plan',
    email: 'ava@acme.test',
    path: () => `/teams/me?cycle=${cycles.next}`,
    ready: 'My plan',
  },
  {
    name: 'me-plan-zh',
    email: 'ava@acme.test',
    path: () => `/teams/me?cycle=${cycles.next}&locale=zh-cn`,
    ready: '我的绩效计划',
  },
];

/** Opens the dashboard's phase-move confirmation (an override reason first, when a guard holds the move). */
function openPhaseMove(button: RegExp, reason: string): (page: Page) => Promise<void> {
  return async (page) => {
    const phase = page.getByTestId('dash-phase');
    const override = phase.getByRole('textbox');
    if ((await override.count()) > 0) await override.fill(reason);
    await phase.getByRole('button', { name: button }).click();
    await page.getByRole('alertdialog').waitFor();
  };
}

/** Opens the plan editor's form for a new goal (its title field shows it is there). */
async function openGoalForm(page: Page): Promise<void> {
  const checkIn = page.getByTestId('team-checkin');
  await checkIn.getByRole('button', { name: /^(Add a goal|新增目标)$/ }).click();
  await checkIn.getByRole('textbox', { name: /^(Title|标题)/ }).waitFor();
}

describe('accessibility (axe-core) and screenshots of every view', () => {
  it('sign-in page', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.base}/teams/`);
    await page.getByRole('heading', { name: 'Sign in to Perfloop' }).waitFor();
    const serious = (await scan(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    await screenshot(page, 'view-signin');
    expect(serious).toEqual([]);
    await page.close();
  });

  for (const view of views) {
    it(view.name, async () => {
      await view.prepare?.();
      const page = await browser.newPage();
      await open(page, view.email, view.path(), view.ready);
      if (view.select) {
        await page.getByTestId(view.select()).click();
        await page.getByTestId('team-appraisal').waitFor();
        await page.waitForFunction(() => document.querySelectorAll('.fui-Spinner').length === 0);
      }
      await view.interact?.(page);
      const violations = await scan(page);
      await screenshot(page, `view-${view.name}`);
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        serious.map(
          (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        ),
      ).toEqual([]);
      await page.close();
    });
  }

  it('leaves out only the Tabster dummies themselves: a real aria-hidden-focus violation is still reported', async () => {
    const page = await browser.newPage();
    await open(page, 'ava@acme.test', `/teams/me?cycle=${cycles.h2}`, 'My plan');
    // The shell's TabList has its Tabster dummies, and stock axe flags them.
    expect(await page.locator('[data-tabster-dummy]').count()).toBeGreaterThan(0);
    const stock = (await scan(page, { raw: true })).find((v) => v.id === 'aria-hidden-focus');
    expect(stock?.nodes.some((n) => n.html.includes('data-tabster-dummy'))).toBe(true);
    expect((await scan(page)).find((v) => v.id === 'aria-hidden-focus')).toBeUndefined();

    // Plant two real violations: a hidden region with a focusable button, and a hidden element that merely contains
    // a Tabster dummy (it is not one itself, so it is not excused).
    await page.evaluate(() => {
      const main = document.querySelector('main');
      if (!main) throw new Error('no main');
      main.insertAdjacentHTML(
        'beforeend',
        '<div id="planted-button" aria-hidden="true"><button type="button">Hidden but focusable</button></div>' +
          '<div id="planted-around-dummy" aria-hidden="true"><i data-tabster-dummy="" tabindex="0"></i></div>',
      );
    });
    const found = (await scan(page)).find((v) => v.id === 'aria-hidden-focus');
    expect(found?.impact).toBe('serious');
    expect(found?.nodes.map((n) => n.target.join(' ')).sort()).toEqual([
      '#planted-around-dummy',
      '#planted-button',
    ]);
    await page.close();
  });

  it('raised no page errors', () => {
    expect(browser.errors).toEqual([]);
  });
});
