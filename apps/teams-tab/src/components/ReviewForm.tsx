// A review form (self or manager appraisal): a rating per goal with comment and evidence, and a summary; draft or submit.
// A manager's form shows the employee's submitted self-appraisal of each goal beside the manager's own entry, read-only.
import { Button, Field, Select, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import type { Cycle, Goal, Review, ReviewRating } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { useRatingNames } from '../i18n/ratingNames.ts';
import { Help, Row, Stack } from './layout.tsx';
import { SelfRatingNote } from './SelfRatingNote.tsx';

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
  self = null,
}: {
  cycle: Cycle;
  goals: readonly Goal[];
  existing: Review | null;
  busy: boolean;
  submitLabel: string;
  onSave: (draft: ReviewDraft, submit: boolean) => void;
  idPrefix: string;
  /** The subject's submitted self-appraisal, shown per goal beside this entry (read-only); null for none. */
  self?: Review | null;
}) {
  const { t } = useI18n();
  const levels = cycle.policy.ratingScale.levels;
  const ratingNames = useRatingNames(levels);
  const min = Math.min(...levels.map((l) => l.value));
  const max = Math.max(...levels.map((l) => l.value));
  const live = goals.filter((g) => g.status !== 'cancelled');
  const [ratings, setRatings] = useState<Record<string, ReviewRating>>(() =>
    Object.fromEntries((existing?.ratings ?? []).map((r) => [r.goalId, r])),
  );
  const [summary, setSummary] = useState(existing?.summary ?? '');
  const set = (goalId: string, patch: Partial<ReviewRating>) =>
    setRatings((all) => {
      const current = all[goalId] ?? { goalId, rating: 0 };
      return { ...all, [goalId]: { ...current, ...patch } };
    });
  const draft = (): ReviewDraft => ({
    ratings: Object.values(ratings)
      .filter((r) => r.rating > 0)
      .map((r) => ({
        goalId: r.goalId,
        rating: r.rating,
        ...(r.comment ? { comment: r.comment } : {}),
        ...(r.evidence ? { evidence: r.evidence } : {}),
      })),
    summary,
  });
  return (
    <Stack>
      <Help>{t('review.kpiNote')}</Help>
      <Help>{t('review.evidenceHint', { chars: cycle.policy.calibration.evidenceMinChars })}</Help>
      {live.map((g) => {
        const r = ratings[g.id];
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
            <Field label={t('review.comment')}>
              <Textarea
                value={r?.comment ?? ''}
                onChange={(_, d) => set(g.id, { comment: d.value })}
                resize="vertical"
              />
            </Field>
            {(r?.rating === min || r?.rating === max) && (
              <Field
                label={t('review.evidence')}
                validationState={
                  (r.evidence ?? '').trim().length < cycle.policy.calibration.evidenceMinChars
                    ? 'warning'
                    : 'none'
                }
                validationMessage={t('team.minChars', {
                  chars: cycle.policy.calibration.evidenceMinChars,
                  count: (r.evidence ?? '').trim().length,
                })}
              >
                <Textarea
                  value={r.evidence ?? ''}
                  onChange={(_, d) => set(g.id, { evidence: d.value })}
                  resize="vertical"
                />
              </Field>
            )}
          </Stack>
        );
      })}
      <Field label={t('review.summary')}>
        <Textarea value={summary} onChange={(_, d) => setSummary(d.value)} resize="vertical" rows={4} />
      </Field>
      <Row>
        <Button appearance="primary" disabled={busy} onClick={() => onSave(draft(), true)}>
          {submitLabel}
        </Button>
        <Button disabled={busy} onClick={() => onSave(draft(), false)}>
          {t('me.saveDraft')}
        </Button>
      </Row>
    </Stack>
  );
}
