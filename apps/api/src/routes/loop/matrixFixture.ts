// Roles-matrix fixture for the feedback/apply/improve routes: feedback, apply and improve cycles per organisation, seeded once per harness.
import {
  type AcknowledgementState,
  type Cycle,
  FeedbackMeetingSchema,
  type Goal,
  type Phase,
  POLICY_PRESETS,
} from '@perfloop/core';
import type { ApiHarness, Fixture } from '../../testing/apiHarness.ts';
import { freshId, matrixManagerOf } from '../appraise/matrixFixture.ts';
import { put } from '../appraise/testAppraisal.ts';
import { StoredCycleSchema } from '../cycles/cycleRecord.ts';
import { kpiGoal, MATRIX_PLAN_CYCLE } from '../cycles/matrixFixture.ts';
import { meetingData } from '../feedback/meetingRecord.ts';
import { ATTRIBUTION_KIND, attributionData } from '../gaps/attributionRecord.ts';
import { DRAFT_KIND, draftData, type StoredDraft } from '../improve/draftRecord.ts';
import { compensationId } from '../results/compensation.ts';

export const MATRIX_FEEDBACK_CYCLE = 'cyc_matrix_feedback';
export const MATRIX_APPLY_CYCLE = 'cyc_matrix_apply';
/** A cycle in `improve`, whose next-cycle drafts go into the plan cycle of cycles/matrixFixture. */
export const MATRIX_IMPROVE_CYCLE = 'cyc_matrix_improve';
/** The feedback meeting about each person (held by their manager) in the feedback cycle. */
export const matrixMeetingId = (personId: string) => `fbm_matrix_${personId}`;
/** Each person's measured KPI goal in the apply cycle. */
export const matrixApplyGoalId = (personId: string) => `gol_apply_${personId}`;
export const matrixCompensationId = (personId: string) => compensationId(MATRIX_APPLY_CYCLE, personId);
/**
 * Each person's second measured KPI goal in the apply cycle, attributed by its owner (below): kept apart
 * from matrixApplyGoalId, which POST /v1/gap-attributions rows attribute (once per goal and author).
 */
export const matrixGapGoalId = (personId: string) => `gol_gap_${personId}`;
/** The target person's own attribution of their gap goal (Sam, Pia, Paul; Gus in Globex). */
export const matrixAttributionId = (personId: string) => `gat_matrix_${personId}`;
/** The target person's open next-cycle draft, from the improve cycle into the plan cycle. */
export const matrixDraftId = (personId: string) => `ncd_matrix_${personId}`;

const seeded = new WeakMap<ApiHarness, Promise<void>>();
const DAY_MS = 86_400_000;

function cycle(id: string, phase: Phase, people: readonly string[]) {
  const history: Cycle['history'] = [
    {
      from: 'plan',
      to: phase,
      at: '2026-01-02T00:00:00Z',
      actorId: 'system',
      override: { reason: 'matrix fixture', refusals: [] },
      skipped: [],
    },
  ];
  return StoredCycleSchema.parse({
    id,
    name: id,
    policyName: POLICY_PRESETS.incentive.name,
    startsOn: '2026-01-01',
    endsOn: '2026-06-30',
    phase,
    history,
    policyId: 'pol_matrix',
    policy: POLICY_PRESETS.incentive,
    participants: [...people].sort(),
  });
}

async function seedOrg(h: ApiHarness, orgId: string, people: readonly { id: string; managerId: string }[]) {
  const ids = people.map((p) => p.id);
  const heldAt = new Date(Date.now() - DAY_MS).toISOString();
  await h.store.transaction(orgId, async (tx) => {
    for (const [id, phase] of [
      [MATRIX_FEEDBACK_CYCLE, 'feedback'],
      [MATRIX_APPLY_CYCLE, 'apply'],
      [MATRIX_IMPROVE_CYCLE, 'improve'],
    ] as const) {
      await tx.resources('cycles').create(orgId, { id, cycleId: id, data: cycle(id, phase, ids) });
    }
    for (const { id: personId, managerId } of people) {
      const meeting = FeedbackMeetingSchema.parse({
        id: matrixMeetingId(personId),
        cycleId: MATRIX_FEEDBACK_CYCLE,
        subjectId: personId,
        managerId,
        heldAt,
        ...MATRIX_MEETING_TEXT,
      });
      await tx.resources('feedback_meetings').create(orgId, {
        id: meeting.id,
        cycleId: meeting.cycleId,
        subjectId: personId,
        data: meetingData(meeting, { status: 'pending' }),
      });
      await tx.resources('compensation').create(orgId, {
        id: matrixCompensationId(personId),
        cycleId: MATRIX_APPLY_CYCLE,
        subjectId: personId,
        data: {
          cycleId: MATRIX_APPLY_CYCLE,
          personId,
          salaryCents: 5_000_000,
          bandMidpointCents: 5_000_000,
          targetBonusCents: 500_000,
        },
      });
      for (const goal of [
        shortGoal(matrixApplyGoalId(personId), personId, 100),
        shortGoal(matrixGapGoalId(personId), personId, 0),
      ]) {
        await tx
          .resources('goals')
          .create(orgId, { id: goal.id, cycleId: goal.cycleId, subjectId: personId, data: goal });
      }
    }
  });
}

/** What the matrix meetings say: enough to pass the checklist, so that they count and can be acknowledged. */
const MATRIX_MEETING_TEXT = {
  summary:
    'Matrix meeting: we went through every goal of the half, the rating and how it was reached, and agreed the focus.',
  strengths: 'Careful preparation.',
  improvements: 'Raising risks earlier.',
  agreedActions: ['Draft the next plan together.'],
};

/** A measured KPI goal of the apply cycle, half way to its target. */
function shortGoal(id: string, ownerId: string, weight: number): Goal {
  return { ...kpiGoal(id, MATRIX_APPLY_CYCLE, ownerId, weight), actual: 5 };
}

/** A new meeting about `subjectId`, held by their manager a day ago, in the given acknowledgement state; its id. */
export async function freshMeeting(
  h: ApiHarness,
  f: Fixture,
  orgId: string,
  subjectId: string,
  acknowledgement: AcknowledgementState,
): Promise<string> {
  const meeting = FeedbackMeetingSchema.parse({
    id: freshId('fbm'),
    cycleId: MATRIX_FEEDBACK_CYCLE,
    subjectId,
    managerId: matrixManagerOf(f, subjectId),
    heldAt: new Date(Date.now() - DAY_MS).toISOString(),
    ...MATRIX_MEETING_TEXT,
  });
  await put(h, orgId, 'feedback_meetings', {
    id: meeting.id,
    cycleId: meeting.cycleId,
    subjectId,
    data: meetingData(meeting, acknowledgement),
  });
  return meeting.id;
}

/** `subjectId`'s own attribution of their gap goal (all skills), under `id`. */
async function seedAttribution(h: ApiHarness, orgId: string, id: string, subjectId: string): Promise<void> {
  const goalId = matrixGapGoalId(subjectId);
  await put(h, orgId, ATTRIBUTION_KIND, {
    id,
    cycleId: MATRIX_APPLY_CYCLE,
    subjectId,
    parentId: goalId,
    data: attributionData({
      id,
      cycleId: MATRIX_APPLY_CYCLE,
      authorId: subjectId,
      subjectId,
      goalId,
      factors: [{ factor: 'skills', share: 1 }],
      note: '',
    }),
  });
}

/** A new attribution of `subjectId`'s gap goal by themselves; its id. */
export async function freshAttribution(h: ApiHarness, orgId: string, subjectId: string): Promise<string> {
  const id = freshId('gat');
  await seedAttribution(h, orgId, id, subjectId);
  return id;
}

/** An open draft for `personId` carrying one competency goal (a new id each time) into the plan cycle, under `id`. */
async function seedDraft(h: ApiHarness, f: Fixture, orgId: string, id: string, personId: string) {
  const goalId = freshId('gol');
  const draft: StoredDraft = {
    id,
    fromCycleId: MATRIX_IMPROVE_CYCLE,
    toCycleId: MATRIX_PLAN_CYCLE,
    personId,
    status: 'open',
    createdBy: matrixManagerOf(f, personId),
    drafts: [
      {
        goal: {
          id: goalId,
          cycleId: MATRIX_PLAN_CYCLE,
          title: 'Build skill: matrix',
          description: '',
          level: 'person',
          ownerId: personId,
          departmentId: null,
          weight: 10,
          alignedTo: null,
          status: 'draft',
          dueDate: null,
          kind: 'competency',
          expectations: '',
        },
        carriedFrom: null,
        reason: {
          code: 'skills_gap',
          sourceGoalId: matrixGapGoalId(personId),
          factor: 'skills',
          share: 1,
          message: 'Skills were the whole gap.',
        },
        notes: [],
      },
    ],
    developmentItems: [],
    managerActions: [],
    skipped: [],
    acceptedAt: null,
    acceptedBy: null,
    createdGoalIds: [],
  };
  await put(h, orgId, DRAFT_KIND, {
    id,
    cycleId: MATRIX_IMPROVE_CYCLE,
    subjectId: personId,
    parentId: MATRIX_PLAN_CYCLE,
    data: draftData(draft),
  });
}

/** A new open next-cycle draft for `personId`; its id. */
export async function freshDraft(
  h: ApiHarness,
  f: Fixture,
  orgId: string,
  personId: string,
): Promise<string> {
  const id = freshId('ncd');
  await seedDraft(h, f, orgId, id, personId);
  return id;
}

/** Seeds the matrix data once per harness (idempotent across rows). */
export function seedResultsMatrix(h: ApiHarness, f: Fixture): Promise<void> {
  let p = seeded.get(h);
  if (!p) {
    const { id } = f;
    p = (async () => {
      await seedOrg(h, f.acme.organisation.id, [
        { id: id.hal, managerId: id.cat },
        { id: id.cat, managerId: id.hal },
        { id: id.hana, managerId: id.cat },
        { id: id.sam, managerId: id.hana },
        { id: id.erin, managerId: id.cat },
        { id: id.mo, managerId: id.erin },
        { id: id.pia, managerId: id.mo },
        { id: id.paul, managerId: id.pia },
      ]);
      await seedOrg(h, f.globex.organisation.id, [
        { id: id.gwen, managerId: id.gus },
        { id: id.gus, managerId: id.gwen },
      ]);
      const targets = [
        [f.acme.organisation.id, id.sam],
        [f.acme.organisation.id, id.pia],
        [f.acme.organisation.id, id.paul],
        [f.globex.organisation.id, id.gus],
      ] as const;
      for (const [orgId, personId] of targets) {
        await seedAttribution(h, orgId, matrixAttributionId(personId), personId);
        await seedDraft(h, f, orgId, matrixDraftId(personId), personId);
      }
    })();
    seeded.set(h, p);
  }
  return p;
}
