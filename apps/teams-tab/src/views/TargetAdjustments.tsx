// Target adjustments of one person's KPI goals (Me; My team): the relief approved so far, a request waiting (withdrawn by
// whoever asked), and in coach / appraise a request for relief when the external environment made a target unfair.
import { Badge, Button, Text } from '@fluentui/react-components';
import { MIN_JUSTIFICATION_CHARS } from '@perfloop/core';
import { useState } from 'react';
import type { Cycle, Goal, TargetAdjustment, TargetAnchors } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { type Action, useAction } from '../components/action.ts';
import { Help, Load, Row, Section, Stack } from '../components/layout.tsx';
import { NumberField } from '../components/NumberField.tsx';
import { TextField } from '../components/TextField.tsx';
import { useI18n } from '../i18n/index.tsx';
import { numberText, parseNumber } from '../i18n/numbers.ts';
import { reached } from '../phase.ts';
import { useLoad, useSession } from '../session.tsx';
import { adjustedText, anchorsText, changeText } from './targetWords.ts';

/** Relief is asked for and decided while the period runs and is appraised: settled before calibration. */
export const ADJUSTMENT_PHASES: ReadonlySet<string> = new Set(['coach', 'appraise']);

/** A KPI goal's anchors as a target adjustment moves them. */
export function anchorsOf(g: Goal): TargetAnchors {
  return { threshold: g.threshold ?? null, target: g.target ?? 0, stretch: g.stretch ?? null };
}

export function TargetAdjustments({
  cycle,
  subjectId,
  id,
  readOnly = false,
}: {
  cycle: Cycle;
  subjectId: string;
  id: string;
  /** The person is withdrawn from the cycle: requests are shown, none asked (an own open one may still be withdrawn). */
  readOnly?: boolean;
}) {
  const { client, me, nameOf } = useSession();
  const { t } = useI18n();
  const visible = reached(cycle, 'coach');
  const data = useLoad(
    async () => {
      if (!visible) return null;
      const [goals, adjustments] = await Promise.all([
        client.all<Goal>('/v1/goals', { cycleId: cycle.id, ownerId: subjectId }),
        client.all<TargetAdjustment>('/v1/target-adjustments', { cycleId: cycle.id }),
      ]);
      return {
        goals: goals.filter((g) => g.kind === 'kpi' && g.level === 'person' && g.status !== 'cancelled'),
        adjustments: adjustments.filter((a) => a.subjectId === subjectId),
      };
    },
    [cycle.id, subjectId, visible],
    { deferred: true },
  );
  if (!visible) return null;
  const open = ADJUSTMENT_PHASES.has(cycle.phase) && !readOnly;
  // On Me the help speaks to the employee about their own targets; on My team to the manager about the report's.
  const help = subjectId === me.id ? t('ta.help') : t('ta.help.team', { name: nameOf(subjectId) });
  return (
    <Section title={t('ta.title')} help={help} id={id}>
      <Load loaded={data}>
        {(d) =>
          !d || d.goals.length === 0 ? (
            <Help>{t('ta.none')}</Help>
          ) : (
            <Stack>
              {!open && !readOnly && <Help>{t('ta.closed')}</Help>}
              {d.goals.map((g) => (
                <GoalAdjustments
                  key={g.id}
                  cycle={cycle}
                  goal={g}
                  adjustments={d.adjustments.filter((a) => a.goalId === g.id)}
                  open={open}
                  onChange={data.reload}
                />
              ))}
            </Stack>
          )
        }
      </Load>
    </Section>
  );
}

const byTime = (a: TargetAdjustment, b: TargetAdjustment) =>
  (a.decidedAt ?? a.requestedAt) < (b.decidedAt ?? b.requestedAt) ? -1 : 1;

function GoalAdjustments({
  goal,
  adjustments,
  open,
  onChange,
}: {
  cycle: Cycle;
  goal: Goal;
  adjustments: TargetAdjustment[];
  /** Whether a relief may be asked now (the phase allows it and the person is not withdrawn). */
  open: boolean;
  onChange: () => void;
}) {
  const { client, me, nameOf } = useSession();
  const { t, number } = useI18n();
  const act = useAction();
  const [asking, setAsking] = useState(false);
  const approved = adjustments.filter((a) => a.state === 'approved').sort(byTime);
  const rejected = adjustments
    .filter((a) => a.state === 'rejected')
    .sort(byTime)
    .at(-1);
  const waiting = adjustments.find((a) => a.state === 'requested');
  const anchors = anchorsOf(goal);
  const unit = goal.unit || undefined;
  const anchorText = anchorsText(t, number, anchors, unit);
  const withdraw = (a: TargetAdjustment) =>
    act
      .run(
        () => client.post(`/v1/target-adjustments/${a.id}/withdraw`, {}, { version: a.version }),
        t('ta.withdrawn'),
      )
      .then((ok) => ok && onChange());
  return (
    <div data-testid={`targets-${goal.id}`}>
      <Stack>
        <Row>
          <Text weight="semibold">{goal.title}</Text>
          <Text>{t('ta.anchors', { anchors: anchorText })}</Text>
        </Row>
        {approved.map((a) => (
          <Text key={a.id} data-testid="ta-approved">
            {adjustedText(t, number, {
              factor: a.factor,
              reason: a.reason,
              from: a.current,
              to: a.proposed,
              unit,
            })}
          </Text>
        ))}
        {rejected && !waiting && (
          <Text data-testid="ta-rejected">
            {t('ta.rejected', { name: nameOf(rejected.decidedBy), note: rejected.decisionNote })}
          </Text>
        )}
        {waiting && (
          <Row>
            <Badge appearance="tint" color="warning" data-testid="ta-waiting">
              {t('ta.requested', {
                name: nameOf(waiting.requestedBy),
                change: changeText(t, number, waiting.current, waiting.proposed, unit),
                reason: waiting.reason,
              })}
            </Badge>
            {waiting.requestedBy === me.id && (
              <Button disabled={act.busy} onClick={() => withdraw(waiting)}>
                {t('ta.withdraw')}
              </Button>
            )}
          </Row>
        )}
        {!waiting && open && !asking && (
          <Row>
            <Button onClick={() => setAsking(true)}>{t('ta.ask')}</Button>
          </Row>
        )}
        {!waiting && open && asking && (
          <RequestForm
            goal={goal}
            act={act}
            onSent={() => {
              setAsking(false);
              onChange();
            }}
          />
        )}
        <ActionOutcome
          act={act}
          onReload={onChange}
          labels={{
            'proposed.threshold': t('ta.threshold'),
            'proposed.target': t('ta.target'),
            'proposed.stretch': t('ta.stretch'),
            reason: t('ta.reason', { min: MIN_JUSTIFICATION_CHARS }),
            evidence: t('ta.evidence'),
          }}
        />
      </Stack>
    </div>
  );
}

/** The proposed anchors as typed (strings, so a field can be empty while editing). */
type Typed = Record<'threshold' | 'target' | 'stretch', string>;

/** The request form; its outcome shows below the goal (the form closes once the request is sent). */
function RequestForm({ goal, act, onSent }: { goal: Goal; act: Action; onSent: () => void }) {
  const { client } = useSession();
  const { t, locale } = useI18n();
  const now = anchorsOf(goal);
  const [typed, setTyped] = useState<Typed>({
    threshold: now.threshold === null ? '' : numberText(now.threshold, locale),
    target: numberText(now.target, locale),
    stretch: now.stretch === null ? '' : numberText(now.stretch, locale),
  });
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const parse = (text: string): number | null => parseNumber(text, locale);
  const proposed = {
    target: parse(typed.target),
    ...(now.threshold !== null ? { threshold: parse(typed.threshold) } : {}),
    ...(now.stretch !== null ? { stretch: parse(typed.stretch) } : {}),
  };
  const numbers = Object.values(proposed).every((v) => v !== null && Number.isFinite(v));
  const valid = numbers && reason.trim().length >= MIN_JUSTIFICATION_CHARS;
  const send = () =>
    act.run(
      () =>
        client.post('/v1/target-adjustments', {
          goalId: goal.id,
          factor: 'external_environment',
          proposed,
          reason: reason.trim(),
          ...(evidence.trim() ? { evidence: evidence.trim() } : {}),
        }),
      t('ta.sent'),
    );
  const field = (anchor: keyof Typed, label: string) => (
    <NumberField
      label={label}
      hint={t('ta.reliefHint')}
      signed
      value={typed[anchor]}
      onChange={(text) => setTyped((x) => ({ ...x, [anchor]: text }))}
    />
  );
  return (
    <Stack>
      <Row>
        {now.threshold !== null && field('threshold', t('ta.threshold'))}
        {field('target', t('ta.target'))}
        {now.stretch !== null && field('stretch', t('ta.stretch'))}
      </Row>
      <TextField
        label={t('ta.reason', { min: MIN_JUSTIFICATION_CHARS })}
        required
        value={reason}
        onChange={setReason}
        limit="adjustmentReason"
      />
      <TextField
        label={t('ta.evidence')}
        value={evidence}
        onChange={setEvidence}
        limit="adjustmentEvidence"
      />
      <Row>
        <Button
          appearance="primary"
          disabled={act.busy || !valid}
          onClick={() => send().then((ok) => ok && onSent())}
        >
          {t('ta.send')}
        </Button>
      </Row>
    </Stack>
  );
}
