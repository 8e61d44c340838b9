// @vitest-environment happy-dom
// My team: coaching timeliness with overdue check-ins (late coaching is one of the three obstacles), a manager
// check-in with a feedback form, and the feedback meeting with its formality warnings.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessApi, inProcessApi, moveCycle } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

let api: InProcessApi;
let h2: string;
const id: Record<string, string> = {};

beforeAll(async () => {
  api = await inProcessApi();
  const cycles = await api.call<{ items: { id: string; phase: string }[] }>(
    'hr@acme.test',
    'GET',
    '/v1/cycles',
  );
  h2 = cycles.body.items.find((c) => c.phase === 'coach')?.id ?? '';
  for (const who of ['ava', 'ben', 'chloe']) {
    id[who] = (await api.call<{ id: string }>(`${who}@acme.test`, 'GET', '/v1/people/me')).body.id;
  }
});
afterEach(cleanup);
afterAll(() => api.close());

describe('My team view', () => {
  it('flags overdue coaching per person and records a feedback-form check-in', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    const coaching = await screen.findByTestId('team-coaching');
    await within(coaching).findByText('Ben Carter');
    const overdue = within(coaching)
      .getAllByTestId('overdue')
      .map((b) => b.textContent);
    expect(overdue).toEqual(expect.arrayContaining([expect.stringMatching(/^Overdue by \d+ days$/)]));
    expect(overdue).toHaveLength(2);
    expect(within(coaching).getByText(/check in every 14 days \(grace 3 days\)/)).toBeTruthy();

    await user.click(within(coaching).getByTestId(`select-${id.ben}`));
    const panel = await screen.findByTestId('team-checkin');
    await user.selectOptions(await within(panel).findByLabelText('Kind'), 'feedback_form');
    await user.type(within(panel).getByLabelText('Notes'), 'Monthly feedback form.');
    await user.type(within(panel).getByLabelText(/^Strengths/), 'Keeps renewals moving.');
    await user.type(within(panel).getByLabelText(/^Improvements/), 'Log discovery notes the same day.');
    await user.type(within(panel).getByLabelText(/^Next steps/), 'Review the Q1 pipeline together.');
    await user.click(within(panel).getByRole('button', { name: 'Record check-in' }));
    await within(panel).findByText('Check-in recorded.');
    const list = await api.call<{ items: { kind: string; form: { strengths: string } | null }[] }>(
      'marcus@acme.test',
      'GET',
      `/v1/check-ins?cycleId=${h2}&subjectId=${id.ben}`,
    );
    expect(
      list.body.items.some(
        (c) => c.kind === 'feedback_form' && c.form?.strengths === 'Keeps renewals moving.',
      ),
    ).toBe(true);
    await within(panel).findByText(/^Feedback form by Marcus Lee/);
  });

  it('feedback phase: a copy-pasted summary is recorded but flagged as a mere formality', async () => {
    await moveCycle(api, h2, 'appraise');
    await moveCycle(api, h2, 'calibrate');
    await moveCycle(api, h2, 'feedback');
    const user = userEvent.setup();
    const text =
      'We went through the half goal by goal. Good progress overall; keep the pipeline healthy and log discovery notes the same day.';
    // Marcus already gave Chloe exactly this text.
    const first = await api.call('marcus@acme.test', 'POST', '/v1/feedback-meetings', {
      cycleId: h2,
      subjectId: id.chloe,
      heldAt: '2026-12-01T10:00:00.000Z',
      summary: text,
      strengths: 'Pipeline.',
      improvements: 'Notes.',
      agreedActions: ['Weekly pipeline review.'],
    });
    expect(first.status).toBe(201);

    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    const coaching = await screen.findByTestId('team-coaching');
    await user.click(await within(coaching).findByTestId(`select-${id.ava}`));
    const meeting = await screen.findByTestId('team-meeting');
    await user.type(await within(meeting).findByLabelText('Summary of the conversation'), text);
    await user.type(within(meeting).getByLabelText('Strengths'), 'Pipeline.');
    await user.type(within(meeting).getByLabelText('Improvements'), 'Notes.');
    await user.type(
      within(meeting).getByLabelText('Agreed actions (one per line)'),
      'Weekly pipeline review.',
    );
    await user.click(within(meeting).getByRole('button', { name: 'Record feedback meeting' }));
    await within(meeting).findByText('Feedback meeting recorded.');
    const warnings = await within(meeting).findByTestId('formality-warnings');
    expect(warnings.textContent).toContain('Feedback as a mere formality');
    expect(warnings.textContent).toContain('near_duplicate');
  });
});
