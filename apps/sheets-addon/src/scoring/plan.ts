// From judged rows to API batches (one per person, all or nothing), packed into bulk requests, and from the API's answers back to row outcomes.
import { createHash } from 'node:crypto';
import type {
  Problem as ApiProblem,
  BulkScoreEntries,
  PersonOutcome,
  ScoreEntries,
} from '../perfloop/schemas.ts';
import { StaleRecords } from '../perfloop/schemas.ts';
import type { AssessedRow, Problem } from './assess.ts';

/** One person's edits, applied together or not at all. */
export interface PersonBatch {
  personId: string;
  rows: AssessedRow[];
  body: ScoreEntries;
}

/** Several people's batches sent in one `POST /v1/cycles/{id}/score-entries` (each person still all or nothing). */
export interface Chunk {
  batches: PersonBatch[];
  body: BulkScoreEntries;
  /** Same export and body → same key: a repeat (after a lost answer or a failed write-back) replays. */
  idempotencyKey: string;
}

/** The API's bounds on one bulk request: people, and entries (actuals plus ratings) in all. */
export const CHUNK_LIMITS = { people: 100, entries: 2000 } as const;

/** How an import leaves a row. */
export type Outcome =
  | { kind: 'keep' }
  | { kind: 'stale' }
  | { kind: 'gone' }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'conflict'; problems: Problem[] }
  | { kind: 'held'; reason: string }
  | { kind: 'rejected'; problems: Problem[] }
  | { kind: 'applied' }
  | { kind: 'synced' };

export interface ImportPlan {
  batches: PersonBatch[];
  /** Outcomes known before calling the API (by row number). */
  outcomes: Map<number, Outcome>;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function idempotencyKey(exportId: string, body: BulkScoreEntries): string {
  const hash = createHash('sha256').update(canonical(body)).digest('hex').slice(0, 32);
  return `sheets:${exportId}:${hash}`;
}

const entriesOf = (b: PersonBatch) => b.body.goals.length + (b.body.managerReview?.ratings.length ?? 0);

/** One bulk request of these batches (in this order). */
export function chunkOf(batches: readonly PersonBatch[], exportId: string): Chunk {
  const body: BulkScoreEntries = { people: batches.map((b) => ({ personId: b.personId, ...b.body })) };
  return { batches: [...batches], body, idempotencyKey: idempotencyKey(exportId, body) };
}

/**
 * Packs the batches, in order, into as few bulk requests as the API's bounds allow. The same sheet
 * gives the same chunks, so a repeated import sends the same bodies under the same keys.
 */
export function chunkBatches(
  batches: readonly PersonBatch[],
  exportId: string,
  limits: { people: number; entries: number } = CHUNK_LIMITS,
): Chunk[] {
  const chunks: Chunk[] = [];
  let current: PersonBatch[] = [];
  let entries = 0;
  for (const batch of batches) {
    const n = entriesOf(batch);
    if (current.length > 0 && (current.length >= limits.people || entries + n > limits.entries)) {
      chunks.push(chunkOf(current, exportId));
      current = [];
      entries = 0;
    }
    current.push(batch);
    entries += n;
  }
  if (current.length > 0) chunks.push(chunkOf(current, exportId));
  return chunks;
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? 'nothing' : String(v));

function conflictProblems(row: AssessedRow): Problem[] {
  const out: Problem[] = [];
  if (row.current && 'actual' in row.current) {
    out.push({
      column: 'actual',
      message: `Changed in Perfloop since export (now ${fmt(row.current.actual)}): not overwritten. Refresh, then enter your value again if it still holds.`,
    });
  }
  if (row.current && 'rating' in row.current) {
    out.push({
      column: 'rating',
      message: `Your manager review changed in Perfloop since export (this goal now ${fmt(row.current.rating)}): not overwritten. Refresh, then rate again.`,
    });
  }
  return out;
}

/**
 * Groups the rows by person. A person with any invalid or conflicting row imports nothing (their
 * other edits are held); everyone else becomes one batch of goal actuals and manager-review ratings.
 */
export function planImport(rows: readonly AssessedRow[]): ImportPlan {
  const outcomes = new Map<number, Outcome>();
  const byPerson = new Map<string, AssessedRow[]>();
  for (const row of rows) {
    switch (row.verdict) {
      case 'unchanged':
        outcomes.set(row.rowNumber, { kind: 'keep' });
        continue;
      case 'stale':
        outcomes.set(row.rowNumber, { kind: 'stale' });
        continue;
      case 'gone':
        outcomes.set(row.rowNumber, { kind: 'gone' });
        continue;
      case 'invalid':
        outcomes.set(row.rowNumber, { kind: 'invalid', problems: row.problems });
        break;
      case 'conflict':
        outcomes.set(row.rowNumber, { kind: 'conflict', problems: conflictProblems(row) });
        break;
      default:
        break;
    }
    if (row.personId === '') continue;
    byPerson.set(row.personId, [...(byPerson.get(row.personId) ?? []), row]);
  }
  const batches: PersonBatch[] = [];
  for (const [personId, personRows] of byPerson) {
    const blocking = personRows.find((r) => r.verdict === 'invalid' || r.verdict === 'conflict');
    const edits = personRows.filter((r) => r.verdict === 'edit' || r.verdict === 'synced');
    if (blocking) {
      for (const r of edits) {
        outcomes.set(r.rowNumber, {
          kind: 'held',
          reason: `Not imported: fix row ${blocking.rowNumber} first (a person’s rows import together).`,
        });
      }
      continue;
    }
    const goals = edits.flatMap((r) =>
      r.actual !== undefined ? [{ goalId: r.goalId, version: r.goalVersion, actual: r.actual }] : [],
    );
    const ratings = edits.flatMap((r) =>
      r.rating !== undefined ? [{ goalId: r.goalId, rating: r.rating }] : [],
    );
    for (const r of edits) if (r.verdict === 'synced') outcomes.set(r.rowNumber, { kind: 'synced' });
    if (goals.length === 0 && ratings.length === 0) continue;
    const body: ScoreEntries = { goals };
    // Rating rows judged `edit` carry the review's current version (others are conflicts or already in sync).
    const rated = edits.find((r) => r.rating !== undefined);
    if (ratings.length > 0) body.managerReview = { version: rated?.reviewVersion ?? null, ratings };
    batches.push({ personId, rows: edits.filter((r) => r.verdict === 'edit'), body });
  }
  return { batches, outcomes };
}

/** Row outcomes of one person's outcome in a bulk answer (exactly what the per-person answer would give). */
export function personOutcomes(batch: PersonBatch, o: PersonOutcome): Map<number, Outcome> {
  if (o.outcome === 'applied') return appliedOutcomes(batch);
  if (o.outcome === 'conflict') {
    return refusedOutcomes(batch, o.status, {
      status: o.status,
      code: o.code,
      ...(o.detail !== undefined ? { detail: o.detail } : {}),
      details: { records: o.records },
    });
  }
  return refusedOutcomes(batch, o.status, {
    status: o.status,
    code: o.code,
    ...(o.detail !== undefined ? { detail: o.detail } : {}),
    errors: o.errors,
  });
}

/** Row outcomes of a batch the API applied. */
export function appliedOutcomes(batch: PersonBatch): Map<number, Outcome> {
  return new Map(batch.rows.map((row) => [row.rowNumber, { kind: 'applied' } as const]));
}

/** Which rows a refusal is about: the API's field paths (`goals.<i>…`, `managerReview.ratings.<i>…`) point at entries. */
export function refusedOutcomes(
  batch: PersonBatch,
  status: number,
  problem: ApiProblem,
): Map<number, Outcome> {
  const out = new Map<number, Outcome>();
  const goalRow = new Map(batch.body.goals.map((g, i) => [i, g.goalId]));
  const ratingRow = new Map((batch.body.managerReview?.ratings ?? []).map((r, i) => [i, r.goalId]));
  const rowOf = (goalId: string | undefined) => batch.rows.find((r) => r.goalId === goalId);
  if (status === 412 && problem.code === 'stale_version') {
    const stale = StaleRecords.safeParse(problem.details);
    const goals = new Set(
      stale.success ? stale.data.records.flatMap((r) => (r.kind === 'goal' && r.id ? [r.id] : [])) : [],
    );
    const review = stale.success && stale.data.records.some((r) => r.kind === 'review');
    for (const row of batch.rows) {
      const problems: Problem[] = [];
      if (row.actual !== undefined && goals.has(row.goalId)) {
        problems.push({
          column: 'actual',
          message:
            'Changed in Perfloop while you were importing: not overwritten. Refresh, then enter your value again.',
        });
      }
      if (row.rating !== undefined && review) {
        problems.push({
          column: 'rating',
          message:
            'Your manager review changed in Perfloop while you were importing: not overwritten. Refresh, then rate again.',
        });
      }
      out.set(
        row.rowNumber,
        problems.length
          ? { kind: 'conflict', problems }
          : {
              kind: 'held',
              reason: 'Not imported: another row of this person changed in Perfloop meanwhile.',
            },
      );
    }
    return out;
  }
  for (const e of problem.errors ?? []) {
    const m = /^(goals|managerReview\.ratings)\.(\d+)\.(\w+)/.exec(e.path);
    if (!m) continue;
    const goalId = m[1] === 'goals' ? goalRow.get(Number(m[2])) : ratingRow.get(Number(m[2]));
    const row = rowOf(goalId);
    if (!row) continue;
    const column = m[1] === 'goals' ? 'actual' : 'rating';
    const previous = out.get(row.rowNumber);
    const problems = previous && previous.kind === 'rejected' ? previous.problems : [];
    out.set(row.rowNumber, { kind: 'rejected', problems: [...problems, { column, message: e.message }] });
  }
  const detail = problem.detail ?? `Perfloop refused this person’s changes (${status}).`;
  const pinned = out.size > 0;
  for (const row of batch.rows) {
    if (out.has(row.rowNumber)) continue;
    out.set(
      row.rowNumber,
      pinned
        ? { kind: 'held', reason: `Not imported: ${detail}` }
        : { kind: 'rejected', problems: [{ column: 'row', message: detail }] },
    );
  }
  return out;
}
