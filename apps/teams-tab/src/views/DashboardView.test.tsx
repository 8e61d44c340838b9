// @vitest-environment happy-dom
// The channel tab's dashboard, scoped to the department in its URL; the configuration page's choices.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
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

/**
 * The phase move's confirmation (a Fluent alert dialog in a portal). Under happy-dom, tabster's modalizer sometimes marks
 * the dialog itself aria-hidden while it opens (it hides everything outside the modal, and happy-dom's observers
 * settle in another order than a browser's), so the dialog and its buttons are looked up including hidden elements.
 */
const confirmation = () => screen.findByRole('alertdialog', { hidden: true }, { timeout: 5_000 });

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

  it('coach: overdue coaching is a warning beside the readiness (not a block), linked to the coaching report', async () => {
    const user = userEvent.setup();
    const h2 = (await demoCycles(api)).h2;
    const report = await api.call<{
      people: { personId: string; managerId: string | null; overdue: boolean }[];
    }>('hr@acme.test', 'GET', `/v1/cycles/${h2}/reports/coaching`);
    const overdue = report.body.people.filter((p) => p.overdue);
    const managers = new Set(overdue.map((p) => p.managerId).filter((m) => m !== null)).size;
    expect(overdue.length).toBeGreaterThan(1);
    expect(managers).toBeGreaterThan(1);
    const readiness = await api.call<{ reasons: unknown[] }>(
      'hr@acme.test',
      'GET',
      `/v1/cycles/${h2}/readiness`,
    );

    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?cycle=${h2}` });
    const panel = await screen.findByTestId('dash-phase');
    const warning = await within(panel).findByTestId('overdue-coaching');
    expect(warning.textContent).toBe(
      `Coaching is late: ${overdue.length} check-ins overdue with ${managers} managers. This does not hold the cycle, ` +
        'but moving on to Appraise ends coaching with them still overdue. Open the coaching report',
    );
    // Not a block: the guards' reasons are the API's, the warning adds none.
    expect(within(panel).queryAllByRole('listitem')).toHaveLength(readiness.body.reasons.length);
    await user.click(within(warning).getByRole('link', { name: 'Open the coaching report' }));
    await screen.findByTestId('dept-coaching');
    expect(window.location.pathname).toBe('/teams/department');
    expect(window.location.hash).toBe('#dept-coaching');
    cleanup();

    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?cycle=${h2}&locale=zh-cn` });
    expect((await screen.findByTestId('overdue-coaching')).textContent).toContain(
      `辅导不及时：逾期辅导 ${overdue.length} 次，涉及 ${managers} 位经理。`,
    );
  });

  it('HR confirms a move: what it ends and starts, what is still open, that it cannot be undone; Cancel moves nothing', async () => {
    const user = userEvent.setup();
    const h2 = (await demoCycles(api)).h2;
    const overdue = (
      await api.call<{ people: { overdue: boolean }[] }>(
        'hr@acme.test',
        'GET',
        `/v1/cycles/${h2}/reports/coaching`,
      )
    ).body.people.filter((p) => p.overdue).length;
    const waiting = await api.call<{ items: unknown[] }>(
      'hr@acme.test',
      'GET',
      `/v1/target-adjustments?cycleId=${h2}&state=requested`,
    );
    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?cycle=${h2}` });
    const panel = await screen.findByTestId('dash-phase');
    await within(panel).findByTestId('overdue-coaching');
    const reason = within(panel).queryByLabelText(/^Reason for moving on anyway/);
    if (reason) await user.type(reason, 'Appraisals start early this year.');
    await user.click(within(panel).getByRole('button', { name: 'Move to Appraise' }));
    const dialog = await confirmation();
    expect(within(dialog).getByRole('heading', { hidden: true }).textContent).toBe(
      'Move 2026 H2 on to Appraise?',
    );
    const text = dialog.textContent ?? '';
    expect(text).toContain('Coaching ends for everyone in the cycle: check-ins can no longer be recorded');
    expect(text).toContain('Appraisal starts: self-, manager, peer and upward reviews are written.');
    expect(text).toContain('This cannot be undone: a cycle never moves back to an earlier phase.');
    const open = within(dialog).getByTestId('phase-move-open');
    expect(within(open).getAllByRole('listitem', { hidden: true })[0]?.textContent).toMatch(
      new RegExp(`^${overdue} check-ins overdue with \\d+ managers$`),
    );
    if (waiting.body.items.length > 0)
      expect(open.textContent).toContain(`Target adjustments still to decide: ${waiting.body.items.length}`);
    await user.click(await within(dialog).findByRole('button', { name: 'Cancel', hidden: true }));
    await waitFor(() => expect(screen.queryByRole('alertdialog', { hidden: true })).toBeNull());
    expect((await api.call<{ phase: string }>('hr@acme.test', 'GET', `/v1/cycles/${h2}`)).body.phase).toBe(
      'coach',
    );
    expect(screen.getByTestId('phase').textContent).toBe('Phase: Coach');
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
    // Asked first: nothing moves until HR confirms.
    const dialog = await confirmation();
    expect((await api.call<{ phase: string }>('hr@acme.test', 'GET', `/v1/cycles/${h2}`)).body.phase).toBe(
      'coach',
    );
    await user.click(
      await within(dialog).findByRole('button', { name: 'Yes, move to Appraise', hidden: true }),
    );
    await screen.findByText('Phase: Appraise');
    const after = await api.call<{ phase: string }>('hr@acme.test', 'GET', `/v1/cycles/${h2}`);
    expect(after.body.phase).toBe('appraise');
    // Said once moved, in the panel now showing the new phase.
    expect((await within(await screen.findByTestId('dash-phase')).findByRole('status')).textContent).toBe(
      'The cycle has moved on to Appraise.',
    );
    expect(screen.queryByRole('alertdialog', { hidden: true })).toBeNull();
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

  it('calibrate with no session yet: the gate says what is true; the override reason counts up to its minimum', async () => {
    const user = userEvent.setup();
    const policies = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
    const opened = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
      name: '2029 H1',
      policyId: policies.body.items[0]?.id,
      startsOn: '2029-01-01',
      endsOn: '2029-06-30',
      schedule: { calibrationDue: '2029-06-10' },
    });
    expect(opened.status).toBe(201);
    await moveCycle(api, opened.body.id, 'calibrate');
    const sessions = await api.call<{ items: unknown[] }>(
      'hr@acme.test',
      'GET',
      `/v1/calibration-sessions?cycleId=${opened.body.id}`,
    );
    expect(sessions.body.items).toHaveLength(0);
    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?cycle=${opened.body.id}` });
    const panel = await screen.findByTestId('dash-phase');
    const readiness = await within(panel).findByTestId('readiness');
    expect(readiness.textContent).toBe('Not ready for Feedback yet:');
    // The list follows its lead-in at once; the due date is said before them, not between.
    expect(readiness.nextElementSibling?.tagName).toBe('UL');
    expect(
      within(panel).getByTestId('phase-due').compareDocumentPosition(readiness) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(
      within(panel).getByText(
        'Calibration is not finished: a calibration session is still to be started or finalised.',
      ),
    ).toBeTruthy();
    expect(panel.textContent).not.toContain('The calibration session is not finalised');

    const move = within(panel).getByRole('button', { name: 'Move to Feedback' });
    const field = within(panel).getByLabelText(/^Reason for moving on anyway/);
    expect(within(panel).getByText('0 of at least 10 characters.')).toBeTruthy();
    await user.type(field, 'x');
    expect(within(panel).getByText('1 of at least 10 characters.')).toBeTruthy();
    expect(move).toHaveProperty('disabled', true);
    // Spaces around it do not count, as the API trims them.
    await user.type(field, '        ');
    expect(within(panel).getByText('1 of at least 10 characters.')).toBeTruthy();
    expect(move).toHaveProperty('disabled', true);
    await user.clear(field);
    await user.type(field, 'Pilot team');
    expect(within(panel).getByText('10 of at least 10 characters.')).toBeTruthy();
    expect(move).toHaveProperty('disabled', false);
    await user.click(move);
    const dialog = await confirmation();
    const override = within(dialog).getByTestId('phase-move-override');
    expect(override.textContent).toContain('You are moving on although:');
    expect(override.textContent).toContain(
      'Calibration is not finished: a calibration session is still to be started or finalised.',
    );
    expect(override.textContent).toContain('Your reason, recorded in the cycle history: “Pilot team”');
    expect(dialog.textContent).toContain('Calibration ends: ratings can no longer be calibrated.');
    await user.click(
      await within(dialog).findByRole('button', { name: 'Yes, move to Feedback', hidden: true }),
    );
    await screen.findByText('Phase: Feedback');
    const after = await api.call<{ phase: string; history: { override: { reason: string } | null }[] }>(
      'hr@acme.test',
      'GET',
      `/v1/cycles/${opened.body.id}`,
    );
    expect(after.body.phase).toBe('feedback');
    expect(after.body.history.at(-1)?.override?.reason).toBe('Pilot team');
    expect((await within(await screen.findByTestId('dash-phase')).findByRole('status')).textContent).toBe(
      'The cycle has moved on to Feedback.',
    );
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
