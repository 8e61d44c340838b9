// A target adjustment in the tab's language: which anchors moved ("300 k€ → 270 k€ (threshold 240 k€ → 200 k€)", with
// the goal's unit as the plan shows it) and the relief line.
import type { TargetAnchors } from '../api/types.ts';
import type { MessageKey, Translate } from '../i18n/index.tsx';
import { withUnit } from './plausibilityWords.ts';

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
 * moved too ("300 → 270 (threshold 240 → 200)"); each value with the goal's `unit` when it has one ("300 k€ → 270 k€").
 * The score explanation passes none: its words are core's explainScore, the same as the API's.
 */
export function changeText(
  t: Translate,
  number: (n: number) => string,
  from: TargetAnchors,
  to: TargetAnchors,
  unit?: string,
): string {
  const v = (n: number) => withUnit(number, n, unit);
  const others: string[] = [];
  for (const anchor of ['threshold', 'stretch'] as const) {
    const a = from[anchor];
    const b = to[anchor];
    if (a === null || b === null || a === b) continue;
    others.push(t(`ta.change.${anchor}`, { from: v(a), to: v(b) }));
  }
  const target = t('ta.change.target', { from: v(from.target), to: v(to.target) });
  return others.length === 0 ? target : t('ta.change.more', { target, others: others.join(t('ta.listSep')) });
}

/** "Target adjusted for the external environment: 300 k€ → 270 k€ — reason" (the API's factor code when unknown). */
export function adjustedText(
  t: Translate,
  number: (n: number) => string,
  a: { factor: string; reason: string; from: TargetAnchors; to: TargetAnchors; unit?: string | undefined },
): string {
  return t('ta.adjusted', {
    factor: factorWords(t, a.factor) ?? a.factor,
    change: changeText(t, number, a.from, a.to, a.unit),
    reason: a.reason,
  });
}

/** A goal's anchors now, with its unit: "threshold 240 k€ · target 300 k€ · stretch 390 k€". */
export function anchorsText(
  t: Translate,
  number: (n: number) => string,
  anchors: TargetAnchors,
  unit?: string,
): string {
  const v = (n: number) => withUnit(number, n, unit);
  return [
    anchors.threshold === null ? null : t('score.anchor.threshold', { value: v(anchors.threshold) }),
    t('score.anchor.target', { value: v(anchors.target) }),
    anchors.stretch === null ? null : t('score.anchor.stretch', { value: v(anchors.stretch) }),
  ]
    .filter((x) => x !== null)
    .join(t('score.listSep'));
}
