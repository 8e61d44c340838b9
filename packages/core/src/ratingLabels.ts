// Rating levels' labels in other languages: which, how long, and the pick for a locale (no zod, so a UI bundle takes it alone).

/** The languages a rating level's label may also be written in (the Teams tab's): English, Simplified Chinese. */
export const RATING_LABEL_LOCALES = ['en', 'zh-CN'] as const;
export type RatingLabelLocale = (typeof RATING_LABEL_LOCALES)[number];

/**
 * The longest label of a rating level, in characters as `charCount` counts them (code points: a CJK character or an
 * emoji counts once — zod's `max` counts the same way).
 */
export const RATING_LABEL_MAX_CHARS = 80;

/** A level's label in `locale`: its `labels` entry for that language, else its default `label`. */
export function ratingLabel(
  level: { label: string; labels?: Partial<Record<RatingLabelLocale, string>> | undefined },
  locale: RatingLabelLocale,
): string {
  return level.labels?.[locale] ?? level.label;
}
