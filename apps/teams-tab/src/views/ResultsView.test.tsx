// @vitest-environment happy-dom
// Results (HR): applied results with bonus pool and merit budget use against what their apply split (warning only when
// more was paid than that; target bonuses for reference, never a limit), promotions and improvement plans; in the
// apply phase a preview against the pool and budget, then apply; amounts in the organisation's currency (Acme: EUR) in
// the tab's locale, plain without one; opening a new cycle from a policy (dates in the wrong order refused with the
// field named); non-HR people are told it is not for them.

import { SYSTEM_ACTOR } from '@perfloop/api/src/bootstrap.ts';
import { createWrite } from '@perfloop/api/src/kit/write.ts';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { typeDay } from '../../test/support/days.ts';
import {
  demoCycles,
  demoPersonId,
  type InProcessApi,
  inProcessApi,
  moveCycle,
} from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

let api: InProcessApi;
let h1: string;
let h2: string;
let ava: string;

type ResultJson = {
  personId: string;
  bonus: { amountCents: number } | null;
  merit: { amountCents: number } | null;
  currency: string | null;
};

/** What HR reads of a cycle's applied results: bonuses and merit paid, and the target bonuses. */
async function paidOf(cycleId: string): Promise<{ paid: number; merit: number; targets: number }> {
  const results = await api.call<{ items: ResultJson[] }>(
    'hr@acme.test',
    'GET',
    `/v1/cycles/${cycleId}/results?limit=100`,
  );
  const comp = await api.call<{ items: { targetBonusCents: number }[] }>(
    'hr@acme.test',
    'GET',
    `/v1/cycles/${cycleId}/compensation?limit=100`,
  );
  return {
    paid: results.body.items.reduce((sum, r) => sum + (r.bonus?.amountCents ?? 0), 0),
    merit: results.body.items.reduce((sum, r) => sum + (r.merit?.amountCents ?? 0), 0),
    targets: comp.body.items.reduce((sum, c) => sum + c.targetBonusCents, 0),
  };
}

/** Rewrites the stored data of a cycle's results straight in the store (what the API itself would never write). */
async function rewriteResults(
  cycleId: string,
  edit: (data: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  const org = await api.call<{ id: string }>('hr@acme.test', 'GET', '/v1/organisation');
  const orgId = org.body.id;
  const { records } = await api.store.resources('results').list(orgId, { cycleId, limit: 1000 });
  await api.store.transaction(orgId, async (tx) => {
    const w = createWrite(tx, SYSTEM_ACTOR);
    for (const r of records)
      await w.update('results', r.id, { expectedVersion: r.version, data: edit(r.data) as typeof r.data });
  });
}

/** The meter whose label starts with `label` in a section: its accessible text and whether it shows over budget. */
function meterOf(section: HTMLElement, label: string): { text: string; over: string | null } {
  const bar = within(section)
    .getAllByRole('progressbar')
    .find((b) => b.getAttribute('aria-label')?.startsWith(label));
  if (!bar) throw new Error(`no meter ${label}`);
  return {
    text: bar.getAttribute('aria-label') ?? '',
    over: bar.closest('[data-over]')?.getAttribute('data-over') ?? null,
  };
}

/** HR sets the organisation's currency (null: none). */
async function setCurrency(currency: string | null): Promise<void> {
  const org = await api.call<{ version: number }>('hr@acme.test', 'GET', '/v1/organisation');
  const res = await api.call(
    'hr@acme.test',
    'PATCH',
    '/v1/organisation',
    { settings: { currency } },
    {
      'If-Match': `"${org.body.version}"`,
    },
  );
  if (res.status !== 200) throw new Error(`currency: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Ava's applied H1 bonus (cents), straight from the API. */
async function avaBonusCents(): Promise<number> {
  const res = await api.call<{ items: ResultJson[] }>('ava@acme.test', 'GET', '/v1/me/results', undefined);
  const cents = res.body.items.find((r) => r.personId === ava)?.bonus?.amountCents;
  if (cents === undefined) throw new Error('Ava has no bonus');
  return cents;
}

/** Cents as a plain English amount with cents (independent of the tab's helper). */
const plain = (cents: number) =>
  (cents / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The person's row of the applied results table and its bonus cell. */
async function bonusCellOf(name: string, tableName: string): Promise<string> {
  const applied = await screen.findByTestId('results-applied');
  const table = await within(applied).findByRole('table', { name: tableName });
  const row = within(table)
    .getAllByRole('row')
    .find((r) => r.textContent?.includes(name));
  if (!row) throw new Error(`no row for ${name}`);
  return within(row).getAllByRole('cell')[3]?.textContent ?? '';
}

/** Under a closed cycle the new-cycle form is folded away: unfolds it and returns its section. */
async function unfoldNewCycle(user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> {
  const folded = await screen.findByTestId('results-new-cycle-folded');
  expect(within(folded).queryByRole('textbox')).toBeNull();
  await user.click(within(folded).getByRole('button', { name: 'Open a new cycle…' }));
  return screen.findByTestId('results-new-cycle');
}

beforeAll(async () => {
  api = await inProcessApi();
  ({ h1, h2 } = await demoCycles(api));
  ava = await demoPersonId(api, 'ava');
});
afterEach(cleanup);
afterAll(() => api.close());

describe('Results view', () => {
  it('closed cycle: bonus pool use against the pool applied, not the target bonuses, and every person’s result', async () => {
    const { paid, merit, targets } = await paidOf(h1);
    // The demo's pool (€150,000) is larger than the target bonuses, and the policy pays more than them: no warning.
    expect(paid).toBeGreaterThan(targets);
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}` });
    const applied = await screen.findByTestId('results-applied');
    await within(applied).findByText('Bonus pool use against budget');
    const table = within(applied).getByRole('table', { name: 'People' });
    const rows = within(table).getAllByRole('row');
    expect(rows.length).toBe(16); // header + 15 people
    const ava = rows.find((r) => r.textContent?.includes('Ava Chen'));
    expect(ava?.textContent).toContain('5 · Outstanding');
    expect(ava?.textContent).toContain('Nominated');
    // Acme's amounts are in euros: the bonus and the pool use show €.
    expect(await bonusCellOf('Ava Chen', 'People')).toBe(`€${plain(await avaBonusCents())}`);
    expect(meterOf(applied, 'Bonus pool use against budget')).toEqual({
      text: `Bonus pool use against budget: €${plain(paid)} of €150,000.00 · €${plain(15_000_000 - paid)} remaining`,
      over: 'false',
    });
    expect(meterOf(applied, 'Merit budget use against budget')).toEqual({
      text: `Merit budget use against budget: €${plain(merit)} of €40,000.00 · €${plain(4_000_000 - merit)} remaining`,
      over: 'false',
    });
    expect(applied.textContent).toContain(`Bonus paid: €${plain(paid)} · Target bonuses: €${plain(targets)}`);
    expect(within(applied).queryByText(/exceed/)).toBeNull();
    // A closed cycle shows no form it cannot use: nothing to apply, and opening the next cycle folded away.
    expect(screen.queryByTestId('results-apply')).toBeNull();
    expect(screen.queryByTestId('results-new-cycle')).toBeNull();
    expect(within(screen.getByTestId('results-new-cycle-folded')).getByRole('button').textContent).toBe(
      'Open a new cycle…',
    );
    // Every person's row names their department; the rows go by department, then name.
    const departments = rows.slice(1).map((r) => within(r).getAllByRole('cell')[1]?.textContent ?? '');
    expect(departments).toEqual([...departments].sort((a, b) => a.localeCompare(b, 'en')));
    expect(ava?.textContent).toContain('Sales');
    cleanup();

    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}&locale=zh-cn` });
    const zh = await screen.findByTestId('results-applied');
    await within(zh).findByText('奖金池使用情况（对照预算）');
    expect(meterOf(zh, '奖金池使用情况（对照预算）')).toEqual({
      text: `奖金池使用情况（对照预算）：€${plain(paid)} / €150,000.00 · 剩余 €${plain(15_000_000 - paid)}`,
      over: 'false',
    });
    expect(zh.textContent).toContain(`实发奖金：€${plain(paid)} · 目标奖金合计：€${plain(targets)}`);
    // Each rating by the policy's Chinese label, never the English one.
    const zhRows = within(within(zh).getByRole('table', { name: '人员' })).getAllByRole('row');
    expect(zhRows.find((r) => r.textContent?.includes('Ava Chen'))?.textContent).toContain('5 · 卓越');
    expect(zh.textContent).not.toMatch(/Outstanding|Meets expectations|Exceeds expectations/);
  });

  it('warns only when more was paid than the pool applied; results applied before the pool was kept say so', async () => {
    const { paid } = await paidOf(h1);
    type Stored = { budget: { bonus: { poolCents: number } } };
    let original: Stored['budget'] | undefined;
    // A pool €100 below what was paid (core never allocates so: a record edited behind the API's back).
    await rewriteResults(h1, (data) => {
      original = (data as Stored).budget;
      return { ...data, budget: { ...original, bonus: { ...original.bonus, poolCents: paid - 10_000 } } };
    });
    try {
      renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}` });
      const applied = await screen.findByTestId('results-applied');
      await within(applied).findByText('Bonus pool use against budget');
      expect(meterOf(applied, 'Bonus pool use against budget')).toEqual({
        text: `Bonus pool use against budget: €${plain(paid)} of €${plain(paid - 10_000)} · €100.00 over`,
        over: 'true',
      });
      expect(
        within(applied).getByText('Bonuses paid exceed the bonus pool applied by €100.00.'),
      ).toBeTruthy();
      expect(meterOf(applied, 'Merit budget use against budget').over).toBe('false');
      cleanup();

      await rewriteResults(h1, ({ budget: _budget, ...data }) => data);
      renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}&locale=zh-cn` });
      const older = await screen.findByTestId('results-applied');
      await within(older).findByText(/^本次应用所用的奖金池和调薪预算未被记录/);
      // No pool to compare with: no meter, no warning, paid and target bonuses for reference.
      expect(within(older).queryAllByRole('progressbar')).toEqual([]);
      expect(older.textContent).toContain(`实发奖金：€${plain(paid)}`);
    } finally {
      await rewriteResults(h1, (data) => ({ ...data, budget: original }));
    }
  });

  it('apply phase: preview against the pool and the merit budget, then apply', async () => {
    for (const phase of ['appraise', 'calibrate', 'feedback', 'apply']) await moveCycle(api, h2, phase);
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h2}` });
    const apply = await screen.findByTestId('results-apply');
    // Both amounts are typed in euros: the fields show the symbol.
    expect(await within(apply).findAllByText('€')).toHaveLength(2);
    const preview = within(apply).getByRole('button', { name: 'Preview' });
    const blocked = () => {
      const why = within(apply).getByTestId('results-apply-blocked');
      return [
        why.firstElementChild?.textContent,
        ...within(why)
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      ];
    };
    // Why Preview is disabled is said at once, and as typed: not only once a field is left.
    expect(preview).toHaveProperty('disabled', true);
    expect(blocked()).toEqual([
      'Preview needs both amounts:',
      'Enter the bonus pool.',
      'Enter the merit budget.',
    ]);
    const pool = await within(apply).findByLabelText('Bonus pool');
    const budget = within(apply).getByLabelText('Merit budget');
    await user.type(pool, '-1000');
    await user.type(budget, 'lots');
    // The merit budget still has the focus (clicking the disabled Preview would not take it away).
    expect(document.activeElement).toBe(budget);
    expect(blocked()).toEqual([
      'Preview needs both amounts:',
      'The bonus pool cannot be negative.',
      'The merit budget is not a number.',
    ]);
    expect(preview).toHaveProperty('disabled', true);
    // Once left, each field says what is wrong with it too.
    await user.tab();
    const fieldMessages = [...apply.querySelectorAll('.fui-Field__validationMessage')].map(
      (m) => m.textContent,
    );
    expect(fieldMessages).toHaveLength(2);
    expect(fieldMessages[0]).toBe('The bonus pool cannot be negative.');
    expect(fieldMessages[1]).toMatch(/^Not a number: type it like 1,234\.5/);
    expect(pool.getAttribute('aria-invalid')).toBe('true');
    await user.clear(pool);
    await user.type(pool, '100000');
    await user.clear(budget);
    await user.type(budget, '50000');
    expect(within(apply).queryByTestId('results-apply-blocked')).toBeNull();
    await user.click(preview);
    await within(apply).findByText('Bonus pool use');
    expect(within(apply).getByText(/^€[\d,]+\.\d\d of €100,000\.00$/)).toBeTruthy();
    expect(within(apply).getByText(/^€[\d,]+\.\d\d of €50,000\.00$/)).toBeTruthy();
    // Who gets what before anything is applied: one row per person, as the preview computed them.
    const expected = await api.call<{ people: ResultJson[] }>(
      'hr@acme.test',
      'POST',
      `/v1/cycles/${h2}/results/preview`,
      { poolCents: 10_000_000, meritBudgetCents: 5_000_000 },
    );
    const table = within(apply).getByRole('table', {
      name: 'Who gets what (preview: nothing is applied yet)',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(expected.body.people.length);
    const avaRow = rows.find((r) => r.textContent?.includes('Ava Chen'));
    const avaPreview = expected.body.people.find((p) => p.personId === ava);
    expect(within(avaRow as HTMLElement).getAllByRole('cell')[3]?.textContent).toBe(
      avaPreview?.bonus ? `€${plain(avaPreview.bonus.amountCents)}` : '—',
    );
    const departments = rows.map((r) => within(r).getAllByRole('cell')[1]?.textContent ?? '');
    expect(departments).toEqual([...departments].sort((a, b) => a.localeCompare(b, 'en')));
    expect(await paidOf(h2)).toMatchObject({ paid: 0, merit: 0 });
    await user.click(within(apply).getByRole('button', { name: 'Apply results' }));
    await within(apply).findByText('Results applied.');
    const stored = await api.call<{ items: unknown[] }>('hr@acme.test', 'GET', `/v1/cycles/${h2}/results`);
    expect(stored.body.items.length).toBeGreaterThan(0);
    const applied = await screen.findByTestId('results-applied');
    await within(applied).findByRole('table', { name: 'People' });
    // Once applied, the pool and budget typed are what the paid amounts are measured against.
    expect(meterOf(applied, 'Bonus pool use against budget').text).toMatch(
      /^Bonus pool use against budget: €[\d,]+\.\d\d of €100,000\.00 · €[\d,]+\.\d\d remaining$/,
    );
    expect(meterOf(applied, 'Merit budget use against budget').text).toMatch(/ of €50,000\.00 · /);
  });

  it('in Chinese: the preview’s warnings and the applied improvement plans said from their fields', async () => {
    // h2 is in the apply phase since the previous test (results applied; a new preview is still possible).
    const user = userEvent.setup();
    type Preview = { policyName: string; warnings: { code: string; message: string; personIds: string[] }[] };
    const previewed = await api.call<Preview>('hr@acme.test', 'POST', `/v1/cycles/${h2}/results/preview`, {
      poolCents: 10_000_000,
      meritBudgetCents: 5_000_000,
    });
    expect(previewed.body.warnings.length).toBeGreaterThan(0);
    const zh: Record<string, (n: number) => string> = {
      not_rated: (n) => `本周期有 ${n} 人没有最终评级（没有可计分的内容），不会得到结果。`,
      compensation_missing: (n) => `${n} 名已评级人员没有薪酬数据：不为他们计算奖金和调薪。`,
      potential_missing: (n) => `${n} 名已评级人员没有潜力评估：不为他们作出晋升决定。`,
      months_in_role_unknown: (n) => `${n} 人的任职月数未知：考虑晋升时未检查任职月数这一条件。`,
    };
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h2}&locale=zh-cn` });
    const apply = await screen.findByTestId('results-apply');
    await user.type(await within(apply).findByLabelText('奖金池'), '100000');
    await user.type(within(apply).getByLabelText('调薪预算'), '50000');
    await user.click(within(apply).getByRole('button', { name: '预览' }));
    const warnings = await within(apply).findByText('提醒');
    const items = within(warnings.parentElement as HTMLElement)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual(previewed.body.warnings.map((w) => zh[w.code]?.(w.personIds.length)));
    for (const w of previewed.body.warnings) expect(apply.textContent).not.toContain(w.message);
    cleanup();

    // The closed cycle's applied plans (Chloe and Noah, rated 2): the reason in Chinese, never the API's English.
    type Applied = { items: { personId: string; improvementPlan: { reason: string } | null }[] };
    const results = await api.call<Applied>('hr@acme.test', 'GET', `/v1/cycles/${h1}/results?limit=100`);
    const plans = results.body.items.flatMap((r) => (r.improvementPlan ? [r.improvementPlan.reason] : []));
    expect(plans).toHaveLength(2);
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}&locale=zh-cn` });
    const applied = await screen.findByTestId('results-applied');
    const table = await within(applied).findByRole('table', { name: '人员' });
    const chloe = within(table)
      .getAllByRole('row')
      .find((r) => r.textContent?.includes('Chloe'));
    expect(within(chloe as HTMLElement).getAllByRole('cell')[6]?.textContent).toMatch(
      /^评级 2 不高于 2：启动为期 90 天的改进计划。重点：.+。$/,
    );
    for (const reason of plans) expect(table.textContent).not.toContain(reason);
    cleanup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}` });
    const english = await within(await screen.findByTestId('results-applied')).findByRole('table', {
      name: 'People',
    });
    for (const reason of plans) expect(english.textContent).toContain(reason);
  });

  it('an organisation without a currency: plain amounts, no symbol anywhere', async () => {
    await setCurrency(null);
    try {
      renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}` });
      expect(await bonusCellOf('Ava Chen', 'People')).toBe(plain(await avaBonusCents()));
      const applied = screen.getByTestId('results-applied');
      expect(meterOf(applied, 'Bonus pool use against budget').text).toMatch(
        /^Bonus pool use against budget: [\d,]+\.\d\d of 150,000\.00 · [\d,]+\.\d\d remaining$/,
      );
      expect(applied.textContent).not.toMatch(/[€$¥]/);
    } finally {
      await setCurrency('EUR');
    }
  });

  it('formats the currency in the tab’s locale: CNY in Chinese is ¥ (CN¥ in English)', async () => {
    await setCurrency('CNY');
    try {
      renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}&locale=zh-cn` });
      expect(await bonusCellOf('Ava Chen', '人员')).toBe(`¥${plain(await avaBonusCents())}`);
      cleanup();
      renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}` });
      expect(await bonusCellOf('Ava Chen', 'People')).toBe(`CN¥${plain(await avaBonusCents())}`);
    } finally {
      await setCurrency('EUR');
    }
  });

  it('opens a new cycle from a policy; dates in the wrong order are refused and nothing is created', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}` });
    const section = await unfoldNewCycle(user);
    const policy = (await within(section).findByLabelText('Policy')) as HTMLSelectElement;
    expect(policy.selectedOptions[0]?.textContent).toBe('Acme growth policy 2026 (incentive)');
    await user.type(within(section).getByLabelText(/^Name/), '2027 H1');
    await typeDay(() => within(section).getByLabelText(/^Starts on/), '2027-06-30');
    await typeDay(() => within(section).getByLabelText(/^Ends on/), '2027-01-01');
    await user.click(within(section).getByRole('button', { name: 'Open cycle' }));
    const refused = await within(section).findByTestId('problem');
    // The rule by its code, on the field's label: not core's English.
    expect(refused.textContent).toContain('Ends on: The end date must be after the start date.');
    expect(refused.textContent).not.toContain('endsOn must be after startsOn');
    const count = async () =>
      (await api.call<{ items: { name: string; phase: string }[] }>('hr@acme.test', 'GET', '/v1/cycles')).body
        .items;
    expect((await count()).map((c) => c.name)).not.toContain('2027 H1');

    await typeDay(() => within(section).getByLabelText(/^Ends on/), '2027-12-31');
    await user.click(within(section).getByRole('button', { name: 'Open cycle' }));
    const opened = await within(section).findByText(
      /^2027 H1 is open in the Plan phase with \d+ participants\.$/,
    );
    expect((await count()).filter((c) => c.name === '2027 H1').map((c) => c.phase)).toEqual(['plan']);
    // Everyone active takes part (the default), and the message counts them.
    const people = await api.call<{ items: { active: boolean }[] }>(
      'hr@acme.test',
      'GET',
      '/v1/people?limit=500',
    );
    const everyone = people.body.items.filter((p) => p.active).length;
    expect(opened.textContent).toBe(`2027 H1 is open in the Plan phase with ${everyone} participants.`);
    // The header's cycle list offers it at once.
    await within(screen.getByTestId('cycle-select')).findByText('2027 H1');
  });

  it('opens a cycle for chosen people or chosen departments; a list mode with nothing chosen cannot be opened', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}` });
    const section = await unfoldNewCycle(user);
    await within(section).findByLabelText('Policy');
    const openButton = () => within(section).getByRole('button', { name: 'Open cycle' });
    const fill = async (name: string) => {
      await user.type(within(section).getByLabelText(/^Name/), name);
      await typeDay(() => within(section).getByLabelText(/^Starts on/), '2028-01-01');
      await typeDay(() => within(section).getByLabelText(/^Ends on/), '2028-06-30');
    };
    const participantsOf = async (name: string) => {
      const { body } = await api.call<{ items: { name: string; participants: string[] }[] }>(
        'hr@acme.test',
        'GET',
        '/v1/cycles?limit=100',
      );
      return body.items.find((c) => c.name === name)?.participants;
    };

    await fill('2028 pilot');
    await user.click(within(section).getByLabelText('Chosen people'));
    expect(openButton()).toHaveProperty('disabled', true);
    const people = within(section).getByTestId('participants-people');
    await user.type(within(people).getByLabelText('Find people'), 'ava');
    // Only the matches are listed: Ava, not Ben.
    expect(within(people).queryByLabelText('Ben Carter (Sales)')).toBeNull();
    await user.click(within(people).getByLabelText('Ava Chen (Sales)'));
    await user.clear(within(people).getByLabelText('Find people'));
    await user.type(within(people).getByLabelText('Find people'), 'ben');
    await user.click(within(people).getByLabelText('Ben Carter (Sales)'));
    expect(within(section).getByTestId('participants-chosen').textContent).toBe('2 people chosen');
    await user.click(openButton());
    await within(section).findByText('2028 pilot is open in the Plan phase with 2 participants.');
    expect(await participantsOf('2028 pilot')).toEqual(
      [await demoPersonId(api, 'ava'), await demoPersonId(api, 'ben')].sort(),
    );

    await fill('2028 engineering');
    await user.click(within(section).getByLabelText('Departments'));
    expect(openButton()).toHaveProperty('disabled', true);
    await user.click(
      within(within(section).getByTestId('participants-departments')).getByLabelText('Engineering'),
    );
    expect(within(section).getByTestId('participants-chosen').textContent).toBe('1 department chosen');
    await user.click(openButton());
    await within(section).findByText(/^2028 engineering is open in the Plan phase with \d+ participants\.$/);
    const engineers = ['elena', 'raj', 'liam', 'mia', 'noah', 'priya'];
    const expected = await Promise.all(engineers.map((k) => demoPersonId(api, k)));
    expect(await participantsOf('2028 engineering')).toEqual(expected.sort());
  });

  it('is for HR only', async () => {
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/results?cycle=${h1}` });
    // Not in Marcus's views: the shell falls back to Me.
    await screen.findByTestId('me-plan');
    expect(screen.queryByTestId('nav-results')).toBeNull();
  });
});
