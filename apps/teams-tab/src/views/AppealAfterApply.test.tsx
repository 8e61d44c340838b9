// @vitest-environment happy-dom
// An appeal still open when results are applied: the apply confirmation names who appealed; resolving it as changed
// afterwards says the result is re-applied, offers to pay within what the pool left when the correction does not fit,
// marks the result as corrected on appeal (HR's table and the employee's Me), and the calibration session lists the move
// labelled as from an appeal.
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

let api: InProcessApi;
let h2: string;
let ben: string;
let meetingId: string;
const NOTE =
  'The March renewals Ben closed were left out of the team goal; with them his half exceeds the target, so the rating is corrected upwards.';

type Score = { rating: { value: number; label: string } };

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  ben = await demoPersonId(api, 'ben');
  await moveCycle(api, h2, 'appraise');
  await moveCycle(api, h2, 'calibrate');
  // A finalised session over Ben's department, with no move of its own.
  const person = await api.call<{ departmentId: string }>('hr@acme.test', 'GET', `/v1/people/${ben}`);
  const session = await api.call<{ id: string; version: number }>(
    'hr@acme.test',
    'POST',
    '/v1/calibration-sessions',
    {
      cycleId: h2,
      departmentIds: [person.body.departmentId],
      name: 'Sales calibration',
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
  await moveCycle(api, h2, 'feedback');
  const held = await api.call<{ id: string; version: number }>(
    'marcus@acme.test',
    'POST',
    '/v1/feedback-meetings',
    {
      cycleId: h2,
      subjectId: ben,
      heldAt: new Date(Date.now() - 86_400_000).toISOString(),
      summary:
        'We went through the half goal by goal, the renewals, the new business and the rating the calibration settled on.',
      strengths: 'Renewals.',
      improvements: 'Forecasting.',
      agreedActions: ['Review the forecast monthly.'],
    },
  );
  expect(held.status).toBe(201);
  meetingId = held.body.id;
  const appealed = await api.call('ben@acme.test', 'POST', `/v1/feedback-meetings/${meetingId}/appeal`, {
    reason: 'The rating ignores the renewals I closed in March.',
  });
  expect(appealed.status).toBe(200);
  const pay = await api.call('hr@acme.test', 'PUT', `/v1/cycles/${h2}/compensation`, {
    items: [
      { personId: ben, salaryCents: 6_000_000, bandMidpointCents: 6_000_000, targetBonusCents: 600_000 },
    ],
  });
  expect(pay.status).toBe(200);
  await moveCycle(api, h2, 'apply');
});
afterEach(cleanup);
afterAll(() => api.close());

describe('An appeal open when results are applied', () => {
  it('the apply confirmation names who appealed; applying anyway is the HR’s knowing choice', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h2}` });
    const apply = await screen.findByTestId('results-apply');
    // A pool of 1.00: whatever it pays, nothing is left for a raise.
    await user.type(await within(apply).findByLabelText('Bonus pool'), '1');
    await user.type(within(apply).getByLabelText('Merit budget'), '1');
    await user.click(within(apply).getByRole('button', { name: 'Preview' }));
    await within(apply).findByText('Bonus pool use');
    expect(apply.textContent).toContain(
      '1 person has an appeal still open (Ben Carter): applied now, their result is re-applied if the appeal changes it.',
    );
    await user.click(within(apply).getByRole('button', { name: 'Apply results' }));
    const confirm = await within(apply).findByTestId('apply-appeals-confirm');
    expect(confirm.textContent).toContain('1 appeal is still open:');
    expect(within(confirm).getByRole('listitem').textContent).toBe('Ben Carter');
    // Not yet: nothing applied.
    await user.click(within(confirm).getByRole('button', { name: 'Not yet' }));
    expect(within(apply).queryByTestId('apply-appeals-confirm')).toBeNull();
    const none = await api.call<{ items: unknown[] }>('hr@acme.test', 'GET', `/v1/cycles/${h2}/results`);
    expect(none.body.items).toEqual([]);
    await user.click(within(apply).getByRole('button', { name: 'Apply results' }));
    await user.click(
      within(await within(apply).findByTestId('apply-appeals-confirm')).getByRole('button', {
        name: 'Apply anyway',
      }),
    );
    await within(apply).findByText('Results applied.');
  });

  it('resolved as changed afterwards: re-applied within what is left, marked on the result and in calibration', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h2}` });
    const section = await screen.findByTestId('results-appeals');
    const item = (await within(section).findAllByTestId('open-appeal')).find(
      (i) => i.getAttribute('data-subject') === ben,
    ) as HTMLElement;
    const score = await api.call<Score>('hr@acme.test', 'GET', `/v1/cycles/${h2}/scores/${ben}`);
    const from = score.body.rating.value;
    const to = from < 5 ? from + 1 : from - 1;
    await user.click(within(item).getByRole('radio', { name: /^Change: the result is corrected/ }));
    expect((await within(item).findByTestId('appeal-reapply-hint')).textContent).toContain(
      'Results were already applied for Ben Carter: a changed rating re-applies their result',
    );
    await user.selectOptions(within(item).getByRole('combobox', { name: /^Corrected rating/ }), String(to));
    await user.type(within(item).getByRole('textbox', { name: /^Note to Ben Carter/ }), NOTE);
    await user.click(within(item).getByRole('button', { name: 'Resolve appeal' }));
    // The pool has nothing left: said, with the amount, and nothing was recorded.
    const over = await within(item).findByTestId('appeal-over-budget');
    expect(over.textContent).toMatch(/The corrected bonus needs €[\d,.]+ more than the pool has left\./);
    expect(item.textContent).toContain('more than the bonus pool or merit budget has left');
    const still = await api.call<{ acknowledgement: { status: string } }>(
      'hr@acme.test',
      'GET',
      `/v1/feedback-meetings/${meetingId}`,
    );
    expect(still.body.acknowledgement.status).toBe('appealed');
    expect(within(item).getByRole('button', { name: 'Resolve appeal' }).hasAttribute('disabled')).toBe(true);
    await user.click(within(over).getByRole('button', { name: 'Resolve, paying within what is left' }));
    await within(section).findByText(
      /^The appeal of Ben Carter is resolved: the rating is now \d · .+, and their applied result was re-applied at it\.$/,
    );
    const after = await api.call<Score>('hr@acme.test', 'GET', `/v1/cycles/${h2}/scores/${ben}`);
    expect(after.body.rating.value).toBe(to);
    // The applied results mark Ben's as corrected on appeal.
    const applied = await screen.findByTestId('results-applied');
    await waitFor(() => expect(within(applied).getByTestId(`result-corrected-${ben}`)).toBeTruthy());
    const marked = within(applied).getByTestId(`result-corrected-${ben}`).textContent ?? '';
    expect(marked).toMatch(
      new RegExp(`^Corrected on appeal ${from} · .+ → ${to} · .+: only this result was re-applied\\.`),
    );
    expect(marked).toMatch(/The pool or budget had too little left: €[\d,.]+ short of the rules\./);

    // The calibration session over Ben lists the move, labelled as from an appeal.
    cleanup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/calibration?cycle=${h2}` });
    const moves = await screen.findByTestId('cal-adjustments');
    const move = await within(moves).findByTestId('cal-appeal-move');
    expect(move.textContent).toBe(
      `Appeal Ben Carter: ${from} → ${to} after an appeal, resolved by HR — ${NOTE}`,
    );
  });

  it('Me: the employee reads that the applied result was corrected on appeal', async () => {
    renderTab(api, { as: 'ben@acme.test', path: `/teams/me?cycle=${h2}` });
    const result = await screen.findByTestId('me-result');
    expect((await within(result).findByTestId('me-result-corrected')).textContent).toMatch(
      /^Your result was corrected on appeal on .+: \d · .+ → \d · .+, and re-applied \(the amounts below are the corrected ones\)\.$/,
    );
  });

  it('in Chinese: the appeal move in calibration and the corrected result', async () => {
    renderTab(api, { as: 'hr@acme.test', path: `/teams/calibration?cycle=${h2}&locale=zh-cn` });
    const move = await within(await screen.findByTestId('cal-adjustments')).findByTestId('cal-appeal-move');
    expect(move.textContent).toMatch(/^申诉 Ben Carter：\d → \d（申诉后由人力资源部更改），/);
    cleanup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h2}&locale=zh-cn` });
    const applied = await screen.findByTestId('results-applied');
    const marked = await within(applied).findByTestId(`result-corrected-${ben}`);
    expect(marked.textContent).toMatch(/^经申诉更正.+（.+）：仅重新应用了此人的结果。/);
  });
});
