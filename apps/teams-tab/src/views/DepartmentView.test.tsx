// @vitest-environment happy-dom
// Department: gap diagnosis by the four factors (dominant factor and its response), alignment coverage, coaching by manager
// (each manager by name, the head's own manager too).
import { cleanup, screen, within } from '@testing-library/react';
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

beforeAll(async () => {
  api = await inProcessApi();
  ({ h1, h2 } = await demoCycles(api));
});
afterEach(cleanup);
afterAll(() => api.close());

describe('Department view', () => {
  it('a department head sees the four factors of her department and which dominates', async () => {
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/department?cycle=${h1}` });
    const diagnosis = await screen.findByTestId('dept-diagnosis');
    await within(diagnosis).findByText(/^Sales · \d+ shortfalls$/);
    const chart = within(diagnosis).getByRole('img').getAttribute('aria-label') ?? '';
    for (const factor of [
      'Employee skills',
      'External environment',
      'Internal conditions',
      'Motivation',
      'Not attributed yet',
    ]) {
      expect(chart).toContain(factor);
    }
    expect(within(diagnosis).getByTestId('dominant').textContent).toBe(
      'Dominant factor: Employee skills → training and development',
    );
    expect(within(screen.getByTestId('dept-alignment')).getByText('Sales')).toBeTruthy();
    const coaching = screen.getByTestId('dept-coaching');
    expect(within(coaching).getByText('Marcus Lee')).toBeTruthy();
    // Sofia's own manager (Olivia, the CEO) is outside what she may look up: named from the report all the same.
    expect(
      (await api.call('sofia@acme.test', 'GET', `/v1/people/${await demoPersonId(api, 'olivia')}`)).status,
    ).toBe(404);
    expect(within(coaching).getByRole('row', { name: /^Olivia Grant/ })).toBeTruthy();
    expect(coaching.textContent).not.toContain('your manager');
    // A closed cycle's diagnosis is final.
    expect(within(diagnosis).queryByText(/^Provisional:/)).toBeNull();
  });

  it('before appraise the diagnosis is marked provisional: nobody can attribute shortfalls yet', async () => {
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/department?cycle=${h2}` });
    const diagnosis = await screen.findByTestId('dept-diagnosis');
    await within(diagnosis).findByText(/^Sales · \d+ shortfalls$/);
    expect(within(diagnosis).getByText(/^Provisional: the actuals so far\./)).toBeTruthy();
  });

  it('once coaching is over, coaching by manager is as of its end and agrees with the report', async () => {
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/department?cycle=${h2}` });
    const live = await screen.findByTestId('dept-coaching');
    expect(within(live).getByRole('columnheader', { name: 'Overdue' })).toBeTruthy();
    expect(within(live).queryByTestId('coaching-ended')).toBeNull();
    // Marcus wrote up Chloe's September meeting 23 days after it: counted for him, nobody else.
    expect(within(live).getByRole('columnheader', { name: 'Recorded late' })).toBeTruthy();
    const marcus = within(live).getByRole('row', { name: /^Marcus Lee/ });
    expect(within(marcus).getByTestId('recorded-late').textContent).toBe('1 check-in, 23 days after');
    const others = within(live)
      .getAllByRole('row')
      .slice(1)
      .filter((r) => r !== marcus);
    expect(others.length).toBeGreaterThan(0);
    for (const row of others) expect(within(row).getByTestId('recorded-late').textContent).toBe('None');
    expect(
      within(live).getByText(
        /A check-in recorded more than 7 days after the date it carries counts from the day/,
      ),
    ).toBeTruthy();
    cleanup();

    renderTab(api, { as: 'sofia@acme.test', path: `/teams/department?cycle=${h2}&locale=zh-cn` });
    const zh = await screen.findByTestId('dept-coaching');
    expect(within(zh).getByRole('columnheader', { name: '事后补记' })).toBeTruthy();
    expect(within(zh).getByText('1 次，事后 23 天补记')).toBeTruthy();
    cleanup();

    await moveCycle(api, h2, 'appraise');
    const report = await api.call<{
      coachingEndedOn: string | null;
      managers: { managerId: string; overdue: string[] }[];
    }>('sofia@acme.test', 'GET', `/v1/cycles/${h2}/reports/coaching`);
    expect(report.body.coachingEndedOn).toBe(new Date().toISOString().slice(0, 10));
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/department?cycle=${h2}` });
    const coaching = await screen.findByTestId('dept-coaching');
    expect(within(coaching).getByTestId('coaching-ended').textContent).toMatch(
      /^Coaching ended on .+: these figures are as of that day and no longer change\.$/,
    );
    expect(within(coaching).getByRole('columnheader', { name: 'Overdue when coaching ended' })).toBeTruthy();
    // Every manager with overdue reports in the report is listed in the view as such.
    const rows = within(coaching).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(report.body.managers.length);
    expect(report.body.managers.some((m) => m.overdue.length > 0)).toBe(true);
  });

  it('HR sees every department', async () => {
    renderTab(api, { as: 'hr@acme.test', path: `/teams/department?cycle=${h1}` });
    const diagnosis = await screen.findByTestId('dept-diagnosis');
    await within(diagnosis).findByText(/^Engineering · /);
    expect(within(diagnosis).getByText(/^Sales · /)).toBeTruthy();
    // People has one shortfall: "1 shortfall", not "1 shortfalls".
    expect(within(diagnosis).getByText('People · 1 shortfall')).toBeTruthy();
  });
});
