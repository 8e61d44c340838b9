// @vitest-environment happy-dom
// Department view: HR and heads see the cycle's reviews flagged as a mere formality in their scope, as the API reports them.
import { cleanup, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  demoCycles,
  demoPersonId,
  type InProcessApi,
  inProcessApi,
  moveCycle,
} from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

let api: InProcessApi;
let h2: string;
const reviewIds: string[] = [];

const copied = (name: string) =>
  `${name} kept every renewal on schedule, shared the playbook with the team and handled the ` +
  'escalations calmly all half.';

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  await moveCycle(api, h2, 'appraise');
  // Marcus gives Ava and Ben the same appraisal, names swapped.
  for (const [who, name] of [
    ['ava', 'Ava'],
    ['ben', 'Ben'],
  ] as const) {
    const subjectId = await demoPersonId(api, who);
    const res = await api.call<{ id: string }>('marcus@acme.test', 'POST', '/v1/reviews', {
      cycleId: h2,
      subjectId,
      component: 'manager',
      summary: copied(name),
      submit: true,
    });
    if (res.status !== 201) throw new Error(`review not written: ${JSON.stringify(res.body)}`);
    reviewIds.push(res.body.id);
  }
});
afterEach(cleanup);
afterAll(() => api.close());

describe('Reviews flagged as a mere formality (department view)', () => {
  it('HR sees the count and each flagged review with who wrote it, about whom and why', async () => {
    const report = await api.call<{ screened: number; flagged: number }>(
      'hr@acme.test',
      'GET',
      `/v1/cycles/${h2}/reports/review-formality`,
    );
    expect(report.body).toMatchObject({ screened: 2, flagged: 2 });
    renderTab(api, { as: 'hr@acme.test', path: `/teams/department?cycle=${h2}` });
    const section = await screen.findByTestId('dept-formality');
    expect((await within(section).findByTestId('formality-count')).textContent).toBe(
      '2 of 2 reviews flagged',
    );
    for (const [id, name] of [
      [reviewIds[0], 'Ava'],
      [reviewIds[1], 'Ben'],
    ]) {
      const row = within(section).getByTestId(`formality-${id}`);
      expect(row.textContent).toContain('Marcus');
      expect(row.textContent).toContain('manager');
      expect(row.textContent).toContain(name);
      expect(row.textContent).toContain('Near duplicate');
      expect(row.textContent).toContain('(100% similar) as 1 other review by the same author');
    }
  });

  it('a head sees her scope only: Sales has both, Engineering none', async () => {
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/department?cycle=${h2}` });
    const sales = await screen.findByTestId('dept-formality');
    expect((await within(sales).findByTestId('formality-count')).textContent).toBe('2 of 2 reviews flagged');
    cleanup();
    renderTab(api, { as: 'elena@acme.test', path: `/teams/department?cycle=${h2}` });
    const eng = await screen.findByTestId('dept-formality');
    await within(eng).findByText('No manager, peer or upward review has been submitted yet.');
    expect(within(eng).queryByRole('table')).toBeNull();
  });
});
