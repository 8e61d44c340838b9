// Who takes part in a new cycle: every active person, the members of chosen departments, or chosen people.
import { Checkbox, Field, Input, Radio, RadioGroup, Text } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { Department, Person } from '../api/types.ts';
import { Help, Stack } from '../components/layout.tsx';
import { counted, useI18n } from '../i18n/index.tsx';

export type ParticipantMode = 'everyone' | 'departments' | 'people';

/** The participants part of POST /v1/cycles: nothing (everyone active), `departmentIds` or `personIds`. */
export type ParticipantChoice = { departmentIds?: string[]; personIds?: string[] };

export interface ParticipantsState {
  mode: ParticipantMode;
  departmentIds: ReadonlySet<string>;
  personIds: ReadonlySet<string>;
}

export const EVERYONE: ParticipantsState = {
  mode: 'everyone',
  departmentIds: new Set(),
  personIds: new Set(),
};

/** The request fields for a state; null while a list mode has nothing chosen (the cycle cannot be opened yet). */
export function participantChoice(state: ParticipantsState): ParticipantChoice | null {
  if (state.mode === 'everyone') return {};
  const ids = [...(state.mode === 'departments' ? state.departmentIds : state.personIds)];
  if (ids.length === 0) return null;
  return state.mode === 'departments' ? { departmentIds: ids } : { personIds: ids };
}

/** How many matches the people list shows at once: type more of a name to narrow it. */
const SHOWN = 50;

const toggled = (set: ReadonlySet<string>, id: string, on: boolean): Set<string> => {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
};

export function Participants({
  state,
  onChange,
  people,
  departments,
}: {
  state: ParticipantsState;
  onChange: (next: ParticipantsState) => void;
  people: readonly Person[];
  departments: readonly Department[];
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const active = useMemo(
    () => people.filter((p) => p.active).sort((a, b) => a.name.localeCompare(b.name)),
    [people],
  );
  const q = query.trim().toLowerCase();
  const matches = active.filter(
    (p) => q === '' || p.name.toLowerCase().includes(q) || p.email.toLowerCase().includes(q),
  );
  const departmentName = new Map(departments.map((d) => [d.id, d.name]));
  const chosen = state.mode === 'departments' ? state.departmentIds.size : state.personIds.size;
  return (
    <Stack>
      <Field label={t('participants.label')}>
        <RadioGroup
          layout="horizontal"
          value={state.mode}
          onChange={(_, d) => onChange({ ...state, mode: d.value as ParticipantMode })}
        >
          <Radio value="everyone" label={t('participants.everyone')} />
          <Radio value="departments" label={t('participants.departments')} />
          <Radio value="people" label={t('participants.people')} />
        </RadioGroup>
      </Field>
      {state.mode === 'departments' && (
        <fieldset data-testid="participants-departments" aria-label={t('participants.departments')}>
          <Help>{t('participants.departmentsHelp')}</Help>
          {departments.map((d) => (
            <Checkbox
              key={d.id}
              label={d.name}
              checked={state.departmentIds.has(d.id)}
              onChange={(_, c) =>
                onChange({ ...state, departmentIds: toggled(state.departmentIds, d.id, c.checked === true) })
              }
            />
          ))}
        </fieldset>
      )}
      {state.mode === 'people' && (
        <fieldset data-testid="participants-people" aria-label={t('participants.people')}>
          <Field label={t('participants.find')}>
            <Input value={query} onChange={(_, d) => setQuery(d.value)} />
          </Field>
          {matches.slice(0, SHOWN).map((p) => (
            <Checkbox
              key={p.id}
              label={t('participants.person', {
                name: p.name,
                department: departmentName.get(p.departmentId) ?? '',
              })}
              checked={state.personIds.has(p.id)}
              onChange={(_, c) =>
                onChange({ ...state, personIds: toggled(state.personIds, p.id, c.checked === true) })
              }
            />
          ))}
          {matches.length > SHOWN && <Help>{t('participants.more', { count: matches.length - SHOWN })}</Help>}
          {matches.length === 0 && <Help>{t('participants.noMatch')}</Help>}
        </fieldset>
      )}
      {state.mode !== 'everyone' && (
        <Text data-testid="participants-chosen">
          {t(
            counted(
              state.mode === 'departments' ? 'participants.chosenDepartments' : 'participants.chosenPeople',
              chosen,
            ),
            { count: chosen },
          )}
        </Text>
      )}
    </Stack>
  );
}
