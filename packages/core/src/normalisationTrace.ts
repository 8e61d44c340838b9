// The explanation trace of one normalised score: the rater's figures, their shrinkage toward the population, the mapping.

import { normaliseOne, type RaterEntry, type RaterStatistics } from './calibration.ts';
import { round } from './common.ts';
import type { Policy } from './policy.ts';
import { scaleBounds } from './policy.ts';

/** The rater's own and shrunk figures the mapping used (null when the rater has no statistics). */
export interface NormalisationRater {
  n: number;
  mean: number;
  sd: number;
  /** k / (n + k): how far the rater's figures were pulled toward the population. */
  pull: number;
  shrunkMean: number;
  shrunkSd: number;
}

/** How one score was normalised, number by number, with the same steps in plain English (`lines`). */
export interface NormalisationTrace {
  subjectId: string;
  raterId: string;
  score: number;
  population: { n: number; mean: number; sd: number };
  /** policy.calibration.shrinkage: the population counts as this many of the rater's scores. */
  shrinkage: number;
  rater: NormalisationRater | null;
  /** population sd / shrunk sd (1 when either is 0: the score is only shifted). */
  factor: number;
  /** popMean + (score − shrunkMean) × factor, before clamping to the scale (the score itself without rater). */
  unclamped: number;
  scale: { min: number; max: number };
  clamped: boolean;
  normalised: number;
  /** normalised − score. */
  delta: number;
  /** The steps in plain English, one a line. */
  lines: string[];
}

const fmt = (n: number): string => String(round(n, 4));
const signed = (n: number): string => (n > 0 ? `+${fmt(n)}` : fmt(n));

/**
 * Explains one entry of `normaliseScores(entries, stats, policy)`: the same arithmetic on the same rounded
 * statistics, so `normalised` and `delta` are exactly the view's numbers, with every step as a line.
 */
export function explainNormalisation(
  entry: RaterEntry,
  stats: RaterStatistics,
  policy: Policy,
): NormalisationTrace {
  const { min, max } = scaleBounds(policy.ratingScale);
  const population = { ...stats.population };
  const k = policy.calibration.shrinkage;
  const stat = stats.raters.find((r) => r.raterId === entry.raterId);
  const base = {
    subjectId: entry.subjectId,
    raterId: entry.raterId,
    score: entry.score,
    population,
    shrinkage: k,
    scale: { min, max },
  };
  if (!stat) {
    return {
      ...base,
      rater: null,
      factor: 1,
      unclamped: entry.score,
      clamped: false,
      normalised: entry.score,
      delta: 0,
      lines: [
        `Score ${fmt(entry.score)} given by ${entry.raterId}.`,
        `${entry.raterId} has no rater statistics in this view: the score passes through unchanged (normalised ${fmt(entry.score)}, +0).`,
      ],
    };
  }
  const { factor, unclamped, normalised } = normaliseOne(
    entry.score,
    stat,
    population.mean,
    population.sd,
    min,
    max,
  );
  const pull = stat.n + k > 0 ? k / (stat.n + k) : 0;
  const clamped = unclamped < min || unclamped > max;
  const delta = round(normalised - entry.score, 6);
  const lines = [
    `Score ${fmt(entry.score)} given by ${entry.raterId}, whose ${stat.n} score${stat.n === 1 ? '' : 's'} have mean ${fmt(stat.mean)} and spread (sd) ${fmt(stat.sd)}.`,
    `Population: ${population.n} scores, mean ${fmt(population.mean)}, sd ${fmt(population.sd)}.`,
    k > 0
      ? `Shrinkage k = ${fmt(k)}: the population counts as ${fmt(k)} scores, so ${entry.raterId}'s figures move k / (n + k) = ${fmt(k)} / ${fmt(stat.n + k)} = ${fmt(pull * 100)}% toward it: mean ${fmt(stat.mean)} → ${fmt(stat.shrunkMean)}, sd ${fmt(stat.sd)} → ${fmt(stat.shrunkSd)}.`
      : `Shrinkage k = 0: ${entry.raterId}'s own mean ${fmt(stat.shrunkMean)} and sd ${fmt(stat.shrunkSd)} are used as they are.`,
    stat.shrunkSd > 0 && population.sd > 0
      ? `Spread factor = population sd / shrunk sd = ${fmt(population.sd)} / ${fmt(stat.shrunkSd)} = ${fmt(factor)}.`
      : `Spread factor 1: ${population.sd > 0 ? `${entry.raterId}'s shrunk spread is 0` : 'the population has no spread'}, so the score is only shifted.`,
    `Normalised = population mean + (score − shrunk mean) × factor = ${fmt(population.mean)} + (${fmt(entry.score)} − ${fmt(stat.shrunkMean)}) × ${fmt(factor)} = ${fmt(unclamped)}.`,
  ];
  if (clamped) lines.push(`Clamped to the scale ${fmt(min)}–${fmt(max)}: ${fmt(normalised)}.`);
  lines.push(
    `Normalised ${fmt(normalised)} (${signed(delta)}): a view for the calibration meeting; it changes no rating.`,
  );
  return {
    ...base,
    rater: {
      n: stat.n,
      mean: stat.mean,
      sd: stat.sd,
      pull: round(pull, 6),
      shrunkMean: stat.shrunkMean,
      shrunkSd: stat.shrunkSd,
    },
    factor: round(factor, 6),
    unclamped: round(unclamped, 6),
    clamped,
    normalised,
    delta,
    lines,
  };
}
