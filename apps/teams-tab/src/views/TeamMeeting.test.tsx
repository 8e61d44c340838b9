// @vitest-environment happy-dom
// My team, appraisal to feedback: the self-appraisal line never contradicts its ratings; in the feedback phase the
// manager sees the result to discuss (rating, calibration move, explanation) above the meeting form, whose checklist is
// live, and a meeting that fails it is recorded only after a confirmation saying it will not count; the form closes.
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
const id: Record<string, string> = {};
type Goal = { id: string; title: string; kind: string; status: string };
let competency: Goal;

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  for (const who of ['ava', 'marcus']) id[who] = await demoPersonId(api, who);
  await moveCycle(api, h2, 'appraise');
  const plan = await api.call<{ goals: Goal[] }>(
    'marcus@acme.test',
    'GET',
    `/v1/cycles/${h2}/plans/${id.ava}`,
  );
  const found = plan.body.goals.find((g) => g.kind === 'competency' && g.status !== 'cancelled');
  if (!found) throw new Error('Ava has no competency goal in the demo');
  competency = found;
  // Ava submits her self-appraisal with a rating and no summary.
  const self = await api.call('ava@acme.test', 'POST', '/v1/reviews', {
    cycleId: h2,
    subjectId: id.ava,
    component: 'self',
    ratings: [{ goalId: competency.id, rating: 4, comment: 'Ran the discovery calls of the big accounts.' }],
    summary: '',
    submit: true,
  });
  expect(self.status).toBe(201);
});
afterEach(cleanup);
afterAll(() => api.close());

async function openPerson(who: string) {
  const user = userEvent.setup();
  renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
  const coaching = await screen.findByTestId('team-coaching');
  await user.click(await within(coaching).findByTestId(`select-${id[who]}`));
  return user;
}

describe('My team: the self-appraisal line, the result to discuss, and the feedback meeting', () => {
  it('a self-appraisal without a summary says so, never "Self-appraisal: —" above its rating', async () => {
    await openPerson('ava');
    const appraisal = await screen.findByTestId('team-appraisal');
    await within(appraisal).findByTestId(`self-rating-${competency.id}`);
    expect(appraisal.textContent).not.toContain('Self-appraisal: —');
    expect(appraisal.textContent).toContain(
      'The self-appraisal was submitted without a summary; its ratings are shown per goal.',
    );
    expect(within(appraisal).getByTestId(`self-rating-${competency.id}`).textContent).toContain(
      'Self-appraisal: 4 · Exceeds expectations',
    );
  });

  it('feedback phase: the result to discuss — final rating, calibration move and explanation — above the meeting form', async () => {
    // Marcus appraises Ava; HR calibrates her one level and finalises; the cycle moves on to feedback.
    const manager = await api.call('marcus@acme.test', 'POST', '/v1/reviews', {
      cycleId: h2,
      subjectId: id.ava,
      component: 'manager',
      ratings: [
        { goalId: competency.id, rating: 3, comment: 'Solid discovery work on every account this half.' },
      ],
      summary:
        'Ava kept the discovery standard on every account this half; next half she should coach the new account executives.',
      submit: true,
    });
    expect(manager.status).toBe(201);
    await moveCycle(api, h2, 'calibrate');
    const person = await api.call<{ departmentId: string }>('hr@acme.test', 'GET', `/v1/people/${id.ava}`);
    const session = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/calibration-sessions', {
      cycleId: h2,
      departmentIds: [person.body.departmentId],
      name: 'Sales calibration',
    });
    expect(session.status).toBe(201);
    const before = await api.call<{ rating: { value: number } }>(
      'hr@acme.test',
      'GET',
      `/v1/cycles/${h2}/scores/${id.ava}`,
    );
    const from = before.body.rating.value;
    const to = from < 4 ? from + 1 : from - 1;
    const moved = await api.call(
      'hr@acme.test',
      'POST',
      `/v1/calibration-sessions/${session.body.id}/adjustments`,
      {
        personId: id.ava,
        fromRating: from,
        toRating: to,
        justification:
          'Ava carried the two largest discovery projects of the region, which her own numbers do not show.',
      },
    );
    expect(moved.status).toBe(201);
    const current = await api.call<{ version: number }>(
      'hr@acme.test',
      'GET',
      `/v1/calibration-sessions/${session.body.id}`,
    );
    const finalised = await api.call(
      'hr@acme.test',
      'POST',
      `/v1/calibration-sessions/${session.body.id}/finalise`,
      {},
      { 'If-Match': `"${current.body.version}"` },
    );
    expect(finalised.status).toBe(200);
    await moveCycle(api, h2, 'feedback');
    const after = await api.call<{ score: number; rating: { value: number; label: string } }>(
      'marcus@acme.test',
      'GET',
      `/v1/cycles/${h2}/scores/${id.ava}`,
    );
    expect(after.body.rating.value).toBe(to);

    await openPerson('ava');
    const meeting = await screen.findByTestId('team-meeting');
    const result = await within(meeting).findByTestId('team-result');
    expect(result.textContent).toContain(`Result to discuss with Ava Chen: score`);
    expect(result.textContent).toContain(`→ ${to} · ${after.body.rating.label}`);
    expect(within(result).getByTestId('team-result-calibrated').textContent).toMatch(
      new RegExp(`^Moved in calibration from ${from} · .+ to ${to} · .+\\.$`),
    );
    // The explanation, as the Me view shows it (provisional until the results are applied).
    expect(within(result).getByTestId('score-explanation').textContent).not.toBe('');
    expect(within(result).getByTestId('score-explanation-provisional')).toBeTruthy();
    // Above the form.
    const summary = within(meeting).getByLabelText('Summary of the conversation');
    expect(result.compareDocumentPosition(summary) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('a thin meeting: the checklist is live, recording asks to confirm it will not count, and the form closes', async () => {
    const user = await openPerson('ava');
    let meeting = await screen.findByTestId('team-meeting');
    const checklist = await within(meeting).findByTestId('meeting-checklist');
    expect(checklist.textContent).toContain('Summary: 0 characters (at least 80).');
    await user.type(within(meeting).getByLabelText('Summary of the conversation'), 'Good job.');
    expect(checklist.textContent).toContain('Summary: 9 characters (at least 80).');
    expect(checklist.textContent).toContain('No strengths are named.');
    expect(checklist.textContent).toContain('No agreed action.');
    expect(within(meeting).getByTestId('meeting-checklist-verdict').textContent).toContain(
      'Not yet the feedback meeting',
    );
    const meetings = async () =>
      (
        await api.call<{ items: { id: string }[] }>(
          'marcus@acme.test',
          'GET',
          `/v1/feedback-meetings?cycleId=${h2}&subjectId=${id.ava}`,
        )
      ).body.items;
    // Keep writing: nothing is recorded.
    await user.click(within(meeting).getByRole('button', { name: 'Record feedback meeting' }));
    let dialog = await screen.findByTestId('meeting-confirm');
    expect(dialog.textContent).toContain('Record a meeting that fails the checklist?');
    expect(dialog.textContent).toContain('it will not count as the feedback meeting with Ava Chen');
    expect(dialog.textContent).toContain('HR sees it as a mere formality');
    expect(dialog.textContent).toContain('No improvements are named.');
    await user.click(within(dialog).getByRole('button', { name: 'Keep writing', hidden: true }));
    expect(await meetings()).toEqual([]);
    // Record anyway: recorded, marked as not counting, and the form closes. (Found once the closed dialog no longer
    // hides the page from the accessibility tree.)
    await user.click(await within(meeting).findByRole('button', { name: 'Record feedback meeting' }));
    dialog = await screen.findByTestId('meeting-confirm');
    await user.click(within(dialog).getByTestId('confirm-record'));
    await within(meeting).findByText('Feedback meeting recorded.');
    expect(await meetings()).toHaveLength(1);
    expect((await within(meeting).findByTestId('meeting-not-counted')).textContent).toContain(
      'Does not count as the feedback meeting',
    );
    await waitFor(() => expect(within(meeting).queryByLabelText('Summary of the conversation')).toBeNull());
    // Ava is not asked to acknowledge it: she is told the meeting is still to be held properly (she may still appeal).
    cleanup();
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const mine = await screen.findByTestId('me-result');
    expect((await within(mine).findByTestId('meeting-not-held')).textContent).toContain(
      'it is not yet your feedback meeting',
    );
    expect(within(mine).queryByText('Acknowledge the result')).toBeNull();
    cleanup();
    await openPerson('ava');
    meeting = await screen.findByTestId('team-meeting');
    await within(meeting).findByTestId('meeting-not-counted');
    // Held properly this time: the checklist passes and it is recorded without a confirmation.
    // (By its text: the closing dialog may still hide the page from the accessibility tree for a moment.)
    await user.click(within(meeting).getByText('Record the feedback meeting properly'));
    await user.type(
      within(meeting).getByLabelText('Summary of the conversation'),
      'We went through the half goal by goal and the calibration move; Ava agrees with the result and the next steps.',
    );
    await user.type(within(meeting).getByLabelText('Strengths'), 'Discovery calls.');
    await user.type(within(meeting).getByLabelText('Improvements'), 'Coach the new account executives.');
    await user.type(
      within(meeting).getByLabelText('Agreed actions (one per line)'),
      'Pair with Ben on discovery.',
    );
    expect(within(meeting).getByTestId('meeting-checklist-verdict').textContent).toBe(
      'The meeting passes the checklist: it counts as the feedback meeting.',
    );
    await user.click(within(meeting).getByRole('button', { name: 'Record feedback meeting' }));
    await waitFor(async () => expect(await meetings()).toHaveLength(2));
    expect(screen.queryByTestId('meeting-confirm')).toBeNull();
    await within(meeting).findByText('Record another meeting');
    expect(within(meeting).queryByLabelText('Summary of the conversation')).toBeNull();
    // Now Ava is asked to acknowledge the meeting that counts.
    cleanup();
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const result = await screen.findByTestId('me-result');
    await within(result).findByText('Acknowledge the result');
    expect(within(result).queryByTestId('meeting-not-held')).toBeNull();
  });
});
