// A plan's weight total against 100, live while a goal is typed: complete, or how much is still to place or too much.
import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useI18n } from '../i18n/index.tsx';

export function WeightTotal({ total }: { total: number }) {
  const { t, number } = useI18n();
  // Compared in hundredths, as the API sums the weights.
  const gap = Math.round((100 - total) * 100) / 100;
  const text =
    gap === 0
      ? t('planEdit.total.ok', { total: number(total) })
      : gap > 0
        ? t('planEdit.total.under', { total: number(total), left: number(gap) })
        : t('planEdit.total.over', { total: number(total), excess: number(-gap) });
  return (
    <MessageBar intent={gap === 0 ? 'success' : 'warning'} data-testid="weight-total" aria-live="polite">
      <MessageBarBody>{text}</MessageBarBody>
    </MessageBar>
  );
}
