// A cycle's stage due dates as date fields in loop order (each labelled with its stage, its phase as the hint); used
// when opening a cycle and when HR moves a deadline on it.
import { Text } from '@fluentui/react-components';
import { type CycleSchedule, SCHEDULE_STAGES, type ScheduleKey } from '../api/types.ts';
import { DayField } from '../components/DayField.tsx';
import { Help, Row, Stack } from '../components/layout.tsx';
import { type Translate, useI18n } from '../i18n/index.tsx';

/** The fields' labels by the API's field-error path (`schedule.planDue`…), for `<Problem labels>`. */
export function scheduleLabels(t: Translate): Record<string, string> {
  return Object.fromEntries(SCHEDULE_STAGES.map((s) => [`schedule.${s.key}`, t(`schedule.${s.key}`)]));
}

/** The schedule to send: the stages with a date (an empty field is no date). */
export function scheduleBody(value: CycleSchedule): CycleSchedule {
  const out: CycleSchedule = {};
  for (const { key } of SCHEDULE_STAGES) {
    const on = value[key]?.trim();
    if (on) out[key] = on;
  }
  return out;
}

export function ScheduleFields({
  value,
  onChange,
  near,
  disabled = false,
}: {
  value: CycleSchedule;
  onChange: (next: CycleSchedule) => void;
  /** A day in the cycle's period (its start), where an empty field's calendar opens. */
  near?: string;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const set = (key: ScheduleKey, on: string) => onChange({ ...value, [key]: on });
  return (
    <Stack>
      <Text weight="semibold">{t('schedule.title')}</Text>
      <Help>{t('schedule.help')}</Help>
      <Row>
        {SCHEDULE_STAGES.map(({ key, phase }) => (
          <DayField
            key={key}
            label={t(`schedule.${key}`)}
            hint={t('schedule.stagePhase', { phase: t(`phase.${phase}`) })}
            value={value[key] ?? ''}
            disabled={disabled}
            // The calendar opens in the cycle's period (the API checks how far out a stage may be due).
            {...(near ? { near } : {})}
            onChange={(on) => set(key, on)}
          />
        ))}
      </Row>
    </Stack>
  );
}
