// The employee's own rating of one goal, read-only, shown beside the manager's entry so the manager appraises with it in view.
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import type { Cycle, Goal, Review } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { useRatingNames } from '../i18n/ratingNames.ts';

const useStyles = makeStyles({
  note: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    maxWidth: '480px',
    paddingLeft: tokens.spacingHorizontalM,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
  },
});

/** The self-appraisal's rating, comment and evidence for `goal` as the API returned them; "not rated" when it has none. */
export function SelfRatingNote({ self, goal, cycle }: { self: Review; goal: Goal; cycle: Cycle }) {
  const { t } = useI18n();
  const s = useStyles();
  const ratings = useRatingNames(cycle.policy.ratingScale.levels);
  const r = self.ratings.find((x) => x.goalId === goal.id);
  return (
    <div className={s.note} data-testid={`self-rating-${goal.id}`}>
      <Text weight="semibold">
        {r ? t('review.selfRating', { rating: ratings.text(r.rating) }) : t('review.selfNotRated')}
      </Text>
      {r?.comment && (
        <Text>
          {t('review.comment')}
          {t('labelSep')}
          {r.comment}
        </Text>
      )}
      {r?.evidence && (
        <Text>
          {t('review.evidence')}
          {t('labelSep')}
          {r.evidence}
        </Text>
      )}
    </div>
  );
}
