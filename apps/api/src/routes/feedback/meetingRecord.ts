// Stored feedback meetings (core FeedbackMeeting + the subject's acknowledgement state), their API body and formality screening.
import { z } from '@hono/zod-openapi';
import {
  type AcknowledgementState,
  AcknowledgementStateSchema,
  appealDeadlineFrom,
  detectFormality,
  type FeedbackMeeting,
  FeedbackMeetingSchema,
  type FeedbackQuality,
  type FormalityIssue,
  type FormalityText,
  feedbackQuality,
  type Policy,
  resultSharedAt,
} from '@perfloop/core';
import type { JsonObject, ResourceRecord } from '@perfloop/store';
import type { Access } from '../../authz/index.ts';
import { ResourceMeta } from '../../kit/index.ts';
import { keepMatches } from './formalityMatches.ts';

export const MEETING_ID_PREFIX = 'fbm';

const MEETING_KEYS = Object.keys(FeedbackMeetingSchema.shape) as (keyof FeedbackMeeting)[];

/**
 * A meeting as stored: the core entity's fields plus `acknowledgement` (the subject's answer to the result) and
 * `correctedAt` (when the manager last corrected the record; null when never).
 */
export interface StoredMeeting {
  record: ResourceRecord;
  meeting: FeedbackMeeting;
  acknowledgement: AcknowledgementState;
  correctedAt: string | null;
}

/** The record `data` of a meeting: the core FeedbackMeeting exactly, plus its acknowledgement state and last correction. */
export function meetingData(
  meeting: FeedbackMeeting,
  acknowledgement: AcknowledgementState,
  correctedAt: string | null = null,
): JsonObject {
  return { ...meeting, acknowledgement, ...(correctedAt !== null ? { correctedAt } : {}) };
}

export function parseMeeting(record: ResourceRecord): StoredMeeting {
  const picked: JsonObject = {};
  for (const key of MEETING_KEYS) if (key in record.data) picked[key] = record.data[key];
  const ack = AcknowledgementStateSchema.safeParse(record.data.acknowledgement);
  const corrected = record.data.correctedAt;
  return {
    record,
    meeting: FeedbackMeetingSchema.parse(picked),
    acknowledgement: ack.success ? ack.data : { status: 'pending' },
    correctedAt: typeof corrected === 'string' ? corrected : null,
  };
}

/** The text screened for mere formality: what the manager wrote about the person. */
export function meetingText(m: Pick<FeedbackMeeting, 'summary' | 'strengths' | 'improvements'>): string {
  return [m.summary, m.strengths, m.improvements].filter((t) => t.trim() !== '').join('\n');
}

/**
 * Formality issues per meeting id: core detectFormality over every meeting of the same manager in
 * the cycle (empty, too short, near-identical text given to several people). Subject names are
 * masked so a swapped name still counts as a copy.
 */
export function screenMeetings(
  meetings: readonly FeedbackMeeting[],
  policy: Pick<Policy, 'feedback'>,
  nameOf: (personId: string) => string | undefined,
): Map<string, FormalityIssue[]> {
  const texts: FormalityText[] = meetings.map((m) => {
    const name = nameOf(m.subjectId);
    return {
      id: m.id,
      authorId: m.managerId,
      subjectId: m.subjectId,
      text: meetingText(m),
      ...(name !== undefined ? { subjectName: name } : {}),
    };
  });
  const out = new Map<string, FormalityIssue[]>();
  for (const issue of detectFormality(texts, policy)) {
    const list = out.get(issue.id);
    if (list) list.push(issue);
    else out.set(issue.id, [issue]);
  }
  return out;
}

/** Near-duplicate matches name other meetings and their subjects: keep only those the caller may see. */
export function visibleIssues(issues: readonly FormalityIssue[], access: Access): FormalityIssue[] {
  return keepMatches(issues, (subjectId) => access.canSee(subjectId));
}

/** A checklist item: English `message`, and the counts it names (core FeedbackCheck) for clients in other languages. */
const FeedbackCheck = z.object({
  code: z.enum(['summary', 'strengths', 'improvements', 'agreed_action']),
  passed: z.boolean(),
  chars: z.number().int().optional().openapi({ description: '`summary`: its characters (code points).' }),
  minChars: z.number().int().optional().openapi({ description: '`summary`: the policy’s minimum.' }),
  actions: z.number().int().optional().openapi({ description: '`agreed_action`: how many were agreed.' }),
  message: z.string(),
});
const FeedbackQualitySchema = z
  .object({
    meetingId: z.string(),
    passed: z.boolean().openapi({ description: 'False when the meeting was a mere formality.' }),
    checks: z.array(FeedbackCheck),
    failed: z.array(FeedbackCheck.shape.code),
  })
  .openapi('FeedbackQuality');
export const FormalityIssueSchema = z
  .object({
    id: z.string().openapi({ description: 'The meeting or review the issue is about.' }),
    code: z.enum(['empty', 'too_short', 'near_duplicate']),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).openapi({
      description:
        'What the English `message` names: `chars` and `minChars` (too_short); `similarity` of the closest text, `matchCount` (every match) and the `matches` the caller may see (near_duplicate).',
    }),
  })
  .openapi('FormalityIssue');

const AcknowledgementSchema = z
  .object({
    status: z.enum(['pending', 'acknowledged', 'appealed', 'appeal_resolved']),
    at: z.string().optional(),
    comment: z.string().optional(),
    reason: z.string().optional(),
    by: z.string().optional(),
    outcome: z.enum(['upheld', 'changed']).optional(),
    note: z.string().optional(),
    correction: z
      .object({
        from: z.number().int(),
        to: z.number().int(),
        adjustmentId: z.string().openapi({ description: 'The rating move recorded (kind `appeal`).' }),
        resultId: z.string().optional().openapi({
          description:
            'When results were already applied for the person: their result, re-applied at the corrected rating.',
        }),
      })
      .optional()
      .openapi({
        description:
          '`appeal_resolved` as `changed`: the rating HR corrected (`from`) and the corrected one (`to`). Absent on an upheld appeal and on resolutions recorded before a changed result moved the rating.',
      }),
  })
  .openapi('Acknowledgement', {
    description:
      'pending → acknowledged, or pending → appealed → appeal_resolved (upheld or changed); acknowledged and resolved are final.',
  });

export const FeedbackMeetingResource = FeedbackMeetingSchema.extend({
  acknowledgement: AcknowledgementSchema,
  appealDeadline: z.string().nullable().openapi({
    description:
      'The appeal window closes here: `policy.feedback.appealWindowDays` from when the meeting shared the result — `heldAt`, or `correctedAt` when the record was corrected later. Null while the meeting fails the checklist (`quality.passed` false): it is not yet the feedback meeting, so it cannot be acknowledged (409 `meeting_not_counted`) and no window runs — the employee may appeal at any time in the feedback or apply phase.',
  }),
  correctedAt: z.string().nullable().openapi({
    description: 'When the manager last corrected the record (PATCH); null when never corrected.',
  }),
  quality: FeedbackQualitySchema,
  warnings: z.array(FormalityIssueSchema).openapi({
    description:
      '"Mere formality" warnings over the same manager\'s meetings in the cycle: empty, too short, or near-identical text given to several people. Never a refusal.',
  }),
  ...ResourceMeta,
}).openapi('FeedbackMeeting');
export type FeedbackMeetingBody = z.infer<typeof FeedbackMeetingResource>;

/** When the appeal window of a stored meeting closes (core meetingShare); null while the meeting does not count. */
export function appealDeadline(
  stored: Pick<StoredMeeting, 'meeting' | 'correctedAt'>,
  policy: Pick<Policy, 'feedback'>,
): string | null {
  return appealDeadlineFrom(resultSharedAt(stored.meeting, policy, stored.correctedAt), policy);
}

export function meetingBody(
  stored: Pick<StoredMeeting, 'record' | 'meeting' | 'acknowledgement' | 'correctedAt'>,
  policy: Policy,
  warnings: readonly FormalityIssue[],
): FeedbackMeetingBody {
  const { record, meeting, acknowledgement, correctedAt } = stored;
  const quality: FeedbackQuality = feedbackQuality(meeting, policy);
  return {
    ...meeting,
    acknowledgement,
    appealDeadline: appealDeadline(stored, policy),
    correctedAt,
    quality,
    warnings: [...warnings],
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
