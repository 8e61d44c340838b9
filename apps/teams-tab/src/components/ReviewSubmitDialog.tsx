// The confirmation before a review is submitted (final): what will be submitted, and when it reads as a mere formality, why — "Submit anyway?".
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Text,
} from '@fluentui/react-components';
import type { Cycle, FormalityWarning, Goal, ReviewRating } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { useRatingNames } from '../i18n/ratingNames.ts';
import { formalityText } from '../views/meetingWords.ts';
import { Stack, TitledList } from './layout.tsx';

export function ReviewSubmitDialog({
  open,
  cycle,
  goals,
  draft,
  formality,
  submitLabel,
  busy,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  cycle: Cycle;
  /** The goals the form rates (live competency goals). */
  goals: readonly Goal[];
  draft: { ratings: readonly ReviewRating[]; summary: string };
  formality: readonly FormalityWarning[];
  submitLabel: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t, number } = useI18n();
  const ratingNames = useRatingNames(cycle.policy.ratingScale.levels);
  const thin = formality.length > 0;
  const rated = new Map(draft.ratings.map((r) => [r.goalId, r]));
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface data-testid="review-confirm">
        <DialogBody>
          <DialogTitle>
            {thin ? t('review.confirm.thinTitle') : t('review.confirm.title', { action: submitLabel })}
          </DialogTitle>
          <DialogContent>
            <Stack>
              <Text>{t('review.confirm.final')}</Text>
              {thin && (
                <MessageBar intent="warning" layout="multiline" data-testid="review-confirm-formality">
                  <MessageBarBody>
                    {t('review.confirm.formality', {
                      issues: formality.map((w) => formalityText({ t, number }, w)).join(' '),
                    })}
                  </MessageBarBody>
                </MessageBar>
              )}
              <TitledList title={t('review.confirm.ratings')} items={goals} keyOf={(g) => g.id}>
                {(g) => {
                  const r = rated.get(g.id);
                  return t('review.confirm.rating', {
                    goal: g.title,
                    rating: r ? ratingNames.text(r.rating) : t('review.confirm.notRated'),
                  });
                }}
              </TitledList>
              <Text>
                {t('review.summary')}
                {t('labelSep')}
                {draft.summary.trim() || t('review.confirm.noSummary')}
              </Text>
            </Stack>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={busy} onClick={onConfirm} data-testid="confirm-submit">
              {thin ? t('review.confirm.anyway') : t('review.confirm.submit')}
            </Button>
            <Button onClick={onCancel}>{t('review.confirm.keepEditing')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
