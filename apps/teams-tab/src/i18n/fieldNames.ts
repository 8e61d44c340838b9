// A field error's field in the user's words: the form's own label, else the catalogue's name for the API's path
// (`notes`, `form.strengths`, `ratings.0.evidence` → "Evidence (item 1)"), else "A field" — never the API's path.
import { en } from './en.ts';
import type { MessageKey, Translate } from './index.tsx';

/** `fieldName.<name>` when the catalogue has it. */
const known = (name: string): MessageKey | null => {
  const key = `fieldName.${name}`;
  return key in en ? (key as MessageKey) : null;
};

/**
 * The words for a field error's `path`: `labels[path]` when the form names it; else the catalogue's name for the
 * path without its item numbers (`goalUpdates.actual`), for its last two names (`override.reason`) or its last name
 * (`form.strengths` → `strengths`), with the first item's number (1 for index 0); "A field" when none is known.
 */
export function fieldLabel(path: string, t: Translate, labels?: Readonly<Record<string, string>>): string {
  const own = labels?.[path];
  if (own) return own;
  const parts = path.split('.');
  const names = parts.filter((p) => !/^\d+$/.test(p));
  const index = parts.find((p) => /^\d+$/.test(p));
  const key =
    known(names.join('.')) ??
    (names.length > 1 ? known(names.slice(-2).join('.')) : null) ??
    (names.length > 0 ? known(names[names.length - 1] as string) : null);
  if (!key) return t('fieldName.unknown');
  const field = t(key);
  return index === undefined ? field : t('fieldName.item', { field, n: Number(index) + 1 });
}
