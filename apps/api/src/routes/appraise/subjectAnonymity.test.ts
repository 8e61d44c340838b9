// The subject-anonymity decision and the masking of logged reviews, feedback requests and kept explanations.
import { describe, expect, it } from 'vitest';
import type { Viewer } from './reviewRules.ts';
import { explainedBody } from './scoreBodyFixture.ts';
import type { PersonScoreBody } from './scoreSchemas.ts';
import {
  hidesReviewer,
  loggedForReader,
  loggedScoreCycle,
  recordKey,
  reviewerFacts,
  scoresForReader,
  withoutReviewer,
} from './subjectAnonymity.ts';

/** An HR administrator (canManage holds for everyone). */
const hr = (personId: string): Viewer => ({ personId, canManage: () => true });
const manager = (personId: string, manages: string[]): Viewer => ({
  personId,
  canManage: (id) => manages.includes(id),
});
const apiKey: Viewer = { personId: null, canManage: () => false };
const facts = (component: string, over: Partial<{ subjectId: string; reviewerId: string }> = {}) => ({
  subjectId: 'hal',
  reviewerId: 'pia',
  component,
  ...over,
});

describe('hidesReviewer', () => {
  it('hides a peer or upward reviewer from the subject, HR included', () => {
    expect(hidesReviewer(hr('hal'), facts('peer'))).toBe(true);
    expect(hidesReviewer(hr('hal'), facts('upward'))).toBe(true);
    expect(hidesReviewer(manager('hal', []), facts('peer'))).toBe(true);
  });

  it('never self or manager reviewers, never from the reviewer, never about someone else HR sees', () => {
    expect(hidesReviewer(hr('hal'), facts('self', { reviewerId: 'hal' }))).toBe(false);
    expect(hidesReviewer(hr('hal'), facts('manager', { reviewerId: 'cat' }))).toBe(false);
    expect(hidesReviewer(hr('pia'), facts('peer'))).toBe(false);
    expect(hidesReviewer(hr('gwen'), facts('peer'))).toBe(false);
    expect(hidesReviewer(manager('cat', ['hal']), facts('upward'))).toBe(false);
  });

  it('API keys are nobody’s subject; unreadable facts hide the reviewer from people', () => {
    expect(hidesReviewer(apiKey, facts('peer'))).toBe(false);
    expect(hidesReviewer(apiKey, null)).toBe(false);
    expect(hidesReviewer(hr('gwen'), null)).toBe(true);
  });
});

describe('reviewerFacts', () => {
  it('reads subject, reviewer and component from a stored review or request; null otherwise', () => {
    expect(reviewerFacts({ id: 'r1', ...facts('peer'), ratings: [] })).toEqual(facts('peer'));
    expect(reviewerFacts({ subjectId: 'hal', component: 'peer' })).toBeNull();
    expect(reviewerFacts(null)).toBeNull();
  });
});

describe('withoutReviewer', () => {
  it('nulls reviewerId and the answering reviewId, in a record and in an update’s diff', () => {
    expect(withoutReviewer({ created: { id: 'r1', ...facts('peer'), summary: 'Great' } }, 'pia')).toEqual({
      created: { id: 'r1', subjectId: 'hal', reviewerId: null, component: 'peer', summary: 'Great' },
    });
    expect(
      withoutReviewer(
        {
          changed: {
            state: { from: 'pending', to: 'submitted' },
            reviewId: { from: null, to: 'r1' },
            closedBy: { from: null, to: 'pia' },
          },
        },
        'pia',
      ),
    ).toEqual({
      changed: {
        state: { from: 'pending', to: 'submitted' },
        reviewId: { from: null, to: null },
        closedBy: { from: null, to: null },
      },
    });
  });

  it('nulls any value that is the reviewer’s id, and only those', () => {
    const request = {
      ...facts('peer'),
      requestedBy: 'cat',
      closedBy: 'pia',
      reviewId: 'r1',
      tags: ['pia', 'x'],
    };
    expect(withoutReviewer(request, 'pia')).toEqual({
      subjectId: 'hal',
      reviewerId: null,
      component: 'peer',
      requestedBy: 'cat',
      closedBy: null,
      reviewId: null,
      tags: [null, 'x'],
    });
    // Unknown reviewer: the named fields still go.
    expect(withoutReviewer({ reviewerId: 'pia', closedBy: 'pia' }, null)).toEqual({
      reviewerId: null,
      closedBy: 'pia',
    });
  });
});

const rating = { value: 3, label: 'Meets' };
const peerWarning = {
  code: 'superseded_review',
  message: 'Review r1 by pia (peer) is replaced by their later review r2.',
  details: { reviewId: 'r1', supersededBy: 'r2', reviewerId: 'pia', component: 'peer' },
};
const score = (subjectId: string): PersonScoreBody => ({
  subjectId,
  score: 3,
  rating,
  original: { score: 3, rating },
  calibrated: false,
  adjustments: [],
  warnings: [peerWarning],
});

describe('scoresForReader', () => {
  it('takes the peer out of a kept explanation about the reader, wherever it sits', () => {
    const created = { created: { id: 'res1', personId: 'hal', explanation: score('hal') } };
    const shown = scoresForReader(hr('hal'), created, 3);
    expect(shown.redacted).toBe(true);
    expect(JSON.stringify(shown.value)).not.toContain('pia');
    expect(shown.value).toMatchObject({
      created: { id: 'res1', explanation: { subjectId: 'hal', score: 3 } },
    });
    const diff = { changed: { explanation: { from: score('hal'), to: score('hal') } } };
    const diffShown = scoresForReader(hr('hal'), diff, 3);
    expect(diffShown.redacted).toBe(true);
    expect(JSON.stringify(diffShown.value)).not.toContain('pia');
  });

  it('leaves explanations about others, and those naming nobody, as they are (the same object)', () => {
    const others = { created: { explanation: score('sam') } };
    expect(scoresForReader(hr('hal'), others, 3)).toEqual({ value: others, redacted: false });
    const clean = { created: { explanation: { ...score('hal'), warnings: [] } } };
    expect(scoresForReader(hr('hal'), clean, 3)).toEqual({ value: clean, redacted: false });
    // Not a score: a feedback meeting's formality warnings are about its text, never a reviewer.
    const tooShort = { code: 'too_short', message: 'Only 12 characters.', details: { chars: 12 } };
    const meeting = { created: { subjectId: 'hal', summary: 'Good half.', warnings: [tooShort] } };
    expect(scoresForReader(hr('hal'), meeting, 3)).toEqual({ value: meeting, redacted: false });
  });

  it('leaves out an explanation about the reader that cannot be read as a score', () => {
    const broken = { created: { explanation: { ...score('hal'), score: 'high' } } };
    expect(scoresForReader(hr('hal'), broken, 3)).toEqual({
      value: { created: { explanation: null } },
      redacted: true,
    });
  });
});

describe('loggedForReader', () => {
  /** Every cycle's anonymity threshold: 3. */
  const three = () => 3;
  const review = { id: 'r1', cycleId: 'c1', ...facts('peer'), ratings: [], summary: '', submittedAt: null };

  it('masks a change to a hidden review: reviewer out, actor hidden, whatever the data says', () => {
    const records = new Map([[recordKey('reviews', 'r1'), review]]);
    // A submission's diff does not name the reviewer: the stored record tells whose review it is.
    const submit = {
      kind: 'reviews',
      resourceId: 'r1',
      data: { changed: { submittedAt: { from: null, to: 't' } } },
    };
    expect(loggedForReader(hr('hal'), submit, records, three)).toEqual({
      data: submit.data,
      hideActor: true,
      redacted: true,
    });
    // Not stored (or not found): the logged data's own facts decide.
    const created = { kind: 'reviews', resourceId: 'r9', data: { created: review } };
    expect(loggedForReader(hr('hal'), created, new Map(), three)).toEqual({
      data: { created: { ...review, reviewerId: null, ratings: null, summary: null } },
      hideActor: true,
      redacted: true,
    });
    // The change feed's data is the record itself.
    const event = { kind: 'reviews', resourceId: 'r1', data: review };
    expect(loggedForReader(hr('hal'), event, records, three).data).toEqual({
      ...review,
      reviewerId: null,
      ratings: null,
      summary: null,
    });
  });

  it('keeps what a review of the reader says out of the log, the manager’s too (its author stays named)', () => {
    const said = {
      id: 'r2',
      cycleId: 'c1',
      ...facts('manager', { reviewerId: 'gwen' }),
      ratings: [{ goalId: 'g1', rating: 4, comment: 'Shipped early' }],
      summary: 'Strong half',
      submittedAt: null,
    };
    const records = new Map([[recordKey('reviews', 'r2'), said]]);
    const edit = {
      kind: 'reviews',
      resourceId: 'r2',
      data: { changed: { summary: { from: 'Strong half', to: 'A strong half' } } },
    };
    expect(loggedForReader(hr('hal'), edit, records, three)).toEqual({
      data: { changed: { summary: { from: null, to: null } } },
      hideActor: false,
      redacted: true,
    });
    const event = { kind: 'reviews', resourceId: 'r2', data: said };
    expect(loggedForReader(hr('hal'), event, records, three).data).toEqual({
      ...said,
      ratings: null,
      summary: null,
    });
    // The reviewer and everyone else read it whole; so does the subject's own self review.
    expect(loggedForReader(hr('gwen'), event, records, three).redacted).toBe(false);
    expect(loggedForReader(hr('pia'), event, records, three).redacted).toBe(false);
    const self = { ...said, reviewerId: 'hal', component: 'self' };
    const own = { kind: 'reviews', resourceId: 'r3', data: self };
    expect(loggedForReader(hr('hal'), own, new Map(), three).data).toBe(self);
  });

  it('leaves it whole for another HR administrator, the reviewer, API keys, and for other kinds', () => {
    const records = new Map([[recordKey('reviews', 'r1'), review]]);
    const event = { kind: 'reviews', resourceId: 'r1', data: review };
    const asIs = { data: review, hideActor: false, redacted: false };
    expect(loggedForReader(hr('gwen'), event, records, three)).toEqual(asIs);
    expect(loggedForReader(hr('pia'), event, records, three)).toEqual(asIs);
    expect(loggedForReader(apiKey, event, records, three)).toEqual(asIs);
    const person = { kind: 'people', resourceId: 'pia', data: { created: { id: 'pia', reviewerId: 'x' } } };
    expect(loggedForReader(hr('hal'), person, records, three)).toEqual({ ...asIs, data: person.data });
  });

  it('a result about the reader keeps its actor; its kept explanation loses the peer', () => {
    const result = {
      kind: 'results',
      resourceId: 'res1',
      data: { created: { personId: 'hal', explanation: score('hal') } },
    };
    const view = loggedForReader(hr('hal'), result, new Map(), three);
    expect([view.hideActor, view.redacted]).toEqual([false, true]);
    expect(JSON.stringify(view.data)).not.toContain('pia');
    expect(loggedForReader(apiKey, result, new Map(), three).data).toBe(result.data);
  });

  it('a kept explanation about the reader withholds what their cycle’s threshold withholds', () => {
    const kept = explainedBody('hal', [[2, 5]]);
    const data = { created: { id: 'res2', cycleId: 'c9', personId: 'hal', explanation: kept } };
    const result = { kind: 'results', resourceId: 'res2', data };
    const asked: (string | null)[] = [];
    const thresholdOf = (cycleId: string | null) => {
      asked.push(cycleId);
      return cycleId === 'c9' ? 3 : 1;
    };
    const view = loggedForReader(hr('hal'), result, new Map(), thresholdOf);
    expect(asked).toEqual(['c9']);
    const shown = (view.data as { created: { explanation: PersonScoreBody } }).created.explanation;
    expect(shown.withheld).toEqual([{ component: 'peer', reviewers: 1, minReviews: 3 }]);
    expect(shown.trace?.goals.filter((g) => g.pooled)).toHaveLength(2);
    expect(JSON.stringify(shown)).not.toContain('peer0');
    // Whoever sees the reviewers reads it whole; a threshold of 1 withholds nothing (the peer only unnamed).
    expect(loggedForReader(hr('gwen'), result, new Map(), thresholdOf).data).toBe(data);
    const one = loggedForReader(
      hr('hal'),
      { ...result, data: { created: { ...data.created, cycleId: 'c1' } } },
      new Map(),
      thresholdOf,
    );
    expect(
      (one.data as { created: { explanation: PersonScoreBody } }).created.explanation.withheld,
    ).toBeUndefined();
    // The cycle is the stored record's when the log has only a diff; a draft's is the cycle it drafts from.
    const diff = {
      kind: 'results',
      resourceId: 'res2',
      data: { changed: { explanation: { from: kept, to: kept } } },
    };
    expect(loggedScoreCycle(diff, new Map([[recordKey('results', 'res2'), data.created]]))).toBe('c9');
    const draft = {
      kind: 'next_cycle_drafts',
      resourceId: 'd1',
      data: { created: { fromCycleId: 'c7', toCycleId: 'c8' } },
    };
    expect(loggedScoreCycle(draft, new Map())).toBe('c7');
  });
});
