// The employee's own rating of one goal, read-only, shown beside the manager's entry so the manager appraises with it in view.
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import type { Cycle, Goal, Review } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';

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
  const r = self.ratings.find((x) => x.goalId === goal.id);
  const level = r ? cycle.policy.ratingScale.levels.find((l) => l.value === r.rating) : undefined;
  return (
    <div className={s.note} data-testid={`self-rating-${goal.id}`}>
      <Text weight="semibold">
        {r
          ? t('review.selfRating', { rating: level ? `${r.rating} · ${level.label}` : String(r.rating) })
          : t('review.selfNotRated')}
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
