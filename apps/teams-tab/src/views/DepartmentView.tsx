// Department (heads, HR): target adjustments to decide, gap diagnosis by the four factors as a chart, alignment coverage, coaching timeliness by manager.
import {
  Badge,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { AlignmentReport, CoachingReport, Diagnosis, DiagnosisBlock } from '../api/types.ts';
import { BarChart } from '../components/BarChart.tsx';
import { Help, Load, Meter, Row, Section, Stack } from '../components/layout.tsx';
import { counted, useI18n } from '../i18n/index.tsx';
import { reached } from '../phase.ts';
import { useLoad, useSession } from '../session.tsx';
import { ReviewFormalitySection } from './ReviewFormalityReport.tsx';
import { TargetDecisions } from './TargetDecisions.tsx';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

export function DiagnosisChart({ block, title }: { block: DiagnosisBlock; title: string }) {
  const { t, number } = useI18n();
  const bars = [
    ...block.factors.map((f) => ({
      key: f.factor,
      label: t(`dept.factor.${f.factor}`),
      value: f.share * 100,
      text: `${number(f.share * 100, 0)}% · ${t(`dept.response.${f.factor}`)}`,
      flagged: f.factor === block.dominant,
    })),
    {
      key: 'unattributed',
      label: t('dept.unattributed'),
      value: block.unattributed.share * 100,
      text: `${number(block.unattributed.share * 100, 0)}%`,
    },
  ];
  const dominant = block.factors.find((f) => f.factor === block.dominant);
  return (
    <Stack>
      <Text weight="semibold">
        {title} · {t(counted('dept.shortfalls', block.shortfalls), { count: block.shortfalls })}
      </Text>
      <BarChart title={`${title}${t('labelSep')}${t('dept.diagnosis')}`} bars={bars} max={100} />
      {dominant && (
        <Text data-testid="dominant">
          {t('dept.dominant', {
            factor: t(`dept.factor.${dominant.factor}`),
            response: t(`dept.response.${dominant.factor}`),
          })}
        </Text>
      )}
    </Stack>
  );
}

export default function DepartmentView() {
  const { cycle, client, has, nameOf, departments } = useSession();
  const { t, number, date } = useI18n();
  const s = useStyles();
  const allowed = has('hr_admin') || has('department_head');
  const data = useLoad(async () => {
    if (!cycle || !allowed) return null;
    const [diagnosis, alignment, coaching] = await Promise.all([
      client.get<Diagnosis>(`/v1/cycles/${cycle.id}/reports/diagnosis`),
      client.get<AlignmentReport>(`/v1/cycles/${cycle.id}/reports/alignment`),
      client.get<CoachingReport>(`/v1/cycles/${cycle.id}/reports/coaching`),
    ]);
    return { diagnosis, alignment, coaching };
  }, [cycle?.id, allowed]);
  if (!cycle) return <Help>{t('noCycles')}</Help>;
  if (!allowed) return <Help>{t('dept.onlyHeads')}</Help>;
  const deptName = (id: string, fallback?: string) =>
    departments.find((d) => d.id === id)?.name ?? fallback ?? id;
  return (
    <div className={s.view}>
      <TargetDecisions cycle={cycle} id="dept-targets" />
      <Load loaded={data}>
        {(d) =>
          d && (
            <>
              <Section title={t('dept.diagnosis')} help={t('dept.diagnosisHelp')} id="dept-diagnosis">
                {!reached(cycle, 'appraise') && d.diagnosis.departments.length > 0 && (
                  <Help>{t('dept.provisional')}</Help>
                )}
                {d.diagnosis.departments.length === 0 ? (
                  <Help>{t('noData')}</Help>
                ) : (
                  d.diagnosis.departments.map((b) => (
                    <DiagnosisChart
                      key={b.departmentId}
                      block={b}
                      title={deptName(b.departmentId, b.departmentName)}
                    />
                  ))
                )}
              </Section>
              <Section title={t('dept.alignment')} id="dept-alignment">
                <Row>
                  {d.alignment.departments.map((a) => (
                    <Meter
                      key={a.departmentId}
                      label={deptName(a.departmentId)}
                      value={a.weightPct / 100}
                      text={t('dept.alignmentValue', {
                        count: number(a.countPct, 0),
                        weight: number(a.weightPct, 0),
                      })}
                    />
                  ))}
                </Row>
              </Section>
              <Section
                title={t('dept.coaching')}
                id="dept-coaching"
                help={t('dept.coachingHelp', { recording: d.coaching.recordingGraceDays ?? '…' })}
              >
                {d.coaching.coachingEndedOn && (
                  <Text data-testid="coaching-ended">
                    {t('team.coachingEnded', { date: date(d.coaching.coachingEndedOn) })}
                  </Text>
                )}
                <Table size="small" aria-label={t('dept.coaching')}>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>{t('dept.manager')}</TableHeaderCell>
                      <TableHeaderCell>{t('dept.reports')}</TableHeaderCell>
                      <TableHeaderCell>{t('team.onTime')}</TableHeaderCell>
                      <TableHeaderCell>
                        {t(d.coaching.coachingEndedOn ? 'dept.overdueEnded' : 'dept.overdueCount')}
                      </TableHeaderCell>
                      <TableHeaderCell>{t('dept.recordedLate')}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {d.coaching.managers.map((m) => (
                      <TableRow key={m.managerId}>
                        {/* The report names each manager: a head's own manager is not in her people list. */}
                        <TableCell>{m.managerName ?? nameOf(m.managerId)}</TableCell>
                        <TableCell>{m.reports}</TableCell>
                        <TableCell>{number(m.onTimePercent, 0)}%</TableCell>
                        <TableCell>
                          {m.overdue.length > 0 ? (
                            <Badge appearance="filled" color="danger">
                              {m.overdue.map((p) => nameOf(p)).join(', ')}
                            </Badge>
                          ) : (
                            t('none')
                          )}
                        </TableCell>
                        <TableCell data-testid="recorded-late">
                          {(m.recordedLate ?? 0) > 0 ? (
                            <Badge appearance="tint" color="warning">
                              {t(counted('dept.recordedLateValue', m.recordedLate ?? 0), {
                                count: m.recordedLate ?? 0,
                                days: m.recordedLateByDays ?? 0,
                              })}
                            </Badge>
                          ) : (
                            t('none')
                          )}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Section>
              <ReviewFormalitySection cycleId={cycle.id} />
            </>
          )
        }
      </Load>
    </div>
  );
}
