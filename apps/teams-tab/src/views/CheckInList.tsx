// Check-ins, newest first: kind, author, date, notes, goal updates and the feedback form.
import { Text } from '@fluentui/react-components';
import type { CheckIn } from '../api/types.ts';
import { Help, Stack } from '../components/layout.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';

export function CheckInList({ checkIns, limit = 6 }: { checkIns: readonly CheckIn[]; limit?: number }) {
  const { t, date } = useI18n();
  const { nameOf } = useSession();
  const sorted = [...checkIns].sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, limit);
  if (sorted.length === 0) return <Help>{t('noData')}</Help>;
  return (
    <ul aria-label={t('me.checkIns')} data-testid="checkin-list">
      {sorted.map((c) => (
        <li key={c.id}>
          <Stack>
            <Text weight="semibold">
              {t('checkIn.by', {
                kind: t(`checkIn.kind.${c.kind}`),
                author: nameOf(c.authorId),
                date: date(c.at),
              })}
            </Text>
            {c.notes && <Text>{c.notes}</Text>}
            {c.form && (
              <Text>
                {t('checkIn.strengths')}
                {t('labelSep')}
                {c.form.strengths} · {t('checkIn.improvements')}
                {t('labelSep')}
                {c.form.improvements} · {t('checkIn.nextSteps')}
                {t('labelSep')}
                {c.form.nextSteps}
              </Text>
            )}
          </Stack>
        </li>
      ))}
    </ul>
  );
}
