// A feedback meeting's quality checks and "mere formality" warnings in the tab's language, from their codes and the
// counts they carry; the API's English message for an unknown code or a missing count (an older API).
import type { FormalityWarning, QualityCheck } from '../api/types.ts';
import type { MessageKey, Translate } from '../i18n/index.tsx';

export interface MeetingWords {
  t: Translate;
  number: (n: number, digits?: number) => string;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** One item of the meeting checklist. */
export function qualityCheckText(w: MeetingWords, check: QualityCheck): string {
  const { t } = w;
  switch (check.code) {
    case 'summary':
      if (check.chars === undefined || check.minChars === undefined) break;
      return t('meeting.check.summary', { chars: w.number(check.chars), min: w.number(check.minChars) });
    case 'strengths':
      return t(check.passed ? 'meeting.check.strengths' : 'meeting.check.noStrengths');
    case 'improvements':
      return t(check.passed ? 'meeting.check.improvements' : 'meeting.check.noImprovements');
    case 'agreed_action':
      if (check.actions === undefined) break;
      if (check.actions === 0) return t('meeting.check.noAction');
      return t(check.actions === 1 ? 'meeting.check.oneAction' : 'meeting.check.actions', {
        count: w.number(check.actions),
      });
  }
  return check.message;
}

const LABELS: Record<string, MessageKey> = {
  empty: 'meeting.formality.empty',
  too_short: 'meeting.formality.too_short',
  near_duplicate: 'meeting.formality.near_duplicate',
};

/** The warning's kind in a word or two (the code itself for one the tab does not know). */
export function formalityLabel(w: MeetingWords, warning: Pick<FormalityWarning, 'code'>): string {
  const key = LABELS[warning.code];
  return key ? w.t(key) : warning.code;
}

/** What is wrong with the feedback: empty, how short against the minimum, or how similar to how many other reviews. */
export function formalityText(w: MeetingWords, warning: FormalityWarning): string {
  const { t } = w;
  const details = warning.details ?? {};
  switch (warning.code) {
    case 'empty':
      return t('meeting.formality.emptyText');
    case 'too_short': {
      const chars = num(details.chars);
      const min = num(details.minChars);
      if (chars === null || min === null) break;
      return t('meeting.formality.tooShortText', { chars: w.number(chars), min: w.number(min) });
    }
    case 'near_duplicate': {
      const similarity = num(details.similarity);
      const count = num(details.matchCount);
      if (similarity === null || count === null) break;
      return t(count === 1 ? 'meeting.formality.duplicateOne' : 'meeting.formality.duplicate', {
        similarity: `${w.number(similarity * 100, 1)}%`,
        count: w.number(count),
      });
    }
  }
  return warning.message;
}
