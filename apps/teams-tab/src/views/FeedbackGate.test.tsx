// @vitest-environment happy-dom
// The gate into Feedback on the dashboard: whom a missing appraisal holds is named under the reason (five names, then
// how many more), in the panel and in the phase move's confirmation, in English and Chinese.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonId, type InProcessApi, inProcessApi, moveCycle } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

let api: InProcessApi;
let cycleId: string;
const WHO = ['ava', 'ben', 'chloe', 'liam', 'mia', 'noah', 'priya'] as const;
const NAMES = [
  'Ava Chen',
  'Ben Carter',
  'Chloe Dubois',
  'Liam Walsh',
  'Mia Wong',
  'Noah Schmidt',
  'Priya Nair',
];

beforeAll(async () => {
  api = await inProcessApi();
  const policies = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
  const personIds = await Promise.all(WHO.map((w) => demoPersonId(api, w)));
  const opened = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
    name: 'Gate 2029',
    policyId: policies.body.items[0]?.id,
    startsOn: '2029-01-01',
    endsOn: '2029-06-30',
    personIds,
  });
  expect(opened.status).toBe(201);
  cycleId = opened.body.id;
  // Nobody was appraised: the moves into calibrate were overridden.
  await moveCycle(api, cycleId, 'calibrate');
  const departments = await api.call<{ items: { id: string; parentId: string | null }[] }>(
    'hr@acme.test',
    'GET',
    '/v1/departments',
  );
  const root = departments.body.items.find((d) => d.parentId === null)?.id ?? '';
  const session = await api.call<{ id: string; version: number }>(
    'hr@acme.test',
    'POST',
    '/v1/calibration-sessions',
    {
      cycleId,
      departmentIds: [root],
      name: 'Everyone',
    },
  );
  expect(session.status).toBe(201);
  const finalised = await api.call(
    'hr@acme.test',
    'POST',
    `/v1/calibration-sessions/${session.body.id}/finalise`,
    {},
    { 'If-Match': `"${session.body.version}"` },
  );
  expect(finalised.status).toBe(200);
});
afterEach(cleanup);
afterAll(() => api.close());

const confirmation = () => screen.findByRole('alertdialog', { hidden: true }, { timeout: 5_000 });

/** "Who: A, B, C, D, E and 2 more": five of the seven, each one of them, none twice. */
function expectFiveOfSeven(text: string, lead: string, sep: string, more: string) {
  expect(text.startsWith(lead)).toBe(true);
  expect(text.endsWith(more)).toBe(true);
  const named = text.slice(lead.length, text.length - more.length).split(sep);
  expect(named).toHaveLength(5);
  expect(new Set(named).size).toBe(5);
  for (const n of named) expect(NAMES).toContain(n);
}

describe('the gate into Feedback', () => {
  it('names whom a missing appraisal holds, under the reason and in the confirmation of an override', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?cycle=${cycleId}` });
    const panel = await screen.findByTestId('dash-phase');
    expect((await within(panel).findByTestId('readiness')).textContent).toBe('Not ready for Feedback yet:');
    expect(
      within(panel).getByText('People whose self or manager appraisal is still missing: 7'),
    ).toBeTruthy();
    const who = within(panel).getByTestId('reason-people-appraisals_missing');
    expectFiveOfSeven(who.textContent ?? '', 'Who: ', ', ', ' and 2 more');
    await user.type(
      within(panel).getByLabelText(/^Reason for moving on anyway/),
      'Appraisals waived by the board.',
    );
    await user.click(within(panel).getByRole('button', { name: 'Move to Feedback' }));
    const dialog = await confirmation();
    const override = within(dialog).getByTestId('phase-move-override');
    expect(override.textContent).toContain('People whose self or manager appraisal is still missing: 7');
    expect(within(override).getByTestId('reason-people-appraisals_missing').textContent).toBe(
      who.textContent,
    );
  });

  it('in Chinese: the reason and its people', async () => {
    renderTab(api, { as: 'hr@acme.test', path: `/teams/dashboard?cycle=${cycleId}&locale=zh-cn` });
    const panel = await screen.findByTestId('dash-phase');
    await within(panel).findByText('仍缺少自评或经理评价的人员：7 人');
    const who = within(panel).getByTestId('reason-people-appraisals_missing');
    expectFiveOfSeven(who.textContent ?? '', '涉及人员：', '、', ' 等另外 2 人');
  });
});
