// Peer and upward reviewers stay hidden from the person reviewed on HR's own listings too (audit log, change feed): the one decision and the masking of a logged record.
import { ANONYMOUS_COMPONENTS } from '@perfloop/core';
import { z } from 'zod';
import { scoreForReader } from './anonymity.ts';
import { seesReviewers, type Viewer } from './reviewRules.ts';
import { type PersonScoreBody, PersonScoreSchema } from './scoreSchemas.ts';

/** The actor shown instead of a hidden reviewer (or whoever else acted on a hidden review or request). */
export const ANONYMOUS_ACTOR = 'anonymous';

/** The resource kinds whose records name a reviewer: reviews and feedback requests. */
const REVIEWER_KINDS: ReadonlySet<string> = new Set(['reviews', 'feedback_requests']);

/** Whether records of this kind name a reviewer (`reviews`, `feedback_requests`). */
export function namesReviewer(kind: string | null): boolean {
  return kind !== null && REVIEWER_KINDS.has(kind);
}

/** The resource kinds whose records keep a score explanation: results and next-cycle drafts. */
const SCORE_KINDS: ReadonlySet<string> = new Set(['results', 'next_cycle_drafts']);

/** Whether records of this kind keep a score explanation, of the cycle `scoreCycleOf` names (`results`, `next_cycle_drafts`). */
export function keepsScores(kind: string | null): boolean {
  return kind !== null && SCORE_KINDS.has(kind);
}

/** The cycle a stored or logged record's kept scores are of: a draft's `fromCycleId`, else its `cycleId`; null when neither. */
export function scoreCycleOf(data: unknown): string | null {
  if (!isObject(data)) return null;
  if (typeof data.fromCycleId === 'string') return data.fromCycleId;
  return typeof data.cycleId === 'string' ? data.cycleId : null;
}

/** Who a review or feedback request is about, who wrote it (or was asked for it), and as what. */
export interface ReviewerFacts {
  subjectId: string;
  reviewerId: string;
  component: string;
}

const FactsSchema = z.object({ subjectId: z.string(), reviewerId: z.string(), component: z.string() });

/** The facts of a stored review or feedback request (its data), or null when they cannot be read from it. */
export function reviewerFacts(data: unknown): ReviewerFacts | null {
  const parsed = FactsSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

const anonymous: ReadonlySet<string> = new Set(ANONYMOUS_COMPONENTS);

/**
 * Whether a reader must not learn who wrote (or was asked for) a review or feedback request: a peer or upward one,
 * not the reader's own, whose subject the reader does not see every reviewer of (`seesReviewers`). For HR — whose
 * reach covers everyone else — exactly those about themselves. An API key (no person) is nobody's subject: nothing
 * is hidden from it here. Facts that could not be read (null) hide the reviewer: never trusted to be harmless.
 */
export function hidesReviewer(reader: Viewer, facts: ReviewerFacts | null): boolean {
  if (reader.personId === null) return false;
  if (facts === null) return true;
  return (
    facts.reviewerId !== reader.personId &&
    anonymous.has(facts.component) &&
    !seesReviewers(reader, facts.subjectId)
  );
}

/** Fields naming the reviewer, or the review that answered a request (which names them to whoever reads it). */
const REVIEWER_FIELDS: ReadonlySet<string> = new Set(['reviewerId', 'reviewId']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An update's field diff `{ from, to }` (audit `changed`). */
const isDiff = (v: unknown): v is { from: unknown; to: unknown } =>
  isObject(v) && Object.keys(v).length === 2 && 'from' in v && 'to' in v;

/**
 * A logged record (an audit entry's `data`, a feed event's `data`) with the reviewer taken out: `reviewerId` and
 * the answering `reviewId` null wherever they appear (`{ from: null, to: null }` in an update's diff), and any
 * other value that is the reviewer's id (who closed a request they answered or declined, who asked when they
 * asked themselves) null too. Everything else is returned as it is.
 */
export function withoutReviewer(value: unknown, reviewerId: string | null): unknown {
  if (reviewerId !== null && value === reviewerId) return null;
  if (Array.isArray(value)) return value.map((v) => withoutReviewer(v, reviewerId));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (!REVIEWER_FIELDS.has(k)) return [k, withoutReviewer(v, reviewerId)];
      return [k, isDiff(v) ? { from: null, to: null } : null];
    }),
  );
}

/** What a review says: its ratings (with their comments) and its summary. */
const CONTENT_FIELDS: ReadonlySet<string> = new Set(['ratings', 'summary']);

/**
 * Whether a reader must not read what a review says from the log: a review about the reader written by someone else
 * (any component — the manager's too). The person reviewed reads what their reviews say through the reviews routes,
 * from the `feedback` phase on and without peer or upward reviewers; an HR administrator's reach over the log would
 * otherwise show it before then. Facts that could not be read (null) hide it.
 */
export function hidesContent(reader: Viewer, facts: ReviewerFacts | null): boolean {
  if (reader.personId === null) return false;
  if (facts === null) return true;
  return facts.subjectId === reader.personId && facts.reviewerId !== reader.personId;
}

/** A logged review with what it says taken out: `ratings` and `summary` null (`{ from: null, to: null }` in a diff). */
export function withoutContent(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutContent);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (!CONTENT_FIELDS.has(k)) return [k, withoutContent(v)];
      return [k, isDiff(v) ? { from: null, to: null } : null];
    }),
  );
}

/** A kept score body (a result's or a next-cycle draft's `explanation`): `subjectId`, `score`, `original`, `warnings`. */
const isScoreBody = (v: unknown): v is Record<string, unknown> & { subjectId: string } =>
  isObject(v) &&
  typeof v.subjectId === 'string' &&
  'score' in v &&
  'original' in v &&
  Array.isArray(v.warnings);

/**
 * Score explanations kept inside a logged record (results, next-cycle drafts) as the reader may see them: each score
 * body about someone the reader does not see every reviewer of goes through `scoreForReader` with `minReviews`, the
 * anonymity threshold of the cycle it is of (for HR: their own, without a peer or upward reviewer in its warnings and
 * text, and without what the threshold withholds); one that cannot be read as a score is left out (null). `redacted`
 * says whether anything was changed.
 */
export function scoresForReader(
  reader: Viewer,
  value: unknown,
  minReviews: number,
): { value: unknown; redacted: boolean } {
  if (isScoreBody(value) && !seesReviewers(reader, value.subjectId)) {
    if (!PersonScoreSchema.safeParse(value).success) return { value: null, redacted: true };
    const body = value as unknown as PersonScoreBody;
    const shown = scoreForReader(reader, body, minReviews);
    return shown === body ? { value, redacted: false } : { value: shown, redacted: true };
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => scoresForReader(reader, v, minReviews));
    return items.some((i) => i.redacted)
      ? { value: items.map((i) => i.value), redacted: true }
      : { value, redacted: false };
  }
  if (!isObject(value)) return { value, redacted: false };
  const entries = Object.entries(value).map(([k, v]) => [k, scoresForReader(reader, v, minReviews)] as const);
  return entries.some(([, r]) => r.redacted)
    ? { value: Object.fromEntries(entries.map(([k, r]) => [k, r.value])), redacted: true }
    : { value, redacted: false };
}

/** One logged change: its resource kind and id, and its data (audit `created`/`changed`/`deleted`, or feed data). */
export interface LoggedChange {
  kind: string | null;
  resourceId: string | null;
  data: unknown;
}

/** A logged change as the reader may see it: its data, whether to hide its actor, whether anything was redacted. */
export interface LoggedView {
  data: unknown;
  hideActor: boolean;
  redacted: boolean;
}

/** The key of a stored record in the map `loggedForReader` reads (`<kind>:<id>`). */
export const recordKey = (kind: string, id: string) => `${kind}:${id}`;

/** The cycle a logged change's kept scores are of: from its stored record (`records`), else from the logged data. */
export function loggedScoreCycle(change: LoggedChange, records: ReadonlyMap<string, unknown>): string | null {
  const stored =
    change.kind === null || change.resourceId === null
      ? undefined
      : records.get(recordKey(change.kind, change.resourceId));
  const data = change.data;
  const logged = isObject(data) && isObject(data.created) ? data.created : data;
  return scoreCycleOf(stored) ?? scoreCycleOf(logged);
}

/**
 * A logged change as the reader may see it. A change to a review or feedback request whose reviewer is hidden from
 * the reader (`hidesReviewer`, with the facts of the stored record — `records` maps `recordKey` to its data — or,
 * when it is not there, of the logged data itself) loses its reviewer (`withoutReviewer`) and its actor (the
 * reviewer who wrote, answered or declined it; whoever else acted on it is left out with them, as the log's order
 * would otherwise link the two). A review about the reader by someone else also loses what it says (`hidesContent`,
 * `withoutContent`) — a withheld review included (under the anonymity threshold: never shown to the reader at all).
 * Kept score explanations go through `scoresForReader` with the anonymity threshold of the cycle they are of
 * (`loggedScoreCycle`, `minReviewsOf`). An API key's reader (no person) sees everything as it is.
 */
export function loggedForReader(
  reader: Viewer,
  change: LoggedChange,
  records: ReadonlyMap<string, unknown>,
  minReviewsOf: (cycleId: string | null) => number,
): LoggedView {
  const asIs = { data: change.data, hideActor: false, redacted: false };
  if (reader.personId === null) return asIs;
  let data = change.data;
  let hideActor = false;
  let contentHidden = false;
  if (namesReviewer(change.kind)) {
    const stored =
      change.resourceId === null ? undefined : records.get(recordKey(change.kind ?? '', change.resourceId));
    const logged = isObject(data) && isObject(data.created) ? data.created : data;
    const facts = reviewerFacts(stored) ?? reviewerFacts(logged);
    if (hidesReviewer(reader, facts)) {
      data = withoutReviewer(data, facts?.reviewerId ?? null);
      hideActor = true;
    }
    if (change.kind === 'reviews' && hidesContent(reader, facts)) {
      data = withoutContent(data);
      contentHidden = true;
    }
  }
  const scores = scoresForReader(reader, data, minReviewsOf(loggedScoreCycle(change, records)));
  return { data: scores.value, hideActor, redacted: hideActor || contentHidden || scores.redacted };
}
