// Loading a calibration session for a caller (404 when they may not read it, 403 to run one they only read) and the scores of the people they see in it.
import { type CalibrationSession, CalibrationSessionSchema } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import type { Access } from '../../authz/index.ts';
import { Forbidden, NotFound } from '../../errors.ts';
import type { Kit } from '../../kit/index.ts';
import { loadCycle, type StoredCycle } from '../appraise/cycleContext.ts';
import { type CycleScoring, scoreCyclePeople } from '../appraise/cycleScores.ts';
import { mayRunSession, readablePeople, readsSession, sessionPeople } from './sessionScope.ts';

export interface LoadedSession {
  record: ResourceRecord;
  session: CalibrationSession;
  /**
   * Whether the caller runs the session (HR, or the head of every department in it): reads all of it, moves
   * ratings, finalises. Otherwise they are a head of some of its departments and read only their people.
   */
  runs: boolean;
}

export interface SessionData extends LoadedSession {
  cycle: StoredCycle;
  /** The participants the session covers that the caller reads (all of them when they run it), sorted. */
  people: string[];
  scoring: CycleScoring;
}

export function parseSession(record: ResourceRecord): CalibrationSession {
  return CalibrationSessionSchema.parse(record.data);
}

/** The session when the caller may read it (HR, or a head of any of its departments); 404 otherwise. */
export async function visibleSession(kit: Kit, access: Access, id: string): Promise<LoadedSession> {
  access.requireUser();
  const record = await kit.store.resources('calibration_sessions').get(access.orgId, id);
  const session = record ? parseSession(record) : null;
  if (!record || !session || !readsSession(access, access.org, session.departmentIds)) {
    throw new NotFound('The calibration session was not found.');
  }
  return { record, session, runs: mayRunSession(access, session.departmentIds) };
}

/** 403 for a head who reads the session but does not run it (seeing a record is not changing it). */
export function requireRuns(loaded: LoadedSession): void {
  if (!loaded.runs) {
    throw new Forbidden(
      'This calibration session also covers departments you do not head: it is run by HR, or by the head of every department in it. You read the people of your departments in it.',
    );
  }
}

/**
 * The session, its cycle, the people the caller sees in it and their (calibrated) scores; `toRun`: the caller
 * must run it (403 otherwise, before anything is scored).
 */
export async function sessionData(
  kit: Kit,
  access: Access,
  id: string,
  options: { toRun?: boolean } = {},
): Promise<SessionData> {
  const loaded = await visibleSession(kit, access, id);
  if (options.toRun) requireRuns(loaded);
  const { cycle } = await loadCycle(kit.store, access.orgId, loaded.session.cycleId);
  const covered = sessionPeople(access.org, loaded.session.departmentIds, cycle.participants);
  const people = loaded.runs ? covered : readablePeople(access, access.org, covered);
  const scoring = await scoreCyclePeople(kit.store, access.orgId, cycle, people);
  return { ...loaded, cycle, people, scoring };
}
