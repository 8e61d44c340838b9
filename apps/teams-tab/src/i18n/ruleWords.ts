// Core's cross-field rules (field error codes such as `kpi_anchors_invalid`, `ends_before_start`) in the tab's language,
// from the code and the facts the API passes in `params`; null when the code is not one or its facts are missing.
import type { FieldError } from '../api/client.ts';
import { SCHEDULE_STAGES } from '../api/types.ts';
import { en } from './en.ts';
import type { MessageKey, Translate } from './index.tsx';

const CHECK_IN_KINDS = new Set(['guidance_note', 'performance_meeting', 'feedback_form']);
const FACTORS = new Set(['skills', 'external_environment', 'internal_conditions', 'motivation']);

/** `key` when the catalogue has it. */
const known = (key: string): MessageKey | null => (key in en ? (key as MessageKey) : null);

/** A KPI anchor out of order: which anchor, where it must lie (`above` / `below`) and `than` which (baseline or target). */
function kpiAnchor(p: NonNullable<FieldError['params']>, t: Translate): string | null {
  const { anchor, relation, than } = p;
  if (relation !== 'above' && relation !== 'below') return null;
  // The target is compared with the baseline; the threshold and the stretch with the target.
  const expected =
    anchor === 'target' ? 'baseline' : anchor === 'threshold' || anchor === 'stretch' ? 'target' : null;
  if (expected === null || than !== expected) return null;
  const key = known(`rule.kpi.${anchor}.${relation}`);
  return key ? t(key) : null;
}

const SCHEDULE_KEYS = new Set<string>(SCHEDULE_STAGES.map((s) => s.key));

/** A core rule's field error in plain words, or null (not a rule code the tab knows, or its facts missing). */
export function ruleErrorText(
  error: FieldError,
  t: Translate,
  number: (n: number) => string = String,
  date: (iso: string) => string = String,
): string | null {
  const p = error.params ?? {};
  switch (error.code) {
    case 'kpi_anchors_invalid':
      return kpiAnchor(p, t);
    case 'ends_before_start':
      return t('rule.endsBeforeStart');
    case 'schedule_out_of_range':
      if (typeof p.earliest !== 'string' || typeof p.latest !== 'string') return null;
      return t('rule.scheduleOutOfRange', { earliest: date(p.earliest), latest: date(p.latest) });
    case 'schedule_out_of_order':
      if (typeof p.after !== 'string' || !SCHEDULE_KEYS.has(p.after) || typeof p.afterOn !== 'string')
        return null;
      return t('rule.scheduleOutOfOrder', {
        stage: t(`schedule.${p.after}` as MessageKey),
        date: date(p.afterOn),
      });
    case 'notes_required':
    case 'form_not_allowed': {
      if (typeof p.kind !== 'string' || !CHECK_IN_KINDS.has(p.kind)) return null;
      const kind = t(`checkIn.kind.${p.kind}` as MessageKey);
      return t(error.code === 'notes_required' ? 'rule.notesRequired' : 'rule.formNotAllowed', { kind });
    }
    case 'form_required':
      return t('rule.formRequired');
    case 'factor_repeated':
      if (typeof p.factor !== 'string' || !FACTORS.has(p.factor)) return null;
      return t('rule.factorRepeated', { factor: t(`dept.factor.${p.factor}` as MessageKey) });
    case 'shares_not_100':
      return typeof p.totalPercent === 'number'
        ? t('rule.sharesNot100', { total: number(p.totalPercent) })
        : null;
    case 'at_in_future':
      // The latest accepted instant (now and a few minutes of clock drift): said as its day.
      return typeof p.maximum === 'string' ? t('rule.atInFuture', { date: date(p.maximum) }) : null;
    case 'at_before_cycle':
      return typeof p.minimum === 'string' ? t('rule.atBeforeCycle', { date: date(p.minimum) }) : null;
    case 'weights_not_100':
      return typeof p.total === 'number' ? t('rule.weightsNot100', { total: number(p.total) }) : null;
    default:
      return null;
  }
}
