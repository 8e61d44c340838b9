// @vitest-environment happy-dom
// Me for someone withdrawn from the cycle: the withdrawal note on top and every section to read only — no plan editing
// or agreeing, no progress note, no relief to ask, no colleague to ask — while what was recorded stays shown; the same
// person taking part has those forms. A write the API refuses anyway (participant_withdrawn) is said with their name.
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonId, type InProcessApi, inProcessApi, moveCycle } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';
import { ApiError } from '../api/client.ts';
import { Problem } from '../components/Problem.tsx';
import { I18nProvider } from '../i18n/index.tsx';

let api: InProcessApi;
let mia: string;
let policyId: string;
let opened = 0;

beforeAll(async () => {
  api = await inProcessApi();
  mia = await demoPersonId(api, 'mia');
  const policies = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
  policyId = policies.body.items[0]?.id ?? '';
});
afterEach(cleanup);
afterAll(() => api.close());

/** A new cycle of Mia and Noah, Mia with one KPI goal (weight 100); its id and the goal's title. */
async function cycleWithGoal(): Promise<string> {
  opened += 1;
  const noah = await demoPersonId(api, 'noah');
  const cycle = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
    name: `Withdrawn ${opened}`,
    policyId,
    startsOn: '2029-01-01',
    endsOn: '2029-06-30',
    personIds: [mia, noah],
  });
  expect(cycle.status).toBe(201);
  const goal = await api.call('hr@acme.test', 'POST', '/v1/goals', {
    cycleId: cycle.body.id,
    kind: 'kpi',
    level: 'person',
    ownerId: mia,
    title: 'Release cadence',
    weight: 100,
    direction: 'higher_is_better',
    baseline: 0,
    target: 12,
  });
  expect(goal.status).toBe(201);
  return cycle.body.id;
}

async function withdrawMia(cycleId: string): Promise<void> {
  const current = await api.call<{ version: number }>('hr@acme.test', 'GET', `/v1/cycles/${cycleId}`);
  const res = await api.call(
    'hr@acme.test',
    'POST',
    `/v1/cycles/${cycleId}/withdrawals`,
    { personId: mia, kind: 'leave_of_absence', reason: 'Parental leave until the end of the year.' },
    { 'If-Match': `"${current.body.version}"` },
  );
  expect(res.status).toBe(200);
}

describe('Me, withdrawn from the cycle', () => {
  it('plan: the plan is shown, neither edited nor agreed', async () => {
    const cycleId = await cycleWithGoal();
    renderTab(api, { as: 'mia@acme.test', path: `/teams/me?cycle=${cycleId}` });
    let plan = await screen.findByTestId('me-plan');
    await within(plan).findByRole('button', { name: 'Agree my plan' });
    expect(within(plan).getByRole('button', { name: 'Add a goal' })).toBeTruthy();
    cleanup();

    await withdrawMia(cycleId);
    renderTab(api, { as: 'mia@acme.test', path: `/teams/me?cycle=${cycleId}` });
    const note = await screen.findByTestId('me-withdrawn');
    expect(note.textContent).toContain(
      'While you are withdrawn, nothing about you is recorded or changed in this cycle: what was recorded is shown below to read. HR can reinstate you.',
    );
    plan = await screen.findByTestId('me-plan');
    await within(plan).findByText('Release cadence');
    expect(within(plan).queryByRole('button', { name: 'Agree my plan' })).toBeNull();
    expect(within(plan).queryByRole('button', { name: 'Add a goal' })).toBeNull();
    expect(within(plan).queryByRole('button', { name: /^Edit / })).toBeNull();
  });

  it('coach: check-ins kept and shown, no progress note, no relief or feedback to ask', async () => {
    const cycleId = await cycleWithGoal();
    await moveCycle(api, cycleId, 'coach');
    const recorded = await api.call('raj@acme.test', 'POST', '/v1/check-ins', {
      cycleId,
      subjectId: mia,
      kind: 'performance_meeting',
      notes: 'Went through the release plan for the quarter.',
    });
    expect(recorded.status).toBe(201);
    renderTab(api, { as: 'mia@acme.test', path: `/teams/me?cycle=${cycleId}` });
    await within(await screen.findByTestId('me-checkins')).findByRole('button', {
      name: 'Record progress note',
    });
    await within(await screen.findByTestId('me-targets')).findByRole('button', {
      name: 'Ask for a target adjustment',
    });
    await within(await screen.findByTestId('me-feedback')).findByRole('button', { name: 'Ask for feedback' });
    cleanup();

    await withdrawMia(cycleId);
    renderTab(api, { as: 'mia@acme.test', path: `/teams/me?cycle=${cycleId}` });
    await screen.findByTestId('me-withdrawn');
    const checkIns = await screen.findByTestId('me-checkins');
    await within(checkIns).findByText('Went through the release plan for the quarter.');
    expect(within(checkIns).queryByRole('button', { name: 'Record progress note' })).toBeNull();
    expect(within(checkIns).queryByText('Check-ins are recorded in the Coach phase.')).toBeNull();
    const targets = await screen.findByTestId('me-targets');
    await within(targets).findByText('Release cadence');
    expect(within(targets).queryByRole('button', { name: 'Ask for a target adjustment' })).toBeNull();
    const feedback = await screen.findByTestId('me-feedback');
    await within(feedback).findByText('No feedback requested yet.');
    expect(within(feedback).queryByRole('button', { name: 'Ask for feedback' })).toBeNull();
    expect(
      within(await screen.findByTestId('me-self')).getByText(
        'You are not appraised in this cycle while you are withdrawn: there is no self-appraisal to write.',
      ),
    ).toBeTruthy();
  });

  it('a refusal of a write about a withdrawn person is said with their name, in English and Chinese', () => {
    const problem = {
      title: 'Conflict',
      status: 409,
      code: 'participant_withdrawn',
      detail: 'per_x was withdrawn from this cycle …',
      details: { personId: 'per_x', cycleId: 'cyc_x' },
    };
    for (const [locale, text] of [
      [
        'en',
        'per_x was withdrawn from this cycle: nothing about them can be recorded or changed in it any more.',
      ],
      ['zh-CN', 'per_x 已退出本周期：本周期内不能再记录或更改与其相关的任何内容。'],
    ] as const) {
      render(
        <I18nProvider locale={locale}>
          <Problem error={new ApiError(problem)} />
        </I18nProvider>,
      );
      expect(screen.getByTestId('problem').textContent).toContain(text);
      cleanup();
    }
  });
});
