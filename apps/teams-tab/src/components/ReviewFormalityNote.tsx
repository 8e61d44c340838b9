// A review's "mere formality" flags (empty, too short, copied between people) beside the reviewer's own review, or live in its form: a warning, never a refusal.
import { Badge, MessageBar, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import type { FormalityWarning } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { formalityLabel, formalityText } from '../views/meetingWords.ts';
import { Stack } from './layout.tsx';

export function ReviewFormalityNote({
  issues,
  live = false,
}: {
  issues: readonly FormalityWarning[] | null | undefined;
  /** In the form, before submitting (the text as typed, not yet saved). */
  live?: boolean;
}) {
  const { t, number } = useI18n();
  if (!issues || issues.length === 0) return null;
  const words = { t, number };
  return (
    <MessageBar
      intent="warning"
      layout="multiline"
      data-testid={live ? 'review-formality-live' : 'review-formality'}
    >
      <MessageBarBody>
        <MessageBarTitle>{t('review.formality.title')}</MessageBarTitle>
        <Stack>
          <Text>{t(live ? 'review.formality.liveHelp' : 'review.formality.help')}</Text>
          {issues.map((w) => (
            <Text key={`${w.id}:${w.code}`}>
              <Badge appearance="filled" color="warning">
                {formalityLabel(words, w)}
              </Badge>{' '}
              {formalityText(words, w)}
            </Text>
          ))}
        </Stack>
      </MessageBarBody>
    </MessageBar>
  );
}
