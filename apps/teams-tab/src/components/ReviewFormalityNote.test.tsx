// @vitest-environment happy-dom
// A manager submits a thin appraisal: it is submitted as written and the "mere formality" warning shows beside it.
import { cleanup, render, screen, within } from '@testing-library/react';
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
import { I18nProvider } from '../i18n/index.tsx';
import { ReviewFormalityNote } from './ReviewFormalityNote.tsx';

let api: InProcessApi;
let h2: string;
let ben: string;

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  ben = await demoPersonId(api, 'ben');
  await moveCycle(api, h2, 'appraise');
});
afterEach(cleanup);
afterAll(() => api.close());

describe('ReviewFormalityNote', () => {
  it('a thin manager appraisal is submitted, and the manager is told it reads as a mere formality', async () => {
    type Goal = { id: string; title: string; kind: string; status: string };
    const plan = await api.call<{ goals: Goal[] }>(
      'marcus@acme.test',
      'GET',
      `/v1/cycles/${h2}/plans/${ben}`,
    );
    const goal = plan.body.goals.find((g) => g.kind === 'competency' && g.status !== 'cancelled');
    if (!goal) throw new Error('Ben has no competency goal in the demo');

    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    const coaching = await screen.findByTestId('team-coaching');
    await user.click(await within(coaching).findByTestId(`select-${ben}`));
    const appraisal = await screen.findByTestId('team-appraisal');
    const rating = (await within(appraisal).findByLabelText(
      `Rating for “${goal.title}”`,
    )) as HTMLSelectElement;
    await user.selectOptions(rating, rating.options[3]?.value ?? '3');
    // No saved flag while nothing is saved; the form's live one says it before submitting.
    expect(within(appraisal).queryByTestId('review-formality')).toBeNull();
    await user.type(within(appraisal).getByLabelText('Summary'), 'Good half, thanks.');
    expect(within(appraisal).getByTestId('review-formality-live').textContent).toContain(
      'The feedback has 18 characters',
    );
    await user.click(within(appraisal).getByRole('button', { name: 'Submit appraisal' }));
    await user.click(within(await screen.findByTestId('review-confirm')).getByTestId('confirm-submit'));

    await within(appraisal).findByTestId('appraisal-submitted');
    const note = await within(appraisal).findByTestId('review-formality');
    const review = await api.call<{ items: { formality: { details: { minChars: number } }[] }[] }>(
      'marcus@acme.test',
      'GET',
      `/v1/reviews?cycleId=${h2}&subjectId=${ben}&component=manager`,
    );
    const minChars = review.body.items[0]?.formality[0]?.details.minChars;
    expect(minChars).toBeGreaterThan(18);
    expect(note.textContent).toContain('This review reads as a mere formality');
    expect(note.textContent).toContain('HR sees it flagged in calibration');
    expect(note.textContent).toContain(
      `Too short The feedback has 18 characters; at least ${minChars} are expected.`,
    );
  });

  it('says a near duplicate in Chinese, from its code and counts', () => {
    render(
      <I18nProvider locale="zh-CN">
        <ReviewFormalityNote
          issues={[
            {
              id: 'rev_1',
              code: 'near_duplicate',
              message:
                'Nearly the same text (96.3% similar) as 2 other reviews by the same author about different people.',
              details: { similarity: 0.9634, matchCount: 2, matches: [] },
            },
          ]}
        />
      </I18nProvider>,
    );
    const note = screen.getByTestId('review-formality');
    expect(note.textContent).toContain('这份评价流于形式');
    expect(note.textContent).toContain('内容雷同');
    expect(note.textContent).toContain('与同一作者写给其他人的 2 份评价几乎相同（相似度 96.3%）。');
  });

  it('shows nothing without flags (none, a self review, or an older API)', () => {
    for (const issues of [[], null, undefined]) {
      const { container } = render(
        <I18nProvider locale="en">
          <ReviewFormalityNote issues={issues} />
        </I18nProvider>,
      );
      expect(container.textContent).toBe('');
      cleanup();
    }
  });
});
