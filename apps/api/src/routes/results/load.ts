// Apply phase, storage side: the cycle's final ratings (appraise's scoring), compensation, potential and attributions as ResultsInput.
import { AcknowledgementStateSchema, type Person, PotentialAssessmentSchema } from '@perfloop/core';
import type { Access, ResourceSource } from '../../authz/index.ts';
import { type CalibratedScore, type CycleScoring, scoreCyclePeople } from '../appraise/cycleScores.ts';
import { parseAttribution } from '../gaps/attributionRecord.ts';
import { type CycleContext, listWhere } from '../loop/cycle.ts';
import { COMPENSATION_KIND, type CompensationInput, parseCompensation } from './compensation.ts';
import type { AttributionRow, RatedPerson, ResultsInput, ResultsOptions } from './compute.ts';

/**
 * Everyone appraised in the cycle: its participants, or every active person when it lists none and
 * nobody was ever withdrawn from it (a cycle whose participants were all withdrawn appraises nobody).
 */
export function cyclePeople(ctx: CycleContext, access: Access): string[] {
  if (ctx.participants.length > 0 || (ctx.cycle.withdrawn ?? []).length > 0) return [...ctx.participants];
  return [...access.snapshot.people.values()].filter((e) => e.entity.active).map((e) => e.entity.id);
}

/** Who answers for a person's improvement plan: their manager, else their department's head, else `fallback`. */
function responsibleFor(access: Access, person: Person | undefined, fallback: string): string {
  if (!person) return fallback;
  if (person.managerId !== null) return person.managerId;
  const head = access.snapshot.departments.get(person.departmentId)?.entity.headId ?? null;
  return head !== null && head !== person.id ? head : fallback;
}

/** A scored person as results read them: their final (calibrated) rating, who answers for a plan, their goals' outcomes. */
export function ratedPerson(
  access: Access,
  ctx: CycleContext,
  id: string,
  scored: CalibratedScore,
): RatedPerson {
  const person = access.snapshot.people.get(id)?.entity;
  const rating = scored.calibrated.current.rating;
  const level = ctx.policy.ratingScale.levels.find((l) => l.value === rating);
  return {
    personId: id,
    managerId: responsibleFor(access, person, access.personId ?? 'unknown'),
    departmentId: person?.departmentId ?? null,
    score: scored.score.score,
    rating: { value: rating, label: level?.label ?? String(rating) },
    goals: scored.score.trace.goals.map((g) => ({
      goalId: g.goalId,
      title: g.title,
      kind: g.kind,
      weight: g.weight,
      achievement: g.kind === 'kpi' ? g.achievement : null,
      score: g.score,
    })),
  };
}

/** The cycle's gap attributions as the diagnosis functions read them. */
export async function loadAttributions(
  source: ResourceSource,
  orgId: string,
  cycleId: string,
): Promise<AttributionRow[]> {
  const records = await listWhere(source, 'gap_attributions', orgId, { cycleId });
  return records.map((r) => {
    const a = parseAttribution(r);
    return { subjectId: a.subjectId, goalId: a.goalId, factors: a.factors };
  });
}

/** The people of the cycle with an appeal still open (a meeting about them whose acknowledgement is `appealed`). */
export async function openAppeals(source: ResourceSource, orgId: string, cycleId: string): Promise<string[]> {
  const records = await listWhere(source, 'feedback_meetings', orgId, { cycleId });
  const out = new Set<string>();
  for (const r of records) {
    const ack = AcknowledgementStateSchema.safeParse(r.data.acknowledgement);
    if (ack.success && ack.data.status === 'appealed' && r.subjectId !== null) out.add(r.subjectId);
  }
  return [...out].sort();
}

/** What the apply phase decides on, and the scoring its ratings come from (whose traces explain them). */
export interface LoadedResults {
  input: ResultsInput;
  scoring: CycleScoring;
}

/**
 * Reads what the apply phase decides on, through `source` (the store, or the apply transaction):
 * final ratings from the appraise module's scoring (calibration adjustments applied), compensation
 * inputs, the latest potential assessment per person, and the cycle's gap attributions.
 */
export async function loadResultsInput(
  source: ResourceSource,
  access: Access,
  ctx: CycleContext,
  options: ResultsOptions,
): Promise<LoadedResults> {
  const orgId = access.orgId;
  const cycleId = ctx.cycle.id;
  const everyone = cyclePeople(ctx, access);
  const scoring = await scoreCyclePeople(source, orgId, ctx.cycle, everyone);
  const people: RatedPerson[] = [];
  for (const id of everyone) {
    const scored = scoring.scores.get(id);
    if (scored) people.push(ratedPerson(access, ctx, id, scored));
  }
  const unrated = scoring.failures.map((f) => ({ personId: f.subjectId, code: f.code, message: f.message }));

  const compensation = new Map<string, CompensationInput>();
  for (const record of await listWhere(source, COMPENSATION_KIND, orgId, { cycleId })) {
    const c = parseCompensation(record);
    compensation.set(c.personId, c);
  }
  const potential = new Map<string, { potential: number; at: string }>();
  for (const record of await listWhere(source, 'potential_assessments', orgId, { cycleId })) {
    const parsed = PotentialAssessmentSchema.safeParse(record.data);
    if (!parsed.success) continue;
    const a = parsed.data;
    const seen = potential.get(a.subjectId);
    if (!seen || seen.at <= a.assessedAt)
      potential.set(a.subjectId, { potential: a.potential, at: a.assessedAt });
  }
  const input: ResultsInput = {
    cycleId,
    policy: ctx.policy,
    options,
    people,
    unrated,
    compensation,
    potential: new Map([...potential].map(([id, p]) => [id, p.potential])),
    attributions: await loadAttributions(source, orgId, cycleId),
    appealsOpen: await openAppeals(source, orgId, cycleId),
  };
  return { input, scoring };
}
