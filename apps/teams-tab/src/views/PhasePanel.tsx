// The dashboard's cycle phase: what holds the cycle in its phase, overdue coaching as a warning, and (HR) moving it on
// after a confirmation that says what ends and starts and what is still open (an override with a recorded reason).
import { Button, Link, MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import { OVERRIDE_REASON_MIN_CHARS } from '@perfloop/core';
import { useContext, useState } from 'react';
import type { Cycle, Phase, Readiness } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { Done, Load, Row, Section, Stack } from '../components/layout.tsx';
import { TextField } from '../components/TextField.tsx';
import { counted, useI18n } from '../i18n/index.tsx';
import { guardText, problemText } from '../i18n/problems.ts';
import { NavigationContext, type NavigationTarget, targetUrl } from '../navigation.tsx';
import { useLoad, useSession } from '../session.tsx';
import { GuardHints } from './GuardHints.tsx';
import { PhaseMoveDialog } from './PhaseMoveDialog.tsx';
import { loadOpenItems, overdueWords } from './phaseOpenItems.ts';
import { ReasonPeople } from './ReasonPeople.tsx';

/** An override reason's length as core counts it (trimmed). */
export const reasonLength = (reason: string) => reason.trim().length;

/**
 * `moved`: the phase this panel's cycle was just moved to (the panel is mounted afresh for the moved cycle, so the
 * success note lives with the caller); `onMoved` is told of a move before the cycles are read again.
 */
export function PhasePanel({
  cycle,
  moved,
  onMoved,
}: {
  cycle: Cycle;
  moved: Phase | null;
  onMoved: (to: Phase) => void;
}) {
  const { client, has, refreshCycles } = useSession();
  const { t, date } = useI18n();
  const nav = useContext(NavigationContext);
  const act = useAction();
  const hr = has('hr_admin');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const loaded = useLoad(async () => {
    const [readiness, open] = await Promise.all([
      client.get<Readiness>(`/v1/cycles/${cycle.id}/readiness`),
      loadOpenItems(client, cycle, hr),
    ]);
    return { readiness, open };
  }, [cycle.id, cycle.version, hr]);
  // The coaching report: Department's coaching by manager for HR and heads, else My team's coaching timeliness.
  const report: NavigationTarget | null = nav?.allowed.includes('department')
    ? { view: 'department', cycleId: cycle.id, personId: null, section: 'dept-coaching' }
    : nav?.allowed.includes('team')
      ? { view: 'team', cycleId: cycle.id, personId: null, section: 'team-coaching' }
      : null;
  const length = reasonLength(reason);
  // A reason the API still found too short is said once, on its field with the minimum, not again as a field error.
  const refusedReason =
    act.error?.problem.code === 'override_reason_required' ? problemText(act.error.problem, t) : null;
  return (
    <Section title={t('dash.phase')} id="dash-phase">
      <Done text={moved ? t('dash.moved', { next: t(`phase.${moved}`) }) : null} />
      <Load loaded={loaded}>
        {({ readiness: r, open }) => (
          <Stack>
            {r.dueOn !== null && (
              <Text data-testid="phase-due">
                {r.overdueByDays !== null
                  ? t(counted('dash.phaseOverdue', r.overdueByDays), {
                      date: date(r.dueOn),
                      days: r.overdueByDays,
                    })
                  : t('dash.phaseDue', { date: date(r.dueOn) })}
              </Text>
            )}
            {r.next && (
              <div>
                <Text data-testid="readiness">
                  {/* Only HR moves a cycle on: anyone else is told HR now can, not that they are ready to. */}
                  {r.ready
                    ? t(hr ? 'dash.ready' : 'dash.readyForHr', { next: t(`phase.${r.next}`) })
                    : t('dash.notReady', { next: t(`phase.${r.next}`) })}
                </Text>
                {r.reasons.length > 0 && (
                  <ul>
                    {r.reasons.map((x) => (
                      <li key={x.code}>
                        {guardText(x.code, x.count, t) ?? x.message}
                        <ReasonPeople reason={x} />
                        <GuardHints hints={x.hints} />
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            {r.next && open.overdue && open.overdue.checkIns > 0 && (
              // Late coaching does not hold the cycle (one check-in per person does), but it is obstacle 2: said, not hidden.
              <MessageBar intent="warning" layout="multiline" data-testid="overdue-coaching">
                <MessageBarBody>
                  {t('dash.coachingLate', {
                    overdue: overdueWords(t, open.overdue),
                    next: t(`phase.${r.next}`),
                  })}{' '}
                  {report && nav && (
                    <Link
                      href={targetUrl(report, window.location.href)}
                      onClick={(e) => {
                        e.preventDefault();
                        nav.open(report);
                      }}
                    >
                      {t('dash.coachingReport')}
                    </Link>
                  )}
                </MessageBarBody>
              </MessageBar>
            )}
            {hr && r.next && (
              <>
                {!r.ready && (
                  <TextField
                    label={t('dash.overrideReason')}
                    required
                    hint={t('dash.overrideCount', { count: length, min: OVERRIDE_REASON_MIN_CHARS })}
                    {...(refusedReason
                      ? { validationState: 'error' as const, validationMessage: refusedReason }
                      : {})}
                    value={reason}
                    onChange={setReason}
                    limit="reason"
                  />
                )}
                <Row>
                  <Button
                    appearance="primary"
                    disabled={act.busy || (!r.ready && length < OVERRIDE_REASON_MIN_CHARS)}
                    onClick={() => {
                      act.clear();
                      setConfirming(true);
                    }}
                  >
                    {t('dash.moveTo', { next: t(`phase.${r.next}`) })}
                  </Button>
                </Row>
                <PhaseMoveDialog
                  open={confirming}
                  cycle={cycle}
                  readiness={r}
                  next={r.next}
                  items={open}
                  reason={r.ready ? null : reason.trim()}
                  busy={act.busy}
                  onCancel={() => setConfirming(false)}
                  onConfirm={() => {
                    const to = r.next;
                    if (!to) return;
                    void act
                      .run(() =>
                        client.post(
                          `/v1/cycles/${cycle.id}/transitions`,
                          { to, ...(r.ready ? {} : { override: { reason } }) },
                          { version: cycle.version },
                        ),
                      )
                      .then(async (ok) => {
                        setConfirming(false);
                        if (!ok) return;
                        onMoved(to);
                        await refreshCycles();
                      });
                  }}
                />
              </>
            )}
            {!refusedReason && <ActionOutcome act={act} onReload={() => void refreshCycles()} />}
          </Stack>
        )}
      </Load>
    </Section>
  );
}
