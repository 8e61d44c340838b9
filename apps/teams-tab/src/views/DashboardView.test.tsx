// @vitest-environment happy-dom
// The channel tab's dashboard, scoped to the department in its URL; the configuration page's choices.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonId, type InProcessApi, inProcessApi, moveCycle } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';
import { dashboardUrl } from './ConfigPage.tsx';

let api: InProcessApi;
let sales: string;

beforeAll(async () => {
  api = await inProcessApi();
  const departments = await api.call<{ items: { id: string; name: string }[] }>(
    'hr@acme.test',
    'GET',
    '/v1/departments',
  );
  sales = departments.body.items.find((d) => d.name === 'Sales')?.id ?? '';
});
afterEach(cleanup);
afterAll(() => api.close());

describe('Review dashboard (channel tab)', () => {
  it('shows the department’s plans agreed, coaching on time and overdue check-ins', async () => {
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/dashboard?department=${sales}` });
    const dash = await screen.findByTestId('dashboard');
    await within(dash).findByText('Team: Sales');
    const overdue = await within(dash).findByTestId('dash-overdue');
    expect(overdue.textContent).toMatch(/^Overdue check-ins: \d+ · People in the cycle: \d+$/);
    expect(within(dash).getByText('Plans agreed')).toBeTruthy();
    expect(within(dash).getByText('2026 H2 · Coach')).toBeTruthy();
  });

  it('HR sees what holds the cycle in its phase and moves it on, with a recorded reason when not ready', async () => {
    const user = userEvent.setup();
    const cycles = await api.call<{ items: { id: string; phase: string }[] }>(
      'hr@acme.test',
      'GET',
      '/v1/cycles?phase=coach',
    );
    const h2 = cycles.body.items[0]?.id ?? '';
    const expected = await api.call<{
      ready: boolean;
      reasons: { code: string; count: number; message: string }[];
    }>('hr@acme.test', 'GET', `/v1/cycles/${h2}/readiness`);
    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?cycle=${h2}` });
    const panel = await screen.findByTestId('dash-phase');
    const readiness = await within(panel).findByTestId('readiness');
    expect(readiness.textContent).toBe(
      expected.body.ready ? 'Ready to move on to Appraise.' : 'Not ready for Appraise yet:',
    );
    expect(within(panel).queryAllByRole('listitem')).toHaveLength(expected.body.reasons.length);
    if (!expected.body.ready) {
      expect(within(panel).getByRole('button', { name: 'Move to Appraise' })).toHaveProperty(
        'disabled',
        true,
      );
      await user.type(
        within(panel).getByLabelText(/^Reason for moving on anyway/),
        'Appraisals start early this year.',
      );
    }
    await user.click(within(panel).getByRole('button', { name: 'Move to Appraise' }));
    await screen.findByText('Phase: Appraise');
    const after = await api.call<{ phase: string }>('hr@acme.test', 'GET', `/v1/cycles/${h2}`);
    expect(after.body.phase).toBe('appraise');
  });

  it('a manager sees the readiness but cannot move the cycle', async () => {
    renderTab(api, { as: 'marcus@acme.test', path: '/teams/dashboard' });
    const panel = await screen.findByTestId('dash-phase');
    await within(panel).findByTestId('readiness');
    expect(within(panel).queryByRole('button')).toBeNull();
  });

  it('a ready cycle: HR is told it is ready and offered the move; a head without the move is told HR can now', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const policies = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
    const dan = await demoPersonId(api, 'dan');
    const opened = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
      name: 'Dan’s cycle',
      policyId: policies.body.items[0]?.id,
      startsOn: day(-30),
      endsOn: day(150),
      personIds: [dan],
    });
    expect(opened.status).toBe(201);
    await moveCycle(api, opened.body.id, 'coach');
    // Dan's one check-in is all coach asks for: the cycle may move on to appraise.
    const note = await api.call('sofia@acme.test', 'POST', '/v1/check-ins', {
      cycleId: opened.body.id,
      subjectId: dan,
      kind: 'guidance_note',
      notes: 'Forecast call: lead with pipeline quality.',
    });
    expect(note.status).toBe(201);
    const readiness = await api.call<{ ready: boolean; next: string }>(
      'sofia@acme.test',
      'GET',
      `/v1/cycles/${opened.body.id}/readiness`,
    );
    expect(readiness.body).toMatchObject({ ready: true, next: 'appraise' });

    renderTab(api, { as: 'sofia@acme.test', path: `/teams/dashboard?cycle=${opened.body.id}` });
    let panel = await screen.findByTestId('dash-phase');
    expect((await within(panel).findByTestId('readiness')).textContent).toBe(
      'Nothing holds the cycle in this phase any more: HR can now move it on to Appraise.',
    );
    expect(within(panel).queryByRole('button')).toBeNull();
    cleanup();

    renderTab(api, {
      as: 'sofia@acme.test',
      path: `/teams/dashboard?cycle=${opened.body.id}&locale=zh-cn`,
    });
    panel = await screen.findByTestId('dash-phase');
    expect((await within(panel).findByTestId('readiness')).textContent).toBe(
      '本阶段已没有待完成事项：人力资源部现在可以将周期推进到“绩效考核”阶段。',
    );
    cleanup();

    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?cycle=${opened.body.id}` });
    panel = await screen.findByTestId('dash-phase');
    expect((await within(panel).findByTestId('readiness')).textContent).toBe('Ready to move on to Appraise.');
    expect(within(panel).getByRole('button', { name: 'Move to Appraise' })).toHaveProperty('disabled', false);
  });

  it('in Chinese: what holds a cycle is said from each guard’s code and count, not the API’s English', async () => {
    const policies = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
    const opened = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
      name: '2028 H1',
      policyId: policies.body.items[0]?.id,
      startsOn: '2028-01-01',
      endsOn: '2028-06-30',
    });
    expect(opened.status).toBe(201);
    const expected = await api.call<{ reasons: { code: string; count: number; message: string }[] }>(
      'hr@acme.test',
      'GET',
      `/v1/cycles/${opened.body.id}/readiness`,
    );
    const notAgreed = expected.body.reasons.find((r) => r.code === 'plans_not_agreed');
    expect(notAgreed?.count).toBeGreaterThan(0);
    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?cycle=${opened.body.id}&locale=zh-cn` });
    const panel = await screen.findByTestId('dash-phase');
    expect((await within(panel).findByTestId('readiness')).textContent).toBe('尚不能进入“绩效辅导”阶段：');
    expect(within(panel).getByText(`未确认的计划：${notAgreed?.count} 份`)).toBeTruthy();
    for (const reason of expected.body.reasons) expect(panel.textContent).not.toContain(reason.message);
  });

  it('configuration page offers the departments a head may pick (plain browser: no Teams Save button)', async () => {
    renderTab(api, { as: 'sofia@acme.test', path: '/teams/config' });
    const config = await screen.findByTestId('config');
    const select = within(config).getByLabelText('Department') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toContain('Sales');
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(dashboardUrl('https://perfloop.example', sales)).toBe(
      `https://perfloop.example/teams/dashboard?department=${sales}`,
    );
  });
});
