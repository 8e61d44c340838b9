// @vitest-environment happy-dom
// Me view: a plan whose every goal was cancelled has no score — the result says so and names the goals, in English and
// Chinese, instead of "no result yet".
import { cleanup, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoCycles, type InProcessApi, inProcessApi, moveCycle } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';
import { en } from '../i18n/en.ts';
import { zh } from '../i18n/zh.ts';

let api: InProcessApi;
let h2: string;
let titles: string[];

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  // In coach, Marcus (Ava's manager) cancels every goal of her agreed plan, as a correction with its reason.
  const goals = await api.call<{ items: { id: string; title: string; version: number }[] }>(
    'ava@acme.test',
    'GET',
    `/v1/me/goals?cycleId=${h2}`,
  );
  titles = goals.body.items.map((g) => g.title);
  if (titles.length === 0) throw new Error('Ava has no goals in H2');
  for (const goal of goals.body.items) {
    const res = await api.call(
      'marcus@acme.test',
      'PATCH',
      `/v1/goals/${goal.id}`,
      {
        status: 'cancelled',
        correctionReason: 'The account moved to another team; the plan is redone next cycle.',
      },
      { 'If-Match': `"${goal.version}"` },
    );
    if (res.status !== 200) throw new Error(`cancel ${goal.title}: ${JSON.stringify(res.body)}`);
  }
  await moveCycle(api, h2, 'appraise');
  await moveCycle(api, h2, 'calibrate');
  await moveCycle(api, h2, 'feedback');
});

afterEach(cleanup);
afterAll(() => api?.close());

describe('Me: no score because every goal was cancelled', () => {
  it('says why and names the cancelled goals, not "no result yet"', async () => {
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const result = await screen.findByTestId('me-result');
    const said = (await within(result).findByTestId('me-unscored')).textContent ?? '';
    expect(said).toBe(en['me.allGoalsCancelled'].replace('{goals}', titles.join(', ')));
    expect(within(result).queryByText(en['me.noResult'])).toBeNull();
  });

  it('in Chinese', async () => {
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}&locale=zh-cn` });
    const result = await screen.findByTestId('me-result');
    const said = (await within(result).findByTestId('me-unscored')).textContent ?? '';
    expect(said).toBe(zh['me.allGoalsCancelled'].replace('{goals}', titles.join('、')));
  });
});
