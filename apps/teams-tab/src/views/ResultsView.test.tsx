// @vitest-environment happy-dom
// Results (HR): applied results with bonus paid against target bonuses, merit, promotions and improvement plans; in the
// apply phase a preview against the pool and budget, then apply; amounts in the organisation's currency (Acme: EUR) in
// the tab's locale, plain without one; opening a new cycle from a policy (dates in the wrong order refused with the
// field named); non-HR people are told it is not for them.
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

type ResultJson = { personId: string; bonus: { amountCents: number } | null; currency: string | null };

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
  return within(row).getAllByRole('cell')[2]?.textContent ?? '';
}

beforeAll(async () => {
  api = await inProcessApi();
  ({ h1, h2 } = await demoCycles(api));
  ava = await demoPersonId(api, 'ava');
});
afterEach(cleanup);
afterAll(() => api.close());

describe('Results view', () => {
  it('closed cycle: bonus paid against target bonuses and every person’s result', async () => {
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}` });
    const applied = await screen.findByTestId('results-applied');
    await within(applied).findByText('Bonus paid against target bonuses');
    const table = within(applied).getByRole('table', { name: 'People' });
    const rows = within(table).getAllByRole('row');
    expect(rows.length).toBe(16); // header + 15 people
    const ava = rows.find((r) => r.textContent?.includes('Ava Chen'));
    expect(ava?.textContent).toContain('5 · Outstanding');
    expect(ava?.textContent).toContain('Nominated');
    // Acme's amounts are in euros: the bonus and the bonus paid against the target bonuses show €.
    expect(await bonusCellOf('Ava Chen', 'People')).toBe(`€${plain(await avaBonusCents())}`);
    expect(within(applied).getByRole('progressbar').getAttribute('aria-label')).toMatch(
      /^Bonus paid against target bonuses: €[\d,]+\.\d\d of €[\d,]+\.\d\d$/,
    );
    expect(
      within(screen.getByTestId('results-apply')).getByText(
        'Results are applied in the Apply results phase.',
      ),
    ).toBeTruthy();
  });

  it('apply phase: preview against the pool and the merit budget, then apply', async () => {
    for (const phase of ['appraise', 'calibrate', 'feedback', 'apply']) await moveCycle(api, h2, phase);
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h2}` });
    const apply = await screen.findByTestId('results-apply');
    // Both amounts are typed in euros: the fields show the symbol.
    expect(await within(apply).findAllByText('€')).toHaveLength(2);
    await user.type(await within(apply).findByLabelText('Bonus pool'), '100000');
    await user.type(within(apply).getByLabelText('Merit budget'), '50000');
    await user.click(within(apply).getByRole('button', { name: 'Preview' }));
    await within(apply).findByText('Bonus pool use');
    expect(within(apply).getByText(/^€[\d,]+\.\d\d of €100,000\.00$/)).toBeTruthy();
    expect(within(apply).getByText(/^€[\d,]+\.\d\d of €50,000\.00$/)).toBeTruthy();
    await user.click(within(apply).getByRole('button', { name: 'Apply results' }));
    await within(apply).findByText('Results applied.');
    const stored = await api.call<{ items: unknown[] }>('hr@acme.test', 'GET', `/v1/cycles/${h2}/results`);
    expect(stored.body.items.length).toBeGreaterThan(0);
    const applied = await screen.findByTestId('results-applied');
    await within(applied).findByRole('table', { name: 'People' });
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
    expect(within(chloe as HTMLElement).getAllByRole('cell')[5]?.textContent).toMatch(
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
      expect(within(applied).getByRole('progressbar').getAttribute('aria-label')).toMatch(
        /^Bonus paid against target bonuses: [\d,]+\.\d\d of [\d,]+\.\d\d$/,
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
    const section = await screen.findByTestId('results-new-cycle');
    const policy = (await within(section).findByLabelText('Policy')) as HTMLSelectElement;
    expect(policy.selectedOptions[0]?.textContent).toBe('Acme growth policy 2026');
    await user.type(within(section).getByLabelText(/^Name/), '2027 H1');
    fireEvent.change(within(section).getByLabelText(/^Starts on/), { target: { value: '2027-06-30' } });
    fireEvent.change(within(section).getByLabelText(/^Ends on/), { target: { value: '2027-01-01' } });
    await user.click(within(section).getByRole('button', { name: 'Open cycle' }));
    const refused = await within(section).findByTestId('problem');
    expect(refused.textContent).toContain('endsOn must be after startsOn');
    const count = async () =>
      (await api.call<{ items: { name: string; phase: string }[] }>('hr@acme.test', 'GET', '/v1/cycles')).body
        .items;
    expect((await count()).map((c) => c.name)).not.toContain('2027 H1');

    fireEvent.change(within(section).getByLabelText(/^Ends on/), { target: { value: '2027-12-31' } });
    await user.click(within(section).getByRole('button', { name: 'Open cycle' }));
    await within(section).findByText('2027 H1 is open in the Plan phase.');
    expect((await count()).filter((c) => c.name === '2027 H1').map((c) => c.phase)).toEqual(['plan']);
    // The header's cycle list offers it at once.
    await within(screen.getByTestId('cycle-select')).findByText('2027 H1');
  });

  it('is for HR only', async () => {
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/results?cycle=${h1}` });
    // Not in Marcus's views: the shell falls back to Me.
    await screen.findByTestId('me-plan');
    expect(screen.queryByTestId('nav-results')).toBeNull();
  });
});
