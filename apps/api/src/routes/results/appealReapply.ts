// An appeal resolved as changed after results were applied: that person's result re-applied at the corrected rating, nobody else's recomputed, within what the pool and budget have left.
import { correctPay, ImprovementPlanSchema, type OverBudget } from '@perfloop/core';
import type { JsonObject, ResourceRecord } from '@perfloop/store';
import type { Access } from '../../authz/index.ts';
import { Conflict } from '../../errors.ts';
import { domainProblem, newId, type Write } from '../../kit/index.ts';
import { scoreCyclePeople } from '../appraise/cycleScores.ts';
import { explainedScore } from '../appraise/explain.ts';
import { type CycleContext, listWhere } from '../loop/cycle.ts';
import { computeResults } from './compute.ts';
import { loadAttributions, ratedPerson } from './load.ts';
import { type PersonResult, PLAN_ID_PREFIX, parseResult, type ResultCorrection } from './resultRecord.ts';

/** The lock a cycle's results are written under (the apply, a correction on appeal). */
export const resultsLock = (cycleId: string) => `results:${cycleId}`;

const sum = (xs: readonly (number | undefined)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);

/** The scale an apply used, from its lines when it was not recorded (older results): the line with the largest raw amount. */
function derivedScale(lines: readonly { raw: number; paid: number }[], fallback: number): number {
  const best = lines.filter((l) => l.raw > 0).sort((a, b) => b.raw - a.raw)[0];
  return best ? best.paid / best.raw : fallback;
}

function outcome(r: Pick<PersonResult, 'rating' | 'bonus' | 'merit' | 'promotion' | 'improvementPlanId'>) {
  return {
    rating: r.rating,
    bonusCents: r.bonus?.amountCents ?? null,
    meritCents: r.merit?.amountCents ?? null,
    promotion: r.promotion?.status ?? null,
    improvementPlan: r.improvementPlanId !== null,
  };
}

/** What moved, in plain English (no amounts: those are in the pay trace, for HR and the person only). */
function outcomeTrace(
  from: ResultCorrection['from'],
  to: ResultCorrection['to'],
  by: string,
  at: string,
  targetReview: boolean,
): string[] {
  const lines = [
    `Rating corrected on appeal (${at.slice(0, 10)}, by ${by}): ${from.rating.label} (${from.rating.value}) → ${to.rating.label} (${to.rating.value}); only this result was re-applied, at the rules and scale of the apply.`,
  ];
  if (from.promotion !== to.promotion) {
    lines.push(`Promotion: ${from.promotion ?? 'no decision'} → ${to.promotion ?? 'no decision'}.`);
  }
  if (from.improvementPlan !== to.improvementPlan) {
    lines.push(
      to.improvementPlan
        ? 'An improvement plan now applies at the corrected rating.'
        : 'The improvement plan no longer applies at the corrected rating.',
    );
  }
  if (!to.improvementPlan && targetReview) lines.push('A target review is recommended instead of a plan.');
  return lines;
}

/**
 * In the resolution's transaction, after the rating move of kind `appeal` was recorded: re-applies the person's
 * applied result at their corrected rating. Promotion, improvement plan (or target review) follow the per-person rules
 * of the apply; bonus and merit are re-paid at the apply's common scale (core correctPay), a raise taking only what the
 * pool and merit budget have left after every current result — beyond it 409 `over_budget` (nothing written) unless
 * `overBudget` is `cap`. The result keeps its explanation as now (with the appeal's move) and a `corrections` entry;
 * its improvement plan record is created, updated or removed to match. Audit `result.appeal_correction`, feed events.
 * Returns the result's id.
 */
export async function reapplyOnAppeal(
  w: Write,
  args: {
    ctx: CycleContext;
    access: Access;
    record: ResourceRecord;
    meetingId: string;
    adjustmentId: string;
    actorId: string;
    at: string;
    overBudget: OverBudget;
  },
): Promise<string> {
  const { ctx, access, record, at } = args;
  const cycleId = ctx.cycle.id;
  // What the pool and budget have left is read once per cycle at a time: two corrections (or a correction and an
  // apply) never both spend the same remainder.
  await w.tx.lock(resultsLock(cycleId), 'exclusive');
  const current = (await w.tx.resources('results').get(w.orgId, record.id)) ?? record;
  const stored = parseResult(current);
  const subjectId = stored.personId;
  if (!stored.budget) {
    throw new Conflict(
      'This result was applied before the pool and budget were recorded with it, so a correction cannot be checked against them: apply the cycle’s results again, then resolve the appeal.',
      { code: 'budget_unknown', details: { resultId: record.id } },
    );
  }
  const scoring = await scoreCyclePeople(w.tx, w.orgId, ctx.cycle, [subjectId]);
  const scored = scoring.scores.get(subjectId);
  if (!scored) throw new Error(`${subjectId} lost their score while their appeal was resolved`);
  const person = ratedPerson(access, ctx, subjectId, scored);

  // The per-person rules of the apply, for this one person: promotion, improvement plan or target review.
  const decision = stored.promotion;
  const planRecord =
    stored.improvementPlanId === null
      ? null
      : await w.tx.resources('improvement_plans').get(w.orgId, stored.improvementPlanId);
  const oldPlan = planRecord ? ImprovementPlanSchema.safeParse(planRecord.data) : null;
  const startsOn = oldPlan?.success ? oldPlan.data.startsOn : at.slice(0, 10);
  const computed = computeResults({
    cycleId,
    policy: ctx.policy,
    options: {
      poolCents: 0,
      meritBudgetCents: 0,
      mode: 'fit',
      startsOn,
      // Months in role as the apply had them (null minimum: they were not known, so not checked).
      promotionInputs:
        decision && decision.minMonthsInRole !== null
          ? [
              {
                personId: subjectId,
                monthsInRole: decision.monthsInRole,
                ...(decision.readiness !== null ? { readiness: decision.readiness } : {}),
              },
            ]
          : [],
    },
    people: [person],
    unrated: [],
    compensation: new Map(),
    potential: decision ? new Map([[subjectId, decision.potential]]) : new Map(),
    attributions: (await loadAttributions(w.tx, w.orgId, cycleId)).filter((a) => a.subjectId === subjectId),
  });
  if (!computed.ok) throw domainProblem(computed.errors);
  const line = computed.value.people[0];
  if (!line) throw new Error('computeResults returned no line for the person');

  // Bonus and merit at the apply's scale, within what every current result of the cycle left of the pool and budget.
  const all = (await listWhere(w.tx, 'results', w.orgId, { cycleId })).map(parseResult);
  const { bonus: pool, merit: budget } = stored.budget;
  const pay = correctPay(
    {
      rating: line.rating.value,
      bonus: stored.bonus,
      merit: stored.merit,
      scales: {
        bonus:
          pool === null
            ? null
            : (pool.scale ??
              derivedScale(
                all.flatMap((r) => (r.bonus ? [{ raw: r.bonus.rawCents, paid: r.bonus.scaledCents }] : [])),
                1,
              )),
        merit:
          budget.scale ??
          derivedScale(
            all.flatMap((r) => (r.merit ? [{ raw: r.merit.rawCents, paid: r.merit.amountCents }] : [])),
            1,
          ),
      },
      remaining: {
        bonusCents: pool === null ? null : pool.poolCents - sum(all.map((r) => r.bonus?.amountCents)),
        meritCents: budget.budgetCents - sum(all.map((r) => r.merit?.amountCents)),
      },
      overBudget: args.overBudget,
    },
    ctx.policy,
  );
  if (!pay.ok) {
    throw new Conflict(pay.error.message, { code: pay.error.code, details: pay.error.details ?? {} });
  }

  // The improvement plan record follows the corrected rating (same id when it stays).
  let improvementPlanId: string | null = null;
  const plan = line.improvementPlan;
  if (plan && planRecord) {
    improvementPlanId = planRecord.id;
    await w.update('improvement_plans', planRecord.id, {
      expectedVersion: planRecord.version,
      data: { ...plan, id: planRecord.id },
    });
  } else if (plan) {
    improvementPlanId = newId(PLAN_ID_PREFIX);
    await w.create('improvement_plans', {
      id: improvementPlanId,
      cycleId,
      subjectId,
      data: { ...plan, id: improvementPlanId },
    });
  } else if (planRecord) {
    await w.remove('improvement_plans', planRecord.id, planRecord.version);
  }

  const next = {
    rating: line.rating,
    bonus: pay.value.bonus,
    merit: pay.value.merit,
    promotion: line.promotion,
    improvementPlanId,
  };
  const from = outcome(stored);
  const to = outcome(next);
  const correction: ResultCorrection = {
    kind: 'appeal',
    meetingId: args.meetingId,
    adjustmentId: args.adjustmentId,
    at,
    by: args.actorId,
    from,
    to,
    bonusShortCents: pay.value.bonusShortCents,
    meritShortCents: pay.value.meritShortCents,
    trace: outcomeTrace(from, to, args.actorId, at, line.targetReview !== null),
    payTrace: pay.value.trace,
  };
  const result: PersonResult = {
    ...stored,
    ...next,
    targetReview: line.targetReview,
    explanation: explainedScore(scored, ctx.policy),
    corrections: [...(stored.corrections ?? []), correction],
  };
  await w.update(
    'results',
    record.id,
    { expectedVersion: current.version, data: { ...result } as JsonObject },
    {
      action: 'result.appeal_correction',
      summary: {
        personId: subjectId,
        meetingId: args.meetingId,
        adjustmentId: args.adjustmentId,
        from,
        to,
        bonusDeltaCents: pay.value.bonusDeltaCents,
        meritDeltaCents: pay.value.meritDeltaCents,
        bonusShortCents: pay.value.bonusShortCents,
        meritShortCents: pay.value.meritShortCents,
      },
    },
  );
  return record.id;
}
