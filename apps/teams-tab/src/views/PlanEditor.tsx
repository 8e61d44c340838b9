// Plan formulation (plan phase): a person's goals with edit and delete, a form to add or change one, and the weight
// total live against 100. Every write names the version it read; after any change the plan is read again, so its
// agreement (reset by the API when agreed fields change) and its ETag are current.
import { Button, Text } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { alignableGoals, changeGoal, createGoal, deleteGoal } from '../api/goals.ts';
import type { Cycle, Goal, Plan } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { type AlignOption, GoalForm } from '../components/GoalForm.tsx';
import { GoalsTable } from '../components/GoalsTable.tsx';
import { Help, Row, Stack } from '../components/layout.tsx';
import { Problem } from '../components/Problem.tsx';
import { WeightTotal } from '../components/WeightTotal.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useLoad, useSession } from '../session.tsx';
import { createBody, draftOf, emptyDraft, type GoalDraft, patchBody, weightTotal } from './goalDraft.ts';

export function PlanEditor({
  cycle,
  plan,
  caption,
  onChange,
}: {
  cycle: Cycle;
  plan: Plan;
  caption: string;
  /** After a goal was added, changed or deleted, or to reload after a stale edit: read the plan again. */
  onChange: () => void;
}) {
  const { client, departments, people } = useSession();
  const { t, locale } = useI18n();
  const act = useAction();
  const [editing, setEditing] = useState<{ goal: Goal | null; draft: GoalDraft } | null>(null);
  const [deleting, setDeleting] = useState<Goal | null>(null);
  const parents = useLoad(() => alignableGoals(client, cycle.id), [cycle.id], { deferred: true });
  const ownDepartment = people.get(plan.personId)?.departmentId ?? null;
  // Organisation goals first, then the owner's department, then the other departments by name.
  const alignable = useMemo<AlignOption[]>(() => {
    const nameOf = (id: string | null) => departments.find((d) => d.id === id)?.name ?? id ?? '';
    const rank = (g: Goal) => (g.level === 'organisation' ? 0 : g.departmentId === ownDepartment ? 1 : 2);
    return (parents.data ?? [])
      .map((goal) => ({
        goal,
        scope: goal.level === 'organisation' ? t('goalForm.organisation') : nameOf(goal.departmentId),
      }))
      .sort((a, b) => rank(a.goal) - rank(b.goal) || a.scope.localeCompare(b.scope));
  }, [parents.data, departments, ownDepartment, t]);
  const total = weightTotal(
    plan.goals,
    editing?.goal?.id ?? null,
    editing ? editing.draft.weight : null,
    locale,
  );

  const open = (goal: Goal | null) => {
    act.clear();
    setDeleting(null);
    setEditing({ goal, draft: goal ? draftOf(goal, locale) : emptyDraft() });
  };
  const save = () => {
    if (!editing) return;
    const { goal, draft } = editing;
    act
      .run(
        () =>
          goal
            ? changeGoal(client, goal, patchBody(goal, draft, locale))
            : createGoal(client, createBody(draft, cycle.id, plan.personId, locale)),
        t(goal ? 'planEdit.saved' : 'planEdit.added'),
      )
      .then((ok) => {
        if (!ok) return;
        setEditing(null);
        onChange();
      });
  };
  const remove = (goal: Goal) =>
    act
      .run(() => deleteGoal(client, goal), t('planEdit.deleted'))
      .then((ok) => {
        if (!ok) return;
        setDeleting(null);
        onChange();
      });
  const unchanged = editing?.goal
    ? Object.keys(patchBody(editing.goal, editing.draft, locale)).length === 0
    : false;

  return (
    <Stack>
      <Help>{t('planEdit.help')}</Help>
      <GoalsTable
        goals={plan.goals}
        caption={caption}
        actions={{
          label: t('planEdit.actions'),
          of: (g) => (
            <Row>
              <Button
                size="small"
                aria-label={t('planEdit.editGoal', { goal: g.title })}
                disabled={act.busy}
                onClick={() => open(g)}
              >
                {t('planEdit.edit')}
              </Button>
              <Button
                size="small"
                aria-label={t('planEdit.deleteGoal', { goal: g.title })}
                disabled={act.busy}
                onClick={() => {
                  act.clear();
                  setEditing(null);
                  setDeleting(g);
                }}
              >
                {t('planEdit.delete')}
              </Button>
            </Row>
          ),
        }}
      />
      <WeightTotal total={total} />
      {parents.error && <Problem error={parents.error} onRetry={parents.reload} />}
      {deleting && (
        <Row>
          <Text>{t('planEdit.confirmDelete', { goal: deleting.title })}</Text>
          <Button appearance="primary" disabled={act.busy} onClick={() => remove(deleting)}>
            {t('planEdit.confirm')}
          </Button>
          <Button disabled={act.busy} onClick={() => setDeleting(null)}>
            {t('cancel')}
          </Button>
        </Row>
      )}
      {editing ? (
        <GoalForm
          heading={
            editing.goal ? t('planEdit.editGoal', { goal: editing.goal.title }) : t('planEdit.newGoal')
          }
          draft={editing.draft}
          onChange={(draft) => setEditing({ ...editing, draft })}
          kindFixed={editing.goal !== null}
          alignable={alignable}
          busy={act.busy}
          unchanged={unchanged}
          submitLabel={t(editing.goal ? 'planEdit.save' : 'planEdit.add')}
          onSubmit={save}
          onCancel={() => {
            act.clear();
            setEditing(null);
          }}
        />
      ) : (
        <Row>
          <Button disabled={act.busy} onClick={() => open(null)}>
            {t('planEdit.addGoal')}
          </Button>
        </Row>
      )}
      <ActionOutcome
        act={act}
        onReload={() => {
          setEditing(null);
          setDeleting(null);
          onChange();
        }}
        stale={{ text: t('planEdit.stale'), action: t('plan.staleAction') }}
        labels={{
          title: t('goalForm.title'),
          weight: t('goalForm.weight'),
          unit: t('goalForm.unit'),
          direction: t('goalForm.direction'),
          baseline: t('goalForm.baseline'),
          threshold: t('goalForm.thresholdName'),
          target: t('goalForm.target'),
          stretch: t('goalForm.stretchName'),
          dueDate: t('goalForm.dueDate'),
          alignedTo: t('goalForm.alignedTo'),
        }}
      />
    </Stack>
  );
}
