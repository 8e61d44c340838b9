// Me: my appeal's reason while HR has it, then HR's resolution (its date, the rating it corrected and the note HR wrote me).
import { Text } from '@fluentui/react-components';
import type { Cycle, FeedbackMeeting } from '../api/types.ts';
import { Stack } from '../components/layout.tsx';
import { useI18n } from '../i18n/index.tsx';
import { CorrectionText } from './Appeals.tsx';

export function AppealNote({
  ack,
  policy,
}: {
  ack: FeedbackMeeting['acknowledgement'];
  /** The cycle policy, whose rating levels name a corrected rating in the locale. */
  policy: Cycle['policy'];
}) {
  const { t, date } = useI18n();
  if (ack.status === 'appealed' && ack.reason) {
    return (
      <Text data-testid="appeal-reason">
        {t('appeals.yourReason')}
        {t('labelSep')}
        {ack.reason}
      </Text>
    );
  }
  if (ack.status !== 'appeal_resolved') return null;
  return (
    <Stack>
      <Text data-testid="appeal-resolved-on">{t('appeals.resolvedOn', { date: date(ack.at) })}</Text>
      {ack.correction && (
        <Text weight="semibold">
          <CorrectionText correction={ack.correction} policy={policy} />
        </Text>
      )}
      {ack.note && (
        <Text data-testid="appeal-note">
          {t('appeals.hrNote')}
          {t('labelSep')}
          {ack.note}
        </Text>
      )}
    </Stack>
  );
}
