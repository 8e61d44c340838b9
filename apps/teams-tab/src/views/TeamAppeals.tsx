// My team: which of the people I manage appealed their result in this cycle, their reason, and how HR resolved it (a corrected rating too).
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import type { Cycle, FeedbackMeeting } from '../api/types.ts';
import { Section, Stack } from '../components/layout.tsx';
import { Problem } from '../components/Problem.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useLoad, useSession } from '../session.tsx';
import { CorrectionText } from './Appeals.tsx';
import { ackTextFor } from './appealWords.ts';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  quote: { whiteSpace: 'pre-wrap', color: tokens.colorNeutralForeground2 },
});

const APPEALED = new Set(['appealed', 'appeal_resolved']);

/** Nothing at all until a report has appealed (a read that failed says so, with a retry). */
export function TeamAppeals({ cycle }: { cycle: Cycle }) {
  const { client, me, nameOf } = useSession();
  const { t, date } = useI18n();
  const s = useStyles();
  const meetings = useLoad(
    () => client.all<FeedbackMeeting>('/v1/feedback-meetings', { cycleId: cycle.id }),
    [cycle.id],
    { deferred: true },
  );
  if (meetings.error) {
    return (
      <Section title={t('appeals.teamTitle')} id="team-appeals">
        <Problem error={meetings.error} onRetry={meetings.reload} />
      </Section>
    );
  }
  const appealed = (meetings.data ?? []).filter(
    (m) => m.subjectId !== me.id && APPEALED.has(m.acknowledgement.status),
  );
  if (appealed.length === 0) return null;
  return (
    <Section title={t('appeals.teamTitle')} help={t('appeals.teamHelp')} id="team-appeals">
      <ul className={s.list}>
        {appealed.map((m) => {
          const ack = m.acknowledgement;
          return (
            <li key={m.id} data-testid="team-appeal" data-subject={m.subjectId}>
              <Stack>
                <Text weight="semibold">{ackTextFor({ t, date }, ack, nameOf(m.subjectId))}</Text>
                {ack.reason && (
                  <Text className={s.quote}>
                    {t('appeals.reason')}
                    {t('labelSep')}
                    {ack.reason}
                  </Text>
                )}
                {ack.correction && (
                  <Text>
                    <CorrectionText correction={ack.correction} policy={cycle.policy} />
                  </Text>
                )}
                {ack.note && (
                  <Text className={s.quote}>
                    {t('appeals.hrNote')}
                    {t('labelSep')}
                    {ack.note}
                  </Text>
                )}
              </Stack>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
