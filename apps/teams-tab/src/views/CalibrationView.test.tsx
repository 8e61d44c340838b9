// @vitest-environment happy-dom
// Calibration: the closed cycle's distribution against the guideline, 9-box, rater bias and adjustments; then a live
// session: open it, assess a missing potential, move a rating (refused without a justification, in plain words), finalise.
import { cleanup, screen, within } from '@testing-library/react';
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

describe('Calibration view', () => {
  it('finalised session: distribution against the guideline, 9-box, rater bias and the adjustment with its justification', async () => {
    renderTab(api, { as: 'hr@acme.test', path: `/teams/calibration?cycle=${h1}` });
    const distribution = await screen.findByTestId('cal-distribution');
    expect(within(distribution).getByRole('img').getAttribute('aria-label')).toMatch(
      /3 · Meets expectations 8 people \(53\.3%\) · Guideline 50%/,
    );
    // One person is one person, not "1 people".
    expect(within(distribution).getByRole('img').getAttribute('aria-label')).toMatch(
      /5 · Outstanding 1 person \(6\.7%\) · Guideline 10%/,
    );
    expect(within(distribution).getByText('Within the guideline.')).toBeTruthy();
    const grid = await screen.findByTestId('cal-ninebox');
    expect(within(grid).getByTestId('box-high-3').textContent).toContain('Ava Chen (5)');
    // The English names are the API's labels.
    const sessions = await api.call<{ items: { id: string }[] }>(
      'hr@acme.test',
      'GET',
      `/v1/calibration-sessions?cycleId=${h1}`,
    );
    const nineBox = await api.call<{ items: { box: number | null; label: string | null }[] }>(
      'hr@acme.test',
      'GET',
      `/v1/calibration-sessions/${sessions.body.items[0]?.id}/nine-box`,
    );
    expect(nineBox.body.items.find((i) => i.box === 9)?.label).toBe('Future star');
    expect(within(grid).getByTestId('box-high-3').textContent).toMatch(/^Future star/);
    const bias = screen.getByTestId('cal-bias');
    expect(within(bias).getByText('Marcus Lee')).toBeTruthy();
    const adjustments = screen.getByTestId('cal-adjustments');
    expect(adjustments.textContent).toMatch(/Ben Carter: 3 → 4 — Ben carried two of Chloe’s key accounts/);
    // Finalised: no moving, no finalising.
    expect(within(grid).queryByRole('button')).toBeNull();
    expect(within(adjustments).queryByRole('button', { name: 'Finalise session' })).toBeNull();
  });

  it('in Chinese: the 9-box names its boxes in Chinese, not the API’s English labels', async () => {
    renderTab(api, { as: 'hr@acme.test', path: `/teams/calibration?cycle=${h1}&locale=zh-cn` });
    const grid = await screen.findByTestId('cal-ninebox');
    await within(grid).findByText('Ava Chen (5)');
    expect(within(grid).getByTestId('box-high-3').textContent).toMatch(/^未来之星/);
    const named = [
      '风险人员',
      '有效贡献者',
      '可靠的专业人才',
      '表现不稳定者',
      '核心骨干',
      '高绩效者',
      '璞玉',
      '成长型人才',
      '未来之星',
    ];
    const shown = within(grid)
      .getAllByRole('cell')
      .map((c) => c.querySelector('span')?.textContent ?? '')
      .filter(Boolean);
    expect(shown.length).toBeGreaterThan(1);
    for (const label of shown) expect(named).toContain(label);
  });

  it('live session: open, assess potential, move a rating with a justification, finalise', async () => {
    await moveCycle(api, h2, 'appraise');
    await moveCycle(api, h2, 'calibrate');
    const user = userEvent.setup();
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/calibration?cycle=${h2}` });
    const sessions = await screen.findByTestId('cal-sessions');
    await within(sessions).findByText('No calibration session for this cycle.');
    await user.click(within(sessions).getByLabelText('Sales'));
    await user.click(within(sessions).getByRole('button', { name: 'Open a calibration session' }));

    const grid = await screen.findByTestId('cal-ninebox');
    await within(grid).findByLabelText('Potential of Ava Chen');
    // Sofia is in her own Sales session, but neither her potential nor her rating is hers to set.
    const opened = await api.call<{ items: { id: string }[] }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions?cycleId=${h2}`,
    );
    const items = await api.call<{ items: { personId: string }[]; missingPotential: string[] }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions/${opened.body.items[0]?.id}/nine-box`,
    );
    const sofia = await demoPersonId(api, 'sofia');
    expect(
      items.body.items.some((i) => i.personId === sofia) || items.body.missingPotential.includes(sofia),
    ).toBe(true);
    expect(within(grid).queryByLabelText('Potential of Sofia Martinez')).toBeNull();
    expect(within(grid).queryByRole('button', { name: /^Sofia Martinez/ })).toBeNull();
    await user.selectOptions(await within(grid).findByLabelText('Potential of Ava Chen'), '3');
    const row = within(grid).getByLabelText('Potential of Ava Chen').closest('div[class]')
      ?.parentElement as HTMLElement;
    await user.click(within(row).getByRole('button', { name: 'Save' }));
    const avaButton = await within(screen.getByTestId('cal-ninebox')).findByRole('button', {
      name: /^Ava Chen \(\d\)$/,
    });
    const from = Number(/\((\d)\)/.exec(avaButton.textContent ?? '')?.[1]);
    await user.click(avaButton);

    const to = from === 5 ? '4' : String(from + 1);
    await user.selectOptions(await screen.findByLabelText('New rating'), to);
    await user.click(screen.getByRole('button', { name: 'Move rating' }));
    const problem = await screen.findByTestId('problem');
    expect(problem.textContent).toMatch(/justification/i);

    await user.type(
      screen.getByLabelText(/^Justification/),
      'Carried the Globex renewal alone for two months; not in her own numbers.',
    );
    await user.click(screen.getByRole('button', { name: 'Move rating' }));
    // Searched in the whole screen: the panel reloads after the move, so an adjustments element found
    // before the reload may be replaced by a new one.
    const moved = await screen.findByText(
      new RegExp(`^Ava Chen: ${from} → ${to} — Carried the Globex renewal`),
    );
    expect(moved.closest('[data-testid="cal-adjustments"]')).not.toBeNull();
    const adjustments = screen.getByTestId('cal-adjustments');

    const list = await api.call<{ items: { id: string }[] }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions?cycleId=${h2}`,
    );
    const session = list.body.items[0]?.id ?? '';
    const stored = await api.call<{ items: { subjectId: string; to: number; justification: string }[] }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions/${session}/adjustments`,
    );
    expect(stored.body.items).toMatchObject([{ subjectId: ava, to: Number(to) }]);

    await user.click(within(adjustments).getByRole('button', { name: 'Finalise session' }));
    await within(await screen.findByTestId('cal-sessions')).findByText(/· Finalised$/);
    const after = await api.call<{ state: string }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions/${session}`,
    );
    expect(after.body.state).toBe('finalised');
  });
});
