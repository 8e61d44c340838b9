// Rating levels named in the tab's language: the cycle policy's label for the locale (a level's `labels`), else the default label.
import { ratingLabel } from '@perfloop/core';
import { useMemo } from 'react';
import type { RatingLevel } from '../api/types.ts';
import { type Locale, useI18n } from './index.tsx';

/** A rating as the API writes it in scores, results and calibration: its value and the level's default label. */
export interface RatingValue {
  value: number;
  label: string;
}

export interface RatingNames {
  /**
   * The level's name in the locale: the policy's label for it in that language when the scale says one ("达到预期"),
   * else the label the API wrote. A rating whose label is not its level's in the cycle's scale keeps its own.
   */
  label: (rating: RatingValue) => string;
  /** "3 · Meets expectations" for a rating or a level value; a value the scale does not have is said alone. */
  text: (rating: RatingValue | number) => string;
}

/** The names of a cycle policy's rating levels in `locale`. */
export function ratingNames(levels: readonly RatingLevel[], locale: Locale): RatingNames {
  const byValue = new Map(levels.map((l) => [l.value, l]));
  const label = (rating: RatingValue) => {
    const level = byValue.get(rating.value);
    return level && level.label === rating.label ? ratingLabel(level, locale) : rating.label;
  };
  return {
    label,
    text: (rating) => {
      if (typeof rating !== 'number') return `${rating.value} · ${label(rating)}`;
      const level = byValue.get(rating);
      return level ? `${rating} · ${ratingLabel(level, locale)}` : String(rating);
    },
  };
}

/** `ratingNames` for the tab's locale. */
export function useRatingNames(levels: readonly RatingLevel[]): RatingNames {
  const { locale } = useI18n();
  return useMemo(() => ratingNames(levels, locale), [levels, locale]);
}
