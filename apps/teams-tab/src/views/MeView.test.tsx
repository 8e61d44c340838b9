// @vitest-environment happy-dom
// Me: plan with flexible targets, recording a progress note, the self-appraisal with a stale (412) edit that is never
// overwritten, and the closed cycle's result with its explanation.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dayPicker } from '../../test/support/days.ts';
import {
  demoCycles,
  demoPersonId,
  type InProcessApi,
  inProcessApi,
  moveCycle,
} from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';
import { dayText } from '../i18n/days.ts';

let api: InProcessApi;
let h1: string;
let h2: string;
let ava: string;

beforeAll(async () => {
  api = await inProcessApi();
  ({ h1, h2 } = await demoCycles(api));
  ava = await demoPersonId(api, 'ava');
});
afterEach(cleanup);
afterAll(() => api.close());

describe('Me view', () => {
  it('in Chinese: the plan status is said in Chinese, not the API’s word', async () => {
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}&locale=zh-cn` });
    const plan = await screen.findByTestId('me-plan');
    expect(await within(plan).findByText('计划状态：已确认')).toBeTruthy();
    expect(plan.textContent).not.toMatch(/agreed/);
    // The plan's progress is named and explained apart from the score's achievement, in Chinese too.
    expect(within(plan).getByRole('columnheader', { name: '目标完成进度' })).toBeTruthy();
    expect(within(plan).getByTestId('progress-help').textContent).toMatch(
      /^目标完成进度：.*它不是得分：得分按每个目标的达成度计算/,
    );
  });

  it('shows my plan with weights and threshold / target / stretch, and records a progress note', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const plan = await screen.findByTestId('me-plan');
    await within(plan).findByText('New-business bookings');
    expect(within(plan).getByText('240 / 300 / 390 k€')).toBeTruthy();
    expect(within(plan).getByText('Plan status: agreed')).toBeTruthy();
    // Two numbers, two names: the plan's progress to target (the bar), which is not the score's achievement.
    const progress = within(plan).getByRole('columnheader', { name: 'Progress to target' });
    const help = within(plan).getByTestId('progress-help');
    expect(progress.getAttribute('aria-describedby')).toBe(help.id);
    expect(help.textContent).toBe(
      'Progress to target: how far each KPI’s actual has come from its baseline to its target (the bar is full at the target). It is not the score: the score counts each goal’s achievement, what its scoring curve credits for the actual (see how the score was calculated).',
    );

    // The check-ins load after the plan (rendered as a transition, so they never hold the plan back).
    const section = await screen.findByTestId('me-checkins');
    // As of today by default (a progress note says when the progress stood so).
    expect((await dayPicker(() => within(section).getByLabelText(/^Progress as of/))).value).toBe(
      dayText(new Date(), 'en'),
    );
    await user.type(await within(section).findByLabelText(/^Notes/), 'Two renewals signed this week.');
    await user.type(within(section).getByLabelText('New actual for “Qualified pipeline created”'), '760');
    // My own note is a progress note (coaching check-ins are my manager's): the button and its outcome say so.
    await user.click(within(section).getByRole('button', { name: 'Record progress note' }));
    await within(section).findByText('Progress note recorded.');
    await within(section).findByText('Two renewals signed this week.');
    // The actual recorded with it, with its unit.
    expect(
      within(section)
        .getAllByTestId('checkin-actuals')
        .map((a) => a.textContent),
    ).toContain('Actuals recorded: Qualified pipeline created: 760 k€');
    const goals = await api.call<{ items: { title: string; actual?: number }[] }>(
      'ava@acme.test',
      'GET',
      `/v1/me/goals?cycleId=${h2}`,
    );
    expect(goals.body.items.find((g) => g.title === 'Qualified pipeline created')?.actual).toBe(760);
  });

  it('closed cycle: no check-in form, the phase rule in plain words', async () => {
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h1}` });
    const section = await screen.findByTestId('me-checkins');
    // Closed cycle: no form, the phase rule in words.
    await within(section).findByText('Check-ins are recorded in the Coach phase.');
    expect(within(section).queryByRole('button', { name: 'Record progress note' })).toBeNull();
  });

  it('closed cycle: my result, its explanation, bonus and the acknowledged feedback meeting', async () => {
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h1}` });
    const result = await screen.findByTestId('me-result');
    await within(result).findByText(/^Score 4\.56 → 5 · Outstanding$/);
    expect(within(result).getByText('How the score was calculated')).toBeTruthy();
    expect(within(result).getByText(/weighted mean of the counted goals/)).toBeTruthy();
    // The explanation's "achievement" is said for what it is: the curve's credit, which makes the score.
    expect(within(result).getByTestId('score-explanation-achievement').textContent).toMatch(
      /^Achievement \(below\) is what a KPI’s scoring curve credits for its actual: 1 is the target met/,
    );
    // Acme's amounts are in euros.
    expect(within(result).getByText(/^Bonus: €[\d,]+\.\d\d$/)).toBeTruthy();
    expect(within(result).getByText(/^Merit increase: €[\d,]+\.\d\d \([\d.]+%\)$/)).toBeTruthy();
    expect(within(result).getByText('Promotion: Nominated')).toBeTruthy();
    expect(within(result).getByTestId('ack-status').textContent).toMatch(/^You acknowledged the result on /);
  });

  it('closed cycle: the explanation worded from the trace says in English what the API says, about me by name', async () => {
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h1}` });
    const result = await screen.findByTestId('me-result');
    const shown = await within(result).findByTestId('score-explanation');
    const own = await api.call<{ explanation: string }>(
      'ava@acme.test',
      'GET',
      `/v1/cycles/${h1}/scores/${ava}?explain=true`,
    );
    // The API's text names the person by id: the tab says her name instead, never the id.
    expect(shown.textContent).toBe(own.body.explanation.replace(`Score for ${ava}:`, 'Score for Ava Chen:'));
    expect(shown.textContent).not.toContain(ava);
  });

  it('in Chinese: the explanation goal by goal, its components and notes, and the labels with a full-width colon', async () => {
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h1}&locale=zh-cn` });
    const result = await screen.findByTestId('me-result');
    const shown = (await within(result).findByTestId('score-explanation')).textContent ?? '';
    expect(within(result).getByText('得分是如何计算的')).toBeTruthy();
    // The rating by the policy's Chinese label (the demo policy says each level in Chinese too).
    expect(within(result).getByText(/^得分 4\.56 → 5 · 卓越$/)).toBeTruthy();
    const lines = shown.split('\n');
    expect(lines[0]).toMatch(/^Ava Chen 的得分：4\.\d+ → 5（卓越）$/);
    expect(lines[1]).toMatch(/^计算方式：计入目标的加权平均 = \(.+\) \/ 100 = 4\.\d+$/);
    expect(lines[2]).toBe('目标：');
    expect(shown).toContain('New-business bookings（KPI，权重');
    expect(shown).toMatch(
      /实际值 [\d.]+（基线 [\d.]+，门槛值 [\d.]+，目标值 [\d.]+，挑战值 [\d.]+；越高越好，线性曲线），达到/,
    );
    expect(shown).toMatch(/评价构成：自评 \d+（\d+ 份评价）/);
    expect(shown).not.toMatch(/How:|Goals:|weight|Components:|rater|review|Renormalised|not counted/);
    expect(within(result).getByText('晋升：已提名')).toBeTruthy();
    expect(within(result).queryByText(/[\u4e00-\u9fff]: /)).toBeNull();
  });

  it('closed cycle, in Chinese: the improvement plan, development items and promotion reasons said from their fields', async () => {
    type Mine = {
      items: {
        cycleId: string;
        promotion: { reasons: string[] };
        improvementPlan: { reason: string; focusGoals: { title: string }[] };
        developmentItems: { type: string; title: string; goalTitle: string }[];
      }[];
    };
    const mine = (await api.call<Mine>('chloe@acme.test', 'GET', '/v1/me/results')).body.items.find(
      (r) => r.cycleId === h1,
    );
    if (!mine) throw new Error('Chloe has no H1 result');
    // The seed gives Chloe (rated 2) a 90-day plan, two mentoring items and three unmet promotion criteria.
    expect(mine.developmentItems.map((d) => d.type)).toEqual(['mentoring', 'mentoring']);
    renderTab(api, { as: 'chloe@acme.test', path: `/teams/me?cycle=${h1}&locale=zh-cn` });
    const result = await screen.findByTestId('me-result');
    await within(result).findByText('晋升：暂未达到');
    const text = result.textContent ?? '';
    // Labels end in a full-width colon in Chinese.
    expect(text).not.toMatch(/[\u4e00-\u9fff）]: /);
    expect(text).toContain(
      `：评级 2 不高于 2：启动为期 90 天的改进计划。重点：${mine.improvementPlan.focusGoals.map((g) => g.title).join('；')}。`,
    );
    expect(text).toContain(
      `发展事项：${mine.developmentItems.map((d) => `导师带教：${d.goalTitle}`).join('；')}`,
    );
    const reasons = within(within(result).getByTestId('promotion-reasons')).getAllByRole('listitem');
    expect(reasons.map((li) => li.textContent)).toEqual([
      '评级 2 低于最低要求 4。',
      '潜力为“中”，低于最低要求“高”。',
      '任职仅 9 个月，需要 12 个月。',
    ]);
    // None of the API's English.
    for (const english of [
      mine.improvementPlan.reason,
      ...mine.developmentItems.map((d) => d.title),
      ...mine.promotion.reasons,
    ]) {
      expect(text).not.toContain(english);
    }
    cleanup();

    // In English the same texts read as the API words them.
    renderTab(api, { as: 'chloe@acme.test', path: `/teams/me?cycle=${h1}` });
    const english = await screen.findByTestId('me-result');
    await within(english).findByText('Promotion: Not yet');
    expect(english.textContent).toContain(mine.improvementPlan.reason);
    expect(english.textContent).toContain(mine.developmentItems.map((d) => d.title).join('; '));
    expect(
      within(within(english).getByTestId('promotion-reasons'))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(mine.promotion.reasons);
  });

  it('a plan off the goal-mix guideline: the advice in Chinese from its details, and in the API’s English', async () => {
    const policies = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
    const opened = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
      name: '2027 H1',
      policyId: policies.body.items[0]?.id,
      startsOn: '2027-01-01',
      endsOn: '2027-06-30',
      personIds: [ava],
    });
    expect(opened.status).toBe(201);
    const goal = await api.call('marcus@acme.test', 'POST', '/v1/goals', {
      cycleId: opened.body.id,
      title: 'New-business bookings',
      level: 'person',
      ownerId: ava,
      weight: 100,
      kind: 'kpi',
      unit: 'k€',
      direction: 'higher_is_better',
      baseline: 0,
      threshold: 250,
      target: 320,
      stretch: 400,
    });
    expect(goal.status).toBe(201);
    const plan = await api.call<{
      goalMixWarning: {
        message: string;
        details: { guideline: number; tolerance: number; theme: string };
      } | null;
    }>('ava@acme.test', 'GET', `/v1/cycles/${opened.body.id}/plans/${ava}`);
    const advice = plan.body.goalMixWarning;
    if (!advice) throw new Error('a plan of one KPI goal is off the guideline');
    const theme = { incentive: '激励型', control: '管控型' }[advice.details.theme];
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${opened.body.id}&locale=zh-cn` });
    const zh = await screen.findByTestId('me-plan');
    await within(zh).findByText(
      `KPI 目标占计划权重的 100%；${theme}政策建议为 ${advice.details.guideline}% ± ${advice.details.tolerance}。`,
    );
    expect(zh.textContent).not.toContain(advice.message);
    cleanup();
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${opened.body.id}` });
    await within(await screen.findByTestId('me-plan')).findByText(advice.message);
  });

  it('self-appraisal: a draft changed elsewhere is not overwritten; the 412 offers a reload', async () => {
    await moveCycle(api, h2, 'appraise');
    const user = userEvent.setup();
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const section = await screen.findByTestId('me-self');
    await within(section).findByLabelText('Rating for “Consultative discovery”');
    await user.selectOptions(within(section).getByLabelText('Rating for “Consultative discovery”'), '4');
    await user.type(within(section).getByLabelText('Summary'), 'First draft.');
    await user.click(within(section).getByRole('button', { name: 'Save draft' }));
    await within(section).findByText('Draft saved.');

    // The same draft is changed in another window.
    const drafts = await api.call<{ items: { id: string; version: number }[] }>(
      'ava@acme.test',
      'GET',
      `/v1/reviews?cycleId=${h2}&subjectId=${ava}&component=self`,
    );
    const draft = drafts.body.items[0];
    if (!draft) throw new Error('no draft');
    const other = await api.call(
      'ava@acme.test',
      'PATCH',
      `/v1/reviews/${draft.id}`,
      { summary: 'Edited in another window.' },
      {
        'If-Match': `"${draft.version}"`,
      },
    );
    expect(other.status).toBe(200);

    // This window still holds the old version: its save is refused, nothing is overwritten.
    const summary = within(section).getByLabelText('Summary');
    await user.clear(summary);
    await user.type(summary, 'Second draft from the stale window.');
    await user.click(within(section).getByRole('button', { name: 'Save draft' }));
    const stale = await within(section).findByTestId('stale');
    expect(stale.textContent).toContain(
      'Someone else changed this while you were editing. Nothing was overwritten.',
    );
    const after = await api.call<{ summary: string }>('ava@acme.test', 'GET', `/v1/reviews/${draft.id}`);
    expect(after.body.summary).toBe('Edited in another window.');

    await user.click(within(stale).getByRole('button', { name: 'Reload the latest version' }));
    await waitFor(() =>
      expect(
        (within(screen.getByTestId('me-self')).getByLabelText('Summary') as HTMLTextAreaElement).value,
      ).toBe('Edited in another window.'),
    );
  });
});
