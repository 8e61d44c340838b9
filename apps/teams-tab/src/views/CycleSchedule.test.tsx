// @vitest-environment happy-dom
// Stage due dates in the tab: HR sees and moves the demo cycle's schedule on Results (a date out of stage order refused
// with the stage named and its date in the locale, nothing changed), a closed cycle's is read-only, a new cycle opens
// with its schedule, the dashboard says when the phase is due, and a deadline HR moves into the past flags the
// reviewer's to-do item overdue. A closed cycle's dates are text, never a disabled form.
import { addDays, SCHEDULE_STAGES as CORE_STAGES } from '@perfloop/core';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { typeDay } from '../../test/support/days.ts';
import {
  demoCycles,
  demoPersonId,
  type InProcessApi,
  inProcessApi,
  moveCycle,
} from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';
import { SCHEDULE_STAGES } from '../api/types.ts';

let api: InProcessApi;
let h1: string;
let h2: string;

type CycleJson = { id: string; name: string; version: number; schedule?: Record<string, string> };

beforeAll(async () => {
  api = await inProcessApi();
  ({ h1, h2 } = await demoCycles(api));
});
afterEach(cleanup);
afterAll(() => api.close());

const HR = 'hr@acme.test';
const cycle = async (id: string) => (await api.call<CycleJson>(HR, 'GET', `/v1/cycles/${id}`)).body;
const field = (section: HTMLElement, label: string) =>
  within(section).getByLabelText(label) as HTMLInputElement;

describe('Stage due dates', () => {
  it('the tab’s stages are core’s, in its order and phases', () => {
    expect(SCHEDULE_STAGES.map((s) => [s.key, s.phase])).toEqual(CORE_STAGES.map((s) => [s.key, s.phase]));
  });

  it('HR sees the demo cycle’s schedule; a date out of stage order is refused in words, nothing changed', async () => {
    const user = userEvent.setup();
    const before = await cycle(h2);
    expect(before.schedule?.managerAppraisalDue).toBe('2026-12-16');
    renderTab(api, { as: HR, path: `/teams/results?cycle=${h2}` });
    const section = await screen.findByTestId('results-schedule');
    expect(within(section).getByRole('heading', { name: 'Schedule of 2026 H2' })).toBeTruthy();
    // The days as the tab's locale writes them (not the browser's).
    expect(field(section, 'Plans agreed by').value).toBe('Jul 17, 2026');
    expect(field(section, 'Manager appraisals by').value).toBe('Dec 16, 2026');
    // Each stage says its phase.
    expect(within(section).getByText('Calibrate phase')).toBeTruthy();

    await typeDay(() => field(section, 'Calibration by'), 'Dec 15, 2026');
    await user.click(within(section).getByRole('button', { name: 'Save schedule' }));
    const refused = await within(section).findByTestId('problem');
    expect(refused.textContent).toContain('Some stage dates do not fit the cycle.');
    expect(refused.textContent).toContain(
      'Calibration by: The date must not be before “Manager appraisals by” (Dec 16, 2026).',
    );
    expect(refused.textContent).not.toContain('must not be before managerAppraisalDue');
    // The form keeps what was typed; the cycle is unchanged.
    expect(field(section, 'Calibration by').value).toBe('Dec 15, 2026');
    expect(await cycle(h2)).toMatchObject({ version: before.version, schedule: before.schedule });
  });

  it('HR moves a deadline into the past: saved, and the reviewer’s to-do item is flagged overdue', async () => {
    const user = userEvent.setup();
    const today = new Date().toISOString().slice(0, 10);
    // Two days ago, kept within the cycle and before the manager appraisals (16 December).
    const past = [addDays(today, -2), '2026-12-16'].sort()[0] as string;
    const days = Math.round((Date.parse(today) - Date.parse(past)) / 86_400_000);
    renderTab(api, { as: HR, path: `/teams/results?cycle=${h2}` });
    const section = await screen.findByTestId('results-schedule');
    await typeDay(() => field(section, 'Peer feedback by'), past);
    await user.click(within(section).getByRole('button', { name: 'Save schedule' }));
    await within(section).findByText('The schedule is saved.');
    expect((await cycle(h2)).schedule?.peerFeedbackDue).toBe(past);
    cleanup();

    const asked = await api.call('ava@acme.test', 'POST', '/v1/feedback-requests', {
      cycleId: h2,
      subjectId: await demoPersonId(api, 'ava'),
      reviewerId: await demoPersonId(api, 'dan'),
      component: 'peer',
    });
    expect(asked.status).toBe(201);
    renderTab(api, { as: 'dan@acme.test', path: `/teams/me?cycle=${h2}` });
    const list = await screen.findByTestId('todo-items');
    const item = within(list)
      .getByRole('link', { name: 'Give feedback on Ava Chen' })
      .closest('li') as HTMLElement;
    expect(within(item).getByTestId('todo-due').textContent).toMatch(/^Due \w{3} \d{1,2}, 2026$/);
    // Not colour alone: the badge says it.
    expect(within(item).getByTestId('todo-overdue').textContent).toBe(
      `Overdue by ${days} day${days === 1 ? '' : 's'}`,
    );
  });

  it('in Chinese: the stage labels, the days and the rule in Chinese', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: HR, path: `/teams/results?cycle=${h2}&locale=zh-cn` });
    const section = await screen.findByTestId('results-schedule');
    expect(field(section, '计划确认截止').value).toBe('2026年7月17日');
    await typeDay(() => field(section, '计划确认截止'), '2026年3月30日');
    expect(field(section, '计划确认截止').value).toBe('2026年3月30日');
    await user.click(within(section).getByRole('button', { name: '保存截止日期' }));
    const refused = await within(section).findByTestId('problem');
    expect(refused.textContent).toContain(
      '计划确认截止：日期须在 2026年3月31日 至 2027年7月2日 之间（周期开始前一个季度至结束后半年）。',
    );
  });

  it('a closed cycle’s schedule is shown read-only: its dates as text, no form', async () => {
    renderTab(api, { as: HR, path: `/teams/results?cycle=${h1}` });
    let section = await screen.findByTestId('results-schedule');
    expect(within(section).getByText('The cycle is closed: its schedule no longer changes.')).toBeTruthy();
    expect(within(section).getByText('No stage due dates were set for this cycle.')).toBeTruthy();
    expect(within(section).queryAllByRole('textbox')).toEqual([]);
    expect(within(section).queryByRole('button', { name: 'Save schedule' })).toBeNull();
    cleanup();

    // A closed cycle that had dates lists them, in loop order and in the locale.
    const policies = await api.call<{ items: { id: string }[] }>(HR, 'GET', '/v1/policies');
    const opened = await api.call<{ id: string }>(HR, 'POST', '/v1/cycles', {
      name: '2025 H2',
      policyId: policies.body.items[0]?.id,
      startsOn: '2025-07-01',
      endsOn: '2025-12-31',
      schedule: { planDue: '2025-07-18', calibrationDue: '2025-12-12' },
    });
    expect(opened.status).toBe(201);
    await moveCycle(api, opened.body.id, 'closed');
    renderTab(api, { as: HR, path: `/teams/results?cycle=${opened.body.id}` });
    section = await screen.findByTestId('results-schedule');
    expect(
      within(section)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Plans agreed by: Jul 18, 2025', 'Calibration by: Dec 12, 2025']);
    expect(within(section).queryAllByRole('textbox')).toEqual([]);
  });

  it('a new cycle opens with its stage due dates (plans may be due before it starts); one too far out is refused on its field', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: HR, path: `/teams/results?cycle=${h2}` });
    const section = await screen.findByTestId('results-new-cycle');
    await within(section).findByLabelText('Policy');
    await user.type(within(section).getByLabelText(/^Name/), '2029 H1');
    await typeDay(() => within(section).getByLabelText(/^Starts on/), '2029-01-01');
    await typeDay(() => within(section).getByLabelText(/^Ends on/), '2029-06-30');
    await typeDay(() => field(section, 'Plans agreed by'), '2028-09-30');
    await typeDay(() => field(section, 'Manager appraisals by'), '2029-07-10');
    await user.click(within(section).getByRole('button', { name: 'Open cycle' }));
    const refused = await within(section).findByTestId('problem');
    expect(refused.textContent).toContain(
      'Plans agreed by: The date must lie between Oct 1, 2028 and Dec 30, 2029 (from a quarter before the cycle starts to half a year after it ends).',
    );
    const names = async () =>
      (await api.call<{ items: CycleJson[] }>(HR, 'GET', '/v1/cycles?limit=100')).body.items;
    expect((await names()).map((c) => c.name)).not.toContain('2029 H1');

    await typeDay(() => field(section, 'Plans agreed by'), '2028-12-20');
    await user.click(within(section).getByRole('button', { name: 'Open cycle' }));
    await within(section).findByText(/^2029 H1 is open in the Plan phase/);
    const opened = (await names()).find((c) => c.name === '2029 H1');
    expect(opened?.schedule).toEqual({ planDue: '2028-12-20', managerAppraisalDue: '2029-07-10' });
    // The form is cleared for the next cycle.
    await waitFor(() => expect(field(section, 'Plans agreed by').value).toBe(''));
  });

  it('the dashboard says when the current phase is due, and by how much it is late', async () => {
    const policyId = (await api.call<{ items: { id: string }[] }>(HR, 'GET', '/v1/policies')).body.items[0]
      ?.id;
    const created = await api.call<CycleJson>(HR, 'POST', '/v1/cycles', {
      name: '2026 pilot',
      policyId,
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      schedule: { planDue: '2026-01-31' },
    });
    expect(created.status).toBe(201);
    renderTab(api, { as: HR, path: `/teams/dashboard?cycle=${created.body.id}` });
    const due = await screen.findByTestId('phase-due');
    const today = new Date().toISOString().slice(0, 10);
    const days = Math.round((Date.parse(today) - Date.parse('2026-01-31')) / 86_400_000);
    expect(due.textContent).toBe(`This phase was due Jan 31, 2026: overdue by ${days} days.`);
  });
});
