// A target adjustment in the tab's language: which anchors moved ("300 → 270 (threshold 240 → 200)") and the relief line.
import type { TargetAnchors } from '../api/types.ts';
import type { MessageKey, Translate } from '../i18n/index.tsx';

const FACTORS: Record<string, MessageKey> = {
  skills: 'ta.factor.skills',
  external_environment: 'ta.factor.external_environment',
  internal_conditions: 'ta.factor.internal_conditions',
  motivation: 'ta.factor.motivation',
};

/** The factor as the relief line names it ("the external environment"); null for a factor the tab does not know. */
export function factorWords(t: Translate, factor: string): string | null {
  const key = FACTORS[factor];
  return key ? t(key) : null;
}

/**
 * What moved from `from` to `to`: the target bare ("300 → 270"), the threshold and stretch named after it when they
 * moved too ("300 → 270 (threshold 240 → 200)").
 */
export function changeText(
  t: Translate,
  number: (n: number) => string,
  from: TargetAnchors,
  to: TargetAnchors,
): string {
  const others: string[] = [];
  for (const anchor of ['threshold', 'stretch'] as const) {
    const a = from[anchor];
    const b = to[anchor];
    if (a === null || b === null || a === b) continue;
    others.push(t(`ta.change.${anchor}`, { from: number(a), to: number(b) }));
  }
  const target = t('ta.change.target', { from: number(from.target), to: number(to.target) });
  return others.length === 0 ? target : t('ta.change.more', { target, others: others.join(t('ta.listSep')) });
}

/** "Target adjusted for the external environment: 300 → 270 — reason" (the API's factor code when unknown). */
export function adjustedText(
  t: Translate,
  number: (n: number) => string,
  a: { factor: string; reason: string; from: TargetAnchors; to: TargetAnchors },
): string {
  return t('ta.adjusted', {
    factor: factorWords(t, a.factor) ?? a.factor,
    change: changeText(t, number, a.from, a.to),
    reason: a.reason,
  });
}
