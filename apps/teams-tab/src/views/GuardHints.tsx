// A guard reason's hints in plain words ("2 people had every goal cancelled: withdraw them from the cycle"); HR gets a
// button that takes them to the Participants section with those people preselected.
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { GuardHint } from '../api/types.ts';
import { en } from '../i18n/en.ts';
import { counted, type MessageKey, useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { namesText } from './guardPeople.ts';
import { focusWithdrawal } from './participantFocus.ts';

const useStyles = makeStyles({
  hint: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalXXS,
  },
});

export function GuardHints({ hints }: { hints: readonly GuardHint[] | undefined }) {
  const { t } = useI18n();
  const { has, nameOf } = useSession();
  const s = useStyles();
  if (!hints || hints.length === 0) return null;
  return (
    <>
      {hints.map((h) => {
        const key = `hint.${h.code}`;
        const list = namesText(h.ids, nameOf, t);
        return (
          <div key={h.code} className={s.hint} data-testid={`hint-${h.code}`}>
            <Text>
              {key in en
                ? t(counted(key as MessageKey, h.count), { count: h.count, names: list })
                : h.message}
            </Text>
            {has('hr_admin') && h.ids.length > 0 && (
              <Button size="small" appearance="secondary" onClick={() => focusWithdrawal(h.ids, h.code)}>
                {t(counted('hint.choose', h.ids.length), { count: h.ids.length })}
              </Button>
            )}
          </div>
        );
      })}
    </>
  );
}
