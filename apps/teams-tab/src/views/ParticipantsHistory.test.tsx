// @vitest-environment happy-dom
// The Participants section's withdrawals and reinstatements (who, when, why, kept after a reinstatement), and the
// section on a department's dashboard: that department's people only, counted, listed, offered and in the history.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonId, type InProcessApi, inProcessApi } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

let api: InProcessApi;
let policyId: string;
let sales: string;
let opened = 0;

beforeAll(async () => {
  api = await inProcessApi();
  const policies = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
  policyId = policies.body.items[0]?.id ?? '';
  const departments = await api.call<{ items: { id: string; name: string }[] }>(
    'hr@acme.test',
    'GET',
    '/v1/departments',
  );
  sales = departments.body.items.find((d) => d.name === 'Sales')?.id ?? '';
});
afterEach(cleanup);
afterAll(() => api.close());

async function openCycle(...who: string[]): Promise<string> {
  opened += 1;
  const personIds = await Promise.all(who.map((w) => demoPersonId(api, w)));
  const res = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
    name: `History ${opened}`,
    policyId,
    startsOn: '2029-01-01',
    endsOn: '2029-06-30',
    personIds,
  });
  expect(res.status).toBe(201);
  return res.body.id;
}
const tagOf = async (cycleId: string) =>
  `"${(await api.call<{ version: number }>('hr@acme.test', 'GET', `/v1/cycles/${cycleId}`)).body.version}"`;
async function withdraw(cycleId: string, personId: string, reason: string): Promise<void> {
  const res = await api.call(
    'hr@acme.test',
    'POST',
    `/v1/cycles/${cycleId}/withdrawals`,
    { personId, kind: 'leave_of_absence', reason },
    { 'If-Match': await tagOf(cycleId) },
  );
  expect(res.status).toBe(200);
}
async function reinstate(cycleId: string, personId: string, reason?: string): Promise<void> {
  const res = await api.call(
    'hr@acme.test',
    'POST',
    `/v1/cycles/${cycleId}/participants`,
    { personIds: [personId], ...(reason ? { reason } : {}) },
    { 'If-Match': await tagOf(cycleId) },
  );
  expect(res.status).toBe(200);
}

describe('Participants: history and a department’s dashboard', () => {
  it('keeps each withdrawal and reinstatement with who, when and why, after the reinstatement too (en, zh-CN)', async () => {
    const id = await openCycle('ava', 'ben');
    const ben = await demoPersonId(api, 'ben');
    await withdraw(id, ben, 'Parental leave until the spring.');
    await reinstate(id, ben, 'Back early from leave.');
    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?cycle=${id}` });
    const part = await screen.findByTestId('cycle-participants');
    // Reinstated: no longer among the withdrawn, yet the history stays.
    expect(within(part).queryByTestId('cp-withdrawn')).toBeNull();
    const history = await within(part).findByTestId(`cp-history-${ben}`);
    expect(history.textContent).toContain('Ben Carter');
    expect(history.textContent).toContain('taking part now');
    const lines = within(history)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^[A-Z][a-z]{2} \d{1,2}, \d{4}: withdrawn by Hannah Reed — Leave of absence\. Reason: Parental leave until the spring\.$/,
    );
    expect(lines[1]).toMatch(
      /^[A-Z][a-z]{2} \d{1,2}, \d{4}: reinstated by Hannah Reed\. Reason: Back early from leave\.$/,
    );
    cleanup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?cycle=${id}&locale=zh-cn` });
    const zh = await screen.findByTestId('cycle-participants');
    const zhHistory = await within(zh).findByTestId(`cp-history-${ben}`);
    expect(zhHistory.textContent).toContain('目前参与中');
    expect(zhHistory.textContent).toMatch(
      /由 Hannah Reed 退出周期，长期休假。理由：Parental leave until the spring\./,
    );
    expect(zhHistory.textContent).toMatch(/由 Hannah Reed 恢复参与。理由：Back early from leave\./);
  });

  it('on a department’s dashboard: its people only, counted, offered and in the history', async () => {
    const user = userEvent.setup();
    const id = await openCycle('ava', 'ben', 'liam', 'mia');
    const [ben, liam] = await Promise.all([demoPersonId(api, 'ben'), demoPersonId(api, 'liam')]);
    await withdraw(id, ben, 'Secondment to the partner team.');
    await withdraw(id, liam, 'Long-term sick leave.');
    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?cycle=${id}&department=${sales}` });
    const part = await screen.findByTestId('cycle-participants');
    expect(within(part).getByText('The people of Sales only (with its sub-departments).')).toBeTruthy();
    expect(within(part).getByTestId('cp-count').textContent).toBe(
      '1 person takes part in this cycle. 1 was withdrawn.',
    );
    expect(within(part).getByTestId('cp-withdrawn').textContent).toContain('Ben Carter');
    expect(within(part).getByTestId('cp-withdrawn').textContent).not.toContain('Liam Walsh');
    await within(part).findByTestId(`cp-history-${ben}`);
    expect(within(part).queryByTestId(`cp-history-${liam}`)).toBeNull();
    await user.click(within(part).getByRole('button', { name: 'Withdraw someone' }));
    const choices = [...within(part).getByLabelText('Person').querySelectorAll('option')].map(
      (o) => o.textContent,
    );
    expect(choices).toEqual(['Choose a participant', 'Ava Chen']);
    await user.click(within(part).getByRole('button', { name: 'Cancel' }));
    await user.click(within(part).getByRole('button', { name: 'Add people' }));
    const picker = within(part).getByTestId('cp-add');
    expect(within(picker).getByLabelText(/^Chloe Dubois/)).toBeTruthy();
    expect(within(picker).queryByLabelText(/^Noah Schmidt/)).toBeNull();
    cleanup();
    // The organisation's dashboard counts everyone.
    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?cycle=${id}` });
    const all = await screen.findByTestId('cycle-participants');
    expect(within(all).getByTestId('cp-count').textContent).toBe(
      '2 people take part in this cycle. 2 were withdrawn.',
    );
    await within(all).findByTestId(`cp-history-${liam}`);
  });
});
