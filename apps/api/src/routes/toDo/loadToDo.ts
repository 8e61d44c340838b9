// Loads, per cycle, only the records core toDoItems needs for one caller in the cycle's phase: one indexed list per kind.
import {
  AcknowledgementStateSchema,
  FeedbackMeetingSchema,
  FeedbackRequestSchema,
  GoalSchema,
  type Id,
  PlanSchema,
  type TimelinessCheckIn,
  type ToDoCycleFacts,
  type ToDoMeeting,
  type ToDoViewer,
} from '@perfloop/core';
import type { ResourceKind, ResourceRecord } from '@perfloop/store';
import { z } from 'zod';
import type { Access, ResourceSource } from '../../authz/index.ts';
import { StoredReviewSchema } from '../appraise/storedReview.ts';
import { mayRunSession } from '../calibration/sessionScope.ts';
import { listAllWhere, type StoredCycle } from '../cycles/cycleRecord.ts';
import { planId } from '../plans/planRecord.ts';

/** The fields of a check-in that coaching timeliness reads from its data. */
const CheckInFields = z.object({
  id: z.string(),
  subjectId: z.string(),
  authorId: z.string(),
  at: z.string(),
});

/**
 * Stored check-ins as coaching timeliness reads them: their fields and `recordedAt`, the record's creation time (the
 * store's clock, never the client's), which decides when one recorded late counts (core checkInCounting).
 */
export function timelinessCheckIns(records: readonly ResourceRecord[]): TimelinessCheckIn[] {
  const out: TimelinessCheckIn[] = [];
  for (const r of records) {
    const p = CheckInFields.safeParse(r.data);
    if (p.success) out.push({ ...p.data, recordedAt: r.createdAt });
  }
  return out;
}
const SessionFields = z.object({
  id: z.string(),
  departmentIds: z.array(z.string()),
  state: z.enum(['open', 'finalised']),
});
const DraftFields = z.object({
  id: z.string(),
  fromCycleId: z.string(),
  personId: z.string().nullable(),
  status: z.enum(['open', 'accepted']),
});
const MEETING_KEYS = Object.keys(FeedbackMeetingSchema.shape);

/** The records that parse with `schema` (others are skipped). */
export function parsed<T>(records: readonly ResourceRecord[], schema: z.ZodType<T>): T[] {
  const out: T[] = [];
  for (const r of records) {
    const p = schema.safeParse(r.data);
    if (p.success) out.push(p.data);
  }
  return out;
}

/** Stored feedback meetings with their subject's answer (pending when none is stored). */
export function toDoMeetings(records: readonly ResourceRecord[]): ToDoMeeting[] {
  const out: ToDoMeeting[] = [];
  for (const r of records) {
    const picked: Record<string, unknown> = {};
    for (const key of MEETING_KEYS) if (key in r.data) picked[key] = r.data[key];
    const meeting = FeedbackMeetingSchema.safeParse(picked);
    if (!meeting.success) continue;
    const ack = AcknowledgementStateSchema.safeParse(r.data.acknowledgement);
    const correctedAt = typeof r.data.correctedAt === 'string' ? r.data.correctedAt : null;
    out.push({
      meeting: meeting.data,
      acknowledgement: ack.success ? ack.data : { status: 'pending' },
      correctedAt,
    });
  }
  return out;
}

/** The caller as the to-do sees them: their person id, HR or not, and their direct reports. */
export function toDoViewer(access: Access, personId: Id): ToDoViewer {
  return { personId, isHr: access.isHr, directReports: access.org.directReports(personId) };
}

/**
 * The facts of one cycle the caller's to-do reads, by phase. A list is read only when the caller can have a to-do
 * from it: the cycle's records about their direct reports when they have some among the participants (one list by
 * cycle), else only their own (one list by cycle and subject, or plans by primary key); HR's cycle-wide tasks read
 * the cycle's meetings and results. Nothing is read per person.
 */
export async function loadToDoFacts(
  source: ResourceSource,
  access: Access,
  viewer: ToDoViewer,
  cycle: StoredCycle,
): Promise<ToDoCycleFacts> {
  const orgId = access.orgId;
  const me = viewer.personId;
  const participants = new Set(cycle.participants);
  const participant = participants.has(me);
  const reports = viewer.directReports.filter((id) => id !== me && participants.has(id));
  const hasReports = reports.length > 0;
  const facts: ToDoCycleFacts = { cycle, policy: cycle.policy, participants: cycle.participants };
  const inCycle = (kind: ResourceKind, subjectId?: string) =>
    listAllWhere(source, kind, orgId, {
      cycleId: cycle.id,
      ...(subjectId !== undefined ? { subjectId } : {}),
    });
  /** The cycle's records of a kind when the caller has reports (or `wide`), their own when only a participant. */
  const concerning = async (kind: ResourceKind, wide = hasReports) =>
    wide ? inCycle(kind) : participant ? inCycle(kind, me) : [];
  const requests = async () =>
    parsed(await inCycle('feedback_requests'), FeedbackRequestSchema).filter((r) => r.reviewerId === me);

  switch (cycle.phase) {
    case 'plan': {
      const people = [...(participant ? [me] : []), ...reports];
      if (people.length === 0) return facts;
      const plans = await listAllWhere(source, 'plans', orgId, {
        ids: people.map((p) => planId(cycle.id, p)),
      });
      const concerned = new Set(people);
      return {
        ...facts,
        plans: parsed(plans, PlanSchema),
        goals: parsed(await concerning('goals'), GoalSchema).filter(
          (g) => g.ownerId !== null && concerned.has(g.ownerId),
        ),
      };
    }
    case 'coach': {
      const wanted = new Set(reports);
      const checkIns = hasReports
        ? timelinessCheckIns(await inCycle('check_ins')).filter((c) => wanted.has(c.subjectId))
        : [];
      return { ...facts, checkIns, feedbackRequests: await requests() };
    }
    case 'appraise': {
      const reviews = parsed(await concerning('reviews'), StoredReviewSchema).filter(
        (r) => r.submittedAt !== null,
      );
      return { ...facts, reviews, feedbackRequests: await requests() };
    }
    case 'calibrate': {
      if (!access.isHr && access.headedDepartments().size === 0) return facts;
      const sessions = parsed(await inCycle('calibration_sessions'), SessionFields);
      return {
        ...facts,
        hasCalibrationSession: sessions.length > 0,
        calibrationSessions: sessions.filter((s) => mayRunSession(access, s.departmentIds)),
      };
    }
    case 'feedback':
      return {
        ...facts,
        feedbackMeetings: toDoMeetings(await concerning('feedback_meetings', hasReports || viewer.isHr)),
      };
    case 'apply': {
      const feedbackMeetings = toDoMeetings(await concerning('feedback_meetings', viewer.isHr));
      if (!viewer.isHr) return { ...facts, feedbackMeetings };
      const applied = (await inCycle('results')).map((r) => r.subjectId ?? r.data.personId);
      return {
        ...facts,
        feedbackMeetings,
        resultsApplied: applied.filter((id): id is string => typeof id === 'string'),
      };
    }
    case 'improve': {
      const feedbackMeetings = participant ? toDoMeetings(await inCycle('feedback_meetings', me)) : [];
      if (!viewer.isHr && !hasReports) return { ...facts, feedbackMeetings };
      const mine = new Set(reports);
      const drafts = parsed(await inCycle('next_cycle_drafts'), DraftFields).filter(
        (d) => d.fromCycleId === cycle.id && (viewer.isHr || (d.personId !== null && mine.has(d.personId))),
      );
      return { ...facts, feedbackMeetings, nextCycleDrafts: drafts };
    }
    default:
      return facts;
  }
}
