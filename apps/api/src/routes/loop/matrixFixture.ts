// Roles-matrix fixture for the feedback/apply/improve routes: a feedback and an apply cycle per organisation, seeded once per harness.
import { type Cycle, FeedbackMeetingSchema, type Goal, type Phase, POLICY_PRESETS } from '@perfloop/core';
import type { ApiHarness, Fixture } from '../../testing/apiHarness.ts';
import { StoredCycleSchema } from '../cycles/cycleRecord.ts';
import { meetingData } from '../feedback/meetingRecord.ts';
import { compensationId } from '../results/compensation.ts';

export const MATRIX_FEEDBACK_CYCLE = 'cyc_matrix_feedback';
export const MATRIX_APPLY_CYCLE = 'cyc_matrix_apply';
/** The feedback meeting about each person (held by their manager) in the feedback cycle. */
export const matrixMeetingId = (personId: string) => `fbm_matrix_${personId}`;
/** Each person's measured KPI goal in the apply cycle. */
export const matrixApplyGoalId = (personId: string) => `gol_apply_${personId}`;
export const matrixCompensationId = (personId: string) => compensationId(MATRIX_APPLY_CYCLE, personId);

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
        summary: 'Matrix meeting.',
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
      const goal: Goal = {
        id: matrixApplyGoalId(personId),
        cycleId: MATRIX_APPLY_CYCLE,
        title: 'Matrix goal',
        description: '',
        level: 'person',
        ownerId: personId,
        departmentId: null,
        weight: 100,
        alignedTo: null,
        status: 'active',
        dueDate: null,
        kind: 'kpi',
        unit: '',
        direction: 'higher_is_better',
        baseline: 0,
        threshold: null,
        target: 10,
        stretch: null,
        curve: { type: 'linear' },
        actual: 5,
      };
      await tx
        .resources('goals')
        .create(orgId, { id: goal.id, cycleId: goal.cycleId, subjectId: personId, data: goal });
    }
  });
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
    })();
    seeded.set(h, p);
  }
  return p;
}
