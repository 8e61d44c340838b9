// Anonymous feedback to the person reviewed: the anonymous components, the threshold below which they are withheld, and times to the UTC day.
import type { Component } from './policy.ts';

/** A component whose reviewers stay anonymous to the person reviewed. */
export type AnonymousComponent = Extract<Component, 'peer' | 'upward'>;

/** The components whose reviewers stay anonymous to the person reviewed (peer and upward). */
export const ANONYMOUS_COMPONENTS: readonly AnonymousComponent[] = Object.freeze(['peer', 'upward']);

/** Whether a review of this component is anonymous to its subject (peer, upward). */
export function isAnonymousComponent(component: Component): component is AnonymousComponent {
  return (ANONYMOUS_COMPONENTS as readonly Component[]).includes(component);
}

/**
 * The policy's `feedback.anonymousMinReviews` when a stored policy has none (policies older than the setting): as
 * established 360 products do, anonymous feedback is shown to its subject once at least 3 people gave it.
 */
export const DEFAULT_ANONYMOUS_MIN_REVIEWS = 3;

/** How many people submitted a review of one component about one person in one cycle. */
export interface ComponentCount {
  component: Component;
  reviewers: number;
}

/**
 * A peer or upward component whose reviews the person reviewed is not shown: `reviewers` people (at least one)
 * submitted one, fewer than the policy's `minReviews`, so the person could recognise who wrote what. The reviews
 * still count in the score.
 */
export interface WithheldComponent {
  component: AnonymousComponent;
  reviewers: number;
  minReviews: number;
}

/**
 * The anonymous components withheld from the person reviewed, in component order: those with at least one and fewer
 * than `minReviews` reviewers (`counts` as the score trace's component summary gives them, or `reviewerCounts`).
 * `minReviews` 1 withholds nothing.
 */
export function withheldComponents(
  counts: readonly ComponentCount[],
  minReviews: number,
): WithheldComponent[] {
  const out: WithheldComponent[] = [];
  for (const component of ANONYMOUS_COMPONENTS) {
    const reviewers = counts
      .filter((c) => c.component === component)
      .reduce((n, c) => n + Math.max(0, c.reviewers), 0);
    if (reviewers > 0 && reviewers < minReviews) out.push({ component, reviewers, minReviews });
  }
  return out;
}

/**
 * People who submitted a review of each component, counted once each (a reviewer's later review replaces their
 * earlier one, as in scoring): pass the reviews of one person in one cycle; drafts (`submittedAt` null) do not count.
 */
export function reviewerCounts(
  reviews: readonly { component: Component; reviewerId: string; submittedAt: string | null }[],
): ComponentCount[] {
  const seen = new Map<Component, Set<string>>();
  for (const r of reviews) {
    if (r.submittedAt === null) continue;
    const set = seen.get(r.component) ?? new Set<string>();
    set.add(r.reviewerId);
    seen.set(r.component, set);
  }
  return [...seen].map(([component, set]) => ({ component, reviewers: set.size }));
}

/**
 * An instant as the person reviewed is told it about anonymous feedback: the start of its UTC day
 * (`2026-05-04T00:00:00.000Z`), so matching times cannot link an anonymous review to who answered a request.
 * Null stays null; a value that is not a time is returned as it is.
 */
export function utcDay(iso: string): string;
export function utcDay(iso: string | null): string | null;
export function utcDay(iso: string | null): string | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 10)}T00:00:00.000Z`;
}
