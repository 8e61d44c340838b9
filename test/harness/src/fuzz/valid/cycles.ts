// Valid inputs for cycles, goals, goal templates and check-ins (plan and coach).
import fc from 'fast-check';
import {
  acmeCycleIn,
  all,
  type GenContext,
  gen,
  oneOf,
  PHASES,
  participantsOf,
  perOrg,
  pick,
  prose,
  serial,
  type ValidGenerator,
} from './context.ts';
import type { Rec } from './facts.ts';

const FRESH_CHECK_IN = 'Fuzz: a check-in recorded today, to be corrected.';

/** A KPI person goal body of weight `weight` (threshold < target < stretch, all consistent). */
const kpiGoal = (n: number, weight: number) => ({
  kind: 'kpi',
  title: `Fuzz KPI ${n}`,
  unit: 'items',
  direction: 'higher_is_better',
  baseline: 0,
  target: 10 + (n % 50),
  weight,
});

/**
 * A change HR may make to a goal after plan: a scoring field (the weight; a KPI's target, kept strictly between
 * its lower anchors and its stretch; its curve) with the correction's reason, or a note without one. A competency
 * goal takes the weight or the note.
 */
function correctionBody(
  goal: Rec,
  n: number,
  change: 'weight' | 'target' | 'curve' | 'note',
): Record<string, unknown> {
  const reason = { correctionReason: `Fuzz correction ${n}: the agreed value was entered wrong.` };
  const kpi = goal.kind === 'kpi';
  if (change === 'note') return { description: `Fuzz note ${n}.` };
  if (change === 'curve' && kpi) return { curve: { type: n % 2 === 0 ? 'stepped' : 'linear' }, ...reason };
  if (change === 'target' && kpi) {
    const better = goal.direction === 'lower_is_better' ? -1 : 1;
    const floors = [goal.baseline, goal.threshold].filter((v): v is number => typeof v === 'number');
    const floor = better > 0 ? Math.max(...floors) : Math.min(...floors);
    const ceiling = typeof goal.stretch === 'number' ? goal.stretch : floor + better * 20;
    return { target: floor + (ceiling - floor) * (0.25 + (n % 50) / 100), ...reason };
  }
  return { weight: n % 101, ...reason };
}

/** A participant of `cycle` and someone who may set their goals (their nearest manager who signs in, or HR). */
function ownerAndSetter(ctx: GenContext, org: 'acme' | 'globex', cycle: Rec) {
  return participantsOf(cycle).map((owner) => {
    const manager = ctx
      .managersOf(owner)
      .map((m) => ctx.callerOf(m))
      .find((c) => c !== undefined);
    return { owner, caller: manager ?? ctx.hr(org) };
  });
}

export const cycleGenerators: Record<string, ValidGenerator> = {
  'PATCH /v1/cycles/{id}': gen({
    inputs: (ctx) =>
      perOrg((org) =>
        all({
          cycle: pick(ctx.cyclesIn(org, 'plan')),
          n: serial,
          change: fc.constantFrom('name', 'dates', 'both', 'schedule'),
        })?.map(({ cycle, n, change }) => ({
          caller: ctx.hr(org),
          path: { id: cycle.id },
          body:
            change === 'schedule'
              ? // Within the period and in stage order: the plan due on the first day, appraisals on the last.
                {
                  schedule: {
                    planDue: cycle.startsOn,
                    selfAppraisalDue: cycle.endsOn,
                    managerAppraisalDue: cycle.endsOn,
                  },
                }
              : {
                  ...(change !== 'dates' ? { name: `Fuzz cycle ${n}` } : {}),
                  ...(change !== 'name' ? { startsOn: cycle.startsOn, endsOn: cycle.endsOn } : {}),
                },
        })),
      ),
  }),

  'POST /v1/cycles/{id}/transitions': gen({
    // Every phase but closed is held by some cycle only in the final state.
    template: (facts) => facts.of('acme', 'cycles').filter((c) => c.phase !== 'closed').length >= 4,
    inputs: (ctx) =>
      perOrg(
        (org) =>
          pick(ctx.cyclesIn(org, ...PHASES.slice(0, -1)))?.chain(
            (cycle) =>
              all({
                to: pick(PHASES.slice(PHASES.indexOf(String(cycle.phase)) + 1)),
                override: fc.boolean(),
              })?.map(({ to, override }) => ({
                caller: ctx.hr(org),
                path: { id: cycle.id },
                body: { to, ...(override ? { override: { reason: 'Fuzz: move on regardless.' } } : {}) },
              })) as fc.Arbitrary<{ caller: number; path: { id: string }; body: unknown }>,
          ) ?? null,
      ),
  }),

  'POST /v1/cycles/{id}/participants': gen({
    // An active person of the organisation who does not take part yet (never HR themselves: own_participation),
    // in a cycle where people still join.
    inputs: (ctx) =>
      perOrg((org) => {
        const hr = ctx.hr(org);
        const me = ctx.callers[hr]?.personId;
        const pairs = ctx.cyclesIn(org, 'plan', 'coach', 'appraise').flatMap((cycle) => {
          const taking = new Set(participantsOf(cycle));
          return ctx.facts
            .of(org, 'people')
            .filter((p) => p.active !== false && p.id !== me && !taking.has(String(p.id)))
            .map((p) => ({ cycleId: String(cycle.id), personId: String(p.id) }));
        });
        return (
          pick(pairs)?.map(({ cycleId, personId }) => ({
            caller: hr,
            path: { id: cycleId },
            body: { personIds: [personId] },
          })) ?? null
        );
      }),
  }),

  'POST /v1/cycles/{id}/withdrawals': gen({
    // A participant (not HR themselves) of a cycle before any result is applied, with a kind and a reason.
    inputs: (ctx) =>
      perOrg((org) => {
        const hr = ctx.hr(org);
        const me = ctx.callers[hr]?.personId;
        const pairs = ctx.cyclesIn(org, 'plan', 'coach', 'appraise', 'calibrate').flatMap((cycle) =>
          participantsOf(cycle)
            .filter((id) => id !== me)
            .map((personId) => ({ cycleId: String(cycle.id), personId })),
        );
        return (
          all({
            pair: pick(pairs),
            kind: pick(['left_organisation', 'leave_of_absence', 'role_change', 'other']),
          })?.map(({ pair, kind }) => ({
            caller: hr,
            path: { id: pair.cycleId },
            body: { personId: pair.personId, kind, reason: 'Fuzz: withdrawn from the cycle for a while.' },
          })) ?? null
        );
      }),
  }),

  'PATCH /v1/goals/{id}': gen({
    // After plan only HR changes a goal's scoring fields, and then as a correction with its reason; a note
    // (the description) needs none. HR's own goals are theirs as owner (locked), so they are left out. The status is
    // never sent: cancelling (or restoring) after plan is a correction too, but a cancelled goal leaves its owner's
    // score, which later generators' cases (reviews, scores, calibration) count on.
    inputs: (ctx) =>
      perOrg((org) => {
        const hr = ctx.hr(org);
        const hrPerson = ctx.callers[hr]?.personId;
        const later = new Set(
          ctx.cyclesIn(org, 'coach', 'appraise', 'calibrate', 'feedback').map((c) => c.id),
        );
        const goals = ctx.facts
          .of(org, 'goals')
          .filter(
            (g) =>
              later.has(String(g.cycleId)) &&
              g.level === 'person' &&
              g.ownerId !== hrPerson &&
              g.status !== 'cancelled',
          );
        return (
          all({
            goal: pick(goals),
            n: serial,
            change: fc.constantFrom('weight', 'target', 'curve', 'note'),
          })?.map(({ goal, n, change }) => ({
            caller: hr,
            path: { id: goal.id },
            body: correctionBody(goal, n, change),
          })) ?? null
        );
      }),
  }),

  'DELETE /v1/goals/{id}': gen({
    template: acmeCycleIn('plan', 30),
    inputs: (ctx) =>
      perOrg((org) => {
        const goals = ctx.facts.of(org, 'goals');
        const plan = new Set(ctx.cyclesIn(org, 'plan').map((c) => c.id));
        const leaves = goals.filter(
          (g) => plan.has(String(g.cycleId)) && !goals.some((o) => o.alignedTo === g.id),
        );
        return all({ goal: pick(leaves), asHr: fc.boolean() })?.map(({ goal, asHr }) => {
          const manager = ctx
            .managersOf(String(goal.ownerId))
            .map((m) => ctx.callerOf(m))
            .find((c) => c !== undefined);
          return { caller: asHr || manager === undefined ? ctx.hr(org) : manager, path: { id: goal.id } };
        });
      }),
  }),

  'POST /v1/goals': gen({
    // Person goals in `plan` only, by a manager or HR: no `correctionReason` needed. (HR adding one later is a
    // correction of the agreed plan with its reason, which would change the scores later generators' cases count on.)
    inputs: (ctx) =>
      perOrg((org) => {
        const slots = ctx
          .cyclesIn(org, 'plan')
          .flatMap((cycle) => ownerAndSetter(ctx, org, cycle).map((w) => ({ cycleId: cycle.id, ...w })));
        return (
          all({ slot: pick(slots), n: serial, weight: fc.integer({ min: 1, max: 100 }) })?.map(
            ({ slot, n, weight }) => ({
              caller: slot.caller,
              body: { cycleId: slot.cycleId, level: 'person', ownerId: slot.owner, ...kpiGoal(n, weight) },
            }),
          ) ?? null
        );
      }),
  }),

  'PATCH /v1/goal-templates/{id}': gen({
    setup: makeTemplates,
    inputs: (ctx) =>
      perOrg((org) =>
        all({
          id: pick(ctx.facts.of(org, 'goal_templates').map((t) => t.id)),
          n: serial,
          goals: fc.boolean(),
        })?.map(({ id, n, goals }) => ({
          caller: ctx.hr(org),
          path: { id },
          body: goals ? { goals: [{ ...kpiGoal(n, 100), level: 'person' }] } : { name: `Fuzz template ${n}` },
        })),
      ),
  }),

  'DELETE /v1/goal-templates/{id}': gen({
    setup: makeTemplates,
    inputs: (ctx) =>
      perOrg(
        (org) =>
          pick(ctx.facts.of(org, 'goal_templates').map((t) => t.id))?.map((id) => ({
            caller: ctx.hr(org),
            path: { id },
          })) ?? null,
      ),
  }),

  'POST /v1/goal-templates/{id}/assign': gen({
    setup: makeTemplates,
    inputs: (ctx) =>
      perOrg(
        (org) =>
          all({
            id: pick(ctx.facts.of(org, 'goal_templates').map((t) => t.id)),
            cycle: pick(ctx.cyclesIn(org, 'plan')),
          })?.chain(({ id, cycle }) =>
            fc.subarray(participantsOf(cycle), { minLength: 1, maxLength: 3 }).map((personIds) => ({
              caller: ctx.hr(org),
              path: { id },
              body: { cycleId: cycle.id, personIds },
            })),
          ) ?? null,
      ),
  }),

  'PATCH /v1/check-ins/{id}': gen({
    // A check-in can be corrected only on the UTC day it was recorded: the world's were recorded when it was
    // built, possibly the day before this operation runs. Managers record fresh ones first.
    async setup(ctx, api) {
      for (const org of ['acme', 'globex'] as const)
        for (const cycle of ctx.cyclesIn(org, 'coach'))
          for (const subjectId of participantsOf(cycle)) {
            const manager = ctx.callerOf(ctx.managersOf(subjectId)[0]);
            if (manager !== undefined)
              await api.call(manager, 'POST', '/v1/check-ins', {
                json: { cycleId: cycle.id, subjectId, kind: 'guidance_note', notes: FRESH_CHECK_IN },
              });
          }
    },
    inputs: (ctx) =>
      perOrg((org) => {
        const mine = ctx.facts.of(org, 'check_ins').filter((c) => ctx.callerOf(c.authorId) !== undefined);
        const fresh = mine.filter((c) => c.notes === FRESH_CHECK_IN);
        const checkIn = oneOf(
          fresh.length > 0
            ? fc.oneof(
                { weight: 3, arbitrary: fc.constantFrom(...fresh) },
                { weight: 1, arbitrary: fc.constantFrom(...(mine as Rec[])) },
              )
            : null,
          pick(mine),
        );
        return all({ checkIn, text: prose(30, 200) })?.map(({ checkIn, text }) => ({
          caller: ctx.callerOf(checkIn.authorId) as number,
          path: { id: checkIn.id },
          body:
            checkIn.kind === 'feedback_form'
              ? { form: { strengths: text, improvements: text, nextSteps: text } }
              : { notes: text },
        }));
      }),
  }),
};

/** HR makes goal templates to change, assign and delete (the world has one). */
async function makeTemplates(ctx: GenContext, api: Parameters<NonNullable<ValidGenerator['setup']>>[1]) {
  for (const org of ['acme', 'globex'] as const)
    for (let i = 1; i <= (org === 'acme' ? 5 : 2); i++)
      await api.call(ctx.hr(org), 'POST', '/v1/goal-templates', {
        json: { name: `Fuzz template ${i}`, goals: [{ ...kpiGoal(i, 100), level: 'person' }] },
      });
}
