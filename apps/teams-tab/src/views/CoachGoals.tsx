// A report's goals once the plan is agreed (coach, My team): the manager cancels one, or restores a cancelled one, with a
// reason — a correction of the agreed plan, kept and shown in the score's explanation. The owner never does (own_goal_cancel).

import { Button, Text } from '@fluentui/react-components';
import { charCount, MIN_JUSTIFICATION_CHARS } from '@perfloop/core';
import { useState } from 'react';
import { changeGoal } from '../api/goals.ts';
import type { Goal, Plan } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { GoalsTable } from '../components/GoalsTable.tsx';
import { Help, Row, Stack } from '../components/layout.tsx';
import { TextField } from '../components/TextField.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';

type Intent = { goal: Goal; to: 'cancelled' | 'active' };

export function CoachGoals({
  plan,
  caption,
  name,
  onChange,
}: {
  plan: Plan;
  caption: string;
  /** The report's name, as the help says whose score it is. */
  name: string;
  /** After a goal was cancelled or restored, or to reload after a stale edit: read the plan again. */
  onChange: () => void;
}) {
  const { client } = useSession();
  const { t } = useI18n();
  const act = useAction();
  const [intent, setIntent] = useState<Intent | null>(null);
  const [reason, setReason] = useState('');
  const cancelled = plan.goals.filter((g) => g.status === 'cancelled');
  const open = (goal: Goal, to: Intent['to']) => {
    act.clear();
    setReason('');
    setIntent({ goal, to });
  };
  const confirm = () => {
    if (!intent) return;
    const { goal, to } = intent;
    act
      .run(
        () => changeGoal(client, goal, { status: to, correctionReason: reason.trim() }),
        t(to === 'cancelled' ? 'coachGoals.didCancel' : 'coachGoals.didRestore'),
      )
      .then((ok) => {
        if (!ok) return;
        setIntent(null);
        onChange();
      });
  };
  // Counted as the API counts (characters, not UTF-16 units), so the button never invites a refusal.
  const short = charCount(reason.trim()) < MIN_JUSTIFICATION_CHARS;
  return (
    <Stack>
      <GoalsTable
        goals={plan.goals}
        caption={caption}
        actions={{
          label: t('coachGoals.actions'),
          of: (g) => (
            <Button
              size="small"
              aria-label={t('coachGoals.cancelGoal', { goal: g.title })}
              disabled={act.busy}
              onClick={() => open(g, 'cancelled')}
            >
              {t('coachGoals.cancel')}
            </Button>
          ),
        }}
      />
      {cancelled.length > 0 && (
        <Stack>
          <Text weight="semibold">{t('coachGoals.cancelled')}</Text>
          {cancelled.map((g) => (
            <Row key={g.id}>
              <Text>{g.title}</Text>
              <Button
                size="small"
                aria-label={t('coachGoals.restoreGoal', { goal: g.title })}
                disabled={act.busy}
                onClick={() => open(g, 'active')}
              >
                {t('coachGoals.restore')}
              </Button>
            </Row>
          ))}
        </Stack>
      )}
      {intent && (
        <Stack>
          <Help>
            {t(intent.to === 'cancelled' ? 'coachGoals.cancelHelp' : 'coachGoals.restoreHelp', {
              goal: intent.goal.title,
              name,
            })}
          </Help>
          <TextField
            label={t('coachGoals.reason', { min: MIN_JUSTIFICATION_CHARS })}
            required
            value={reason}
            onChange={setReason}
            limit="reason"
          />
          <Row>
            <Button appearance="primary" disabled={act.busy || short} onClick={confirm}>
              {t(intent.to === 'cancelled' ? 'coachGoals.confirmCancel' : 'coachGoals.confirmRestore')}
            </Button>
            <Button disabled={act.busy} onClick={() => setIntent(null)}>
              {t('cancel')}
            </Button>
          </Row>
        </Stack>
      )}
      <ActionOutcome
        act={act}
        onReload={onChange}
        labels={{ correctionReason: t('coachGoals.reason', { min: MIN_JUSTIFICATION_CHARS }) }}
      />
    </Stack>
  );
}
