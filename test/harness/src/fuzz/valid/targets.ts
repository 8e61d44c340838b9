// Valid inputs for target adjustments: relief asked for on KPI goals of coach / appraise cycles, withdrawn, decided.
import fc from 'fast-check';
import { goalsOf, subjects } from './appraise.ts';
import {
  acmeCycleIn,
  all,
  type GenContext,
  gen,
  perOrg,
  pick,
  prose,
  type SetupApi,
  type ValidGenerator,
} from './context.ts';
import type { Rec } from './facts.ts';

const OPEN_PHASES = ['coach', 'appraise'] as const;

/** A target `f` of the way from the current target back to the threshold (or baseline): easier, still in order. */
function relieved(goal: Rec, f: number): number {
  const target = Number(goal.target);
  const floor = typeof goal.threshold === 'number' ? goal.threshold : Number(goal.baseline);
  return target - f * (target - floor);
}

/** KPI goals of coach / appraise cycles, each with the callers who may ask: the owner and their manager chain. */
function slots(ctx: GenContext, org: 'acme' | 'globex') {
  return subjects(ctx, org, ...OPEN_PHASES).flatMap((s) =>
    goalsOf(ctx, org, s.cycle.id, s.subject, 'kpi').map((goal) => ({
      ...s,
      goal,
      askers: [ctx.callerOf(s.subject), ...s.managers].filter((c): c is number => c !== undefined),
    })),
  );
}

const open = (ctx: GenContext, org: 'acme' | 'globex') =>
  ctx.facts.of(org, 'target_adjustments').filter((a) => a.state === 'requested');

/** Open requests to act on: a few goals per organisation, each asked for by its owner (or their manager). */
async function askForRelief(ctx: GenContext, api: SetupApi) {
  for (const org of ['acme', 'globex'] as const) {
    const hrId = ctx.callers[ctx.hr(org)]?.personId;
    const some = slots(ctx, org)
      .filter((s) => s.subject !== hrId && s.askers.length > 0)
      .slice(0, org === 'acme' ? 12 : 3);
    for (const s of some) {
      await api.call(s.askers[0] as number, 'POST', '/v1/target-adjustments', {
        json: {
          goalId: s.goal.id,
          factor: 'external_environment',
          proposed: { target: relieved(s.goal, 0.5) },
          reason: 'Fuzz: a new competitor halved the regional market.',
        },
      });
    }
  }
}

export const targetGenerators: Record<string, ValidGenerator> = {
  'POST /v1/target-adjustments': gen({
    template: acmeCycleIn('appraise', 10),
    inputs: (ctx) =>
      perOrg((org) => {
        const asks = slots(ctx, org).flatMap((s) => s.askers.map((caller) => ({ goal: s.goal, caller })));
        return (
          all({
            ask: pick(asks),
            f: fc.integer({ min: 1, max: 9 }).map((n) => n / 10),
            reason: prose(20, 200),
            evidence: fc.option(prose(10, 200), { nil: undefined }),
          })?.map(({ ask, f, reason, evidence }) => ({
            caller: ask.caller,
            body: {
              goalId: ask.goal.id,
              factor: 'external_environment',
              proposed: { target: relieved(ask.goal, f) },
              reason,
              ...(evidence !== undefined ? { evidence } : {}),
            },
          })) ?? null
        );
      }),
  }),

  'POST /v1/target-adjustments/{id}/withdraw': gen({
    template: acmeCycleIn('appraise', 10),
    setup: askForRelief,
    inputs: (ctx) =>
      perOrg(
        (org) =>
          pick(open(ctx, org).filter((a) => ctx.callerOf(a.requestedBy) !== undefined))?.map((a) => ({
            caller: ctx.callerOf(a.requestedBy) as number,
            path: { id: a.id },
          })) ?? null,
      ),
  }),

  'POST /v1/target-adjustments/{id}/decision': gen({
    template: acmeCycleIn('appraise', 10),
    setup: askForRelief,
    inputs: (ctx) =>
      perOrg((org) => {
        const hr = ctx.hr(org);
        const hrId = ctx.callers[hr]?.personId;
        return (
          all({
            request: pick(open(ctx, org).filter((a) => a.subjectId !== hrId && a.requestedBy !== hrId)),
            approve: fc.boolean(),
            note: prose(20, 200),
          })?.map(({ request, approve, note }) => ({
            caller: hr,
            path: { id: request.id },
            body: approve ? { decision: 'approve' } : { decision: 'reject', note },
          })) ?? null
        );
      }),
  }),
};
