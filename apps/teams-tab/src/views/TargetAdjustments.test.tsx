// @vitest-environment happy-dom
// Target adjustments on My team and Me: in coach a manager asks for relief on a report's KPI target (the help worded for
// him, naming the report; a harder target is refused in plain words, the form keeps what was typed), the employee sees
// the request waiting (the help worded for her), only its requester withdraws it, and a request changed meanwhile (412)
// offers a reload, never an overwrite.
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
    // The help speaks to the manager about Ava's targets, not as if they were his own.
    expect(
      within(section).getByText(
        'When the external environment — something objective that nobody here controls — made one of Ava Chen’s KPI targets unfair, ask for relief on their behalf instead of letting their score fall for it. HR or the head of the department decides; Ava Chen’s score explanation then shows the original target beside the adjusted one.',
      ),
    ).toBeTruthy();
    // Every value with the goal's unit, as the plan shows it.
    expect(card.textContent).toContain('Now: threshold 240 k€, target 300 k€, stretch 390 k€');
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
    // Under the field's own label, never the API's path (`proposed.target`).
    expect(refused.textContent).toContain('Adjusted target: ');
    expect(refused.textContent).not.toContain('proposed');
    expect(await adjustmentsOf(bookings)).toEqual([]);
    // Corrected in place: the reason is still there.
    await user.clear(target);
    await user.type(target, '270');
    await user.type(within(card).getByLabelText('Evidence (optional)'), 'Regional market report, March');
    await user.click(send);
    await within(card).findByText('Request sent.');
    const waiting = await within(card).findByTestId('ta-waiting');
    expect(waiting.textContent).toBe(
      `Asked by Marcus Lee: 300 k€ → 270 k€ — ${REASON}. Waiting for HR or the head of the department.`,
    );
    const [saved] = await adjustmentsOf(bookings);
    expect(saved).toMatchObject({ state: 'requested', requestedBy: id.marcus, proposed: { target: 270 } });
    expect(within(card).getByRole('button', { name: 'Withdraw request' })).toBeTruthy();
    cleanup();

    // Ava sees it waiting on Me, without a withdraw (she did not ask for it).
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const mine = await screen.findByTestId('me-targets');
    const own = await within(mine).findByTestId(`targets-${bookings}`);
    // On Me the help is the employee's own.
    expect(
      within(mine).getByText(
        /^When the external environment .* made a KPI target unfair, ask for relief instead of a lower score\./,
      ),
    ).toBeTruthy();
    expect(mine.textContent).not.toContain('Ava Chen’s');
    expect((await within(own).findByTestId('ta-waiting')).textContent).toContain('300 k€ → 270 k€');
    expect(within(own).queryByRole('button', { name: 'Withdraw request' })).toBeNull();
    expect(within(own).queryByRole('button', { name: 'Ask for a target adjustment' })).toBeNull();
  });

  it('in Chinese: the help on My team names the report, on Me it speaks to the employee', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}&locale=zh-cn` });
    const coaching = await screen.findByTestId('team-coaching');
    await user.click(await within(coaching).findByTestId(`select-${id.ava}`));
    const section = await screen.findByTestId('team-targets');
    expect(
      within(section).getByText(
        '当外部环境（客观且无人能控制的因素）使 Ava Chen 的某个 KPI 目标变得不公平时，请代其申请减轻目标，而不是让其得分因此降低。由人力资源或部门负责人决定；Ava Chen 的得分说明会在调整后的目标旁保留原目标。',
      ),
    ).toBeTruthy();
    cleanup();
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}&locale=zh-cn` });
    const mine = await screen.findByTestId('me-targets');
    expect(within(mine).getByText(/请申请减轻目标，而不是承受更低的得分。/)).toBeTruthy();
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
    expect(waiting.textContent).toContain('800 k€ → 700 k€ (threshold 600 k€ → 500 k€)');
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
