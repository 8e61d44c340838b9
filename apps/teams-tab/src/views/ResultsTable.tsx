// Results per person (HR): department, final rating and score (marked when an appeal corrected it after the apply),
// bonus, merit, promotion and improvement plan, ordered by department then name — the results a preview would apply,
// or those applied.
import {
  Badge,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { Cycle, Result } from '../api/types.ts';
import { TableScroll } from '../components/layout.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useRatingNames } from '../i18n/ratingNames.ts';
import { useSession } from '../session.tsx';
import { improvementPlanReason } from './resultWords.ts';

const useStyles = makeStyles({
  // The improvement plan's reason is a sentence: it gets the room, and below the minimum the table scrolls.
  table: { minWidth: '820px' },
  person: { width: '13%' },
  department: { width: '11%' },
  rating: { width: '16%' },
  bonus: { width: '11%' },
  merit: { width: '14%' },
  promotion: { width: '10%' },
  plan: { width: '25%' },
});

/** `label` names the table (and its scroll region); `testId` tells a preview's from the applied one. */
export function ResultsTable({
  cycle,
  results,
  label,
  testId,
}: {
  cycle: Cycle;
  results: readonly Result[];
  label: string;
  testId: string;
}) {
  const { people, departments, nameOf } = useSession();
  const { t, money, number, locale, date } = useI18n();
  const ratings = useRatingNames(cycle.policy.ratingScale.levels);
  const s = useStyles();
  const departmentOf = (personId: string) => {
    const id = people.get(personId)?.departmentId;
    return departments.find((d) => d.id === id)?.name ?? '';
  };
  const rows = results
    .map((r) => ({ result: r, name: nameOf(r.personId), department: departmentOf(r.personId) }))
    .sort(
      (a, b) =>
        a.department.localeCompare(b.department, locale) ||
        a.name.localeCompare(b.name, locale) ||
        a.result.personId.localeCompare(b.result.personId),
    );
  return (
    <TableScroll label={label}>
      <Table size="small" aria-label={label} className={s.table} data-testid={testId}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={s.person}>{t('person')}</TableHeaderCell>
            <TableHeaderCell className={s.department}>{t('results.department')}</TableHeaderCell>
            <TableHeaderCell className={s.rating}>{t('results.rating')}</TableHeaderCell>
            <TableHeaderCell className={s.bonus}>{t('results.bonus')}</TableHeaderCell>
            <TableHeaderCell className={s.merit}>{t('results.merit')}</TableHeaderCell>
            <TableHeaderCell className={s.promotion}>{t('results.promotion')}</TableHeaderCell>
            <TableHeaderCell className={s.plan}>{t('results.plan')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map(({ result: r, name, department }) => (
            <TableRow key={r.personId}>
              <TableCell>{name}</TableCell>
              <TableCell>{department || '—'}</TableCell>
              <TableCell>
                {r.rating ? ratings.text(r.rating) : '—'} {r.score !== null ? `(${number(r.score)})` : ''}
                {(r.corrections ?? []).map((c) => (
                  <div key={c.adjustmentId} data-testid={`result-corrected-${r.personId}`}>
                    <Badge appearance="tint" color="informative">
                      {t('results.correctedBadge')}
                    </Badge>{' '}
                    {t('results.corrected', {
                      from: ratings.text(c.from.rating),
                      to: ratings.text(c.to.rating),
                      date: date(c.at),
                    })}
                    {c.bonusShortCents + c.meritShortCents > 0 &&
                      ` ${t('results.correctedShort', { amount: money(c.bonusShortCents + c.meritShortCents, r.currency) })}`}
                  </div>
                ))}
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
                {r.improvementPlan ? improvementPlanReason({ t, number }, r.improvementPlan) : '—'}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableScroll>
  );
}
