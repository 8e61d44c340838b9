// The result a manager discusses in the feedback meeting: the report's final rating, the calibration move behind it, and how the score was worked out.
import { Text } from '@fluentui/react-components';
import type { Cycle, Explanation } from '../api/types.ts';
import { Help, Load, Stack } from '../components/layout.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useRatingNames } from '../i18n/ratingNames.ts';
import { useLoad, useSession } from '../session.tsx';
import { unscoredOf } from './meReads.ts';
import { ScoreExplanation } from './ScoreExplanation.tsx';

/** GET /v1/cycles/{id}/scores/{personId}?explain=true as the manager reads it: the rating as calibrated, and why. */
export function TeamResult({ cycle, personId }: { cycle: Cycle; personId: string }) {
  const { client, nameOf } = useSession();
  const { t, number } = useI18n();
  const ratings = useRatingNames(cycle.policy.ratingScale.levels);
  const score = useLoad(
    () =>
      client
        .get<Explanation>(`/v1/cycles/${cycle.id}/scores/${personId}`, { explain: true })
        .then((explanation) => ({ explanation, unscored: null }))
        .catch((error: unknown) => {
          const unscored = unscoredOf(error);
          if (!unscored) throw error;
          return { explanation: null, unscored };
        }),
    [cycle.id, personId],
  );
  const name = nameOf(personId);
  return (
    <Load loaded={score}>
      {({ explanation, unscored }) =>
        !explanation?.rating ? (
          <Help>
            {unscored
              ? t('team.result.allCancelled', { name, goals: unscored.goals.join(t('field.listSep')) })
              : t('team.result.none', { name })}
          </Help>
        ) : (
          <div data-testid="team-result">
            <Stack>
              <Text size={500} weight="semibold">
                {t('team.result.rating', {
                  name,
                  score: number(explanation.score ?? 0),
                  rating: ratings.text(explanation.rating.value),
                })}
              </Text>
              {explanation.calibrated && explanation.original ? (
                <Text data-testid="team-result-calibrated">
                  {t('team.result.calibrated', {
                    from: ratings.text(explanation.original.rating.value),
                    to: ratings.text(explanation.rating.value),
                  })}
                </Text>
              ) : (
                <Text>{t('team.result.notMoved')}</Text>
              )}
              <ScoreExplanation
                explanation={explanation}
                provisional
                appliedAt={null}
                levels={cycle.policy.ratingScale.levels}
              />
            </Stack>
          </div>
        )
      }
    </Load>
  );
}
