// Asked before HR moves a cycle on: what the move ends and starts, what it overrides (and whom each reason holds),
// what is still open though nothing holds the cycle, and that it cannot be undone.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { Cycle, Phase, Readiness } from '../api/types.ts';
import { type Translate, useI18n } from '../i18n/index.tsx';
import { guardText } from '../i18n/problems.ts';
import { type OpenItems, overdueWords } from './phaseOpenItems.ts';
import { ReasonPeople } from './ReasonPeople.tsx';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { margin: 0 },
  final: { fontWeight: tokens.fontWeightSemibold },
});

/** The things still open when the cycle leaves its phase (each in words), none when nothing is. */
function openWords(items: OpenItems, t: Translate): string[] {
  const words: string[] = [];
  if (items.overdue && items.overdue.checkIns > 0) words.push(overdueWords(t, items.overdue));
  if (items.targetAdjustments)
    words.push(t('dash.confirm.targetAdjustments', { count: items.targetAdjustments }));
  if (items.feedbackRequests)
    words.push(t('dash.confirm.feedbackRequests', { count: items.feedbackRequests }));
  return words;
}

export function PhaseMoveDialog({
  open,
  cycle,
  readiness,
  next,
  items,
  reason,
  busy,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  cycle: Cycle;
  readiness: Readiness;
  next: Phase;
  items: OpenItems;
  /** The override's reason when guards are pushed past; null when the move needs none. */
  reason: string | null;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useI18n();
  const s = useStyles();
  const stillOpen = openWords(items, t);
  const nextName = t(`phase.${next}`);
  return (
    <Dialog
      open={open}
      modalType="alert"
      onOpenChange={(_, d) => {
        if (!d.open) onCancel();
      }}
    >
      <DialogSurface aria-describedby="phase-move-ends">
        <DialogBody>
          <DialogTitle>{t('dash.confirm.title', { cycle: cycle.name, next: nextName })}</DialogTitle>
          <DialogContent className={s.content} data-testid="phase-move-confirm">
            <Text id="phase-move-ends">
              {t(`dash.confirm.ends.${cycle.phase as Exclude<Phase, 'closed'>}`)}
            </Text>
            <Text>{t(`dash.confirm.starts.${next as Exclude<Phase, 'plan'>}`)}</Text>
            {reason !== null && readiness.reasons.length > 0 && (
              <div data-testid="phase-move-override">
                <Text>{t('dash.confirm.override')}</Text>
                <ul className={s.list}>
                  {readiness.reasons.map((x) => (
                    <li key={x.code}>
                      {guardText(x.code, x.count, t) ?? x.message}
                      <ReasonPeople reason={x} />
                    </li>
                  ))}
                </ul>
                <Text>{t('dash.confirm.reason', { reason })}</Text>
              </div>
            )}
            {stillOpen.length > 0 && (
              <div data-testid="phase-move-open">
                <Text>{t('dash.confirm.open')}</Text>
                <ul className={s.list}>
                  {stillOpen.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </div>
            )}
            <Text className={s.final}>{t('dash.confirm.final')}</Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={busy} onClick={onConfirm}>
              {t('dash.confirm.yes', { next: nextName })}
            </Button>
            <Button disabled={busy} onClick={onCancel}>
              {t('dash.confirm.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
