// Peer and upward reviews of mine withheld by the anonymity threshold: why they are not shown, and that they still count.
import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { WithheldComponent } from '../api/types.ts';
import { counted, type MessageKey, type Translate, useI18n } from '../i18n/index.tsx';

const KEYS: Record<string, MessageKey> = { peer: 'me.withheld.peer', upward: 'me.withheld.upward' };

/** One sentence per withheld component, in the tab's language (a component the tab does not know is left unsaid). */
export function withheldWords(
  t: Translate,
  number: (n: number) => string,
  withheld: readonly WithheldComponent[],
): string[] {
  return withheld.flatMap((w) => {
    const key = KEYS[w.component];
    if (!key) return [];
    return [t(counted(key, w.reviewers), { count: number(w.reviewers), min: number(w.minReviews) })];
  });
}

/** The note, when anything is withheld from me (nothing otherwise). */
export function WithheldNote({
  withheld,
  testId,
}: {
  withheld: readonly WithheldComponent[];
  testId: string;
}) {
  const { t, number } = useI18n();
  const lines = withheldWords(t, number, withheld);
  if (lines.length === 0) return null;
  return (
    <MessageBar intent="info" data-testid={testId}>
      <MessageBarBody>
        {lines.map((line) => (
          <div key={line}>{line}</div>
        ))}
      </MessageBarBody>
    </MessageBar>
  );
}
