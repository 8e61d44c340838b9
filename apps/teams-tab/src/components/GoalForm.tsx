// One goal of a plan as a form: title, kind (KPI or competency, fixed once created), weight, the KPI's unit, direction,
// baseline and threshold / target / stretch or the competency's expectations, due date and the goal it aligns to.
import { Button, Field, Select, Text } from '@fluentui/react-components';
import type { Goal, GoalKind } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { type Direction, type GoalDraft, missingFields } from '../views/goalDraft.ts';
import { DayField } from './DayField.tsx';
import { Row, Stack } from './layout.tsx';
import { NumberField } from './NumberField.tsx';
import { TextField } from './TextField.tsx';

/** A goal a person goal may align to, with the words that say where it sits (organisation, or its department). */
export interface AlignOption {
  goal: Goal;
  scope: string;
}

export function GoalForm({
  heading,
  draft,
  onChange,
  kindFixed,
  alignable,
  busy,
  unchanged = false,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  heading: string;
  draft: GoalDraft;
  onChange: (draft: GoalDraft) => void;
  /** Editing: the kind stays what it was created as. */
  kindFixed: boolean;
  alignable: readonly AlignOption[];
  busy: boolean;
  /** Editing and nothing changed yet: nothing to send. */
  unchanged?: boolean;
  submitLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const set = (patch: Partial<GoalDraft>) => onChange({ ...draft, ...patch });
  const missing = missingFields(draft, locale);
  const blocked = busy || unchanged || missing.length > 0;
  const number = (key: 'weight' | 'baseline' | 'threshold' | 'target' | 'stretch', required: boolean) => (
    <NumberField
      label={t(`goalForm.${key}`)}
      required={required}
      signed={key !== 'weight'}
      value={draft[key]}
      onChange={(text) => set({ [key]: text })}
      contentAfter={key !== 'weight' && draft.unit ? draft.unit : undefined}
    />
  );
  // An alignment the list no longer holds (e.g. its goal was cancelled) stays choosable as it is.
  const listed = draft.alignedTo === '' || alignable.some((o) => o.goal.id === draft.alignedTo);
  return (
    <form
      aria-label={heading}
      data-testid="goal-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocked) onSubmit();
      }}
    >
      <Stack>
        <Text weight="semibold">{heading}</Text>
        <Row>
          <TextField
            label={t('goalForm.title')}
            required
            singleLine
            value={draft.title}
            onChange={(title) => set({ title })}
            limit="name"
          />
          <Field label={t('goal.kind')}>
            <Select
              value={draft.kind}
              disabled={kindFixed}
              onChange={(_, d) => set({ kind: d.value as GoalKind })}
            >
              <option value="kpi">{t('goal.kpi')}</option>
              <option value="competency">{t('goal.competency')}</option>
            </Select>
          </Field>
          {number('weight', true)}
        </Row>
        {draft.kind === 'kpi' ? (
          <Row>
            <TextField
              label={t('goalForm.unit')}
              singleLine
              value={draft.unit}
              onChange={(unit) => set({ unit })}
              limit="goalUnit"
            />
            <Field label={t('goalForm.direction')}>
              <Select value={draft.direction} onChange={(_, d) => set({ direction: d.value as Direction })}>
                <option value="higher_is_better">{t('goalForm.direction.higher_is_better')}</option>
                <option value="lower_is_better">{t('goalForm.direction.lower_is_better')}</option>
              </Select>
            </Field>
            {number('baseline', true)}
            {number('threshold', false)}
            {number('target', true)}
            {number('stretch', false)}
          </Row>
        ) : (
          <TextField
            label={t('goal.expectations')}
            value={draft.expectations}
            onChange={(expectations) => set({ expectations })}
            limit="goalText"
          />
        )}
        <Row>
          <DayField
            label={t('goalForm.dueDate')}
            value={draft.dueDate}
            onChange={(dueDate) => set({ dueDate })}
          />
          <Field label={t('goalForm.alignedTo')}>
            <Select value={draft.alignedTo} onChange={(_, d) => set({ alignedTo: d.value })}>
              <option value="">{t('goalForm.notAligned')}</option>
              {alignable.map((o) => (
                <option key={o.goal.id} value={o.goal.id}>
                  {t('goalForm.alignOption', { scope: o.scope, goal: o.goal.title })}
                </option>
              ))}
              {!listed && <option value={draft.alignedTo}>{draft.alignedTo}</option>}
            </Select>
          </Field>
        </Row>
        <Row>
          <Button appearance="primary" type="submit" disabled={blocked}>
            {submitLabel}
          </Button>
          <Button type="button" onClick={onCancel} disabled={busy}>
            {t('cancel')}
          </Button>
        </Row>
      </Stack>
    </form>
  );
}
