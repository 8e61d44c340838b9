// Sending one chunk of people to the API's bulk score entries: each person's outcome, also when the whole request is refused.
import type { PerfloopClient, PerfloopError } from '../perfloop/client.ts';
import type { PersonOutcome } from '../perfloop/schemas.ts';
import { type Chunk, chunkOf, type PersonBatch } from '../scoring/plan.ts';

/** A person's outcome in the chunk's answer, next to their batch. */
export interface ChunkResult {
  batch: PersonBatch;
  outcome: PersonOutcome;
}

/** Every person of `batches` refused with the whole request's problem (no per-field errors: they are about the request). */
function refusedAll(batches: readonly PersonBatch[], error: PerfloopError): ChunkResult[] {
  return batches.map((batch) => ({
    batch,
    outcome: {
      outcome: 'refused',
      personId: batch.personId,
      status: error.status,
      code: error.code,
      detail: error.message,
      errors: [],
    },
  }));
}

/** The indexes of `people.<i>.personId` the API could not find (a 404 naming them), if that is what it said. */
function missingPeople(error: PerfloopError, count: number): Set<number> | null {
  if (error.status !== 404) return null;
  const found = new Set<number>();
  for (const e of error.problem.errors ?? []) {
    const m = /^people\.(\d+)\.personId$/.exec(e.path);
    if (m) found.add(Number(m[1]));
  }
  return found.size > 0 && found.size < count ? found : null;
}

/**
 * Applies one chunk: one request, one outcome per person. If the API refuses the whole request
 * because some people are no longer visible to the user (404 naming them — someone moved team since
 * the sheet was read), those people are refused and the others are sent once more on their own, so a
 * change to one person never holds back the rest.
 */
export async function applyChunk(
  api: PerfloopClient,
  cycleId: string,
  exportId: string,
  chunk: Chunk,
): Promise<ChunkResult[]> {
  const first = await api.applyScoreEntries(cycleId, chunk.body, chunk.idempotencyKey);
  if (first.ok) return pair(chunk.batches, first.result.people);
  const missing = missingPeople(first.error, chunk.batches.length);
  if (!missing) return refusedAll(chunk.batches, first.error);
  const gone = chunk.batches.filter((_, i) => missing.has(i));
  const rest = chunkOf(
    chunk.batches.filter((_, i) => !missing.has(i)),
    exportId,
  );
  const goneResults = refusedAll(gone, first.error);
  const second = await api.applyScoreEntries(cycleId, rest.body, rest.idempotencyKey);
  return [
    ...goneResults,
    ...(second.ok ? pair(rest.batches, second.result.people) : refusedAll(rest.batches, second.error)),
  ];
}

/** Outcomes come back one per person in request order; matched by person id all the same. */
function pair(batches: readonly PersonBatch[], people: readonly PersonOutcome[]): ChunkResult[] {
  const byPerson = new Map(people.map((o) => [o.personId, o]));
  return batches.map((batch) => ({
    batch,
    outcome: byPerson.get(batch.personId) ?? {
      outcome: 'refused',
      personId: batch.personId,
      status: 502,
      code: 'unexpected_response',
      detail: 'Perfloop’s answer did not include this person.',
      errors: [],
    },
  }));
}
