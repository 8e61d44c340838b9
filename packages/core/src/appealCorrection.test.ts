// Tests for appeal corrections: the rating shape of a resolution, and the move checked like a calibration move.
import { describe, expect, it } from 'vitest';
import {
  type AppealAdjustment,
  checkAppealRating,
  correctOnAppeal,
  isAppealMove,
  RatingMoveSchema,
} from './appealCorrection.ts';
import { toCalibratedRating } from './calibration.ts';
import type { StoredAdjustment } from './calibrationSession.ts';
import { POLICY_PRESETS } from './policy.ts';
import { unwrap } from './result.ts';

// Scale 1–5, evidenceMinChars 40.
const policy = POLICY_PRESETS.control;
const rated = toCalibratedRating({ subjectId: 'ava', score: 3.1, rating: 3 });
const NOTE = 'Your rating is raised to 4 after review of the outage evidence.';
const input = { toRating: 4, note: NOTE, actorId: 'hal', at: '2026-12-14T10:00:00Z' };

describe('checkAppealRating', () => {
  it('upheld takes no rating; changed needs both the corrected and the seen rating', () => {
    expect(checkAppealRating({ outcome: 'upheld' })).toEqual({ ok: true, value: null });
    expect(checkAppealRating({ outcome: 'changed', toRating: 4, fromRating: 3 }).ok).toBe(true);
    const upheld = checkAppealRating({ outcome: 'upheld', toRating: 4 });
    expect(upheld.ok ? null : [upheld.error.code, upheld.error.path]).toEqual([
      'rating_not_allowed',
      ['toRating'],
    ]);
    const seen = checkAppealRating({ outcome: 'upheld', fromRating: 3 });
    expect(seen.ok ? null : seen.error.path).toEqual(['fromRating']);
    const noRating = checkAppealRating({ outcome: 'changed', fromRating: 3 });
    expect(noRating.ok ? null : [noRating.error.code, noRating.error.path]).toEqual([
      'rating_required',
      ['toRating'],
    ]);
    const noSeen = checkAppealRating({ outcome: 'changed', toRating: 4 });
    expect(noSeen.ok ? null : [noSeen.error.code, noSeen.error.path]).toEqual([
      'rating_required',
      ['fromRating'],
    ]);
  });
});

describe('correctOnAppeal', () => {
  it('moves the rating, keeping the original and recording who, why and when', () => {
    const moved = unwrap(correctOnAppeal(rated, input, policy));
    expect(moved.original).toEqual({ score: 3.1, rating: 3 });
    expect(moved.current).toEqual({ score: 3.1, rating: 4 });
    expect(moved.adjustments).toEqual([
      { from: 3, to: 4, actorId: 'hal', justification: NOTE, at: '2026-12-14T10:00:00Z' },
    ]);
  });

  it('refuses what calibration refuses, pointing justification problems at the note', () => {
    const cases: [Partial<typeof input>, string, (string | number)[]][] = [
      [{ note: 'Raised to 4.' }, 'justification_required', ['note']],
      [{ toRating: 5, note: 'Raised to 5 after we reviewed it.' }, 'evidence_required', ['note']],
      [{ toRating: 1, note: 'Lowered to 1 after we reviewed it.' }, 'evidence_required', ['note']],
      [{ toRating: 7 }, 'rating_not_on_scale', ['toRating']],
      [{ toRating: 3 }, 'no_change', ['toRating']],
    ];
    for (const [over, code, path] of cases) {
      const out = correctOnAppeal(rated, { ...input, ...over }, policy);
      expect(out.ok ? null : [out.error.code, out.error.path]).toEqual([code, path]);
      if (!out.ok && code === 'justification_required') {
        expect(out.error.message).toContain('A changed result needs');
      }
    }
    // The highest rating with the policy's evidence length is a move like any other.
    const long = 'Raised to 5: the outage evidence shows every target would have been exceeded.';
    expect(unwrap(correctOnAppeal(rated, { ...input, toRating: 5, note: long }, policy)).current.rating).toBe(
      5,
    );
  });
});

describe('RatingMoveSchema', () => {
  const calibration: StoredAdjustment = {
    id: 'adj_1',
    sessionId: 'cal_1',
    cycleId: 'c1',
    subjectId: 'ava',
    from: 2,
    to: 3,
    actorId: 'hana',
    justification: 'Moved up after comparing with the team.',
    at: '2026-11-02T10:00:00Z',
  };
  const appeal: AppealAdjustment = {
    id: 'adj_2',
    kind: 'appeal',
    meetingId: 'fbm_1',
    cycleId: 'c1',
    subjectId: 'ava',
    from: 3,
    to: 4,
    actorId: 'hal',
    justification: NOTE,
    at: '2026-12-14T10:00:00Z',
  };

  it('reads both kinds of move and tells them apart', () => {
    expect(RatingMoveSchema.parse(calibration)).toEqual(calibration);
    expect(RatingMoveSchema.parse(appeal)).toEqual(appeal);
    expect(isAppealMove(RatingMoveSchema.parse(calibration))).toBe(false);
    expect(isAppealMove(RatingMoveSchema.parse(appeal))).toBe(true);
    // An appeal move names its meeting, never a session; nothing else passes.
    expect(RatingMoveSchema.safeParse({ ...appeal, meetingId: undefined }).success).toBe(false);
    expect(RatingMoveSchema.safeParse({ ...appeal, sessionId: 'cal_1' }).success).toBe(false);
    expect(RatingMoveSchema.safeParse({ ...calibration, kind: 'appeal' }).success).toBe(false);
  });
});
