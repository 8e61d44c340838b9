// A plan's goals: kind, weight, flexible targets (threshold / target / stretch), progress to target (said beside it to
// be the way from baseline to target, not the score's achievement), and actions.
import {
  Badge,
  makeStyles,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { type ReactNode, useId } from 'react';
import type { Goal } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { TableScroll } from './layout.tsx';

// The goal's title and expectations take the room; kind and weight are short. Below the minimum it scrolls.
const useStyles = makeStyles({
  table: { minWidth: '600px' },
  goal: { width: '34%' },
  kind: { width: '13%' },
  weight: { width: '9%' },
  targets: { width: '20%' },
  progress: { width: '24%' },
  actions: { width: '150px' },
  caption: { color: tokens.colorNeutralForeground2 },
});

/** Progress from baseline to target (0..1+), respecting the direction. */
export function progressOf(goal: Goal): number | null {
  if (goal.kind !== 'kpi' || goal.actual === null || goal.actual === undefined || goal.target === undefined)
    return null;
  const base = goal.baseline ?? 0;
  const span = goal.target - base;
  if (span === 0) return null;
  return (goal.actual - base) / span;
}

export function GoalsTable({
  goals,
  caption,
  actions,
}: {
  goals: readonly Goal[];
  caption: string;
  /** A last column of what may be done with each goal (the plan editor's edit and delete). */
  actions?: { label: string; of: (goal: Goal) => ReactNode };
}) {
  const { t, number } = useI18n();
  const s = useStyles();
  const live = goals.filter((g) => g.status !== 'cancelled');
  const kpis = live.some((g) => g.kind === 'kpi');
  const helpId = useId();
  const anchor = (value: number | null | undefined) =>
    value === null || value === undefined ? '—' : number(value);
  return (
    <>
      <TableScroll label={caption}>
        <Table size="small" aria-label={caption} className={s.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={s.goal}>{t('goal.title')}</TableHeaderCell>
              <TableHeaderCell className={s.kind}>{t('goal.kind')}</TableHeaderCell>
              <TableHeaderCell className={s.weight}>{t('goal.weight')}</TableHeaderCell>
              <TableHeaderCell className={s.targets}>{t('goal.targets')}</TableHeaderCell>
              <TableHeaderCell className={s.progress} aria-describedby={kpis ? helpId : undefined}>
                {t('goal.progress')}
              </TableHeaderCell>
              {actions && <TableHeaderCell className={s.actions}>{actions.label}</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {live.map((g) => {
              const p = progressOf(g);
              return (
                <TableRow key={g.id}>
                  <TableCell>
                    <Text weight="semibold">{g.title}</Text>
                    {g.kind === 'competency' && g.expectations ? (
                      <div>
                        <Text size={200}>{g.expectations}</Text>
                      </div>
                    ) : null}
                  </TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={g.kind === 'kpi' ? 'brand' : 'informative'}>
                      {t(g.kind === 'kpi' ? 'goal.kpi' : 'goal.competency')}
                    </Badge>
                  </TableCell>
                  <TableCell>{number(g.weight)}</TableCell>
                  <TableCell>
                    {g.kind === 'kpi'
                      ? `${anchor(g.threshold)} / ${anchor(g.target)} / ${anchor(g.stretch)} ${g.unit ?? ''}`.trim()
                      : '—'}
                  </TableCell>
                  <TableCell>
                    {g.kind === 'kpi' ? (
                      g.actual === null || g.actual === undefined ? (
                        <Text>{t('goal.noActual')}</Text>
                      ) : (
                        <div>
                          <ProgressBar
                            value={Math.max(0, Math.min(1, p ?? 0))}
                            aria-label={`${g.title}${t('labelSep')}${Math.round((p ?? 0) * 100)}%`}
                          />
                          <Text size={200}>
                            {t('goal.progressOf', {
                              actual: number(g.actual),
                              target: number(g.target ?? 0),
                              unit: g.unit ?? '',
                            })}
                          </Text>
                        </div>
                      )
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  {actions && <TableCell>{actions.of(g)}</TableCell>}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableScroll>
      {/* Said beside the table: its progress is not the score's achievement (the explanation's word). */}
      {kpis && (
        <Text size={200} className={s.caption} id={helpId} data-testid="progress-help">
          {t('goal.progressHelp')}
        </Text>
      )}
    </>
  );
}
