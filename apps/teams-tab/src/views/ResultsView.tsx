// Results (HR): the cycle's open appeals to resolve, compensation inputs to enter, preview (who gets what, per person)
// and apply the results against the bonus pool and merit budget (why Preview waits said as typed; appeals still open
// named in a confirmation), then bonus pool use against budget, merit, promotions and improvement plans per person
// (amounts in the organisation's currency, plain when it has none); the cycle's stage due dates; and opening the next
// cycle from a policy (folded away under a closed cycle, which offers no apply form).
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { CompensationInput, Cycle, Organisation, Result, ResultsPreview } from '../api/types.ts';
import { ActionOutcome } from '../components/ActionOutcome.tsx';
import { useAction } from '../components/action.ts';
import { Help, Load, Meter, Row, Section, Stack, TitledList } from '../components/layout.tsx';
import { NumberField } from '../components/NumberField.tsx';
import { counted, type Translate, useI18n } from '../i18n/index.tsx';
import { parseNumber } from '../i18n/numbers.ts';
import { useLoad, useSession } from '../session.tsx';
import { Appeals } from './Appeals.tsx';
import { AppliedBudgetUse } from './AppliedBudgetUse.tsx';
import { Compensation } from './Compensation.tsx';
import { CycleScheduleSection } from './CycleScheduleSection.tsx';
import { NewCycle } from './NewCycle.tsx';
import { ResultsTable } from './ResultsTable.tsx';
import { resultsWarningText } from './resultWords.ts';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

/** Why an amount typed for the bonus pool or merit budget cannot be sent; null when it can. */
export function amountProblem(
  t: Translate,
  field: 'pool' | 'meritBudget',
  typed: string,
  locale: string,
): string | null {
  const n = parseNumber(typed, locale);
  if (n === null) return t(`results.${field}.empty`);
  if (!Number.isFinite(n)) return t(`results.${field}.notNumber`);
  if (n < 0) return t(`results.${field}.negative`);
  return null;
}

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
          <Appeals cycle={cycle} onResolved={() => setTick((n) => n + 1)} />
          <Compensation cycle={cycle} onChange={() => setTick((n) => n + 1)} />
          {/* A closed cycle has nothing to apply any more: its applied results are below. */}
          {cycle.phase !== 'closed' && <ApplySection cycle={cycle} onApplied={() => setTick((n) => n + 1)} />}
          <AppliedSection cycle={cycle} tick={tick} />
          <CycleScheduleSection key={cycle.id} cycle={cycle} />
        </>
      ) : (
        <Help>{t('noCycles')}</Help>
      )}
      {cycle?.phase === 'closed' ? <FoldedNewCycle key={cycle.id} /> : <NewCycle />}
    </div>
  );
}

/** Under a closed cycle, opening the next one is offered folded away: the form only once asked for. */
function FoldedNewCycle() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (open) return <NewCycle />;
  return (
    <Section title={t('newCycle.title')} id="results-new-cycle-folded">
      <Help>{t('newCycle.folded')}</Help>
      <Row>
        <Button aria-expanded={false} onClick={() => setOpen(true)}>
          {t('newCycle.unfold')}
        </Button>
      </Row>
    </Section>
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
  const { client, refreshCycles, nameOf } = useSession();
  const { t, money, number, currencySymbol, locale } = useI18n();
  const act = useAction();
  const [pool, setPool] = useState('');
  const [merit, setMerit] = useState('');
  const [preview, setPreview] = useState<ResultsPreview | null>(null);
  // Appeals still open when the preview was made: applying is confirmed with their names (HR decides knowingly).
  const [confirming, setConfirming] = useState(false);
  const appealing = preview?.warnings.find((w) => w.code === 'appeals_open')?.personIds ?? [];
  const apply = () =>
    act
      .run(
        () => client.post(`/v1/cycles/${cycle.id}/results/apply`, body(), { version: cycle.version }),
        t('results.applied'),
      )
      .then(async (ok) => {
        setConfirming(false);
        if (ok) {
          setPreview(null);
          await refreshCycles();
          onApplied();
        }
      });
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
  // Why Preview (and Apply) cannot be used yet, said as typed: a field's own message waits until it is left, and
  // clicking the disabled button never leaves it.
  const poolProblem = amountProblem(t, 'pool', pool, locale);
  const meritProblem = amountProblem(t, 'meritBudget', merit, locale);
  const blocked = [poolProblem, meritProblem].filter((p): p is string => p !== null);
  const negative = (typed: string) => {
    const n = parseNumber(typed, locale);
    return n !== null && Number.isFinite(n) && n < 0;
  };
  return (
    <Section title={t('results.apply')} id="results-apply">
      <Row>
        <NumberField
          label={t('results.pool')}
          contentBefore={symbol}
          value={pool}
          onChange={(v) => {
            // A preview is of the amounts it was asked with: another amount drops it (a reformat keeps it).
            if (cents(v) !== poolCents) {
              setPreview(null);
              setConfirming(false);
            }
            setPool(v);
          }}
          error={negative(pool) ? poolProblem : null}
        />
        <NumberField
          label={t('results.meritBudget')}
          contentBefore={symbol}
          value={merit}
          onChange={(v) => {
            if (cents(v) !== meritBudgetCents) {
              setPreview(null);
              setConfirming(false);
            }
            setMerit(v);
          }}
          error={negative(merit) ? meritProblem : null}
        />
        <Button
          disabled={act.busy || blocked.length > 0}
          aria-describedby={blocked.length > 0 ? 'results-apply-blocked' : undefined}
          onClick={() =>
            act.run(async () =>
              setPreview(await client.post<ResultsPreview>(`/v1/cycles/${cycle.id}/results/preview`, body())),
            )
          }
        >
          {t('results.preview')}
        </Button>
      </Row>
      {blocked.length > 0 && (
        <div id="results-apply-blocked" data-testid="results-apply-blocked">
          <Text>{t('results.previewBlocked')}</Text>
          <ul>
            {blocked.map((why) => (
              <li key={why}>{why}</li>
            ))}
          </ul>
        </div>
      )}
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
            {(w) => resultsWarningText({ t, number }, preview, w, nameOf)}
          </TitledList>
          {/* Who gets what, before anything is applied. */}
          <ResultsTable
            cycle={cycle}
            results={preview.people}
            label={t('results.previewPeople')}
            testId="results-preview-people"
          />
          {confirming ? (
            <div data-testid="apply-appeals-confirm">
              <Stack>
                <Text weight="semibold">
                  {t(counted('results.applyAppeals.title', appealing.length), { count: appealing.length })}
                </Text>
                <ul>
                  {appealing.map((id) => (
                    <li key={id}>{nameOf(id)}</li>
                  ))}
                </ul>
                <Text>{t('results.applyAppeals.body')}</Text>
                <Row>
                  <Button appearance="primary" disabled={act.busy || blocked.length > 0} onClick={apply}>
                    {t('results.applyAppeals.apply')}
                  </Button>
                  <Button onClick={() => setConfirming(false)}>{t('results.applyAppeals.wait')}</Button>
                </Row>
              </Stack>
            </div>
          ) : (
            <Row>
              <Button
                appearance="primary"
                disabled={act.busy || blocked.length > 0}
                onClick={() => (appealing.length > 0 ? setConfirming(true) : apply())}
              >
                {t('results.applyNow')}
              </Button>
            </Row>
          )}
        </Stack>
      )}
      <ActionOutcome act={act} onReload={() => void refreshCycles()} />
    </Section>
  );
}

function AppliedSection({ cycle, tick }: { cycle: Cycle; tick: number }) {
  const { client } = useSession();
  const { t } = useI18n();
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
              <ResultsTable
                cycle={cycle}
                results={results}
                label={t('results.people')}
                testId="results-people"
              />
            </Stack>
          );
        }}
      </Load>
    </Section>
  );
}
