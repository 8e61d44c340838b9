// @vitest-environment happy-dom
// Compensation (HR, Results view): each participant's salary, band midpoint and target bonus entered in the tab; the
// API's validation errors beside the form by field label (not path), which keeps what was typed; amounts typed and
// shown as the tab's locale writes them ("65,000.50"), a typo said beside its field; a change made meanwhile (or a
// record created meanwhile) is a stale edit: a reload is offered, nothing overwritten; a closed cycle's inputs are
// read-only; Chinese.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoCycles, demoPersonId, type InProcessApi, inProcessApi } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

let api: InProcessApi;
let h1: string;
let h2: string;
let ava: string;
let ben: string;

type Comp = { salaryCents: number; bandMidpointCents: number; targetBonusCents: number; version: number };

async function compOf(cycleId: string, personId: string): Promise<{ status: number; body: Comp }> {
  return api.call<Comp>('hr@acme.test', 'GET', `/v1/cycles/${cycleId}/compensation/${personId}`);
}

/** The person's row in the compensation table. */
async function rowOf(section: HTMLElement, name: string): Promise<HTMLElement> {
  const table = await within(section).findByRole('table', { name: /^Compensation$|^薪酬$/ });
  const row = within(table)
    .getAllByRole('row')
    .find((r) => r.textContent?.startsWith(name));
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

/** Types the three amounts into the open form (each replacing what was there). */
async function typeAmounts(
  user: ReturnType<typeof userEvent.setup>,
  section: HTMLElement,
  amounts: { salary: string; midpoint: string; bonus: string },
  labels = { salary: 'Annual salary', midpoint: 'Salary band midpoint', bonus: 'Target bonus' },
): Promise<void> {
  for (const [key, label] of Object.entries(labels) as [keyof typeof amounts, string][]) {
    const input = within(section).getByRole('textbox', { name: label });
    await user.clear(input);
    await user.type(input, amounts[key]);
  }
}

beforeAll(async () => {
  api = await inProcessApi();
  ({ h1, h2 } = await demoCycles(api));
  ava = await demoPersonId(api, 'ava');
  ben = await demoPersonId(api, 'ben');
});
afterEach(cleanup);
afterAll(() => api.close());

describe('Compensation', () => {
  it('HR enters a person’s compensation: refused input shown by field, kept as typed; then saved', async () => {
    const cycle = await api.call<{ participants: string[] }>('hr@acme.test', 'GET', `/v1/cycles/${h2}`);
    const total = cycle.body.participants.length;
    expect((await compOf(h2, ava)).status).toBe(404);
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h2}` });
    const section = await screen.findByTestId('results-compensation');
    expect((await within(section).findByTestId('comp-missing')).textContent).toBe(
      `No compensation inputs for ${total} of ${total} people: no bonus or merit increase for them.`,
    );
    expect((await rowOf(section, 'Ava Chen')).textContent).toBe('Ava Chen———Edit');
    // Nobody sets their own pay: Hannah's own row offers no edit (another HR administrator enters it).
    const own = await rowOf(section, 'Hannah Reed');
    expect(own.textContent).toBe('Hannah Reed———Yours: another HR administrator enters it');
    expect(within(own).queryByRole('button')).toBeNull();
    await user.click(within(section).getByRole('button', { name: 'Edit: Ava Chen' }));
    await within(section).findByText('No compensation inputs yet: saving creates them.');
    await typeAmounts(user, section, { salary: '62000', midpoint: '0', bonus: '6200' });
    await user.click(within(section).getByRole('button', { name: 'Save compensation' }));
    const problem = await within(section).findByTestId('problem');
    expect(problem.textContent).toContain('Some of what you entered is not valid.');
    // The field's label, not its path, and the bound in the tab's words.
    expect(problem.textContent).toContain('Salary band midpoint: Must be more than 0.');
    expect(problem.textContent).not.toContain('bandMidpointCents');
    expect(within(problem).queryByRole('button')).toBeNull();
    expect((await compOf(h2, ava)).status).toBe(404);
    // What was typed stays (shown grouped as English writes numbers): only the midpoint is corrected.
    const salary = within(section).getByRole('textbox', { name: 'Annual salary' }) as HTMLInputElement;
    expect(salary.value).toBe('62,000');
    // Typed as English writes it, "65,000.50" is 65000.5: not refused, not 0, not cut at the comma.
    await typeAmounts(user, section, { salary: '62000', midpoint: '65,000.50', bonus: '6,200' });
    // A typo is said beside its field, and nothing is sent until it is fixed.
    const bonus = within(section).getByRole('textbox', { name: 'Target bonus' });
    await user.clear(bonus);
    await user.type(bonus, '6.200,00');
    await user.tab();
    expect(within(section).getByText(/^Not a number: type it like 1,234\.5/)).toBeTruthy();
    expect(
      (within(section).getByRole('button', { name: 'Save compensation' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    await user.clear(bonus);
    await user.type(bonus, '6,200');
    await user.tab();
    expect(within(section).queryByText(/^Not a number/)).toBeNull();
    expect(
      [salary, bonus, within(section).getByRole('textbox', { name: 'Salary band midpoint' })].map(
        (i) => (i as HTMLInputElement).value,
      ),
    ).toEqual(['62,000', '6,200', '65,000.5']);
    await user.click(within(section).getByRole('button', { name: 'Save compensation' }));
    await within(section).findByText('Compensation of Ava Chen saved.');
    expect((await compOf(h2, ava)).body).toMatchObject({
      salaryCents: 6_200_000,
      bandMidpointCents: 6_500_050,
      targetBonusCents: 620_000,
      version: 1,
    });
    await waitFor(async () =>
      expect((await rowOf(section, 'Ava Chen')).textContent).toBe(
        'Ava Chen€62,000.00€65,000.50€6,200.00Edit',
      ),
    );
    expect(within(section).getByTestId('comp-missing').textContent).toContain(`for ${total - 1} of ${total}`);
  });

  it('a change made meanwhile is not overwritten: stale, reload shows the latest', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h2}` });
    const section = await screen.findByTestId('results-compensation');
    await rowOf(section, 'Ava Chen');
    await user.click(within(section).getByRole('button', { name: 'Edit: Ava Chen' }));
    const salary = (await within(section).findByRole('textbox', {
      name: 'Annual salary',
    })) as HTMLInputElement;
    // The stored amount as English writes it.
    expect(salary.value).toBe('62,000');
    const current = await compOf(h2, ava);
    const elsewhere = await api.call(
      'hr@acme.test',
      'PUT',
      `/v1/cycles/${h2}/compensation/${ava}`,
      { salaryCents: 6_400_000, bandMidpointCents: 6_500_000, targetBonusCents: 640_000 },
      { 'If-Match': `"${current.body.version}"` },
    );
    expect(elsewhere.status).toBe(200);
    await typeAmounts(user, section, { salary: '70000', midpoint: '65000', bonus: '7000' });
    await user.click(within(section).getByRole('button', { name: 'Save compensation' }));
    const stale = await within(section).findByTestId('stale');
    expect(stale.textContent).toContain(
      'Someone changed the compensation of Ava Chen meanwhile. Nothing was overwritten.',
    );
    expect((await compOf(h2, ava)).body).toMatchObject({ salaryCents: 6_400_000, version: 2 });
    await user.click(within(stale).getByRole('button', { name: 'Reload the compensation' }));
    await waitFor(() =>
      expect(
        (within(section).getByRole('textbox', { name: 'Annual salary' }) as HTMLInputElement).value,
      ).toBe('64,000'),
    );
    expect(within(section).queryByTestId('stale')).toBeNull();
    expect((await rowOf(section, 'Ava Chen')).textContent).toContain('€64,000.00');
  });

  it('a record created meanwhile is not overwritten either', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h2}` });
    const section = await screen.findByTestId('results-compensation');
    await rowOf(section, 'Ben Carter');
    await user.click(within(section).getByRole('button', { name: 'Edit: Ben Carter' }));
    await within(section).findByText('No compensation inputs yet: saving creates them.');
    const created = await api.call('hr@acme.test', 'PUT', `/v1/cycles/${h2}/compensation/${ben}`, {
      salaryCents: 5_800_000,
      bandMidpointCents: 6_000_000,
      targetBonusCents: 580_000,
    });
    expect(created.status).toBe(201);
    await typeAmounts(user, section, { salary: '1', midpoint: '1', bonus: '1' });
    await user.click(within(section).getByRole('button', { name: 'Save compensation' }));
    await within(section).findByTestId('stale');
    expect((await compOf(h2, ben)).body).toMatchObject({ salaryCents: 5_800_000, version: 1 });
  });

  it('a closed cycle’s compensation is read-only', async () => {
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}` });
    const section = await screen.findByTestId('results-compensation');
    await within(section).findByText(
      'Compensation inputs can be changed until results are applied (Plan to Apply results phases).',
    );
    const stored = (await compOf(h1, ava)).body;
    const euros = (cents: number) =>
      `€${(cents / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    expect((await rowOf(section, 'Ava Chen')).textContent).toBe(
      `Ava Chen${euros(stored.salaryCents)}${euros(stored.bandMidpointCents)}${euros(stored.targetBonusCents)}`,
    );
    expect(within(section).queryByRole('button', { name: /^Edit/ })).toBeNull();
  });

  it('in Chinese: the table, the form and what is missing', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h2}&locale=zh-cn` });
    const section = await screen.findByTestId('results-compensation');
    expect((await within(section).findByTestId('comp-missing')).textContent).toMatch(
      /^\d+ 人中有 \d+ 人没有薪酬数据：他们不会获得奖金或调薪。$/,
    );
    await rowOf(section, 'Chloe Dubois');
    await user.click(within(section).getByRole('button', { name: '编辑：Chloe Dubois' }));
    await typeAmounts(
      user,
      section,
      { salary: '-1', midpoint: '0', bonus: '4800' },
      { salary: '年薪', midpoint: '薪级中位值', bonus: '目标奖金' },
    );
    await user.click(within(section).getByRole('button', { name: '保存薪酬' }));
    // Refused: each field by its Chinese label, the bound in Chinese; no field path, no English.
    const problem = await within(section).findByTestId('problem');
    expect(problem.textContent).toContain('年薪：不能小于 0。');
    expect(problem.textContent).toContain('薪级中位值：须大于 0。');
    expect(problem.textContent).not.toMatch(/salaryCents|bandMidpointCents|must be/);
    await typeAmounts(
      user,
      section,
      { salary: '48000', midpoint: '50000', bonus: '4800' },
      { salary: '年薪', midpoint: '薪级中位值', bonus: '目标奖金' },
    );
    await user.click(within(section).getByRole('button', { name: '保存薪酬' }));
    await within(section).findByText('已保存 Chloe Dubois 的薪酬。');
  });
});
