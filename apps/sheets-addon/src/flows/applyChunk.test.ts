// Applying one chunk: outcomes paired with batches; a 404 naming people refuses them and sends the others again once.
import { describe, expect, it } from 'vitest';
import { type ApplyOutcome, type PerfloopClient, PerfloopError } from '../perfloop/client.ts';
import type { BulkScoreEntries } from '../perfloop/schemas.ts';
import { chunkOf, type PersonBatch } from '../scoring/plan.ts';
import { applyChunk } from './applyChunk.ts';

const batch = (personId: string): PersonBatch => ({
  personId,
  rows: [],
  body: { goals: [{ goalId: `g_${personId}`, version: 1, actual: 1 }] },
});

/** A stand-in API: answers each request with `answer` and records what was sent. */
function standIn(answer: (body: BulkScoreEntries) => ApplyOutcome) {
  const sent: { body: BulkScoreEntries; key: string }[] = [];
  const api = {
    async applyScoreEntries(_cycleId: string, body: BulkScoreEntries, key: string) {
      sent.push({ body, key });
      return answer(body);
    },
  } as unknown as PerfloopClient;
  return { api, sent };
}

const applied = (body: BulkScoreEntries): ApplyOutcome => ({
  ok: true,
  result: {
    cycleId: 'cyc_1',
    people: body.people.map((p) => ({
      outcome: 'applied' as const,
      personId: p.personId,
      changed: true,
      goals: [],
      managerReview: null,
    })),
  },
});

describe('applyChunk', () => {
  it('pairs each person’s outcome with their batch, in one request', async () => {
    const { api, sent } = standIn(applied);
    const chunk = chunkOf([batch('per_a'), batch('per_b')], 'exp_1');
    const out = await applyChunk(api, 'cyc_1', 'exp_1', chunk);
    expect(out.map((r) => [r.batch.personId, r.outcome.outcome])).toEqual([
      ['per_a', 'applied'],
      ['per_b', 'applied'],
    ]);
    expect(sent).toEqual([{ body: chunk.body, key: chunk.idempotencyKey }]);
  });

  it('a 404 naming people refuses them and sends the others once more, under their own key', async () => {
    const { api, sent } = standIn((body) =>
      body.people.some((p) => p.personId === 'per_gone')
        ? {
            ok: false,
            error: new PerfloopError(404, {
              status: 404,
              code: 'not_found',
              detail: '1 of the people were not found.',
              errors: [{ path: 'people.1.personId', message: 'no such person', code: 'not_found' }],
            }),
          }
        : applied(body),
    );
    const chunk = chunkOf([batch('per_a'), batch('per_gone'), batch('per_b')], 'exp_1');
    const out = await applyChunk(api, 'cyc_1', 'exp_1', chunk);
    expect(
      out.map((r) => [r.batch.personId, r.outcome.outcome, 'status' in r.outcome ? r.outcome.status : 200]),
    ).toEqual([
      ['per_gone', 'refused', 404],
      ['per_a', 'applied', 200],
      ['per_b', 'applied', 200],
    ]);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.body.people.map((p) => p.personId)).toEqual(['per_a', 'per_b']);
    expect(sent[1]?.key).not.toBe(chunk.idempotencyKey);
  });

  it('any other refusal of the whole request refuses everyone in it with that problem', async () => {
    const { api, sent } = standIn(() => ({
      ok: false,
      error: new PerfloopError(409, { status: 409, code: 'wrong_phase', detail: 'The cycle is closed.' }),
    }));
    const out = await applyChunk(api, 'cyc_1', 'exp_1', chunkOf([batch('per_a'), batch('per_b')], 'exp_1'));
    expect(out.map((r) => r.outcome)).toEqual([
      {
        outcome: 'refused',
        personId: 'per_a',
        status: 409,
        code: 'wrong_phase',
        detail: 'The cycle is closed.',
        errors: [],
      },
      {
        outcome: 'refused',
        personId: 'per_b',
        status: 409,
        code: 'wrong_phase',
        detail: 'The cycle is closed.',
        errors: [],
      },
    ]);
    expect(sent).toHaveLength(1);
  });
});
