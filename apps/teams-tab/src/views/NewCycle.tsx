// HR: open a new cycle from a stored policy (name, dates, stage due dates; each policy with its management theme and
// culture-fit warnings) for everyone active, chosen departments or chosen people; it starts in plan.
import { Button, Field, Select } from '@fluentui/react-components';
import { useState } from 'react';
import type { Cycle, CycleSchedule, StoredPolicy } from '../api/types.ts';
import { useAction } from '../components/action.ts';
import { DayField } from '../components/DayField.tsx';
import { Done, Help, Load, Row, Section, Stack } from '../components/layout.tsx';
import { Problem } from '../components/Problem.tsx';
import { TextField } from '../components/TextField.tsx';
import { counted, useI18n } from '../i18n/index.tsx';
import { useLoad, useSession } from '../session.tsx';
import { EVERYONE, Participants, participantChoice } from './Participants.tsx';
import { PolicyFit } from './PolicyFit.tsx';
import { ScheduleFields, scheduleBody, scheduleLabels } from './ScheduleFields.tsx';

export function NewCycle() {
  const { client, refreshCycles, people, departments } = useSession();
  const { t } = useI18n();
  const act = useAction();
  const policies = useLoad(() => client.all<StoredPolicy>('/v1/policies'), [], { deferred: true });
  const [policyId, setPolicyId] = useState('');
  const [name, setName] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [schedule, setSchedule] = useState<CycleSchedule>({});
  const [participants, setParticipants] = useState(EVERYONE);
  const choice = participantChoice(participants);
  const open = (policy: string) => {
    const dated = scheduleBody(schedule);
    return act
      .run(
        () =>
          client.post<Cycle>('/v1/cycles', {
            name,
            policyId: policy,
            startsOn,
            endsOn,
            ...(Object.keys(dated).length > 0 ? { schedule: dated } : {}),
            ...choice,
          }),
        (created) =>
          t(counted('newCycle.opened', created.participants.length), {
            name: created.name,
            count: created.participants.length,
          }),
      )
      .then(async (ok) => {
        if (!ok) return;
        setName('');
        setSchedule({});
        setParticipants(EVERYONE);
        // The header's cycle list offers the new cycle; this view stays where it is.
        await refreshCycles();
      });
  };
  return (
    <Section title={t('newCycle.title')} help={t('newCycle.help')} id="results-new-cycle">
      <Load loaded={policies}>
        {(list) => {
          if (list.length === 0) return <Help>{t('newCycle.noPolicies')}</Help>;
          const policy = policyId || list[0]?.id || '';
          const chosen = list.find((p) => p.id === policy);
          return (
            <Stack>
              <Row>
                <Field label={t('newCycle.policy')}>
                  <Select value={policy} onChange={(_, d) => setPolicyId(d.value)}>
                    {list.map((p) => (
                      <option key={p.id} value={p.id}>
                        {t('policyFit.option', { name: p.name, theme: t(`policyTheme.${p.theme}`) })}
                      </option>
                    ))}
                  </Select>
                </Field>
                <TextField
                  label={t('newCycle.name')}
                  required
                  singleLine
                  value={name}
                  onChange={setName}
                  limit="name"
                />
                <DayField label={t('newCycle.startsOn')} required value={startsOn} onChange={setStartsOn} />
                <DayField
                  label={t('newCycle.endsOn')}
                  required
                  value={endsOn}
                  onChange={setEndsOn}
                  {...(startsOn ? { near: startsOn } : {})}
                />
              </Row>
              <ScheduleFields
                value={schedule}
                onChange={setSchedule}
                {...(startsOn ? { near: startsOn } : {})}
              />
              <Participants
                state={participants}
                onChange={setParticipants}
                people={[...people.values()]}
                departments={departments}
              />
              {chosen && <PolicyFit policy={chosen} />}
              <Row>
                <Button
                  appearance="primary"
                  disabled={
                    act.busy || name.trim() === '' || startsOn === '' || endsOn === '' || choice === null
                  }
                  onClick={() => open(policy)}
                >
                  {t('newCycle.open')}
                </Button>
              </Row>
            </Stack>
          );
        }}
      </Load>
      <Problem
        error={act.error}
        labels={{
          name: t('newCycle.name'),
          policyId: t('newCycle.policy'),
          startsOn: t('newCycle.startsOn'),
          endsOn: t('newCycle.endsOn'),
          ...scheduleLabels(t),
        }}
      />
      <Done text={act.done} />
    </Section>
  );
}
