// The channel tab's configuration page (frame context `settings`): pick the department, then Teams' Save stores the tab.
import { Field, Input, Select } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { Help, Section, Stack } from '../components/layout.tsx';
import type { TeamsHost } from '../host/teams.ts';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';

/** The channel tab's content URL for a department. */
export function dashboardUrl(origin: string, departmentId: string): string {
  return `${origin}/teams/dashboard?department=${encodeURIComponent(departmentId)}`;
}

export default function ConfigPage({ host }: { host: TeamsHost | null }) {
  const { departments, me, has } = useSession();
  const { t } = useI18n();
  const choices = has('hr_admin')
    ? departments
    : departments.filter((d) => d.headId === me.id || d.id === me.departmentId);
  const [departmentId, setDepartmentId] = useState(choices[0]?.id ?? '');
  const [name, setName] = useState(t('dash.title'));
  const latest = useRef({ departmentId, name });
  latest.current = { departmentId, name };
  useEffect(() => {
    if (!host) return;
    host.config.onSave(async () => ({
      entityId: `dashboard-${latest.current.departmentId}`,
      contentUrl: dashboardUrl(window.location.origin, latest.current.departmentId),
      suggestedDisplayName: latest.current.name,
    }));
  }, [host]);
  useEffect(() => {
    host?.config.setValid(departmentId !== '' && name.trim() !== '');
  }, [host, departmentId, name]);
  return (
    <Section title={t('config.title')} help={t('config.help')} id="config">
      <Stack>
        <Field label={t('config.department')}>
          <Select value={departmentId} onChange={(_, d) => setDepartmentId(d.value)}>
            {choices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('config.name')}>
          <Input value={name} onChange={(_, d) => setName(d.value)} />
        </Field>
        {departmentId && <Help>{t('config.ready')}</Help>}
      </Stack>
    </Section>
  );
}
