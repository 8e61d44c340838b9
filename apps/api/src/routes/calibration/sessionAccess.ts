// Loading a calibration session for a caller (404 when they may not run it) and the scores of the people it covers.
import { type CalibrationSession, CalibrationSessionSchema } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import type { Access } from '../../authz/index.ts';
import { NotFound } from '../../errors.ts';
import type { Kit } from '../../kit/index.ts';
import { loadCycle, type StoredCycle } from '../appraise/cycleContext.ts';
import { type CycleScoring, scoreCyclePeople } from '../appraise/cycleScores.ts';
import { mayRunSession, sessionPeople } from './sessionScope.ts';

export interface LoadedSession {
  record: ResourceRecord;
  session: CalibrationSession;
}

export interface SessionData extends LoadedSession {
  cycle: StoredCycle;
  /** The participants the session covers, sorted. */
  people: string[];
  scoring: CycleScoring;
}

export function parseSession(record: ResourceRecord): CalibrationSession {
  return CalibrationSessionSchema.parse(record.data);
}

/** The session when the caller may run it (HR, or the head of all its departments); 404 otherwise. */
export async function visibleSession(kit: Kit, access: Access, id: string): Promise<LoadedSession> {
  access.requireUser();
  const record = await kit.store.resources('calibration_sessions').get(access.orgId, id);
  const session = record ? parseSession(record) : null;
  if (!record || !session || !mayRunSession(access, session.departmentIds)) {
    throw new NotFound('The calibration session was not found.');
  }
  return { record, session };
}

/** The session, its cycle, the people it covers and their (calibrated) scores. */
export async function sessionData(kit: Kit, access: Access, id: string): Promise<SessionData> {
  const loaded = await visibleSession(kit, access, id);
  const { cycle } = await loadCycle(kit.store, access.orgId, loaded.session.cycleId);
  const people = sessionPeople(access.org, loaded.session.departmentIds, cycle.participants);
  const scoring = await scoreCyclePeople(kit.store, access.orgId, cycle, people);
  return { ...loaded, cycle, people, scoring };
}
