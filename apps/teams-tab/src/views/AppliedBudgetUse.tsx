// Applied results against what their apply split: bonus pool use against the pool applied and merit against the merit
// budget (used of budget, remaining or over), in the warning colour only when more was paid than the budget; target
// bonuses are shown for reference, never as a limit (a pool larger than them pays more).
import { MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import type { AppliedBudget, Result } from '../api/types.ts';
import { Help, Meter, Row, Stack } from '../components/layout.tsx';
import { useI18n } from '../i18n/index.tsx';

/** The budget one apply recorded (the same on each of its results); null for results applied before it was kept. */
export function appliedBudgetOf(results: readonly Result[]): AppliedBudget | null {
  return results.find((r) => r.budget)?.budget ?? null;
}

function Use({
  label,
  used,
  budget,
  currency,
}: {
  label: string;
  used: number;
  budget: number;
  currency: string | null;
}) {
  const { t, money } = useI18n();
  const over = used > budget;
  const rest = over
    ? t('results.over', { amount: money(used - budget, currency) })
    : t('results.remaining', { amount: money(budget - used, currency) });
  return (
    <Meter
      label={label}
      value={budget ? used / budget : used > 0 ? 2 : 0}
      over={over}
      text={`${t('results.poolOf', { allocated: money(used, currency), pool: money(budget, currency) })} · ${rest}`}
    />
  );
}

export function AppliedBudgetUse({
  results,
  targetBonusCents,
}: {
  results: readonly Result[];
  targetBonusCents: number;
}) {
  const { t, money } = useI18n();
  // Every result of the organisation names the same currency (its own).
  const currency = results[0]?.currency ?? null;
  const paid = results.reduce((sum, r) => sum + (r.bonus?.amountCents ?? 0), 0);
  const merit = results.reduce((sum, r) => sum + (r.merit?.amountCents ?? 0), 0);
  const budget = appliedBudgetOf(results);
  const pool = budget?.bonus ?? null;
  const overBy = (used: number, limit: number) => money(used - limit, currency);
  return (
    <Stack>
      {budget && (
        <Row>
          {pool ? (
            <Use label={t('results.poolBudgetUse')} used={paid} budget={pool.poolCents} currency={currency} />
          ) : (
            <Help>{t('results.noPool')}</Help>
          )}
          <Use
            label={t('results.meritBudgetUse')}
            used={merit}
            budget={budget.merit.budgetCents}
            currency={currency}
          />
        </Row>
      )}
      {pool && paid > pool.poolCents && (
        <MessageBar intent="warning">
          <MessageBarBody>{t('results.poolOver', { amount: overBy(paid, pool.poolCents) })}</MessageBarBody>
        </MessageBar>
      )}
      {budget && merit > budget.merit.budgetCents && (
        <MessageBar intent="warning">
          <MessageBarBody>
            {t('results.meritOver', { amount: overBy(merit, budget.merit.budgetCents) })}
          </MessageBarBody>
        </MessageBar>
      )}
      {!budget && <Help>{t('results.budgetUnknown')}</Help>}
      <Text>
        {t('results.bonusPaid')}
        {t('labelSep')}
        {money(paid, currency)} · {t('results.targetBonuses')}
        {t('labelSep')}
        {money(targetBonusCents, currency)}
        {budget ? null : (
          <>
            {' · '}
            {t('results.merit')}
            {t('labelSep')}
            {money(merit, currency)}
          </>
        )}
      </Text>
    </Stack>
  );
}
