// A cycle's stage due dates as date fields in loop order (each labelled with its stage, its phase as the hint); used
// when opening a cycle and when HR moves a deadline on it.
import { Field, Input, Text } from '@fluentui/react-components';
import { type CycleSchedule, SCHEDULE_STAGES, type ScheduleKey } from '../api/types.ts';
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
  min,
  max,
  disabled = false,
}: {
  value: CycleSchedule;
  onChange: (next: CycleSchedule) => void;
  /** The cycle's period, offered as the date pickers' bounds (the API checks them). */
  min?: string;
  max?: string;
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
          <Field
            key={key}
            label={t(`schedule.${key}`)}
            hint={t('schedule.stagePhase', { phase: t(`phase.${phase}`) })}
          >
            <Input
              type="date"
              value={value[key] ?? ''}
              disabled={disabled}
              {...(min ? { min } : {})}
              {...(max ? { max } : {})}
              onChange={(_, d) => set(key, d.value)}
            />
          </Field>
        ))}
      </Row>
    </Stack>
  );
}
