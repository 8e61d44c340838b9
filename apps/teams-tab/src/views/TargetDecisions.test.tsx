// @vitest-environment happy-dom
// Target adjustments to decide on Department: the head of the employee's department approves (the goal's target moves at
// once); her own request she may not decide (said in place of the buttons), HR rejects it with a note, and the employee
// reads the rejection on Me.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoCycles, demoPersonId, type InProcessApi, inProcessApi } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

type Goal = { id: string; title: string; target: number };
type Adjustment = { id: string; state: string; decisionNote: string };

const REASON = 'A new competitor halved the regional market in March.';
const REJECTION = 'The market change hit every team alike; the target stays.';

let api: InProcessApi;
let h2: string;
let ava: string;
const goal: Record<string, string> = {};

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  ava = await demoPersonId(api, 'ava');
  const goals = await api.call<{ items: Goal[] }>(
    'marcus@acme.test',
    'GET',
    `/v1/goals?cycleId=${h2}&ownerId=${ava}`,
  );
  for (const g of goals.body.items) goal[g.title] = g.id;
});
afterEach(cleanup);
afterAll(() => api.close());

const ask = async (as: string, goalId: string, target: number) => {
  const res = await api.call<{ id: string }>(as, 'POST', '/v1/target-adjustments', {
    goalId,
    factor: 'external_environment',
    proposed: { target },
    reason: REASON,
    evidence: 'Regional market report, March',
  });
  expect(res.status).toBe(201);
  return res.body.id;
};
const targetOf = async (goalId: string) =>
  (await api.call<Goal>('hr@acme.test', 'GET', `/v1/goals/${goalId}`)).body.target;

describe('target adjustments to decide', () => {
  it('the head of the department approves: the target moves at once', async () => {
    const bookings = goal['New-business bookings'] ?? '';
    const id = await ask('marcus@acme.test', bookings, 270);
    const user = userEvent.setup();
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/department?cycle=${h2}` });
    const section = await screen.findByTestId('dept-targets');
    const card = await within(section).findByTestId(`decide-${id}`);
    expect(card.textContent).toContain('Ava');
    expect(card.textContent).toContain('New-business bookings');
    expect(card.textContent).toContain(
      `Target adjusted for the external environment: 300 k€ → 270 k€ — ${REASON}`,
    );
    expect(card.textContent).toContain('Evidence: Regional market report, March');
    // Rejecting needs a note; approving does not.
    expect((within(card).getByRole('button', { name: 'Reject' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(card).getByRole('button', { name: 'Approve' }));
    await within(section).findByText('No requests are waiting.');
    expect(await targetOf(bookings)).toBe(270);
  });

  it('nobody decides their own request; HR rejects it with a note, which the employee reads', async () => {
    const pipeline = goal['Qualified pipeline created'] ?? '';
    const id = await ask('sofia@acme.test', pipeline, 700);
    const user = userEvent.setup();
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/department?cycle=${h2}` });
    const mine = await within(await screen.findByTestId('dept-targets')).findByTestId(`decide-${id}`);
    expect(mine.textContent).toContain(
      'You asked for this: another HR administrator or department head decides it.',
    );
    expect(within(mine).queryByRole('button', { name: 'Approve' })).toBeNull();
    cleanup();

    renderTab(api, { as: 'hr@acme.test', path: `/teams/department?cycle=${h2}` });
    const card = await within(await screen.findByTestId('dept-targets')).findByTestId(`decide-${id}`);
    const reject = within(card).getByRole('button', { name: 'Reject' }) as HTMLButtonElement;
    await user.type(within(card).getByLabelText(/^Note \(needed to reject/), REJECTION);
    expect(reject.disabled).toBe(false);
    await user.click(reject);
    await within(await screen.findByTestId('dept-targets')).findByText('No requests are waiting.');
    const stored = await api.call<Adjustment>('hr@acme.test', 'GET', `/v1/target-adjustments/${id}`);
    expect(stored.body).toMatchObject({ state: 'rejected', decisionNote: REJECTION });
    expect(await targetOf(pipeline)).toBe(800);
    cleanup();

    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const own = await within(await screen.findByTestId('me-targets')).findByTestId(`targets-${pipeline}`);
    expect((await within(own).findByTestId('ta-rejected')).textContent).toContain(REJECTION);
    // The approved relief of the other goal is on her plan too.
    const bookings = within(await screen.findByTestId('me-targets')).getByTestId(
      `targets-${goal['New-business bookings']}`,
    );
    expect(within(bookings).getByTestId('ta-approved').textContent).toBe(
      `Target adjusted for the external environment: 300 k€ → 270 k€ — ${REASON}`,
    );
  });
});
