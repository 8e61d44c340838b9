// @vitest-environment happy-dom
// Plan formulation: a new cycle in the plan phase; the employee agrees her plan on Me, her manager on My team; the
// plan is agreed by both sides. Then in the feedback phase she acknowledges the result her manager discussed with her.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonId, type InProcessApi, inProcessApi, moveCycle } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

let api: InProcessApi;
let cycle: string;
let ava: string;

beforeAll(async () => {
  api = await inProcessApi();
  ava = await demoPersonId(api, 'ava');
  const policies = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
  const created = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
    name: '2027 H1',
    policyId: policies.body.items[0]?.id,
    startsOn: '2027-01-01',
    endsOn: '2027-06-30',
    personIds: [ava],
  });
  expect(created.status).toBe(201);
  cycle = created.body.id;
  const goal = (title: string, weight: number, target: number) => ({
    cycleId: cycle,
    title,
    level: 'person',
    ownerId: ava,
    weight,
    kind: 'kpi',
    unit: 'k€',
    direction: 'higher_is_better',
    baseline: 0,
    threshold: target * 0.8,
    target,
    stretch: target * 1.3,
  });
  for (const g of [goal('New-business bookings', 60, 320), goal('Qualified pipeline created', 40, 850)]) {
    const res = await api.call('marcus@acme.test', 'POST', '/v1/goals', g);
    expect(res.status).toBe(201);
  }
});
afterEach(cleanup);
afterAll(() => api.close());

describe('plan agreement and acknowledgement', () => {
  it('a goal changed after the plan was shown: the click agrees to nothing, says so (en, zh-CN) and offers a reload', async () => {
    const user = userEvent.setup();
    const raiseTarget = async (target: number) => {
      const plan = await api.call<{ goals: { id: string; version: number; title: string }[] }>(
        'marcus@acme.test',
        'GET',
        `/v1/cycles/${cycle}/plans/${ava}`,
      );
      const goal = plan.body.goals.find((g) => g.title === 'New-business bookings');
      const res = await api.call(
        'marcus@acme.test',
        'PATCH',
        `/v1/goals/${goal?.id}`,
        { target },
        {
          'If-Match': `"${goal?.version}"`,
        },
      );
      expect(res.status).toBe(200);
    };
    const unagreed = async () => {
      const stored = await api.call<{ status: string; employeeAgreedAt: string | null }>(
        'ava@acme.test',
        'GET',
        `/v1/cycles/${cycle}/plans/${ava}`,
      );
      expect(stored.body).toMatchObject({ status: 'draft', employeeAgreedAt: null });
    };

    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${cycle}` });
    let plan = await screen.findByTestId('me-plan');
    await within(plan).findByText('Waiting for your manager to agree.');
    await raiseTarget(330);
    await user.click(within(plan).getByRole('button', { name: 'Agree my plan' }));
    const stale = await within(plan).findByTestId('stale');
    expect(stale.textContent).toContain(
      'The plan changed since you opened it (a goal was added, edited or removed). Nothing was agreed',
    );
    await unagreed();
    cleanup();

    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${cycle}&locale=zh-cn` });
    plan = await screen.findByTestId('me-plan');
    await within(plan).findByRole('button', { name: '确认我的计划' });
    await raiseTarget(320);
    await user.click(within(plan).getByRole('button', { name: '确认我的计划' }));
    const staleZh = await within(plan).findByTestId('stale');
    expect(staleZh.textContent).toContain('您打开计划后，计划已被修改');
    await unagreed();
    await user.click(within(staleZh).getByRole('button', { name: '重新加载计划' }));
    await waitFor(() => expect(within(plan).queryByTestId('stale')).toBeNull());
    await within(plan).findByRole('button', { name: '确认我的计划' });
    await unagreed();
  });

  it('the employee agrees on Me, the manager on My team: agreed by both sides', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${cycle}` });
    const plan = await screen.findByTestId('me-plan');
    await within(plan).findByText('Waiting for your manager to agree.');
    await user.click(within(plan).getByRole('button', { name: 'Agree my plan' }));
    await within(plan).findByText(/^You agreed on /);
    cleanup();

    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${cycle}` });
    const coaching = await screen.findByTestId('team-coaching');
    await user.click(await within(coaching).findByTestId(`select-${ava}`));
    const panel = await screen.findByTestId('team-checkin');
    await within(panel).findByText(/the employee agreed on /);
    await user.click(within(panel).getByRole('button', { name: 'Agree the plan as manager' }));
    await within(panel).findByTestId('manager-agreed');
    const stored = await api.call<{
      status: string;
      employeeAgreedAt: string | null;
      managerAgreedAt: string | null;
    }>('ava@acme.test', 'GET', `/v1/cycles/${cycle}/plans/${ava}`);
    expect(stored.body.status).toBe('agreed');
    expect(stored.body.employeeAgreedAt).not.toBeNull();
    expect(stored.body.managerAgreedAt).not.toBeNull();
  });

  it('feedback phase: the employee acknowledges the result of the feedback meeting', async () => {
    for (const phase of ['coach', 'appraise', 'calibrate', 'feedback']) await moveCycle(api, cycle, phase);
    const meeting = await api.call<{ id: string }>('marcus@acme.test', 'POST', '/v1/feedback-meetings', {
      cycleId: cycle,
      subjectId: ava,
      heldAt: new Date().toISOString(),
      summary:
        'We went through both KPIs: bookings came in above target and the pipeline is healthy. We agreed on a stretch goal for the next half.',
      strengths: 'Discovery and closing.',
      improvements: 'Forecast accuracy.',
      agreedActions: ['Monthly forecast review.'],
    });
    expect(meeting.status).toBe(201);
    const user = userEvent.setup();
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${cycle}` });
    const result = await screen.findByTestId('me-result');
    await within(result).findByText('Waiting for your acknowledgement.');
    expect(within(result).getByText(/^You can appeal until /)).toBeTruthy();
    await user.type(within(result).getByLabelText('Comment'), 'Fair summary, thanks.');
    await user.click(within(result).getByRole('button', { name: 'Acknowledge the result' }));
    await within(result).findByText(/^You acknowledged the result on /);
    const stored = await api.call<{ acknowledgement: { status: string; comment: string } }>(
      'ava@acme.test',
      'GET',
      `/v1/feedback-meetings/${meeting.body.id}`,
    );
    expect(stored.body.acknowledgement).toMatchObject({
      status: 'acknowledged',
      comment: 'Fair summary, thanks.',
    });
  });
});
