// @vitest-environment happy-dom
// To do on Me in the plan phase: a manager's reports whose plans have no goals or weights not totalling 100 are listed
// to complete (why, in English and Chinese), overdue by the schedule's plan date, linked to the report's plan editor on
// My team; once the weights total 100 the item becomes a plan to agree.
import { addDays } from '@perfloop/core';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonId, type InProcessApi, inProcessApi } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

let api: InProcessApi;
let cycle: string;
let ava: string;
let ben: string;
const today = new Date().toISOString().slice(0, 10);
const planDue = addDays(today, -3);

const goal = (ownerId: string, title: string, weight: number) => ({
  cycleId: cycle,
  title,
  level: 'person',
  ownerId,
  weight,
  kind: 'kpi',
  unit: 'k€',
  direction: 'higher_is_better',
  baseline: 0,
  threshold: 80,
  target: 100,
  stretch: 130,
});

beforeAll(async () => {
  api = await inProcessApi();
  ava = await demoPersonId(api, 'ava');
  ben = await demoPersonId(api, 'ben');
  const policies = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
  // A plan-phase cycle whose plans were due three days ago; Marcus manages Ava (no goals yet) and Ben (weights 60).
  const created = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
    name: 'Next half',
    policyId: policies.body.items[0]?.id,
    startsOn: addDays(today, 20),
    endsOn: addDays(today, 200),
    personIds: [ava, ben],
    schedule: { planDue },
  });
  expect(created.status).toBe(201);
  cycle = created.body.id;
  const res = await api.call('marcus@acme.test', 'POST', '/v1/goals', goal(ben, 'Renewals', 60));
  expect(res.status).toBe(201);
});
afterEach(cleanup);
afterAll(() => api.close());

/** The to-do items of this cycle (Marcus has others in the demo's open cycle). */
const planItems = async () => {
  const list = await within(await screen.findByTestId('me-todo')).findByTestId('todo-items');
  return within(list)
    .getAllByRole('listitem')
    .filter((li) =>
      within(li)
        .queryAllByRole('link')
        .some((a) => a.getAttribute('href')?.includes(cycle)),
    );
};

describe('To do on Me: plans to complete', () => {
  it('lists each report’s plan to complete with why, overdue by the plan date, linked to the plan editor on My team', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/me?cycle=${cycle}` });
    await waitFor(async () => expect(await planItems()).toHaveLength(2));
    const items = await planItems();
    // The demo's open cycle has Marcus's check-ins too: each of these items names its cycle.
    const texts = items.map((li) => li.textContent ?? '');
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Set goals for Ava Chen’s plan, then agree itDue .+Overdue by 3 daysin Next half$/,
        ),
        expect.stringMatching(
          /^Finish Ben Carter’s plan: goal weights total 60, not 100Due .+Overdue by 3 daysin Next half$/,
        ),
      ]),
    );
    const link = within(items.find((li) => li.textContent?.includes('Ava Chen')) as HTMLElement).getByRole(
      'link',
    );
    expect(link.getAttribute('href')).toBe(`/teams/team?cycle=${cycle}&person=${ava}#team-checkin`);
    // It opens Ava's plan on My team, where her goals are edited.
    await user.click(link);
    const panel = await screen.findByTestId('team-checkin');
    expect(within(panel).getByRole('heading', { name: 'Check-in for Ava Chen' })).toBeTruthy();
    expect(new URLSearchParams(window.location.search).get('person')).toBe(ava);
  });

  it('in Chinese; once Ben’s weights total 100 his plan is to agree, Ava’s still to complete', async () => {
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/me?cycle=${cycle}&locale=zh-cn` });
    await waitFor(async () => expect(await planItems()).toHaveLength(2));
    expect((await planItems()).map((li) => li.textContent)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^为 Ava Chen 的绩效计划设定目标，然后确认截止 .+已逾期 3 天Next half 周期$/),
        expect.stringMatching(
          /^完善 Ben Carter 的绩效计划：目标权重合计 60，不是 100截止 .+已逾期 3 天Next half 周期$/,
        ),
      ]),
    );
    cleanup();
    const res = await api.call('marcus@acme.test', 'POST', '/v1/goals', goal(ben, 'Upsell', 40));
    expect(res.status).toBe(201);
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/me?cycle=${cycle}` });
    await waitFor(async () =>
      expect((await planItems()).map((li) => li.textContent)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Agree Ben Carter’s plan/),
          expect.stringMatching(/^Set goals for Ava Chen’s plan/),
        ]),
      ),
    );
    expect(await planItems()).toHaveLength(2);
  });
});
