// Tests for calibration sessions: the schemas, department expansion, overlap on open, and open → finalised.
import { describe, expect, it } from 'vitest';
import { type CalibratedRating, CalibrationSummarySchema, toCalibratedRating } from './calibration.ts';
import {
  CALIBRATION_SESSION_PHASES,
  type CalibrationSession,
  type CalibrationSessionDraft,
  CalibrationSessionSchema,
  expandDepartments,
  finaliseSession,
  openCalibrationSession,
  requireOpenSession,
  StoredAdjustmentSchema,
} from './calibrationSession.ts';
import { buildOrg, type Org } from './org.ts';
import { unwrap } from './result.ts';

const AT = '2026-07-15T16:00:00Z';

const org: Org = unwrap(
  buildOrg({
    departments: [
      { id: 'root', name: 'Root', parentId: null, headId: null },
      { id: 'eng', name: 'Eng', parentId: 'root', headId: null },
      { id: 'plat', name: 'Platform', parentId: 'eng', headId: null },
      { id: 'sales', name: 'Sales', parentId: 'root', headId: null },
    ],
    people: [],
  }),
);

const draft = (over: Partial<CalibrationSessionDraft> = {}): CalibrationSessionDraft => ({
  id: 'cal-new',
  cycleId: 'cy',
  name: 'Engineering',
  departmentIds: ['eng'],
  createdBy: 'hana',
  ...over,
});

const session = (over: Partial<CalibrationSession> = {}): CalibrationSession =>
  CalibrationSessionSchema.parse({
    ...draft({ id: 'cal-1' }),
    state: 'open',
    finalisedAt: null,
    finalisedBy: null,
    summary: null,
    ...over,
  });

const rated = (subjectId: string, from: number, to: number): CalibratedRating => {
  const r = toCalibratedRating({ subjectId, score: from, rating: from });
  if (from === to) return r;
  return {
    ...r,
    current: { ...r.current, rating: to },
    adjustments: [
      { from, to, actorId: 'hana', justification: 'Peers and KPIs point the other way.', at: AT },
    ],
  };
};

describe('schemas', () => {
  it('keeps the session strict and its summary open, as the API has always published them', () => {
    expect(CalibrationSessionSchema.safeParse({ ...session(), extra: 1 }).success).toBe(false);
    expect(CalibrationSessionSchema.safeParse({ ...session(), departmentIds: [] }).success).toBe(false);
    const summary = { total: 0, changed: 0, up: 0, down: 0, unchanged: 0, adjustments: 0, moves: [] };
    expect(CalibrationSummarySchema.parse({ ...summary, extra: 1 })).toEqual(summary);
  });

  it('stores an adjustment with its session, cycle and person, read back as written', () => {
    const adjustment = {
      id: 'adj-1',
      sessionId: 'cal-1',
      cycleId: 'cy',
      subjectId: 'ana',
      from: 4,
      to: 3,
      actorId: 'hana',
      justification: 'Lenient rating; peers rated lower.',
      at: AT,
    };
    expect(StoredAdjustmentSchema.parse(adjustment)).toEqual(adjustment);
    // The justification minimum binds making the change (calibrate), not reading a recorded one; an empty one never reads.
    expect(StoredAdjustmentSchema.safeParse({ ...adjustment, justification: 'too short' }).success).toBe(
      true,
    );
    expect(StoredAdjustmentSchema.safeParse({ ...adjustment, justification: '' }).success).toBe(false);
    expect(StoredAdjustmentSchema.safeParse({ ...adjustment, extra: 1 }).success).toBe(false);
  });

  it('runs in calibrate only', () => {
    expect(CALIBRATION_SESSION_PHASES).toEqual(['calibrate']);
  });
});

describe('expandDepartments', () => {
  it('adds sub-departments breadth first, once, and drops unknown ids', () => {
    expect([...expandDepartments(org, ['eng', 'nope'])]).toEqual(['eng', 'plat']);
    expect([...expandDepartments(org, ['plat', 'root', 'eng'])]).toEqual(['plat', 'root', 'eng', 'sales']);
    expect(expandDepartments(org, []).size).toBe(0);
  });
});

describe('openCalibrationSession', () => {
  it('opens a session with its departments once each, nothing finalised', () => {
    expect(
      unwrap(openCalibrationSession(org, draft({ departmentIds: ['eng', 'sales', 'eng'] }), [])),
    ).toEqual({
      ...draft(),
      departmentIds: ['eng', 'sales'],
      state: 'open',
      finalisedAt: null,
      finalisedBy: null,
      summary: null,
    });
  });

  it('refuses a department an open session of the cycle already covers, sub-departments included', () => {
    const refused = openCalibrationSession(org, draft({ departmentIds: ['plat'] }), [
      session({ id: 'cal-sales', departmentIds: ['sales'] }),
      session({ id: 'cal-root', departmentIds: ['root'] }),
    ]);
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'session_overlap',
        message: 'Open session cal-root already calibrates plat in this cycle.',
        sessionId: 'cal-root',
        details: { sessionId: 'cal-root', departmentIds: ['plat'] },
      },
    });
  });

  it('lists every shared department, in the other session’s order', () => {
    const refused = openCalibrationSession(org, draft({ departmentIds: ['root'] }), [session()]);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.details).toEqual({ sessionId: 'cal-1', departmentIds: ['eng', 'plat'] });
  });

  it('ignores finalised sessions, other cycles’ sessions and disjoint departments', () => {
    const existing = [
      session({ id: 'cal-a', state: 'finalised', finalisedAt: AT, finalisedBy: 'hana' }),
      session({ id: 'cal-b', cycleId: 'cy-other' }),
      session({ id: 'cal-c', departmentIds: ['sales'] }),
    ];
    expect(openCalibrationSession(org, draft(), existing).ok).toBe(true);
  });
});

describe('requireOpenSession', () => {
  it('passes an open session and refuses a finalised one', () => {
    expect(unwrap(requireOpenSession(session()))).toEqual(session());
    const finalised = session({ state: 'finalised', finalisedAt: AT, finalisedBy: 'hana' });
    expect(requireOpenSession(finalised)).toEqual({
      ok: false,
      error: {
        code: 'session_finalised',
        message: 'The calibration session is finalised; its ratings no longer change.',
        sessionId: 'cal-1',
        details: { finalisedAt: AT },
      },
    });
  });
});

describe('finaliseSession', () => {
  it('records who, when and the calibration summary of the rated people', () => {
    const done = unwrap(
      finaliseSession(session(), [rated('ana', 4, 3), rated('ben', 3, 3), rated('cy', 2, 3)], 'hana', AT),
    );
    expect(done).toEqual({
      ...session(),
      state: 'finalised',
      finalisedAt: AT,
      finalisedBy: 'hana',
      summary: {
        total: 3,
        changed: 2,
        up: 1,
        down: 1,
        unchanged: 1,
        adjustments: 2,
        moves: [
          { from: 2, to: 3, count: 1 },
          { from: 4, to: 3, count: 1 },
        ],
      },
    });
    expect(CalibrationSessionSchema.parse(done)).toEqual(done);
  });

  it('finalises a session with nobody scored (an empty summary)', () => {
    expect(unwrap(finaliseSession(session(), [], 'hana', AT)).summary).toMatchObject({ total: 0, moves: [] });
  });

  it('refuses to finalise twice, keeping the first record', () => {
    const done = unwrap(finaliseSession(session(), [], 'hana', AT));
    const again = finaliseSession(done, [rated('ana', 4, 3)], 'olga', '2026-07-16T09:00:00Z');
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.error).toMatchObject({ code: 'session_finalised', details: { finalisedAt: AT } });
  });
});
