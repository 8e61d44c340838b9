// @vitest-environment happy-dom
// A peer answering a feedback request with a thin text is warned it reads as a mere formality — beside the saved draft
// before submitting, and beside the answer once submitted — as a manager is beside their appraisal; never refused.
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

type Issue = { code: string; details: { chars?: number; minChars?: number } };
type ReviewJson = { id: string; submittedAt: string | null; formality: Issue[] | null };

let api: InProcessApi;
let h2: string;
let ava: string;
let dan: string;
let requestId: string;

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  ava = await demoPersonId(api, 'ava');
  dan = await demoPersonId(api, 'dan');
  const asked = await api.call<{ id: string }>('marcus@acme.test', 'POST', '/v1/feedback-requests', {
    cycleId: h2,
    subjectId: ava,
    reviewerId: dan,
    component: 'peer',
  });
  if (asked.status !== 201) throw new Error(`could not ask Dan: ${JSON.stringify(asked.body)}`);
  requestId = asked.body.id;
  await moveCycle(api, h2, 'appraise');
});
afterEach(cleanup);
afterAll(() => api.close());

const dansReview = async () =>
  (
    await api.call<{ items: ReviewJson[] }>(
      'dan@acme.test',
      'GET',
      `/v1/reviews?cycleId=${h2}&subjectId=${ava}&reviewerId=${dan}&component=peer`,
    )
  ).body.items[0];

describe('feedback inbox: mere formality warnings for peer and upward reviewers', () => {
  it('a thin draft is flagged before it is submitted, and the submitted answer stays flagged', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'dan@acme.test', path: `/teams/me?cycle=${h2}` });
    const inbox = await screen.findByTestId('me-inbox');
    const item = await within(inbox).findByTestId(`inbox-${requestId}`);
    await within(item).findByText('Peer feedback about Ava Chen');
    // Nothing saved yet: no saved flag, and nothing written yet says so live (the API's core check, in the form).
    expect(within(item).queryByTestId('review-formality')).toBeNull();
    await user.selectOptions(within(item).getByLabelText('Rating for “Consultative discovery”'), '4');
    expect(within(item).getByTestId('review-formality-live').textContent).toContain('The feedback is empty.');
    await user.type(within(item).getByLabelText('Summary'), 'Nice work.');
    const typed = within(item).getByLabelText('Summary');
    await user.click(within(item).getByRole('button', { name: 'Save draft' }));
    await within(inbox).findByText('Draft saved.');
    // The inbox reloads: the form is the saved draft's now (a new field, holding what was typed).
    await waitFor(() =>
      expect(within(within(inbox).getByTestId(`inbox-${requestId}`)).getByLabelText('Summary')).not.toBe(
        typed,
      ),
    );

    // Before submitting: the saved draft's flag, with the API's counts.
    const draft = await dansReview();
    expect(draft?.submittedAt).toBeNull();
    const minChars = draft?.formality?.[0]?.details.minChars;
    expect(draft?.formality?.map((i) => i.code)).toEqual(['too_short']);
    expect(minChars).toBeGreaterThan(10);
    // The form shows the same flag live, from the same core check, before anything is submitted.
    const before = await within(await within(inbox).findByTestId(`inbox-${requestId}`)).findByTestId(
      'review-formality-live',
    );
    expect(before.textContent).toContain('This review reads as a mere formality');
    expect(before.textContent).toContain(
      `Too short The feedback has 10 characters; at least ${minChars} are expected.`,
    );

    // Submitted as written once confirmed (a warning, never a refusal): the request leaves the pending list, the flag stays.
    await user.click(
      within(await within(inbox).findByTestId(`inbox-${requestId}`)).getByRole('button', {
        name: 'Submit feedback',
      }),
    );
    const confirm = await screen.findByTestId('review-confirm');
    expect(confirm.textContent).toContain('Submit anyway?');
    expect(within(confirm).getByTestId('review-confirm-formality').textContent).toContain(
      `The feedback has 10 characters; at least ${minChars} are expected.`,
    );
    await user.click(within(confirm).getByTestId('confirm-submit'));
    await within(inbox).findByText('Thank you: your feedback was submitted.');
    await within(inbox).findByText('Nobody is waiting for your feedback.');
    const submitted = await dansReview();
    expect(submitted?.submittedAt).not.toBeNull();
    const answered = await within(inbox).findByTestId(`inbox-answered-${requestId}`);
    expect(answered.textContent).toContain('Peer feedback about Ava Chen');
    expect(answered.textContent).toMatch(/You answered on /);
    const after = within(answered).getByTestId('review-formality');
    expect(after.textContent).toContain(
      `Too short The feedback has 10 characters; at least ${minChars} are expected.`,
    );
    expect(within(answered).queryByRole('button')).toBeNull();
  });

  it('in Chinese: the answered request and its flag in the tab’s words', async () => {
    renderTab(api, { as: 'dan@acme.test', path: `/teams/me?cycle=${h2}&locale=zh-cn` });
    const answered = await screen.findByTestId(`inbox-answered-${requestId}`);
    expect(answered.textContent).toContain('您已于');
    const note = within(answered).getByTestId('review-formality');
    expect(note.textContent).toContain('这份评价流于形式');
    expect(note.textContent).not.toContain('The feedback has');
  });

  it('the subject never sees the flags of a peer answer about them', async () => {
    const asSubject = await api.call<{ items: ReviewJson[] }>(
      'ava@acme.test',
      'GET',
      `/v1/reviews?cycleId=${h2}&subjectId=${ava}&component=peer`,
    );
    expect(asSubject.body.items.every((r) => r.formality === null)).toBe(true);
  });
});
