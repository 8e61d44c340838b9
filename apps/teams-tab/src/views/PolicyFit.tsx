// A policy's management theme (incentive / control) and its culture-fit warnings (never a refusal), from their codes.
import { Text } from '@fluentui/react-components';
import type { StoredPolicy } from '../api/types.ts';
import { Help, Stack, TitledList } from '../components/layout.tsx';
import { useI18n } from '../i18n/index.tsx';
import { policyWarningText } from './policyWords.ts';

export function PolicyFit({ policy }: { policy: StoredPolicy }) {
  const { t } = useI18n();
  const warnings = policy.warnings ?? [];
  return (
    <Stack>
      <Text data-testid="policy-theme">{t(`policyFit.theme.${policy.theme}`)}</Text>
      {warnings.length === 0 ? (
        <Help>{t('policyFit.none')}</Help>
      ) : (
        <TitledList
          title={t('policyFit.warnings')}
          items={warnings}
          keyOf={(w) => w.code}
          testId="policy-warnings"
        >
          {(w) => policyWarningText(t, w)}
        </TitledList>
      )}
    </Stack>
  );
}
