// What a calibrated rating rests on, in the tab's language: the score's warnings about a missing appraisal or actual, said plainly.
import type { RatingBasisWarning } from '../api/types.ts';
import type { MessageKey, Translate } from '../i18n/index.tsx';

const COMPONENTS: Record<string, MessageKey> = {
  self: 'score.component.self',
  manager: 'score.component.manager',
  peer: 'score.component.peer',
  upward: 'score.component.upward',
};

const text = (d: Record<string, unknown>, name: string): string | null =>
  typeof d[name] === 'string' ? (d[name] as string) : null;

/** One warning said plainly ("No manager appraisal: …", "Ownership not rated: left out of the score"); the API's English otherwise. */
export function basisText(t: Translate, warning: RatingBasisWarning): string {
  const d = warning.details ?? {};
  const title = text(d, 'title');
  switch (warning.code) {
    case 'manager_review_missing': {
      const ratedBy = Array.isArray(d.ratedBy) ? d.ratedBy : null;
      if (ratedBy === null) break;
      if (ratedBy.length === 0) return t('cal.basis.noManager.none');
      if (ratedBy.length === 1 && ratedBy[0] === 'self') return t('cal.basis.noManager.self');
      const names = ratedBy.map((c) => (typeof c === 'string' && COMPONENTS[c] ? t(COMPONENTS[c]) : null));
      if (names.some((n) => n === null)) break;
      return t('cal.basis.noManager.others', { components: names.join(t('score.nameSep')) });
    }
    case 'unrated_goal':
      if (title !== null) return t('cal.basis.unrated', { title });
      break;
    case 'missing_actual':
      if (title !== null) return t('cal.basis.noActual', { title });
      break;
  }
  return warning.message;
}

/** Whether a rating rests on a missing appraisal: no manager rated the competency goals, or a goal has no rating. */
export function restsOnMissingAppraisal(warnings: readonly RatingBasisWarning[] | undefined): boolean {
  return (warnings ?? []).some((w) => w.code === 'manager_review_missing' || w.code === 'unrated_goal');
}

/** The warnings in the order they are best read: the missing manager appraisal first, then the goals left out. */
export function basisLines(t: Translate, warnings: readonly RatingBasisWarning[] | undefined): string[] {
  const list = [...(warnings ?? [])];
  list.sort(
    (a, b) => Number(b.code === 'manager_review_missing') - Number(a.code === 'manager_review_missing'),
  );
  return list.map((w) => basisText(t, w));
}
