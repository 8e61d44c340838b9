// The push's claim on check-ins the pull recorded from notes on a page (noteImports.ts).
import type { CheckIn } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { claimImported } from './noteImports.ts';
import type { GoalState } from './state.ts';

describe('claimImported', () => {
  const checkIn = (id: string, notes: string): CheckIn => ({
    id,
    cycleId: 'cyc',
    subjectId: 'per_sam',
    authorId: 'per_sam',
    kind: 'guidance_note',
    at: '2026-10-01T10:00:00.000Z',
    notes,
    goalUpdates: [{ goalId: 'g1', actual: null, progressNote: '' }],
    form: null,
  });
  const base: GoalState = { pageId: 'p', goal: null, version: 1, pushed: {} };
  const body = (notes: string) => ({
    subjectId: 'per_sam',
    notes,
    goalUpdates: [{ goalId: 'g1', goalVersion: 1, actual: null, progressNote: '' }],
  });

  it('takes a listed check-in off the list', () => {
    expect(claimImported({ ...base, importedNotes: ['c1', 'c2'] }, checkIn('c1', 'x'))).toEqual({
      ...base,
      importedNotes: ['c2'],
    });
    expect(claimImported({ ...base, importedNotes: ['c1'] }, checkIn('c1', 'x'))).toEqual(base);
  });

  it('knows an import in flight by id, or by its request before the id came back; others are not claimed', () => {
    const inFlight: GoalState = {
      ...base,
      importingNotes: [{ blocks: ['b'], parts: [{ key: 'k', body: body('hello') }] }],
    };
    const claimed = claimImported(inFlight, checkIn('c9', 'hello'));
    expect(claimed?.importingNotes?.[0]?.parts[0]).toEqual({
      key: 'k',
      body: body('hello'),
      checkInId: 'c9',
      noted: true,
    });
    expect(claimImported(inFlight, checkIn('c9', 'other'))).toBeNull();
    expect(claimImported(base, checkIn('c9', 'hello'))).toBeNull();
    const known: GoalState = {
      ...base,
      importingNotes: [{ blocks: ['b'], parts: [{ key: 'k', body: body('hello'), checkInId: 'c1' }] }],
    };
    expect(claimImported(known, checkIn('c2', 'hello'))).toBeNull();
    expect(claimImported(known, checkIn('c1', 'hello'))).not.toBeNull();
  });
});
