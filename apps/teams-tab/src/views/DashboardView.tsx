// The channel tab: a team's review dashboard (phase, plans agreed, coaching on time and overdue, alignment coverage; HR: the Teams alerts).
import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AlignmentReport, CoachingReport, Phase, PlanStatus } from '../api/types.ts';
import { Help, Load, Meter, Row, Section, Stack } from '../components/layout.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useLoad, useSession } from '../session.tsx';
import { CycleParticipants } from './CycleParticipants.tsx';
import { PhasePanel } from './PhasePanel.tsx';
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
  // The phase a cycle was just moved to, said once the panel shows it there (the panel is mounted afresh per version).
  const [moved, setMoved] = useState<{ cycleId: string; to: Phase } | null>(null);
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
  const movedTo = moved?.cycleId === cycle.id && moved.to === cycle.phase ? moved.to : null;
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
      {(cycle.phase !== 'closed' || movedTo !== null) && (
        <PhasePanel
          key={`${cycle.id}:${cycle.version}`}
          cycle={cycle}
          moved={movedTo}
          onMoved={(to) => setMoved({ cycleId: cycle.id, to })}
        />
      )}
      {has('hr_admin') && <CycleParticipants cycle={cycle} department={department} />}
      {has('hr_admin') && <TeamsAlertsSection departmentId={departmentId} />}
    </div>
  );
}
