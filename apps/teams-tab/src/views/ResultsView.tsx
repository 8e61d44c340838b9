// Results (HR): the cycle's open appeals to resolve, compensation inputs to enter, preview and apply the results
// against the bonus pool and merit budget, then bonus pool use against budget, merit, promotions and improvement plans
// per person (amounts in the organisation's currency, plain when it has none); the cycle's stage due dates; and
// opening the next cycle from a policy (with its stage due dates).
import {
  Badge,
  Button,
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
import { useState } from 'react';
import type { CompensationInput, Cycle, Organisation, Result, ResultsPreview } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { Help, Load, Meter, Row, Section, Stack, TableScroll, TitledList } from '../components/layout.tsx';
import { NumberField } from '../components/NumberField.tsx';
import { useI18n } from '../i18n/index.tsx';
import { parseNumber } from '../i18n/numbers.ts';
import { useRatingNames } from '../i18n/ratingNames.ts';
import { useLoad, useSession } from '../session.tsx';
import { Appeals } from './Appeals.tsx';
import { AppliedBudgetUse } from './AppliedBudgetUse.tsx';
import { Compensation } from './Compensation.tsx';
import { CycleScheduleSection } from './CycleScheduleSection.tsx';
import { NewCycle } from './NewCycle.tsx';
import { improvementPlanReason, resultsWarningText } from './resultWords.ts';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  // The improvement plan's reason is a sentence: it gets the room, and below the minimum the table scrolls.
  table: { minWidth: '720px' },
  person: { width: '15%' },
  rating: { width: '18%' },
  bonus: { width: '12%' },
  merit: { width: '15%' },
  promotion: { width: '11%' },
  plan: { width: '29%' },
});

export default function ResultsView() {
  const { cycle, has } = useSession();
  const { t } = useI18n();
  const s = useStyles();
  const [tick, setTick] = useState(0);
  if (!has('hr_admin')) return <Help>{t('results.onlyHr')}</Help>;
  return (
    <div className={s.view}>
      {cycle ? (
        <>
          <Appeals cycle={cycle} />
          <Compensation cycle={cycle} onChange={() => setTick((n) => n + 1)} />
          <ApplySection cycle={cycle} onApplied={() => setTick((n) => n + 1)} />
          <AppliedSection cycle={cycle} tick={tick} />
          <CycleScheduleSection key={cycle.id} cycle={cycle} />
        </>
      ) : (
        <Help>{t('noCycles')}</Help>
      )}
      <NewCycle />
    </div>
  );
}

function ApplySection({ cycle, onApplied }: { cycle: Cycle; onApplied: () => void }) {
  const { t } = useI18n();
  if (cycle.phase !== 'apply') {
    return (
      <Section title={t('results.apply')} id="results-apply">
        <Help>{t('results.onlyApply')}</Help>
      </Section>
    );
  }
  return <ApplyForm cycle={cycle} onApplied={onApplied} />;
}

function ApplyForm({ cycle, onApplied }: { cycle: Cycle; onApplied: () => void }) {
  const { client, refreshCycles } = useSession();
  const { t, money, number, currencySymbol, locale } = useI18n();
  const act = useAction();
  const [pool, setPool] = useState('');
  const [merit, setMerit] = useState('');
  const [preview, setPreview] = useState<ResultsPreview | null>(null);
  // The amounts typed are in the organisation's currency: its symbol goes in front of the fields (none without one).
  const organisation = useLoad(() => client.get<Organisation>('/v1/organisation'), []);
  const symbol = currencySymbol(organisation.data?.settings.currency ?? null) || undefined;
  // The amounts as typed in the tab's locale ("12,000.50"): cents, or null when empty or not a number.
  const cents = (typed: string) => {
    const n = parseNumber(typed, locale);
    return n !== null && Number.isFinite(n) ? Math.round(n * 100) : null;
  };
  const poolCents = cents(pool);
  const meritBudgetCents = cents(merit);
  const body = () => ({ poolCents, meritBudgetCents });
  return (
    <Section title={t('results.apply')} id="results-apply">
      <Row>
        <NumberField label={t('results.pool')} contentBefore={symbol} value={pool} onChange={setPool} />
        <NumberField
          label={t('results.meritBudget')}
          contentBefore={symbol}
          value={merit}
          onChange={setMerit}
        />
        <Button
          disabled={act.busy || poolCents === null || meritBudgetCents === null}
          onClick={() =>
            act.run(async () =>
              setPreview(await client.post<ResultsPreview>(`/v1/cycles/${cycle.id}/results/preview`, body())),
            )
          }
        >
          {t('results.preview')}
        </Button>
      </Row>
      {preview && (
        <Stack>
          <Row>
            {/* A policy without a bonus pool allocates none (a warning below says so). */}
            {preview.bonus && (
              <Meter
                label={t('results.poolUse')}
                value={preview.bonus.poolCents ? preview.bonus.allocatedCents / preview.bonus.poolCents : 0}
                text={t('results.poolOf', {
                  allocated: money(preview.bonus.allocatedCents, preview.currency),
                  pool: money(preview.bonus.poolCents, preview.currency),
                })}
              />
            )}
            <Meter
              label={t('results.meritUse')}
              value={preview.merit.budgetCents ? preview.merit.allocatedCents / preview.merit.budgetCents : 0}
              text={t('results.poolOf', {
                allocated: money(preview.merit.allocatedCents, preview.currency),
                pool: money(preview.merit.budgetCents, preview.currency),
              })}
            />
          </Row>
          <Text>
            {t('results.promotions')}
            {t('labelSep')}
            {preview.promotions.nominated} · {t('results.improvementPlans')}
            {t('labelSep')}
            {preview.improvementPlans}
          </Text>
          <TitledList title={t('results.warnings')} items={preview.warnings} keyOf={(w) => w.code}>
            {(w) => resultsWarningText({ t, number }, preview, w)}
          </TitledList>
          <Row>
            <Button
              appearance="primary"
              disabled={act.busy || poolCents === null || meritBudgetCents === null}
              onClick={() =>
                act
                  .run(
                    () =>
                      client.post(`/v1/cycles/${cycle.id}/results/apply`, body(), { version: cycle.version }),
                    t('results.applied'),
                  )
                  .then(async (ok) => {
                    if (ok) {
                      setPreview(null);
                      await refreshCycles();
                      onApplied();
                    }
                  })
              }
            >
              {t('results.applyNow')}
            </Button>
          </Row>
        </Stack>
      )}
      <ActionOutcome act={act} onReload={() => void refreshCycles()} />
    </Section>
  );
}

function AppliedSection({ cycle, tick }: { cycle: Cycle; tick: number }) {
  const { client, nameOf } = useSession();
  const { t, money, number } = useI18n();
  const ratings = useRatingNames(cycle.policy.ratingScale.levels);
  const s = useStyles();
  const data = useLoad(async () => {
    const [results, compensation] = await Promise.all([
      client.all<Result>(`/v1/cycles/${cycle.id}/results`),
      client.all<CompensationInput>(`/v1/cycles/${cycle.id}/compensation`),
    ]);
    return { results, compensation };
  }, [cycle.id, tick]);
  return (
    <Section title={t('results.title')} id="results-applied">
      <Load loaded={data}>
        {({ results, compensation }) => {
          if (results.length === 0) return <Help>{t('results.none')}</Help>;
          const target = compensation.reduce((sum, c) => sum + c.targetBonusCents, 0);
          const nominated = results.filter((r) => r.promotion?.status === 'nominated').length;
          const plans = results.filter((r) => r.improvementPlan).length;
          return (
            <Stack>
              <AppliedBudgetUse results={results} targetBonusCents={target} />
              <Text>
                {t('results.promotions')}
                {t('labelSep')}
                {nominated} · {t('results.improvementPlans')}
                {t('labelSep')}
                {plans}
              </Text>
              <TableScroll label={t('results.people')}>
                <Table size="small" aria-label={t('results.people')} className={s.table}>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell className={s.person}>{t('person')}</TableHeaderCell>
                      <TableHeaderCell className={s.rating}>{t('results.rating')}</TableHeaderCell>
                      <TableHeaderCell className={s.bonus}>{t('results.bonus')}</TableHeaderCell>
                      <TableHeaderCell className={s.merit}>{t('results.merit')}</TableHeaderCell>
                      <TableHeaderCell className={s.promotion}>{t('results.promotion')}</TableHeaderCell>
                      <TableHeaderCell className={s.plan}>{t('results.plan')}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {[...results]
                      .sort((a, b) => nameOf(a.personId).localeCompare(nameOf(b.personId)))
                      .map((r) => (
                        <TableRow key={r.id}>
                          <TableCell>{nameOf(r.personId)}</TableCell>
                          <TableCell>
                            {r.rating ? ratings.text(r.rating) : '—'}{' '}
                            {r.score !== null ? `(${number(r.score)})` : ''}
                          </TableCell>
                          <TableCell>{r.bonus ? money(r.bonus.amountCents, r.currency) : '—'}</TableCell>
                          <TableCell>
                            {r.merit
                              ? `${money(r.merit.amountCents, r.currency)} (${number(r.merit.effectivePercent)}%)`
                              : '—'}
                          </TableCell>
                          <TableCell>
                            {r.promotion?.status === 'nominated' ? (
                              <Badge appearance="filled" color="success">
                                {t('me.promotion.nominated')}
                              </Badge>
                            ) : (
                              t('me.promotion.not_yet')
                            )}
                          </TableCell>
                          <TableCell>
                            {r.improvementPlan
                              ? improvementPlanReason({ t, number }, r.improvementPlan)
                              : '—'}
                          </TableCell>
                        </TableRow>
                      ))}
                  </TableBody>
                </Table>
              </TableScroll>
            </Stack>
          );
        }}
      </Load>
    </Section>
  );
}
