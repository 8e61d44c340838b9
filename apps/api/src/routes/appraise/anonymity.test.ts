// Score bodies and evidence issues as their reader may see them: peer and upward reviewers hidden from the subject.
import { describe, expect, it } from 'vitest';
import { evidenceForReader, scoreForReader } from './anonymity.ts';
import type { Viewer } from './reviewRules.ts';
import type { PersonScoreBody } from './scoreSchemas.ts';

const viewer = (personId: string | null, manages: string[] = []): Viewer => ({
  personId,
  canManage: (id) => manages.includes(id),
});
const rating = { value: 3, label: 'Meets' };
const peerWarning = {
  code: 'superseded_review',
  message: 'Review r1 by pia (peer) is replaced by their later review r2.',
  details: { reviewId: 'r1', supersededBy: 'r2', reviewerId: 'pia', component: 'peer' },
};
const body = (over: Partial<PersonScoreBody> = {}): PersonScoreBody => ({
  subjectId: 'sam',
  score: 3,
  rating,
  original: { score: 3, rating },
  calibrated: false,
  adjustments: [],
  warnings: [peerWarning],
  ...over,
});

describe('scoreForReader', () => {
  it('hands the manager chain the very same body', () => {
    const b = body({ explanation: 'Warnings:\n  - [superseded_review] Review r1 by pia (peer) …' });
    expect(scoreForReader(viewer('hana', ['sam']), b)).toBe(b);
  });

  it('hides the peer from the subject, and from anyone who does not see every reviewer', () => {
    for (const reader of [viewer('sam'), viewer('gwen'), viewer(null)]) {
      const shown = scoreForReader(reader, body());
      expect(shown.warnings[0]?.details).toEqual({ reviewId: 'r1', supersededBy: 'r2', component: 'peer' });
      expect(JSON.stringify(shown)).not.toContain('pia');
    }
  });

  it('leaves out a kept text it cannot say again (no trace) rather than cut it', () => {
    const shown = scoreForReader(viewer('sam'), body({ explanation: 'Review r1 by pia (peer)' }));
    expect('explanation' in shown).toBe(false);
    expect(JSON.stringify(shown)).not.toContain('pia');
  });

  it('keeps a body with nothing to hide as it is', () => {
    const b = body({ warnings: [{ code: 'missing_actual', message: 'Goal "x" has no actual yet.' }] });
    expect(scoreForReader(viewer('sam'), b)).toBe(b);
  });
});

describe('evidenceForReader', () => {
  const issue = (reviewId: string, reviewerId: string) => ({
    reviewId,
    subjectId: 'erin',
    reviewerId,
    goalId: 'g',
    rating: 5,
    chars: 0,
    required: 20,
  });
  const reviews = [
    { id: 'p', component: 'peer' },
    { id: 'u', component: 'upward' },
    { id: 'm', component: 'manager' },
  ].map((r) => ({
    ...r,
    cycleId: 'c',
    subjectId: 'erin',
    reviewerId: 'x',
    ratings: [],
    summary: '',
    submittedAt: '2026-03-01T10:00:00Z',
  })) as Parameters<typeof evidenceForReader>[2];
  const issues = [issue('p', 'mo'), issue('u', 'paul'), issue('m', 'cat'), issue('gone', 'zed')];

  it('names the manager to the subject, never a peer, an upward reviewer or one it cannot place', () => {
    expect(evidenceForReader(viewer('erin'), issues, reviews).map((i) => i.reviewerId)).toEqual([
      null,
      null,
      'cat',
      null,
    ]);
    expect(evidenceForReader(viewer('hal', ['erin']), issues, reviews)).toEqual(issues);
  });
});
