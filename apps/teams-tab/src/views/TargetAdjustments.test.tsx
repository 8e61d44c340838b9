// @vitest-environment happy-dom
// Target adjustments on My team and Me: in coach a manager asks for relief on a report's KPI target (a harder target is
// refused in plain words, the form keeps what was typed), the employee sees the request waiting, only its requester
// withdraws it, and a request changed meanwhile (412) offers a reload, never an overwrite.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoCycles, demoPersonId, type InProcessApi, inProcessApi } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

type Adjustment = {
  id: string;
  state: string;
  version: number;
  proposed: { target: number };
  requestedBy: string;
};
type Goal = { id: string; title: string; target: number };

const REASON = 'A new competitor halved the regional market in March.';

let api: InProcessApi;
let h2: string;
const id: Record<string, string> = {};
const goal: Record<string, string> = {};

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  for (const who of ['ava', 'marcus']) id[who] = await demoPersonId(api, who);
  const goals = await api.call<{ items: Goal[] }>(
    'marcus@acme.test',
    'GET',
    `/v1/goals?cycleId=${h2}&ownerId=${id.ava}`,
  );
  for (const g of goals.body.items) goal[g.title] = g.id;
});
afterEach(cleanup);
afterAll(() => api.close());

const adjustmentsOf = async (goalId: string) =>
  (
    await api.call<{ items: Adjustment[] }>(
      'hr@acme.test',
      'GET',
      `/v1/target-adjustments?cycleId=${h2}&goalId=${goalId}`,
    )
  ).body.items;

describe('target adjustments', () => {
  it('a manager asks for relief on a report’s target; a harder one is refused in plain words', async () => {
    const bookings = goal['New-business bookings'] ?? '';
    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    const coaching = await screen.findByTestId('team-coaching');
    await user.click(await within(coaching).findByTestId(`select-${id.ava}`));
    const section = await screen.findByTestId('team-targets');
    const card = await within(section).findByTestId(`targets-${bookings}`);
    expect(card.textContent).toContain('Now: threshold 240, target 300, stretch 390');
    await user.click(within(card).getByRole('button', { name: 'Ask for a target adjustment' }));
    const send = within(card).getByRole('button', { name: 'Send request' });
    const target = within(card).getByLabelText('Adjusted target');
    await user.clear(target);
    await user.type(target, '320');
    // No reason yet: nothing to send.
    expect((send as HTMLButtonElement).disabled).toBe(true);
    await user.type(
      within(card).getByLabelText(/^How the external environment made the target unfair/),
      REASON,
    );
    await user.click(send);
    // Said as the problem and beside the field it concerns (proposed.target).
    const refused = await within(card).findByTestId('problem');
    expect(
      within(refused).getAllByText(/no threshold, target or stretch may be harder than now/).length,
    ).toBe(2);
    expect(refused.textContent).toContain('proposed target');
    expect(await adjustmentsOf(bookings)).toEqual([]);
    // Corrected in place: the reason is still there.
    await user.clear(target);
    await user.type(target, '270');
    await user.type(within(card).getByLabelText('Evidence (optional)'), 'Regional market report, March');
    await user.click(send);
    await within(card).findByText('Request sent.');
    const waiting = await within(card).findByTestId('ta-waiting');
    expect(waiting.textContent).toBe(
      `Asked by Marcus Lee: 300 → 270 — ${REASON}. Waiting for HR or the head of the department.`,
    );
    const [saved] = await adjustmentsOf(bookings);
    expect(saved).toMatchObject({ state: 'requested', requestedBy: id.marcus, proposed: { target: 270 } });
    expect(within(card).getByRole('button', { name: 'Withdraw request' })).toBeTruthy();
    cleanup();

    // Ava sees it waiting on Me, without a withdraw (she did not ask for it).
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const mine = await screen.findByTestId('me-targets');
    const own = await within(mine).findByTestId(`targets-${bookings}`);
    expect((await within(own).findByTestId('ta-waiting')).textContent).toContain('300 → 270');
    expect(within(own).queryByRole('button', { name: 'Withdraw request' })).toBeNull();
    expect(within(own).queryByRole('button', { name: 'Ask for a target adjustment' })).toBeNull();
  });

  it('the employee asks on Me and withdraws; a request changed meanwhile offers a reload', async () => {
    const pipeline = goal['Qualified pipeline created'] ?? '';
    const user = userEvent.setup();
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const mine = await screen.findByTestId('me-targets');
    const card = await within(mine).findByTestId(`targets-${pipeline}`);
    await user.click(within(card).getByRole('button', { name: 'Ask for a target adjustment' }));
    const threshold = within(card).getByLabelText('Adjusted threshold');
    await user.clear(threshold);
    await user.type(threshold, '500');
    const target = within(card).getByLabelText('Adjusted target');
    await user.clear(target);
    await user.type(target, '700');
    await user.type(
      within(card).getByLabelText(/^How the external environment made the target unfair/),
      REASON,
    );
    await user.click(within(card).getByRole('button', { name: 'Send request' }));
    const waiting = await within(card).findByTestId('ta-waiting');
    expect(waiting.textContent).toContain('800 → 700 (threshold 600 → 500)');
    await user.click(within(card).getByRole('button', { name: 'Withdraw request' }));
    await within(card).findByText('Request withdrawn.');
    expect((await adjustmentsOf(pipeline)).map((a) => a.state)).toEqual(['withdrawn']);

    // Asked again; withdrawn meanwhile in another tab: this tab's withdraw is stale, and reloads.
    await user.click(await within(card).findByRole('button', { name: 'Ask for a target adjustment' }));
    const again = within(card).getByLabelText('Adjusted target');
    await user.clear(again);
    await user.type(again, '750');
    await user.type(
      within(card).getByLabelText(/^How the external environment made the target unfair/),
      REASON,
    );
    await user.click(within(card).getByRole('button', { name: 'Send request' }));
    await within(card).findByTestId('ta-waiting');
    const open = (await adjustmentsOf(pipeline)).find((a) => a.state === 'requested');
    const elsewhere = await api.call(
      'ava@acme.test',
      'POST',
      `/v1/target-adjustments/${open?.id}/withdraw`,
      {},
      { 'If-Match': `"${open?.version}"` },
    );
    expect(elsewhere.status).toBe(200);
    await user.click(within(card).getByRole('button', { name: 'Withdraw request' }));
    const reload = await within(card).findByRole('button', { name: /Reload/ });
    await user.click(reload);
    await within(card).findByRole('button', { name: 'Ask for a target adjustment' });
    expect(within(card).queryByTestId('ta-waiting')).toBeNull();
  });
});
