// @vitest-environment happy-dom
// The review form checks with the API's core rules while it is written: an extreme rating without its evidence blocks
// Submit (the reason beside the field), "mere formality" warns live, and every Submit asks to confirm what is submitted.
import { POLICY_PRESETS } from '@perfloop/core';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Cycle, Goal, Review } from '../api/types.ts';
import { I18nProvider, type Locale } from '../i18n/index.tsx';
import { type ReviewDraft, ReviewForm } from './ReviewForm.tsx';
import type { ReviewScreening } from './reviewChecks.ts';

afterEach(cleanup);

const policy = POLICY_PRESETS.control;
const cycle = {
  id: 'cyc_1',
  name: '2026 H2',
  phase: 'appraise',
  policy,
  participants: ['per_ava'],
} as unknown as Cycle;
const goal = (id: string, title: string) =>
  ({ id, title, kind: 'competency', status: 'active', version: 1 }) as unknown as Goal;
const goals = [goal('gol_a', 'Consultative discovery'), goal('gol_b', 'Account planning')];
const EVIDENCE = 'Led all twelve strategic-account discoveries this half; three became the largest deals.';
const LONG_SUMMARY =
  'Ava ran the discovery calls of the largest accounts herself and taught the new account executives her call plan.';

function renderForm(
  options: { screening?: Partial<ReviewScreening>; locale?: Locale; existing?: Review | null } = {},
) {
  const onSave = vi.fn<(draft: ReviewDraft, submit: boolean) => void>();
  render(
    <I18nProvider locale={options.locale ?? 'en'}>
      <ReviewForm
        cycle={cycle}
        goals={goals}
        existing={options.existing ?? null}
        busy={false}
        submitLabel="Submit appraisal"
        idPrefix="t"
        onSave={onSave}
        screening={{
          component: 'manager',
          reviewerId: 'per_marcus',
          subjectId: 'per_ava',
          subjectName: 'Ava Chen',
          others: [],
          ...options.screening,
        }}
      />
    </I18nProvider>,
  );
  return { onSave, user: userEvent.setup() };
}

const rate = async (user: ReturnType<typeof userEvent.setup>, title: string, value: number) =>
  user.selectOptions(screen.getByLabelText(`Rating for “${title}”`), String(value));

describe('ReviewForm', () => {
  it('an extreme rating without its evidence blocks Submit, with the reason beside the field; a draft can still be saved', async () => {
    const { onSave, user } = renderForm({ screening: { component: 'self', reviewerId: 'per_ava' } });
    await rate(user, 'Consultative discovery', 5);
    const submit = screen.getByRole('button', { name: 'Submit appraisal' });
    expect(submit).toHaveProperty('disabled', true);
    const field = screen.getByTestId('evidence-needed-gol_a');
    expect(field.textContent).toContain(
      'Needed to submit: a rating of 5 · Outstanding needs written evidence (or a comment) of at least 40 characters (0 so far).',
    );
    expect(screen.getByTestId('submit-blocked').textContent).toContain(
      '1 extreme rating still needs its evidence',
    );
    // The lowest level too, each rating on its own.
    await rate(user, 'Account planning', 1);
    expect(screen.getByTestId('evidence-needed-gol_b')).toBeTruthy();
    expect(screen.getByTestId('submit-blocked').textContent).toContain('2 extreme ratings still need');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(onSave).toHaveBeenLastCalledWith(expect.objectContaining({ summary: '' }), false);
    // Evidence typed into the field (the field stays, focused) lifts the block for that rating.
    const evidence = within(field).getByRole('textbox');
    await user.click(evidence);
    await user.type(evidence, EVIDENCE);
    expect(document.activeElement).toBe(evidence);
    expect(screen.queryByTestId('evidence-needed-gol_a')).toBeNull();
    // A comment long enough counts as well (the longer of the two, as the API reads it).
    const comments = screen.getAllByRole('textbox', { name: 'Comment' });
    await user.type(comments[1] as HTMLElement, EVIDENCE);
    expect(screen.queryByTestId('submit-blocked')).toBeNull();
    expect(submit).toHaveProperty('disabled', false);
  });

  it('every Submit asks to confirm what will be submitted; Keep editing submits nothing', async () => {
    const { onSave, user } = renderForm();
    await rate(user, 'Consultative discovery', 4);
    await user.type(screen.getByRole('textbox', { name: 'Summary' }), LONG_SUMMARY);
    expect(screen.queryByTestId('review-formality-live')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Submit appraisal' }));
    const dialog = await screen.findByTestId('review-confirm');
    expect(dialog.textContent).toContain('Submit appraisal?');
    expect(dialog.textContent).toContain('Submitting is final: a submitted review cannot be changed.');
    expect(dialog.textContent).toContain('Consultative discovery: 4 · Exceeds expectations');
    expect(dialog.textContent).toContain('Account planning: not rated');
    expect(dialog.textContent).toContain(LONG_SUMMARY);
    expect(within(dialog).queryByTestId('review-confirm-formality')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Keep editing', hidden: true }));
    expect(onSave).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Submit appraisal' }));
    const confirm = within(await screen.findByTestId('review-confirm')).getByTestId('confirm-submit');
    expect(confirm.textContent).toBe('Confirm and submit');
    await user.click(confirm);
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(onSave).toHaveBeenCalledWith(
      { ratings: [{ goalId: 'gol_a', rating: 4 }], summary: LONG_SUMMARY },
      true,
    );
  });

  it('warns of a mere formality live, before submitting, and asks "Submit anyway?" saying why', async () => {
    const { onSave, user } = renderForm();
    await rate(user, 'Consultative discovery', 3);
    // Nothing written yet: empty.
    expect(screen.getByTestId('review-formality-live').textContent).toContain('The feedback is empty.');
    await user.type(screen.getByRole('textbox', { name: 'Summary' }), 'ok');
    const live = screen.getByTestId('review-formality-live');
    expect(live.textContent).toContain('This review reads as a mere formality');
    expect(live.textContent).toContain(
      `The feedback has 2 characters; at least ${policy.feedback.minChars} are expected.`,
    );
    // A warning, not a block.
    await user.click(screen.getByRole('button', { name: 'Submit appraisal' }));
    const dialog = await screen.findByTestId('review-confirm');
    expect(dialog.textContent).toContain('Submit anyway?');
    expect(within(dialog).getByTestId('review-confirm-formality').textContent).toContain(
      'This review reads as a mere formality: The feedback has 2 characters',
    );
    const anyway = within(dialog).getByTestId('confirm-submit');
    expect(anyway.textContent).toBe('Submit anyway');
    await user.click(anyway);
    expect(onSave).toHaveBeenCalledWith({ ratings: [{ goalId: 'gol_a', rating: 3 }], summary: 'ok' }, true);
  });

  it('flags text copied from the reviewer’s review of someone else, the names masked as the API does', async () => {
    const copied = `${LONG_SUMMARY.replace('Ava', 'Ben')}`;
    const other = {
      id: 'rev_other',
      cycleId: 'cyc_1',
      subjectId: 'per_ben',
      reviewerId: 'per_marcus',
      component: 'manager',
      ratings: [],
      summary: copied,
      submittedAt: '2026-12-01T00:00:00.000Z',
      version: 2,
    } as unknown as Review;
    const { user } = renderForm({
      screening: { others: [other], nameOf: (id) => (id === 'per_ben' ? 'Ben Carter' : undefined) },
    });
    await rate(user, 'Consultative discovery', 3);
    await user.type(screen.getByRole('textbox', { name: 'Summary' }), LONG_SUMMARY);
    expect(screen.getByTestId('review-formality-live').textContent).toContain(
      'as 1 other review by the same author about different people',
    );
  });

  it('a self review is not screened for formality, but its extremes still need evidence (in Chinese)', async () => {
    const { user } = renderForm({ locale: 'zh-CN', screening: { component: 'self', reviewerId: 'per_ava' } });
    await user.selectOptions(screen.getByLabelText('“Consultative discovery”的评分'), '1');
    expect(screen.queryByTestId('review-formality-live')).toBeNull();
    expect(screen.getByTestId('evidence-needed-gol_a').textContent).toContain('提交前必填');
    expect(screen.getByTestId('submit-blocked').textContent).toContain('补齐之前只能保存草稿');
  });
});
