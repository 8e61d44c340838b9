// My team, plan phase: give a report the goals of a goal template (the API's bulk assignment, for one person); what it
// added, or why it added nothing, said by its code. Nothing is shown while there is no template.
import { Button, Field, Select } from '@fluentui/react-components';
import { useState } from 'react';
import type { GoalTemplate, TemplateAssignment } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { Row, Stack } from '../components/layout.tsx';
import { counted, useI18n } from '../i18n/index.tsx';
import { useLoad, useSession } from '../session.tsx';

export function TemplateAssign({
  cycleId,
  personId,
  onAssigned,
}: {
  cycleId: string;
  personId: string;
  /** After goals were added: read the plan again. */
  onAssigned: () => void;
}) {
  const { client } = useSession();
  const { t } = useI18n();
  const act = useAction();
  const templates = useLoad(() => client.all<GoalTemplate>('/v1/goal-templates'), [], { deferred: true });
  const [chosen, setChosen] = useState('');
  const items = templates.data ?? [];
  if (items.length === 0) return null;
  const template = items.find((x) => x.id === chosen) ?? items[0];
  if (!template) return null;
  const said = (result: TemplateAssignment) => {
    const row = result.report.find((r) => r.personId === personId);
    if (row?.skipped) return t(`template.skip.${row.skipped}`, { template: template.name });
    return t(counted('template.added', result.created), { count: result.created, template: template.name });
  };
  const assign = () =>
    act
      .run(
        () =>
          client.post<TemplateAssignment>(`/v1/goal-templates/${encodeURIComponent(template.id)}/assign`, {
            cycleId,
            personIds: [personId],
          }),
        said,
      )
      .then((ok) => ok && onAssigned());
  return (
    <Stack>
      <Row>
        <Field label={t('template.label')}>
          <Select value={template.id} onChange={(_, d) => setChosen(d.value)}>
            {items.map((x) => (
              <option key={x.id} value={x.id}>
                {t(counted('template.option', x.goals.length), { template: x.name, count: x.goals.length })}
              </option>
            ))}
          </Select>
        </Field>
        <Button disabled={act.busy} onClick={assign}>
          {t('template.assign')}
        </Button>
      </Row>
      <ActionOutcome act={act} onReload={onAssigned} />
    </Stack>
  );
}
