// @vitest-environment happy-dom
// Cancelling a report's goal once the plan is agreed (My team, coach): the manager gives a reason, the goal leaves the
// table for the cancelled list and the reason reaches the score's explanation; restoring asks for one too. The employee
// is offered no cancel on Me, only who does it.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoCycles, demoPersonId, type InProcessApi, inProcessApi } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

type Goal = { id: string; title: string; status: string };
type Score = {
  explanation: string;
  trace: { cancelledGoals?: { goalId: string; corrections: { reason: string }[] }[] };
};

const REASON = 'The partner channel this goal measured was closed in May.';
const BACK = 'The partner channel reopened, so the goal counts again.';

let api: InProcessApi;
let h2: string;
let ava: string;
let goal: Goal;

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  ava = await demoPersonId(api, 'ava');
  const goals = await api.call<{ items: Goal[] }>(
    'marcus@acme.test',
    'GET',
    `/v1/goals?cycleId=${h2}&ownerId=${ava}`,
  );
  goal = goals.body.items.find((g) => g.status !== 'cancelled') as Goal;
});
afterEach(cleanup);
afterAll(() => api.close());

const statusOf = async () =>
  (await api.call<Goal>('hr@acme.test', 'GET', `/v1/goals/${goal.id}`)).body.status;

describe('cancelling a goal in coach', () => {
  it('the manager cancels with a reason: the goal moves to the cancelled list and the reason to the explanation', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    await user.click(await screen.findByTestId(`select-${ava}`));
    const panel = await screen.findByTestId('team-checkin');
    await user.click(await within(panel).findByRole('button', { name: `Cancel goal “${goal.title}”` }));
    expect(panel.textContent).toContain(`cancelling ${goal.title} takes it out of Ava`);
    const confirm = () => within(panel).getByRole('button', { name: 'Cancel the goal' }) as HTMLButtonElement;
    const reason = within(panel).getByLabelText(/Reason \(at least 20 characters\)/);
    // Twenty UTF-16 units but ten characters: not enough, as the API counts.
    await user.click(reason);
    await user.paste('😀'.repeat(10));
    expect(confirm().disabled).toBe(true);
    await user.clear(reason);
    await user.paste(REASON);
    expect(confirm().disabled).toBe(false);
    await user.click(confirm());
    await within(panel).findByText('Goal cancelled; the reason is in the score’s explanation.');
    expect(await statusOf()).toBe('cancelled');
    await within(panel).findByRole('button', { name: `Restore “${goal.title}”` });
    expect(within(panel).queryByRole('button', { name: `Cancel goal “${goal.title}”` })).toBeNull();

    const score = await api.call<Score>(
      'marcus@acme.test',
      'GET',
      `/v1/cycles/${h2}/scores/${ava}?explain=true`,
    );
    expect(score.body.trace.cancelledGoals?.find((g) => g.goalId === goal.id)?.corrections).toEqual([
      expect.objectContaining({ reason: REASON }),
    ]);
    expect(score.body.explanation).toContain(`status active → cancelled — ${REASON}`);
  });

  it('restoring asks for a reason too; the goal is back in the table', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    await user.click(await screen.findByTestId(`select-${ava}`));
    const panel = await screen.findByTestId('team-checkin');
    await user.click(await within(panel).findByRole('button', { name: `Restore “${goal.title}”` }));
    expect(panel.textContent).toContain(`Restoring ${goal.title} puts it back into Ava`);
    const confirm = within(panel).getByRole('button', { name: 'Restore the goal' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await user.click(within(panel).getByLabelText(/Reason/));
    await user.paste(BACK);
    await user.click(confirm);
    await within(panel).findByText('Goal restored; the reason is in the score’s explanation.');
    expect(await statusOf()).toBe('active');
    await within(panel).findByRole('button', { name: `Cancel goal “${goal.title}”` });
  });

  it('the employee is offered no cancel on Me, only who does it; the API refuses her own_goal_cancel', async () => {
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const plan = await screen.findByTestId('me-plan');
    await within(plan).findByText(/to cancel a goal, ask your manager/);
    expect(within(plan).queryByRole('button', { name: `Cancel goal “${goal.title}”` })).toBeNull();
    const current = await api.call<{ version: number }>('ava@acme.test', 'GET', `/v1/goals/${goal.id}`);
    const refused = await api.call<{ code: string }>(
      'ava@acme.test',
      'PATCH',
      `/v1/goals/${goal.id}`,
      { status: 'cancelled', correctionReason: REASON },
      { 'If-Match': `"${current.body.version}"` },
    );
    expect([refused.status, refused.body.code]).toEqual([403, 'own_goal_cancel']);
  });
});
