// Whom a readiness guard holds, under its words: "Who: Ann Lee, Bob Ma and 3 more" (nothing for goals or the cycle).
import { Text } from '@fluentui/react-components';
import type { Readiness } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { listsPeople, namesText } from './guardPeople.ts';

export function ReasonPeople({ reason }: { reason: Readiness['reasons'][number] }) {
  const { t } = useI18n();
  const { nameOf } = useSession();
  if (!listsPeople(reason)) return null;
  return (
    <Text as="p" size={200} data-testid={`reason-people-${reason.code}`}>
      {t('dash.reasonPeople', { names: namesText(reason.ids, nameOf, t) })}
    </Text>
  );
}
