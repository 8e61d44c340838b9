// A review form (self, manager, peer or upward): a rating per goal with comment and evidence, and a summary; draft or submit.
// Checked live with the API's core rules: an extreme rating without its evidence blocks Submit; "mere formality" warns.
// Submitting is final, so it asks for confirmation, showing what will be submitted (and, when thin, why it reads as a formality).
// A manager's form shows the employee's submitted self-appraisal of each goal beside the manager's own entry, read-only.
import { Button, Field, Select, Text } from '@fluentui/react-components';
import { scaleBounds } from '@perfloop/core';
import { useId, useState } from 'react';
import type { Cycle, Goal, Review, ReviewRating } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { useRatingNames } from '../i18n/ratingNames.ts';
import { Help, Row, Stack } from './layout.tsx';
import { ReviewFormalityNote } from './ReviewFormalityNote.tsx';
import { ReviewSubmitDialog } from './ReviewSubmitDialog.tsx';
import { draftFormality, evidenceShortfalls, type ReviewScreening } from './reviewChecks.ts';
import { SelfRatingNote } from './SelfRatingNote.tsx';
import { TextField } from './TextField.tsx';

export interface ReviewDraft {
  ratings: ReviewRating[];
  summary: string;
}

export function ReviewForm({
  cycle,
  goals,
  existing,
  busy,
  submitLabel,
  onSave,
  idPrefix,
  screening,
  self = null,
}: {
  cycle: Cycle;
  goals: readonly Goal[];
  existing: Review | null;
  busy: boolean;
  submitLabel: string;
  onSave: (draft: ReviewDraft, submit: boolean) => void;
  idPrefix: string;
  /** Who writes about whom, and the reviewer's other reviews of the cycle: the formality screening's input. */
  screening: ReviewScreening;
  /** The subject's submitted self-appraisal, shown per goal beside this entry (read-only); null for none. */
  self?: Review | null;
}) {
  const { t, number } = useI18n();
  const levels = cycle.policy.ratingScale.levels;
  const ratingNames = useRatingNames(levels);
  const blockedId = useId();
  const live = goals.filter((g) => g.status !== 'cancelled');
  const [ratings, setRatings] = useState<Record<string, ReviewRating>>(() =>
    Object.fromEntries((existing?.ratings ?? []).map((r) => [r.goalId, r])),
  );
  const [summary, setSummary] = useState(existing?.summary ?? '');
  const [confirming, setConfirming] = useState(false);
  const set = (goalId: string, patch: Partial<ReviewRating>) =>
    setRatings((all) => {
      const current = all[goalId] ?? { goalId, rating: 0 };
      return { ...all, [goalId]: { ...current, ...patch } };
    });
  const draft: ReviewDraft = {
    ratings: Object.values(ratings)
      .filter((r) => r.rating > 0)
      .map((r) => ({
        goalId: r.goalId,
        rating: r.rating,
        ...(r.comment ? { comment: r.comment } : {}),
        ...(r.evidence ? { evidence: r.evidence } : {}),
      })),
    summary,
  };
  // The same rules as the API: evidence refuses the submit (422 evidence_required), formality only warns.
  const shortfalls = evidenceShortfalls(draft.ratings, cycle.policy);
  const formality = draftFormality(draft, existing?.id ?? null, screening, cycle.policy);
  const blocked = shortfalls.size > 0;
  return (
    <Stack>
      <Help>{t('review.kpiNote')}</Help>
      <Help>{t('review.evidenceHint', { chars: cycle.policy.calibration.evidenceMinChars })}</Help>
      {live.map((g) => {
        const r = ratings[g.id];
        const short = shortfalls.get(g.id);
        return (
          <Stack key={g.id}>
            <Row>
              <Field label={t('review.rating', { goal: g.title })}>
                <Select
                  id={`${idPrefix}-rating-${g.id}`}
                  value={r?.rating ? String(r.rating) : ''}
                  onChange={(_, d) => set(g.id, { rating: Number(d.value) })}
                >
                  <option value="">—</option>
                  {levels.map((l) => (
                    <option key={l.value} value={l.value}>
                      {ratingNames.text(l.value)}
                    </option>
                  ))}
                </Select>
              </Field>
              {self && <SelfRatingNote self={self} goal={g} cycle={cycle} />}
            </Row>
            <TextField
              label={t('review.comment')}
              value={r?.comment ?? ''}
              onChange={(comment) => set(g.id, { comment })}
              limit="ratingText"
            />
            {/* One field whatever its state, so it keeps the focus while the evidence reaches the minimum. */}
            {r && (short || r.evidence || isExtreme(r.rating, levels)) && (
              <TextField
                label={t('review.evidence')}
                required={short !== undefined}
                value={r.evidence ?? ''}
                onChange={(evidence) => set(g.id, { evidence })}
                limit="ratingText"
                validationState={short ? 'error' : 'none'}
                validationMessage={
                  short
                    ? t('review.evidenceNeeded', {
                        rating: ratingNames.text(short.rating),
                        chars: number(short.required),
                        count: number(short.chars),
                      })
                    : undefined
                }
                testId={short ? `evidence-needed-${g.id}` : undefined}
              />
            )}
          </Stack>
        );
      })}
      <TextField
        label={t('review.summary')}
        value={summary}
        onChange={setSummary}
        limit="reviewSummary"
        rows={4}
      />
      <ReviewFormalityNote issues={formality} live />
      <Row>
        <Button
          appearance="primary"
          disabled={busy || blocked}
          aria-describedby={blocked ? blockedId : undefined}
          onClick={() => setConfirming(true)}
        >
          {submitLabel}
        </Button>
        <Button disabled={busy} onClick={() => onSave(draft, false)}>
          {t('me.saveDraft')}
        </Button>
      </Row>
      {blocked && (
        <Text id={blockedId} data-testid="submit-blocked">
          {t(shortfalls.size === 1 ? 'review.submitBlockedOne' : 'review.submitBlocked', {
            count: number(shortfalls.size),
            chars: number(cycle.policy.calibration.evidenceMinChars),
          })}
        </Text>
      )}
      <ReviewSubmitDialog
        open={confirming && !blocked}
        cycle={cycle}
        goals={live}
        draft={draft}
        formality={formality}
        submitLabel={submitLabel}
        busy={busy}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          onSave(draft, true);
        }}
      />
    </Stack>
  );
}

/** The lowest or highest level of the scale (core scaleBounds: the levels the evidence rule covers). */
function isExtreme(rating: number, levels: readonly { value: number }[]): boolean {
  const { min, max } = scaleBounds({ levels });
  return rating === min || rating === max;
}
