// Me: when I was withdrawn from the cycle, a plain note of when and why (the kind, never HR's reason) and what it means:
// nothing about me is recorded or changed in it, what was recorded stays to read, HR can reinstate me.
import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { Cycle } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';

export function WithdrawnNote({ cycle, personId }: { cycle: Cycle; personId: string }) {
  const { t, date } = useI18n();
  const mine = cycle.withdrawn?.find((w) => w.personId === personId);
  if (!mine) return null;
  return (
    <MessageBar intent="info" layout="multiline" data-testid="me-withdrawn">
      <MessageBarBody>
        {t('me.withdrawn', {
          cycle: cycle.name,
          date: date(mine.at),
          kind: t(mine.kind ? `me.withdrawn.${mine.kind}` : 'me.withdrawn.other'),
        })}{' '}
        {t('me.withdrawnReadOnly')}
      </MessageBarBody>
    </MessageBar>
  );
}
