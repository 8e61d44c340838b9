// An API problem in the tab's language: its stable `code` said in plain words (en, zh-CN); null for a code the tab
// does not know, which is then shown with the API's own title and detail.
import type { FieldError, Problem } from '../api/client.ts';
import { en } from './en.ts';
import type { MessageKey, Translate } from './index.tsx';
import { ruleErrorText } from './ruleWords.ts';

const PHASES = ['plan', 'coach', 'appraise', 'calibrate', 'feedback', 'apply', 'improve', 'closed'] as const;
type PhaseName = (typeof PHASES)[number];
const isPhase = (x: unknown): x is PhaseName =>
  typeof x === 'string' && (PHASES as readonly string[]).includes(x);

/** `problem.<code>` when the catalogue has it. */
function keyOf(code: string | undefined): MessageKey | null {
  if (!code) return null;
  const key = `problem.${code}`;
  return key in en ? (key as MessageKey) : null;
}

/** wrong_phase: the phase the cycle is in and where the action is allowed, from `details` (phase names translated). */
function wrongPhase(t: Translate, details: Record<string, unknown> | undefined): string | null {
  const phase = details?.phase;
  const allowed = details?.allowed;
  if (!isPhase(phase) || !Array.isArray(allowed) || !allowed.every(isPhase)) return null;
  const name = (p: PhaseName) => t('error.phaseName', { phase: t(`phase.${p}`) });
  if (allowed.length === 0) return t('error.wrongPhaseNone', { phase: name(phase) });
  return t('problem.wrong_phase', { phase: name(phase), allowed: allowed.map(name).join(t('error.or')) });
}

/**
 * The problem's code in plain words, or null when the tab does not know it (or its facts are missing). `nameOf` names a
 * person the problem is about (participant_withdrawn: whom nothing can be recorded about); without it, their id.
 */
export function problemText(
  problem: Problem,
  t: Translate,
  nameOf?: (personId: string) => string,
): string | null {
  if (problem.code === 'wrong_phase') return wrongPhase(t, problem.details);
  if (problem.code === 'participant_withdrawn') {
    const personId = problem.details?.personId;
    if (typeof personId !== 'string') return null;
    return t('problem.participant_withdrawn', { name: nameOf ? nameOf(personId) : personId });
  }
  if (problem.code === 'override_reason_required') {
    // The minimum from the refusal's facts (core's OVERRIDE_REASON_MIN_CHARS), so the words never go stale.
    const min = problem.details?.minChars;
    return typeof min === 'number' ? t('problem.override_reason_required', { min }) : null;
  }
  const key = keyOf(problem.code);
  return key ? t(key) : null;
}

/** A readiness guard (what holds a cycle in its phase) in plain words; null for a code the tab does not know. */
export function guardText(code: string, count: number, t: Translate): string | null {
  const key = `guard.${code}`;
  return key in en ? t(key as MessageKey, { count }) : null;
}

/** What a bound measures: text length, a number, or a list's items (other origins, such as dates, are not said). */
const SIZED: Record<string, { min: MessageKey; max: MessageKey; exact?: MessageKey }> = {
  string: { min: 'field.tooShort', max: 'field.tooLong', exact: 'field.lengthExact' },
  number: { min: 'field.min', max: 'field.max' },
  int: { min: 'field.min', max: 'field.max' },
  bigint: { min: 'field.min', max: 'field.max' },
  array: { min: 'field.tooFew', max: 'field.tooMany', exact: 'field.countExact' },
  set: { min: 'field.tooFew', max: 'field.tooMany', exact: 'field.countExact' },
};

const TYPES: Record<string, MessageKey> = {
  number: 'field.notNumber',
  int: 'field.notInteger',
  string: 'field.notText',
  boolean: 'field.notBoolean',
};

const FORMATS: Record<string, MessageKey> = {
  date: 'field.invalidDate',
  datetime: 'field.invalidDateTime',
  email: 'field.invalidEmail',
};

/**
 * A field error in plain words from its code and params (required, too short / long with the limit, out of range, not
 * a number / whole number, invalid date, unknown field, not one of the allowed values…) or, for a rule's own code, the
 * problem words of that code; null when the tab does not know the code or its facts are missing (an older API), which
 * then shows the API's own message.
 */
export function fieldErrorText(
  error: FieldError,
  t: Translate,
  number: (n: number) => string = String,
  date: (iso: string) => string = String,
): string | null {
  const p = error.params ?? {};
  switch (error.code) {
    case 'required':
      return t('field.required');
    case 'unrecognized_key':
      return t('field.unknownField');
    case 'too_small':
    case 'too_big': {
      const small = error.code === 'too_small';
      const bound = small ? p.minimum : p.maximum;
      const sized = SIZED[p.origin ?? ''];
      if (typeof bound !== 'number' || !sized) return null;
      const n = number(bound);
      if (p.exact && sized.exact) return t(sized.exact, { n });
      if (p.inclusive === false) {
        // Only numbers have exclusive bounds ("more than 0"); a length or count is said inclusive by zod.
        if (sized.min !== 'field.min') return null;
        return small ? t('field.minExclusive', { min: n }) : t('field.maxExclusive', { max: n });
      }
      return small ? t(sized.min, { min: n }) : t(sized.max, { max: n });
    }
    case 'invalid_type': {
      const key = TYPES[p.expected ?? ''];
      return key ? t(key) : null;
    }
    case 'invalid_format': {
      const key = FORMATS[p.format ?? ''];
      return key ? t(key) : null;
    }
    case 'invalid_value': {
      if (!p.values || p.values.length === 0) return null;
      return t('field.oneOf', {
        values: p.values.map((v) => (typeof v === 'number' ? number(v) : String(v))).join(t('field.listSep')),
      });
    }
    case 'not_multiple_of':
      return typeof p.divisor === 'number' ? t('field.multipleOf', { step: number(p.divisor) }) : null;
    default: {
      // A core rule (KPI anchors out of order, dates, check-in notes…) from its facts; else a rule's own code (a
      // domain error on this field): its words when they need no facts.
      const rule = ruleErrorText(error, t, number, date);
      if (rule !== null) return rule;
      const key = keyOf(error.code);
      return key && !en[key].includes('{') ? t(key) : null;
    }
  }
}
