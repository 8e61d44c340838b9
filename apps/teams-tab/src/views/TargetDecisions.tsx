// Target adjustments to decide (Department: HR and heads): each waiting request with its reason and evidence, approved or
// rejected with a note — never one's own target nor one's own request, said plainly in place of the buttons.
import { Button, Text } from '@fluentui/react-components';
import { MIN_JUSTIFICATION_CHARS } from '@perfloop/core';
import { useState } from 'react';
import type { Cycle, Goal, TargetAdjustment } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { Help, Load, Row, Section, Stack } from '../components/layout.tsx';
import { TextField } from '../components/TextField.tsx';
import { useI18n } from '../i18n/index.tsx';
import { reached } from '../phase.ts';
import { useLoad, useSession } from '../session.tsx';
import { ADJUSTMENT_PHASES } from './TargetAdjustments.tsx';
import { changeText, factorWords } from './targetWords.ts';

export function TargetDecisions({ cycle, id }: { cycle: Cycle; id: string }) {
  const { client } = useSession();
  const { t } = useI18n();
  const visible = reached(cycle, 'coach');
  const data = useLoad(
    async () => {
      if (!visible) return null;
      const waiting = await client.all<TargetAdjustment>('/v1/target-adjustments', {
        cycleId: cycle.id,
        state: 'requested',
      });
      const goals = await Promise.all(waiting.map((a) => client.get<Goal>(`/v1/goals/${a.goalId}`)));
      return waiting.map((a, i) => ({ adjustment: a, goal: goals[i] as Goal }));
    },
    [cycle.id, visible],
    { deferred: true },
  );
  if (!visible) return null;
  return (
    <Section title={t('ta.decide.title')} help={t('ta.decide.help')} id={id}>
      <Load loaded={data}>
        {(d) =>
          !d || d.length === 0 ? (
            <Help>{t('ta.decide.none')}</Help>
          ) : (
            <Stack>
              {!ADJUSTMENT_PHASES.has(cycle.phase) && <Help>{t('ta.closed')}</Help>}
              {d.map(({ adjustment, goal }) => (
                <Decision
                  key={adjustment.id}
                  cycle={cycle}
                  adjustment={adjustment}
                  goal={goal}
                  onDecided={data.reload}
                />
              ))}
            </Stack>
          )
        }
      </Load>
    </Section>
  );
}

function Decision({
  cycle,
  adjustment: a,
  goal,
  onDecided,
}: {
  cycle: Cycle;
  adjustment: TargetAdjustment;
  goal: Goal;
  onDecided: () => void;
}) {
  const { client, me, nameOf } = useSession();
  const { t, number, date } = useI18n();
  const act = useAction();
  const [note, setNote] = useState('');
  const own =
    a.subjectId === me.id
      ? t('ta.decide.ownTarget')
      : a.requestedBy === me.id
        ? t('ta.decide.ownRequest')
        : null;
  const decide = (decision: 'approve' | 'reject') =>
    act
      .run(
        () =>
          client.post(
            `/v1/target-adjustments/${a.id}/decision`,
            { decision, ...(note.trim() ? { note: note.trim() } : {}) },
            { version: a.version },
          ),
        t(decision === 'approve' ? 'ta.approvedDone' : 'ta.rejectedDone'),
      )
      .then((ok) => ok && onDecided());
  return (
    <div data-testid={`decide-${a.id}`}>
      <Stack>
        <Text weight="semibold">{t('ta.decide.head', { name: nameOf(a.subjectId), goal: goal.title })}</Text>
        <Text>
          {t('ta.adjusted', {
            factor: factorWords(t, a.factor) ?? a.factor,
            change: changeText(t, number, a.current, a.proposed, goal.unit || undefined),
            reason: a.reason,
          })}
        </Text>
        {a.evidence && <Text>{t('ta.decide.evidence', { evidence: a.evidence })}</Text>}
        <Text size={200}>
          {t('ta.decide.askedBy', { name: nameOf(a.requestedBy), date: date(a.requestedAt) })}
        </Text>
        {own ? (
          <Help>{own}</Help>
        ) : (
          ADJUSTMENT_PHASES.has(cycle.phase) && (
            <Stack>
              <TextField
                label={t('ta.decide.note', { min: MIN_JUSTIFICATION_CHARS })}
                value={note}
                onChange={setNote}
                limit="adjustmentReason"
              />
              <Row>
                <Button appearance="primary" disabled={act.busy} onClick={() => decide('approve')}>
                  {t('ta.approve')}
                </Button>
                <Button
                  disabled={act.busy || note.trim().length < MIN_JUSTIFICATION_CHARS}
                  onClick={() => decide('reject')}
                >
                  {t('ta.reject')}
                </Button>
              </Row>
            </Stack>
          )
        )}
        <ActionOutcome act={act} onReload={onDecided} />
      </Stack>
    </div>
  );
}
