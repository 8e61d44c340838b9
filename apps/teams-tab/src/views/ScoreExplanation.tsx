// My score's explanation on the Me view: the one kept with my applied result, or the live score's labelled provisional.
import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { Explanation, RatingLevel } from '../api/types.ts';
import { Stack } from '../components/layout.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useRatingNames } from '../i18n/ratingNames.ts';
import { useSession } from '../session.tsx';
import { explanationText, scoreWords } from './scoreWords.ts';

const useStyles = makeStyles({
  pre: { whiteSpace: 'pre-wrap', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

export interface ScoreExplanationProps {
  explanation: Explanation | null;
  /** The live score's explanation (no applied result, or one applied before explanations were kept with it). */
  provisional: boolean;
  /** When my result was applied (null: not applied yet). */
  appliedAt: string | null;
  /** The cycle policy's rating levels, which name the rating in the locale. */
  levels: readonly RatingLevel[];
}

/** The explanation, and what it is: as applied (never drifting), or provisional and worked out from what is there now. */
export function ScoreExplanation({ explanation, provisional, appliedAt, levels }: ScoreExplanationProps) {
  const { t, date, locale } = useI18n();
  const { nameOf } = useSession();
  const ratings = useRatingNames(levels);
  const s = useStyles();
  // Said about the person by name, never by their id.
  const text =
    explanation &&
    explanationText(
      {
        ...scoreWords(t, locale),
        ratingLabel: ratings.label,
        // HR or the person's manager chain corrects an agreed goal: someone the reader may not look up is said as such, never as an id.
        correctorName: (id) => {
          const name = nameOf(id);
          return name === t('someone') ? t('correctorUnseen') : name;
        },
      },
      explanation,
      nameOf(explanation.subjectId),
    );
  if (!text) return null;
  const status = !provisional
    ? t('me.explanation.applied', { date: appliedAt ? date(appliedAt) : '' })
    : appliedAt
      ? t('me.explanation.recomputed')
      : t('me.explanation.provisional');
  return (
    <details>
      <summary>
        {t('me.explanation')}{' '}
        {provisional && (
          <Badge appearance="outline" color="warning" data-testid="score-explanation-provisional">
            {t('me.explanation.provisionalBadge')}
          </Badge>
        )}
      </summary>
      <Stack>
        <Text size={200} data-testid="score-explanation-status">
          {status}
        </Text>
        <Text size={200} data-testid="score-explanation-achievement">
          {t('me.explanation.achievementHelp')}
        </Text>
        <div className={s.pre} data-testid="score-explanation">
          {text}
        </div>
      </Stack>
    </details>
  );
}
