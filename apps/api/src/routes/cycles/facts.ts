// The guard facts of a cycle, loaded from storage (only the kinds the phases being left need) for core cycleSnapshot.
import {
  AcknowledgementStateSchema,
  type CheckIn,
  CheckInSchema,
  type CycleFactsArgs,
  type CycleSnapshot,
  cycleSnapshot,
  type FeedbackMeeting,
  FeedbackMeetingSchema,
  type Goal,
  GoalSchema,
  type PersonAcknowledgement,
  PHASES,
  type Phase,
  type Plan,
  PlanSchema,
  type Policy,
  phaseIndex,
  type Review,
  ReviewSchema,
} from '@perfloop/core';
import type { JsonObject, ResourceKind, ResourceRecord } from '@perfloop/store';
import type { z } from 'zod';
import type { ResourceSource } from '../../authz/index.ts';
import { listAllWhere, type StoredCycle } from './cycleRecord.ts';

/** The phases whose guards a move from `from` to `to` checks: the phase left and every skipped phase. */
export function leavingPhases(from: Phase, to: Phase): Phase[] {
  const a = phaseIndex(from);
  const b = phaseIndex(to);
  return b > a ? PHASES.slice(a, b) : [];
}

/**
 * The resource kinds the guards of each phase read. Goals in every phase: the refusals hint to
 * withdraw participants whose every goal is cancelled (core snapshot `allGoalsCancelled`).
 */
const KINDS_FOR: Record<Phase, readonly ResourceKind[]> = {
  plan: ['goals', 'plans'],
  coach: ['check_ins', 'goals'],
  appraise: ['reviews', 'goals', 'target_adjustments'],
  calibrate: ['calibration_sessions', 'reviews', 'goals'],
  feedback: ['feedback_meetings', 'goals'],
  apply: ['results', 'feedback_meetings', 'goals'],
  improve: ['next_cycle_drafts', 'improvement_plans', 'development_items', 'goals'],
  closed: [],
};

/** Core fields picked from a record before parsing, so extra bookkeeping fields stored beside them do not matter. */
function pick(data: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of keys) if (k in data) out[k] = data[k];
  return out;
}

function parseAll<T>(
  records: readonly ResourceRecord[],
  schema: z.ZodType<T>,
  keys?: readonly string[],
): T[] {
  const out: T[] = [];
  for (const r of records) {
    const parsed = schema.safeParse(keys ? pick(r.data, keys) : r.data);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

const REVIEW_KEYS = [
  'id',
  'cycleId',
  'subjectId',
  'reviewerId',
  'component',
  'ratings',
  'summary',
  'submittedAt',
] as const;
const MEETING_KEYS = [
  'id',
  'cycleId',
  'subjectId',
  'managerId',
  'heldAt',
  'summary',
  'strengths',
  'improvements',
  'agreedActions',
] as const;
const ACK_KEYS = ['acknowledgement', 'acknowledgementState', 'ack'] as const;

/** The person a record is about: its subject_id, else `subjectId` / `personId` in its data. */
function subjectOf(r: ResourceRecord): string | null {
  if (r.subjectId !== null) return r.subjectId;
  for (const key of ['subjectId', 'personId']) {
    const v = r.data[key];
    if (typeof v === 'string') return v;
  }
  return null;
}

function statusOf(r: ResourceRecord): unknown {
  return r.data.status ?? r.data.state;
}

/** Acknowledgement states kept on feedback meeting records (a subject without one counts as pending). */
function acknowledgementsOf(meetings: readonly ResourceRecord[]): PersonAcknowledgement[] {
  const out: PersonAcknowledgement[] = [];
  for (const m of meetings) {
    const personId = subjectOf(m);
    if (personId === null) continue;
    for (const key of ACK_KEYS) {
      const state = AcknowledgementStateSchema.safeParse(m.data[key]);
      if (state.success) {
        out.push({ personId, state: state.data });
        break;
      }
    }
  }
  // A later entry wins in core: put pending states first so any decided state of the person counts.
  return out.sort((a, b) => Number(a.state.status !== 'pending') - Number(b.state.status !== 'pending'));
}

/**
 * Loads the facts of `cycle` that the guards of `phases` read (other lists stay empty), in one
 * indexed list per kind by cycle_id. Reading other route modules' records:
 * - reviews, feedback meetings: their core fields (drafts without `submittedAt` do not count);
 * - calibration: finalised when the cycle has at least one calibration session and every session's
 *   `status` (or `state`) is `finalised`;
 * - acknowledgements: an AcknowledgementState stored on the meeting as `acknowledgement`;
 * - results applied: the subjects of the cycle's `results` records;
 * - improvement gaps: subjects of the cycle's improvement plans and development items; drafts: subjects
 *   of its `next_cycle_drafts`;
 * - open target adjustments: subjects of its `target_adjustments` still `requested`;
 * - inactive people: `inactivePeople` as given (the participants no longer active, from the org snapshot).
 * Withdrawn people are not in `cycle.participants`, so no guard waits for them.
 */
export async function loadCycleFacts(
  source: ResourceSource,
  orgId: string,
  cycle: StoredCycle,
  phases: readonly Phase[],
  inactivePeople: readonly string[] = [],
): Promise<CycleFactsArgs> {
  const kinds = new Set(phases.flatMap((p) => KINDS_FOR[p]));
  const cache = new Map<ResourceKind, Promise<ResourceRecord[]>>();
  const load = (kind: ResourceKind): Promise<ResourceRecord[]> => {
    if (!kinds.has(kind)) return Promise.resolve([]);
    let p = cache.get(kind);
    if (!p) {
      p = listAllWhere(source, kind, orgId, { cycleId: cycle.id });
      cache.set(kind, p);
    }
    return p;
  };
  // Sequential: a transaction (PostgreSQL client, SQLite connection) runs one statement at a time.
  const goals: Goal[] = parseAll(await load('goals'), GoalSchema);
  const plans: Plan[] = parseAll(await load('plans'), PlanSchema);
  const checkIns: CheckIn[] = parseAll(await load('check_ins'), CheckInSchema);
  const reviews: Review[] = parseAll(await load('reviews'), ReviewSchema, REVIEW_KEYS);
  const sessions = await load('calibration_sessions');
  const meetingRecords = await load('feedback_meetings');
  const feedbackMeetings: FeedbackMeeting[] = parseAll(meetingRecords, FeedbackMeetingSchema, MEETING_KEYS);
  const subjects = (records: readonly ResourceRecord[]) =>
    records.map(subjectOf).filter((id): id is string => id !== null);
  const resultsApplied = subjects(await load('results'));
  const improvementDrafts = subjects(await load('next_cycle_drafts'));
  const improvementGaps = [
    ...subjects(await load('improvement_plans')),
    ...subjects(await load('development_items')),
  ];
  const openTargetAdjustments = subjects(
    (await load('target_adjustments')).filter((r) => r.data.state === 'requested'),
  );
  return {
    cycleId: cycle.id,
    participants: cycle.participants,
    plans,
    goals,
    checkIns,
    reviews,
    calibrationFinalised: sessions.length > 0 && sessions.every((s) => statusOf(s) === 'finalised'),
    feedbackMeetings,
    acknowledgements: acknowledgementsOf(meetingRecords),
    resultsApplied,
    improvementDrafts,
    improvementGaps,
    openTargetAdjustments,
    inactivePeople,
  };
}

export interface CycleGuardState {
  facts: CycleFactsArgs;
  snapshot: CycleSnapshot;
}

/** Facts and core's snapshot for a move out of the phases in `phases` (`inactivePeople` feed the refusals' hints). */
export async function cycleGuardState(
  source: ResourceSource,
  orgId: string,
  cycle: StoredCycle,
  phases: readonly Phase[],
  inactivePeople: readonly string[] = [],
  policy: Policy = cycle.policy,
): Promise<CycleGuardState> {
  const facts = await loadCycleFacts(source, orgId, cycle, phases, inactivePeople);
  return { facts, snapshot: cycleSnapshot(facts, policy) };
}
