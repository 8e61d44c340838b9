// HR: the current cycle's stage due dates, moved in any phase until it is closed (PATCH with If-Match as read); to-do
// lists follow at once. A closed cycle's dates are listed as text.
import { Button } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { type Cycle, SCHEDULE_STAGES } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { Help, Row, Section, Stack } from '../components/layout.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { ScheduleFields, scheduleBody, scheduleLabels } from './ScheduleFields.tsx';

export function CycleScheduleSection({ cycle }: { cycle: Cycle }) {
  const { client, refreshCycles } = useSession();
  const { t } = useI18n();
  const act = useAction();
  const [schedule, setSchedule] = useState(cycle.schedule ?? {});
  // A new version of the cycle (this save, or a reload after someone else's) is what the fields show; the outcome of
  // the save stays said.
  useEffect(() => setSchedule(cycle.schedule ?? {}), [cycle.schedule]);
  const closed = cycle.phase === 'closed';
  const save = () =>
    act
      .run(
        () =>
          client.patch<Cycle>(`/v1/cycles/${cycle.id}`, { schedule: scheduleBody(schedule) }, cycle.version),
        t('schedule.saved'),
      )
      .then(async (ok) => {
        // The session's cycle carries the new version (and dates) for the next edit.
        if (ok) await refreshCycles();
      });
  return (
    <Section
      title={t('schedule.edit', { cycle: cycle.name })}
      help={t('schedule.editHelp')}
      id="results-schedule"
    >
      <Stack>
        {closed && <Help>{t('schedule.closed')}</Help>}
        {/* A closed cycle's dates are a record, not a form: said as text, each stage with its day. */}
        {closed ? (
          <ClosedSchedule cycle={cycle} />
        ) : (
          <ScheduleFields
            value={schedule}
            onChange={setSchedule}
            near={cycle.startsOn}
            // Held while a save is on its way, so what is saved is what the fields show.
            disabled={act.busy}
          />
        )}
        {!closed && (
          <Row>
            <Button appearance="primary" disabled={act.busy} onClick={save}>
              {t('schedule.save')}
            </Button>
          </Row>
        )}
        <ActionOutcome act={act} onReload={() => void refreshCycles()} labels={scheduleLabels(t)} />
      </Stack>
    </Section>
  );
}

/** The stages a closed cycle had a due date for, each with its day; said plainly when it had none. */
function ClosedSchedule({ cycle }: { cycle: Cycle }) {
  const { t, date } = useI18n();
  const dated = SCHEDULE_STAGES.filter(({ key }) => cycle.schedule?.[key]);
  if (dated.length === 0) return <Help>{t('schedule.closedNone')}</Help>;
  return (
    <ul data-testid="schedule-closed">
      {dated.map(({ key }) => (
        <li key={key}>
          {t(`schedule.${key}`)}
          {t('labelSep')}
          {date(cycle.schedule?.[key] ?? '')}
        </li>
      ))}
    </ul>
  );
}
