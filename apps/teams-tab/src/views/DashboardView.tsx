// The channel tab: a team's review dashboard (phase, plans agreed, coaching on time and overdue, alignment coverage; HR: the Teams alerts).
import { Badge, Button, Field, makeStyles, Text, Textarea, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AlignmentReport, CoachingReport, Cycle, PlanStatus, Readiness } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { Help, Load, Meter, Row, Section, Stack } from '../components/layout.tsx';
import { counted, useI18n } from '../i18n/index.tsx';
import { guardText } from '../i18n/problems.ts';
import { useLoad, useSession } from '../session.tsx';
import { CycleParticipants } from './CycleParticipants.tsx';
import { GuardHints } from './GuardHints.tsx';
import { TeamsAlertsSection } from './TeamsAlerts.tsx';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

/** The department the channel tab was configured for (`?department=` in its content URL), if any. */
export function dashboardDepartment(search: string): string | null {
  return new URLSearchParams(search).get('department');
}

export default function DashboardView() {
  const { cycle, client, people, departments, has } = useSession();
  const { t, number } = useI18n();
  const s = useStyles();
  const departmentId = dashboardDepartment(window.location.search);
  const department = departments.find((d) => d.id === departmentId) ?? null;
  const data = useLoad(async () => {
    if (!cycle) return null;
    const [plans, coaching, alignment] = await Promise.all([
      client.all<PlanStatus>(`/v1/cycles/${cycle.id}/plans`),
      client.get<CoachingReport>(`/v1/cycles/${cycle.id}/reports/coaching`),
      client.get<AlignmentReport>(`/v1/cycles/${cycle.id}/reports/alignment`).catch(() => null),
    ]);
    const inScope = (personId: string) =>
      !departmentId || people.get(personId)?.departmentId === departmentId;
    const scopedPlans = plans.filter((p) => inScope(p.personId));
    const scopedCoaching = coaching.people.filter((p) => inScope(p.personId));
    const align = departmentId
      ? (alignment?.departments.find((a) => a.departmentId === departmentId) ?? null)
      : (alignment?.overall ?? null);
    return {
      plans: scopedPlans,
      coaching: scopedCoaching,
      coachingEnded: coaching.coachingEndedOn !== null,
      alignment: align,
    };
  }, [cycle?.id, departmentId, people]);
  if (!cycle) return <Help>{t('noCycles')}</Help>;
  return (
    <div className={s.view}>
      <Section title={t('dash.title')} id="dashboard">
        {department && <Text>{t('dash.scope', { name: department.name })}</Text>}
        <Row>
          <Badge appearance="filled" color="brand">
            {cycle.name} · {t(`phase.${cycle.phase}`)}
          </Badge>
        </Row>
        <Load loaded={data}>
          {(d) =>
            d && (
              <Stack>
                <Row>
                  <Meter
                    label={t('dash.plansAgreed')}
                    value={
                      d.plans.length
                        ? d.plans.filter((p) => p.status === 'agreed').length / d.plans.length
                        : 0
                    }
                    text={`${d.plans.filter((p) => p.status === 'agreed').length} / ${d.plans.length}`}
                  />
                  <Meter
                    label={t('dash.onTime')}
                    value={
                      d.coaching.length
                        ? d.coaching.reduce((sum, p) => sum + p.onTimePercent, 0) / d.coaching.length / 100
                        : 0
                    }
                    text={`${number(d.coaching.length ? d.coaching.reduce((sum, p) => sum + p.onTimePercent, 0) / d.coaching.length : 0, 0)}%`}
                  />
                  {d.alignment && (
                    <Meter
                      label={t('dash.alignment')}
                      value={d.alignment.weightPct / 100}
                      text={`${number(d.alignment.weightPct, 0)}%`}
                    />
                  )}
                </Row>
                <Text data-testid="dash-overdue">
                  {t(d.coachingEnded ? 'dash.overdueEnded' : 'dash.overdue')}
                  {t('labelSep')}
                  {d.coaching.filter((p) => p.overdue).length} · {t('dash.people')}
                  {t('labelSep')}
                  {d.plans.length}
                </Text>
              </Stack>
            )
          }
        </Load>
      </Section>
      {cycle.phase !== 'closed' && <PhasePanel key={`${cycle.id}:${cycle.version}`} cycle={cycle} />}
      {has('hr_admin') && <CycleParticipants cycle={cycle} />}
      {has('hr_admin') && <TeamsAlertsSection departmentId={departmentId} />}
    </div>
  );
}

/** What holds the cycle in its phase, and (HR) moving it on — with a recorded reason when a guard is overridden. */
function PhasePanel({ cycle }: { cycle: Cycle }) {
  const { client, has, refreshCycles } = useSession();
  const { t, date } = useI18n();
  const act = useAction();
  const [reason, setReason] = useState('');
  const readiness = useLoad(
    () => client.get<Readiness>(`/v1/cycles/${cycle.id}/readiness`),
    [cycle.id, cycle.version],
  );
  return (
    <Section title={t('dash.phase')} id="dash-phase">
      <Load loaded={readiness}>
        {(r) => (
          <Stack>
            {r.next && (
              <Text data-testid="readiness">
                {/* Only HR moves a cycle on: anyone else is told HR now can, not that they are ready to. */}
                {r.ready
                  ? t(has('hr_admin') ? 'dash.ready' : 'dash.readyForHr', { next: t(`phase.${r.next}`) })
                  : t('dash.notReady', { next: t(`phase.${r.next}`) })}
              </Text>
            )}
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
            {r.reasons.length > 0 && (
              <ul>
                {r.reasons.map((x) => (
                  <li key={x.code}>
                    {guardText(x.code, x.count, t) ?? x.message}
                    <GuardHints hints={x.hints} />
                  </li>
                ))}
              </ul>
            )}
            {has('hr_admin') && r.next && (
              <>
                {!r.ready && (
                  <Field label={t('dash.overrideReason')} required>
                    <Textarea value={reason} onChange={(_, d) => setReason(d.value)} />
                  </Field>
                )}
                <Row>
                  <Button
                    appearance="primary"
                    disabled={act.busy || (!r.ready && reason.trim() === '')}
                    onClick={() =>
                      act
                        .run(
                          () =>
                            client.post(
                              `/v1/cycles/${cycle.id}/transitions`,
                              { to: r.next, ...(r.ready ? {} : { override: { reason } }) },
                              { version: cycle.version },
                            ),
                          t('saved'),
                        )
                        .then(async (ok) => {
                          if (ok) await refreshCycles();
                        })
                    }
                  >
                    {t('dash.moveTo', { next: t(`phase.${r.next}`) })}
                  </Button>
                </Row>
              </>
            )}
            <ActionOutcome act={act} onReload={() => void refreshCycles()} />
          </Stack>
        )}
      </Load>
    </Section>
  );
}
