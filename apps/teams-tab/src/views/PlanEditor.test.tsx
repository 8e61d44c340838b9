// @vitest-environment happy-dom
// Plan formulation in the tab: the manager adds, edits and deletes a report's goals on My team (aligned to an
// organisation goal, the weight total live against 100, the agreement re-read after each change) or from a goal
// template, a stale edit (412) is never overwritten, a refusal is said by its code; the employee plans her own goals on
// Me, in Chinese.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dayPicker } from '../../test/support/days.ts';
import { demoCycles, demoPersonId, type InProcessApi, inProcessApi } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

interface StoredGoal {
  id: string;
  version: number;
  title: string;
  kind: string;
  weight: number;
  alignedTo: string | null;
  dueDate: string | null;
  unit?: string;
  direction?: string;
  baseline?: number;
  threshold?: number | null;
  target?: number;
  stretch?: number | null;
  expectations?: string;
}
interface StoredPlan {
  status: string;
  etag: string;
  employeeAgreedAt: string | null;
  managerAgreedAt: string | null;
  weightsTotal: number;
  goals: StoredGoal[];
}

let api: InProcessApi;
let cycle: string;
let h2: string;
let ava: string;
let ben: string;
let orgGoal: string;
let salesGoal: string;

const planOf = async (personId: string) =>
  (await api.call<StoredPlan>('hr@acme.test', 'GET', `/v1/cycles/${cycle}/plans/${personId}`)).body;

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  ava = await demoPersonId(api, 'ava');
  ben = await demoPersonId(api, 'ben');
  const policies = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
  const created = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
    name: '2027 H1 planning',
    policyId: policies.body.items[0]?.id,
    startsOn: '2027-01-01',
    endsOn: '2027-06-30',
    personIds: [ava, ben],
  });
  expect(created.status).toBe(201);
  cycle = created.body.id;
  const org = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/goals', {
    cycleId: cycle,
    title: 'Grow recurring revenue',
    level: 'organisation',
    weight: 100,
    kind: 'kpi',
    unit: 'M€',
    direction: 'higher_is_better',
    baseline: 10,
    target: 14,
  });
  expect(org.status).toBe(201);
  orgGoal = org.body.id;
  const departments = await api.call<{ items: { id: string; name: string }[] }>(
    'hr@acme.test',
    'GET',
    '/v1/departments',
  );
  const sales = departments.body.items.find((d) => d.name === 'Sales')?.id;
  const dept = await api.call<{ id: string }>('sofia@acme.test', 'POST', '/v1/goals', {
    cycleId: cycle,
    title: 'Win enterprise accounts',
    level: 'department',
    departmentId: sales,
    weight: 100,
    kind: 'competency',
    alignedTo: orgGoal,
  });
  expect(dept.status).toBe(201);
  salesGoal = dept.body.id;
});
afterEach(cleanup);
afterAll(() => api.close());

async function openPanel(personId: string) {
  const user = userEvent.setup();
  renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${cycle}` });
  const coaching = await screen.findByTestId('team-coaching');
  await user.click(await within(coaching).findByTestId(`select-${personId}`));
  const panel = await screen.findByTestId('team-checkin');
  return { user, panel };
}

describe('plan editor', () => {
  it('the manager plans a report’s goals: aligned, weights live against 100, the agreement re-read after a change', async () => {
    const { user, panel } = await openPanel(ava);
    const total = await within(panel).findByTestId('weight-total');
    expect(total.textContent).toBe(
      'Total weight 0 of 100: 100 still to place before the plan can be agreed.',
    );

    await user.click(within(panel).getByRole('button', { name: 'Add a goal' }));
    let form = within(panel).getByTestId('goal-form');
    await user.type(within(form).getByLabelText(/^Title/), 'Enterprise bookings');
    await user.type(within(form).getByLabelText(/^Weight/), '70');
    // The total counts the weight being typed.
    expect(within(panel).getByTestId('weight-total').textContent).toBe(
      'Total weight 70 of 100: 30 still to place before the plan can be agreed.',
    );
    await user.type(within(form).getByLabelText('Unit'), 'k€');
    await user.type(within(form).getByLabelText(/^Threshold/), '250');
    await user.type(within(form).getByLabelText(/^Target/), '300');
    await user.type(within(form).getByLabelText(/^Stretch/), '380');
    await user.type(await dayPicker(() => within(form).getByLabelText(/^Due date/)), '2027-06-15');
    // Organisation goals first, then the report's department.
    const aligned = within(form).getByLabelText('Aligned to') as HTMLSelectElement;
    expect([...aligned.options].map((o) => o.textContent)).toEqual([
      'Not aligned',
      'Organisation · Grow recurring revenue',
      'Sales · Win enterprise accounts',
    ]);
    await user.selectOptions(aligned, salesGoal);
    await user.click(within(form).getByRole('button', { name: 'Add to the plan' }));
    await within(panel).findByText('Goal added.');
    await within(panel).findByText('Enterprise bookings');
    expect(within(panel).queryByTestId('goal-form')).toBeNull();

    await user.click(within(panel).getByRole('button', { name: 'Add a goal' }));
    form = within(panel).getByTestId('goal-form');
    await user.type(within(form).getByLabelText(/^Title/), 'Coach the new account executives');
    await user.selectOptions(within(form).getByLabelText('Kind'), 'competency');
    expect(within(form).queryByLabelText(/^Target/)).toBeNull();
    await user.type(within(form).getByLabelText(/^Weight/), '30');
    await user.type(within(form).getByLabelText('Expectations'), 'Shadows and debriefs every first call.');
    expect(within(panel).getByTestId('weight-total').textContent).toBe('Total weight 100 of 100: complete.');
    await user.click(within(form).getByRole('button', { name: 'Add to the plan' }));
    await within(panel).findByText('Coach the new account executives');

    let stored = await planOf(ava);
    expect(stored.weightsTotal).toBe(100);
    const kpi = stored.goals.find((g) => g.title === 'Enterprise bookings');
    expect(kpi).toMatchObject({
      kind: 'kpi',
      weight: 70,
      unit: 'k€',
      direction: 'higher_is_better',
      baseline: 0,
      threshold: 250,
      target: 300,
      stretch: 380,
      dueDate: '2027-06-15',
      alignedTo: salesGoal,
    });
    expect(stored.goals.find((g) => g.kind === 'competency')).toMatchObject({
      weight: 30,
      expectations: 'Shadows and debriefs every first call.',
      alignedTo: null,
    });

    // Ava agrees the plan as it is now; the manager's panel, read again, says so.
    const agreed = await api.call(
      'ava@acme.test',
      'POST',
      `/v1/cycles/${cycle}/plans/${ava}/agree`,
      { side: 'employee' },
      {
        'If-Match': stored.etag,
        'Idempotency-Key': 'plan-editor-ava-agrees',
      },
    );
    expect(agreed.status).toBe(200);
    cleanup();
    const again = await openPanel(ava);
    await within(again.panel).findByText(/the employee agreed on /);

    // A change to the agreed plan: the panel reads the plan again, the agreement is gone, and the manager's agree
    // button carries the new ETag (it agrees, it is not refused as stale).
    await again.user.click(within(again.panel).getByRole('button', { name: 'Edit “Enterprise bookings”' }));
    form = within(again.panel).getByTestId('goal-form');
    expect(within(form).getByRole('button', { name: 'Save the goal' })).toHaveProperty('disabled', true);
    await again.user.clear(within(form).getByLabelText(/^Target/));
    await again.user.type(within(form).getByLabelText(/^Target/), '320');
    await again.user.click(within(form).getByRole('button', { name: 'Save the goal' }));
    await within(again.panel).findByText('Goal saved.');
    await within(again.panel).findByText(/waiting for the employee to agree/);
    await within(again.panel).findByText('250 / 320 / 380 k€');
    stored = await planOf(ava);
    expect(stored.employeeAgreedAt).toBeNull();
    expect(stored.goals.find((g) => g.title === 'Enterprise bookings')?.target).toBe(320);
    await again.user.click(within(again.panel).getByRole('button', { name: 'Agree the plan as manager' }));
    await within(again.panel).findByTestId('manager-agreed');
    expect((await planOf(ava)).managerAgreedAt).not.toBeNull();
  });

  it('a goal changed meanwhile: saving overwrites nothing and offers a reload; a refusal is said by its code', async () => {
    const created = await api.call<StoredGoal>('marcus@acme.test', 'POST', '/v1/goals', {
      cycleId: cycle,
      title: 'Renewal rate',
      level: 'person',
      ownerId: ben,
      weight: 100,
      kind: 'kpi',
      unit: '%',
      direction: 'higher_is_better',
      baseline: 80,
      target: 90,
    });
    expect(created.status).toBe(201);
    const { user, panel } = await openPanel(ben);
    await within(panel).findByText('Renewal rate');
    await user.click(within(panel).getByRole('button', { name: 'Edit “Renewal rate”' }));
    let form = within(panel).getByTestId('goal-form');

    // Out of order: a threshold above the target is refused (422 kpi_anchors_invalid), the form keeps what was typed.
    await user.type(within(form).getByLabelText(/^Threshold/), '95');
    await user.click(within(form).getByRole('button', { name: 'Save the goal' }));
    const refused = await within(panel).findByTestId('problem');
    expect(refused.textContent).toContain('A KPI’s threshold, target and stretch are not in order.');
    // Which anchor and why, from the rule's code and facts, by the field's label.
    expect(refused.textContent).toContain(
      'Threshold: The threshold must be below the target (higher is better).',
    );
    expect((within(form).getByLabelText(/^Threshold/) as HTMLInputElement).value).toBe('95');
    expect(within(panel).queryByTestId('stale')).toBeNull();

    // Someone else changes the goal; the edit as read is now stale.
    const changed = await api.call(
      'marcus@acme.test',
      'PATCH',
      `/v1/goals/${created.body.id}`,
      { target: 92 },
      { 'If-Match': `"${created.body.version}"` },
    );
    expect(changed.status).toBe(200);
    await user.clear(within(form).getByLabelText(/^Threshold/));
    await user.type(within(form).getByLabelText(/^Threshold/), '85');
    await user.click(within(form).getByRole('button', { name: 'Save the goal' }));
    const stale = await within(panel).findByTestId('stale');
    expect(stale.textContent).toContain(
      'This goal or the plan changed since you opened it. Nothing was overwritten',
    );
    const kept = (await planOf(ben)).goals.find((g) => g.id === created.body.id);
    expect(kept).toMatchObject({ target: 92, threshold: null });
    await user.click(within(stale).getByRole('button', { name: 'Reload the plan' }));
    await waitFor(() => expect(within(panel).queryByTestId('stale')).toBeNull());
    await within(panel).findByText('— / 92 / — %');

    // Reloaded: the edit starts from the latest version and is saved.
    await user.click(within(panel).getByRole('button', { name: 'Edit “Renewal rate”' }));
    form = within(panel).getByTestId('goal-form');
    expect((within(form).getByLabelText(/^Target/) as HTMLInputElement).value).toBe('92');
    await user.type(within(form).getByLabelText(/^Threshold/), '85');
    await user.click(within(form).getByRole('button', { name: 'Save the goal' }));
    await within(panel).findByText('85 / 92 / — %');

    // A delete of a goal changed meanwhile deletes nothing and offers a reload too.
    const latest = (await planOf(ben)).goals.find((g) => g.id === created.body.id);
    const renamed = await api.call(
      'marcus@acme.test',
      'PATCH',
      `/v1/goals/${created.body.id}`,
      { description: 'Changed elsewhere.' },
      { 'If-Match': `"${latest?.version}"` },
    );
    expect(renamed.status).toBe(200);
    await user.click(within(panel).getByRole('button', { name: 'Delete “Renewal rate”' }));
    await user.click(await within(panel).findByRole('button', { name: 'Delete the goal' }));
    const staleDelete = await within(panel).findByTestId('stale');
    expect((await planOf(ben)).goals).toHaveLength(1);
    await user.click(within(staleDelete).getByRole('button', { name: 'Reload the plan' }));
    await waitFor(() => expect(within(panel).queryByTestId('stale')).toBeNull());

    // Deleting asks first, then the goal and its weight are gone.
    await user.click(within(panel).getByRole('button', { name: 'Delete “Renewal rate”' }));
    await user.click(await within(panel).findByRole('button', { name: 'Delete the goal' }));
    await within(panel).findByText('Goal deleted.');
    await waitFor(() => expect(within(panel).queryByText('Renewal rate')).toBeNull());
    expect(within(panel).getByTestId('weight-total').textContent).toBe(
      'Total weight 0 of 100: 100 still to place before the plan can be agreed.',
    );
    expect((await planOf(ben)).goals).toEqual([]);
  });

  it('the employee plans her own goals on Me, in Chinese: weights over 100 said so, the refusal in Chinese', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${cycle}&locale=zh-cn` });
    const plan = await screen.findByTestId('me-plan');
    await within(plan).findByText('Enterprise bookings');
    expect(within(plan).getByTestId('weight-total').textContent).toBe('权重合计 100，已达到 100。');
    await user.click(within(plan).getByRole('button', { name: '新增目标' }));
    const form = within(plan).getByTestId('goal-form');
    await user.type(within(form).getByLabelText(/^标题/), 'Forecast accuracy');
    await user.type(within(form).getByLabelText(/^权重/), '10');
    expect(within(plan).getByTestId('weight-total').textContent).toBe(
      '权重合计 110，超出 100 共 10，请降低权重后再确认计划。',
    );
    await user.selectOptions(within(form).getByLabelText('方向'), 'lower_is_better');
    await user.clear(within(form).getByLabelText(/^基准值/));
    await user.type(within(form).getByLabelText(/^基准值/), '10');
    await user.type(within(form).getByLabelText(/^目标值/), '15');
    await user.click(within(form).getByRole('button', { name: '加入计划' }));
    const refused = await within(plan).findByTestId('problem');
    expect(refused.textContent).toContain('KPI 的门槛值、目标值和挑战值顺序不正确');
    // The anchor and its relation in Chinese, by the field's Chinese label: no English rule text, no field path.
    expect(refused.textContent).toContain('目标值：目标值须低于基准值（越低越好）。');
    expect(refused.textContent).not.toMatch(/must be|target:/);
    await user.clear(within(form).getByLabelText(/^目标值/));
    await user.type(within(form).getByLabelText(/^目标值/), '5');
    await user.click(within(form).getByRole('button', { name: '加入计划' }));
    await within(plan).findByText('目标已添加。');
    await within(plan).findByText('Forecast accuracy');
    const stored = (await planOf(ava)).goals.find((g) => g.title === 'Forecast accuracy');
    expect(stored).toMatchObject({ direction: 'lower_is_better', baseline: 10, target: 5, weight: 10 });
    expect(within(plan).getByTestId('weight-total').textContent).toBe(
      '权重合计 110，超出 100 共 10，请降低权重后再确认计划。',
    );
  });

  it('the manager gives a report a goal template’s goals; given again, nothing is added and it says why', async () => {
    const template = await api.call<{ id: string }>('marcus@acme.test', 'POST', '/v1/goal-templates', {
      name: 'Account executive',
      goals: [
        {
          kind: 'kpi',
          title: 'Template bookings',
          weight: 70,
          direction: 'higher_is_better',
          baseline: 0,
          target: 500,
        },
        { kind: 'competency', title: 'Template discovery', weight: 30 },
      ],
    });
    expect(template.status).toBe(201);
    const { user, panel } = await openPanel(ben);
    const choice = (await within(panel).findByLabelText('Goal template')) as HTMLSelectElement;
    expect([...choice.options].map((o) => o.textContent)).toEqual(['Account executive (2 goals)']);
    await user.click(within(panel).getByRole('button', { name: 'Add the template’s goals' }));
    await within(panel).findByText('2 goals added from “Account executive”.');
    await within(panel).findByText('Template discovery');
    await waitFor(() =>
      expect(within(panel).getByTestId('weight-total').textContent).toBe(
        'Total weight 100 of 100: complete.',
      ),
    );
    expect((await planOf(ben)).goals.map((g) => g.title).sort()).toEqual([
      'Template bookings',
      'Template discovery',
    ]);
    await user.click(within(panel).getByRole('button', { name: 'Add the template’s goals' }));
    await within(panel).findByText('“Account executive” was already given to this person: nothing added.');
    expect((await planOf(ben)).goals).toHaveLength(2);
  });

  it('numbers are typed and shown as the tab’s locale writes them; a typo is said, never sent as 0 or cut short', async () => {
    const { user, panel } = await openPanel(ava);
    await within(panel).findByText('Enterprise bookings');
    await user.click(within(panel).getByRole('button', { name: 'Add a goal' }));
    const form = within(panel).getByTestId('goal-form');
    const field = (label: RegExp) => within(form).getByLabelText(label) as HTMLInputElement;
    const type = async (label: RegExp, text: string) => {
      await user.clear(field(label));
      await user.type(field(label), text);
      await user.tab();
    };
    await user.type(field(/^Title/), 'Pipeline value');
    await type(/^Weight/, '5');
    await user.type(within(form).getByLabelText('Unit'), 'k€');
    await type(/^Baseline/, '1000');
    // Left, the baseline is shown as English writes it.
    expect(field(/^Baseline/).value).toBe('1,000');
    // "1,5" is neither 15 nor 1.5: said beside the field, and the goal cannot be added.
    await type(/^Threshold/, '1,5');
    await type(/^Target/, '1,250.5');
    await type(/^Stretch/, '２，０００');
    expect(within(form).getByText(/^Not a number: type it like 1,234\.5/)).toBeTruthy();
    const add = within(form).getByRole('button', { name: 'Add to the plan' }) as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    await type(/^Threshold/, '1,100');
    expect(within(form).queryByText(/^Not a number/)).toBeNull();
    expect([/^Threshold/, /^Target/, /^Stretch/].map((l) => field(l).value)).toEqual([
      '1,100',
      '1,250.5',
      '2,000',
    ]);
    await user.click(add);
    await within(panel).findByText('Goal added.');
    const stored = (await planOf(ava)).goals.find((g) => g.title === 'Pipeline value');
    expect(stored).toMatchObject({
      weight: 5,
      baseline: 1000,
      threshold: 1100,
      target: 1250.5,
      stretch: 2000,
    });
    // Edited again: the numbers as English writes them, which are the goal as stored (nothing to save).
    await within(panel).findByText('Pipeline value');
    await user.click(await within(panel).findByRole('button', { name: 'Edit “Pipeline value”' }));
    const edit = within(panel).getByTestId('goal-form');
    expect(
      [/^Baseline/, /^Threshold/, /^Target/, /^Stretch/].map(
        (l) => (within(edit).getByLabelText(l) as HTMLInputElement).value,
      ),
    ).toEqual(['1,000', '1,100', '1,250.5', '2,000']);
    expect(within(edit).getByRole('button', { name: 'Save the goal' })).toHaveProperty('disabled', true);
  });

  it('outside the plan phase the goals are shown, not edited', async () => {
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const plan = await screen.findByTestId('me-plan');
    await within(plan).findByText('New-business bookings');
    expect(within(plan).queryByRole('button', { name: 'Add a goal' })).toBeNull();
    expect(within(plan).queryByTestId('weight-total')).toBeNull();
  });
});
