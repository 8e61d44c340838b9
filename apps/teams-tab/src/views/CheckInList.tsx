// Check-ins, newest first: kind, author, date (and when one was recorded late, when), notes, goal updates and the feedback form.
import { Badge, Text } from '@fluentui/react-components';
import { checkInCounting, DEFAULT_RECORDING_GRACE_DAYS } from '@perfloop/core';
import type { CheckIn, Policy } from '../api/types.ts';
import { Help, Stack } from '../components/layout.tsx';
import { counted, useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';

/**
 * The check-ins; with the cycle's `policy`, a coaching check-in recorded after the policy's recording grace is marked
 * with the day it was recorded (core checkInCounting: it counts from then). A progress note by the person is not.
 */
export function CheckInList({
  checkIns,
  limit = 6,
  policy,
}: {
  checkIns: readonly CheckIn[];
  limit?: number;
  policy?: Pick<Policy, 'coaching'>;
}) {
  const { t, date } = useI18n();
  const recordingGraceDays = policy?.coaching.recordingGraceDays ?? DEFAULT_RECORDING_GRACE_DAYS;
  const late = (c: CheckIn) =>
    policy && c.createdAt && c.authorId !== c.subjectId
      ? checkInCounting({ at: c.at, recordedAt: c.createdAt }, { coaching: { recordingGraceDays } })
      : null;
  const { nameOf } = useSession();
  const sorted = [...checkIns].sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, limit);
  if (sorted.length === 0) return <Help>{t('noData')}</Help>;
  return (
    <ul aria-label={t('me.checkIns')} data-testid="checkin-list">
      {sorted.map((c) => {
        const counting = late(c);
        return (
          <li key={c.id}>
            <Stack>
              <Text weight="semibold">
                {t('checkIn.by', {
                  kind: t(`checkIn.kind.${c.kind}`),
                  author: nameOf(c.authorId),
                  date: date(c.at),
                })}
              </Text>
              {counting?.recordedLate && (
                <Badge appearance="tint" color="warning" data-testid="checkin-recorded-late">
                  {t(counted('checkIn.recordedLate', counting.recordedLateByDays), {
                    date: date(counting.countsAt),
                    days: counting.recordedLateByDays,
                  })}
                </Badge>
              )}
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
        );
      })}
    </ul>
  );
}
