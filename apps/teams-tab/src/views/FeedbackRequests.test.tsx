// @vitest-environment happy-dom
// Peer / upward feedback: the kind chosen first (upward only about someone with direct reports, never about oneself), an
// employee asks a colleague (her manager, and whom she asked already, are not offered, with why), the colleague declines with a reason and
// the requester sees it; a decline after the requester cancelled is a stale edit (412) with a reload; in the appraise
// phase a manager asks for feedback about a report and the colleague answers with a peer review of her goals.
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

type RequestJson = {
  id: string;
  reviewerId: string;
  requestedBy: string;
  state: string;
  reason: string | null;
  version: number;
};

let api: InProcessApi;
let h2: string;
const id: Record<string, string> = {};

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  for (const who of ['ava', 'ben', 'chloe', 'dan', 'marcus', 'sofia']) {
    id[who] = await demoPersonId(api, who);
  }
});
afterEach(cleanup);
afterAll(() => api.close());

const requestsAbout = async (as: string, subject: string) =>
  (
    await api.call<{ items: RequestJson[] }>(
      as,
      'GET',
      `/v1/feedback-requests?cycleId=${h2}&subjectId=${subject}`,
    )
  ).body.items;

describe('peer and upward feedback', () => {
  it('upward: Sofia asks about Marcus; only his direct reports are offered, and in Chinese the form says why', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/team?cycle=${h2}&person=${id.marcus}` });
    const section = await screen.findByTestId('team-feedback');
    const kind = await within(section).findByRole('radiogroup', { name: 'Kind of feedback' });
    const upward = within(kind).getByRole('radio', { name: 'Upward' }) as HTMLInputElement;
    expect(upward.disabled).toBe(false);
    await user.click(upward);
    const options = () =>
      [...(within(section).getByLabelText('Colleague to ask') as HTMLSelectElement).options]
        .map((o) => o.value)
        .filter(Boolean)
        .sort();
    await waitFor(() => expect(options()).toEqual([id.ava, id.ben, id.chloe].sort()));
    expect(
      within(section).getByText(
        'Upward feedback about Marcus Lee comes from their direct reports: only they are offered for it.',
      ),
    ).toBeTruthy();
    // His manager's line is about peers: not said for upward feedback.
    expect(within(section).queryByTestId('fb-not-offered')).toBeNull();
    cleanup();
    renderTab(api, {
      as: 'sofia@acme.test',
      path: `/teams/team?cycle=${h2}&person=${id.marcus}&locale=zh-cn`,
    });
    const zh = await screen.findByTestId('team-feedback');
    expect((await within(zh).findByTestId('fb-not-offered')).textContent).toContain(
      'Sofia Martinez：作为 Marcus Lee 的经理，其看法体现在经理评价中，而不是同级反馈。',
    );
  });

  it('Ava asks Ben (asking again is refused); Ben declines with a reason; Ava sees it declined', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const section = await screen.findByTestId('me-feedback');
    await within(section).findByText('No feedback requested yet.');
    // The kind is chosen first: peer; upward feedback about herself is not Ava's to ask for, and the form says why.
    const kind = within(section).getByRole('radiogroup', { name: 'Kind of feedback' });
    expect((within(kind).getByRole('radio', { name: 'Peer' }) as HTMLInputElement).checked).toBe(true);
    expect((within(kind).getByRole('radio', { name: 'Upward' }) as HTMLInputElement).disabled).toBe(true);
    expect(
      within(section).getByText(/^Upward feedback about you comes from your direct reports/),
    ).toBeTruthy();
    // Her own manager is no peer: not offered, and said why.
    const options = () =>
      [...(within(section).getByLabelText('Colleague to ask') as HTMLSelectElement).options].map(
        (o) => o.value,
      );
    expect(options()).not.toContain(id.marcus);
    expect(options()).toContain(id.ben);
    expect(within(section).getByTestId('fb-not-offered').textContent).toContain(
      'Your manager: their view is your manager appraisal, not a peer’s.',
    );
    await user.selectOptions(within(section).getByLabelText('Colleague to ask'), id.ben as string);
    await user.type(within(section).getByLabelText('Message (optional)'), 'How did the renewals go with me?');
    await user.click(within(section).getByRole('button', { name: 'Ask for feedback' }));
    await within(section).findByText('Feedback requested.');
    const row = await within(section).findByTestId(`fb-request-${id.ben}`);
    expect(row.textContent).toContain('Peer feedback from Ben Carter');
    expect(row.textContent).toContain('Waiting');
    const stored = await requestsAbout('ava@acme.test', id.ava as string);
    expect(stored.map((r) => [r.reviewerId, r.requestedBy, r.state])).toEqual([[id.ben, id.ava, 'pending']]);

    // Ben, asked and not answered yet, is not offered again, and the form says so.
    await waitFor(() => expect(options()).not.toContain(id.ben));
    expect(within(section).getByTestId('fb-not-offered').textContent).toContain(
      'Asked already for this kind (waiting or answered): Ben Carter.',
    );
    // The API refuses a second ask all the same (from another window); nothing is added.
    const again = await api.call<{ code: string }>('ava@acme.test', 'POST', '/v1/feedback-requests', {
      cycleId: h2,
      subjectId: id.ava,
      reviewerId: id.ben,
      component: 'peer',
    });
    expect([again.status, again.body.code]).toEqual([409, 'duplicate_request']);
    expect(await requestsAbout('ava@acme.test', id.ava as string)).toHaveLength(1);
    cleanup();

    renderTab(api, { as: 'ben@acme.test', path: `/teams/me?cycle=${h2}` });
    const inbox = await screen.findByTestId('me-inbox');
    await within(inbox).findByText('Peer feedback about Ava Chen');
    expect(within(inbox).getByText('Asked by Ava Chen')).toBeTruthy();
    expect(within(inbox).getByText('How did the renewals go with me?')).toBeTruthy();
    expect(
      within(inbox).getByText('You can answer in the Appraise phase; you may decline now.'),
    ).toBeTruthy();
    await user.type(
      within(inbox).getByLabelText('Why do you decline?'),
      'We have not worked together this half.',
    );
    await user.click(within(inbox).getByRole('button', { name: 'Decline' }));
    await within(inbox).findByText('Request declined.');
    await within(inbox).findByText('Nobody is waiting for your feedback.');
    cleanup();

    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const mine = await within(await screen.findByTestId('me-feedback')).findByTestId(`fb-request-${id.ben}`);
    expect(mine.textContent).toContain('Declined');
    expect(mine.textContent).toContain('Reason: We have not worked together this half.');
  });

  it('a decline after the requester cancelled is refused as stale (412), nothing overwritten; reload shows none', async () => {
    const asked = await api.call<RequestJson>('ava@acme.test', 'POST', '/v1/feedback-requests', {
      cycleId: h2,
      subjectId: id.ava,
      reviewerId: id.chloe,
      component: 'peer',
    });
    expect(asked.status).toBe(201);
    const user = userEvent.setup();
    renderTab(api, { as: 'chloe@acme.test', path: `/teams/me?cycle=${h2}` });
    const inbox = await screen.findByTestId('me-inbox');
    await within(inbox).findByText('Peer feedback about Ava Chen');

    // Ava cancels in another window.
    const cancelled = await api.call(
      'ava@acme.test',
      'POST',
      `/v1/feedback-requests/${asked.body.id}/cancel`,
      {
        reason: 'Asked the wrong person.',
      },
    );
    expect(cancelled.status).toBe(200);

    await user.type(within(inbox).getByLabelText('Why do you decline?'), 'Too busy.');
    await user.click(within(inbox).getByRole('button', { name: 'Decline' }));
    const stale = await within(inbox).findByTestId('stale');
    expect(stale.textContent).toContain('Nothing was overwritten.');
    const after = await api.call<RequestJson>(
      'ava@acme.test',
      'GET',
      `/v1/feedback-requests/${asked.body.id}`,
    );
    expect([after.body.state, after.body.reason]).toEqual(['cancelled', 'Asked the wrong person.']);
    await user.click(within(stale).getByRole('button', { name: 'Reload the latest version' }));
    await within(screen.getByTestId('me-inbox')).findByText('Nobody is waiting for your feedback.');
  });

  it('appraise: Marcus asks Dan about Ava on My team; Dan answers with a peer review of her competency goal', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    const coaching = await screen.findByTestId('team-coaching');
    await user.click(await within(coaching).findByTestId(`select-${id.ava}`));
    const section = await screen.findByTestId('team-feedback');
    expect(within(section).getByRole('heading').textContent).toBe('Peer and upward feedback about Ava Chen');
    // Ava has no reports: upward is there but not to be chosen, and the form says why; Marcus, her manager, is no peer.
    const kind = await within(section).findByRole('radiogroup', { name: 'Kind of feedback' });
    expect((within(kind).getByRole('radio', { name: 'Upward' }) as HTMLInputElement).disabled).toBe(true);
    expect(
      within(section).getByText(
        'Ava Chen has no direct reports, so there is no upward feedback about them to ask for.',
      ),
    ).toBeTruthy();
    expect((await within(section).findByTestId('fb-not-offered')).textContent).toContain(
      'Marcus Lee: as Ava Chen’s manager, their view is the manager appraisal, not a peer’s.',
    );
    await user.selectOptions(await within(section).findByLabelText('Colleague to ask'), id.dan as string);
    await user.click(within(section).getByRole('button', { name: 'Ask for feedback' }));
    await within(section).findByText('Feedback requested.');
    // Marcus sees every request about his report, Ava's own ones too.
    expect(within(section).getByTestId(`fb-request-${id.ben}`).textContent).toContain('Declined');
    cleanup();

    await moveCycle(api, h2, 'appraise');
    renderTab(api, { as: 'dan@acme.test', path: `/teams/me?cycle=${h2}` });
    const inbox = await screen.findByTestId('me-inbox');
    await within(inbox).findByText('Peer feedback about Ava Chen');
    expect(within(inbox).getByText('Asked by Marcus Lee')).toBeTruthy();
    await user.selectOptions(within(inbox).getByLabelText('Rating for “Consultative discovery”'), '4');
    await user.type(within(inbox).getByLabelText('Summary'), 'Prepares every discovery call with care.');
    await user.click(within(inbox).getByRole('button', { name: 'Submit feedback' }));
    // Submitting is final: confirmed first (thin, so "Submit anyway").
    await user.click(within(await screen.findByTestId('review-confirm')).getByTestId('confirm-submit'));
    await within(inbox).findByText('Thank you: your feedback was submitted.');
    await within(inbox).findByText('Nobody is waiting for your feedback.');

    const reviews = await api.call<{
      items: { component: string; submittedAt: string | null; ratings: { rating: number }[] }[];
    }>('dan@acme.test', 'GET', `/v1/reviews?cycleId=${h2}&subjectId=${id.ava}&reviewerId=${id.dan}`);
    expect(
      reviews.body.items.map((r) => [r.component, r.submittedAt !== null, r.ratings[0]?.rating]),
    ).toEqual([['peer', true, 4]]);
    const request = (await requestsAbout('marcus@acme.test', id.ava as string)).find(
      (r) => r.reviewerId === id.dan,
    );
    expect(request?.state).toBe('submitted');
    cleanup();

    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    await user.click(
      await within(await screen.findByTestId('team-coaching')).findByTestId(`select-${id.ava}`),
    );
    const answered = await within(await screen.findByTestId('team-feedback')).findByTestId(
      `fb-request-${id.dan}`,
    );
    await waitFor(() => expect(answered.textContent).toContain('Answered'));
  });
});
