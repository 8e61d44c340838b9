// Valid inputs for appraisal: reviews, feedback requests, bulk score entries, gap attributions and calibration.
import fc from 'fast-check';
import { lateValue } from '../request.ts';
import {
  acmeCycleIn,
  all,
  type GenContext,
  gen,
  participantsOf,
  perOrg,
  pick,
  prose,
  serial,
  type ValidGenerator,
} from './context.ts';
import type { Rec } from './facts.ts';

const FACTORS = ['skills', 'external_environment', 'internal_conditions', 'motivation'] as const;

/** Shares of two different factors totalling exactly 1. */
const factorsArb = fc
  .tuple(fc.subarray([...FACTORS], { minLength: 2, maxLength: 2 }), fc.integer({ min: 1, max: 9 }))
  .map(([[a, b], tenths]) => [
    { factor: a, share: tenths / 10 },
    { factor: b, share: (10 - tenths) / 10 },
  ]);

export const goalsOf = (
  ctx: GenContext,
  org: 'acme' | 'globex',
  cycleId: string,
  ownerId: string,
  kind?: string,
) =>
  ctx.facts
    .of(org, 'goals')
    .filter((g) => g.cycleId === cycleId && g.ownerId === ownerId && (kind === undefined || g.kind === kind));

/** Participants of cycles in `phases`, each with the callers in their manager chain. */
export function subjects(ctx: GenContext, org: 'acme' | 'globex', ...phases: string[]) {
  return ctx.cyclesIn(org, ...phases).flatMap((cycle) =>
    participantsOf(cycle).map((subject) => ({
      cycle,
      subject,
      managers: ctx
        .managersOf(subject)
        .map((m) => ctx.callerOf(m))
        .filter((c): c is number => c !== undefined),
    })),
  );
}

/** Draft self reviews by every participant of the appraise cycles who signs in (the seed submits its own). */
async function draftSelfReviews(ctx: GenContext, api: Parameters<NonNullable<ValidGenerator['setup']>>[1]) {
  for (const org of ['acme', 'globex'] as const)
    for (const { cycle, subject } of subjects(ctx, org, 'appraise')) {
      const caller = ctx.callerOf(subject);
      const taken = ctx.facts
        .of(org, 'reviews')
        .some((r) => r.cycleId === cycle.id && r.reviewerId === subject && r.component === 'self');
      if (caller === undefined || taken) continue;
      await api.call(caller, 'POST', '/v1/reviews', {
        json: { cycleId: cycle.id, subjectId: subject, component: 'self', summary: 'Fuzz: a first draft.' },
      });
    }
}

const draftReviews = (ctx: GenContext, org: 'acme' | 'globex') =>
  ctx.facts
    .of(org, 'reviews')
    .filter((r) => r.submittedAt === null && ctx.callerOf(r.reviewerId) !== undefined);

/** Ratings of the subject's competency goals in the cycle (the levels of the default scale), each comment long enough
 *  to be the evidence a lowest or highest rating needs to be submitted (the default policy's 40 characters). */
function ratingsFor(ctx: GenContext, org: 'acme' | 'globex', review: Rec) {
  const goals = goalsOf(ctx, org, String(review.cycleId), String(review.subjectId), 'competency');
  return fc.tuple(...goals.map(() => fc.integer({ min: 1, max: 5 }))).map((levels) =>
    goals.map((g, i) => ({
      goalId: g.id,
      rating: levels[i] as number,
      comment: 'Fuzz rating, with the evidence an extreme level needs.',
    })),
  );
}

export const appraiseGenerators: Record<string, ValidGenerator> = {
  'PATCH /v1/reviews/{id}': gen({
    template: acmeCycleIn('appraise', 30),
    setup: draftSelfReviews,
    inputs: (ctx) =>
      perOrg(
        (org) =>
          pick(draftReviews(ctx, org))?.chain((review) =>
            fc
              .record({ ratings: ratingsFor(ctx, org, review), summary: prose(20, 200), both: fc.boolean() })
              .map(({ ratings, summary, both }) => ({
                caller: ctx.callerOf(review.reviewerId) as number,
                path: { id: review.id },
                body: both ? { ratings, summary } : { summary },
              })),
          ) ?? null,
      ),
  }),

  'POST /v1/reviews/{id}/submit': gen({
    template: acmeCycleIn('appraise', 30),
    setup: draftSelfReviews,
    inputs: (ctx) =>
      perOrg(
        (org) =>
          pick(draftReviews(ctx, org))?.map((review) => ({
            caller: ctx.callerOf(review.reviewerId) as number,
            path: { id: review.id },
          })) ?? null,
      ),
  }),

  'POST /v1/cycles/{id}/people/{personId}/score-entries': gen({
    template: acmeCycleIn('appraise', 30),
    inputs: (ctx) =>
      perOrg((org) => {
        const slots = subjects(ctx, org, 'appraise').filter((s) => s.managers.length > 0);
        return (
          pick(slots)?.chain(({ cycle, subject, managers }) => {
            const kpis = goalsOf(ctx, org, cycle.id, subject, 'kpi');
            const competencies = goalsOf(ctx, org, cycle.id, subject, 'competency');
            // A manager rates in their own manager review; HR sets the actuals (only HR may, after coach).
            const asManager = fc.constantFrom(...managers).chain((caller) => {
              const reviewer = ctx.callers[caller]?.personId ?? '';
              return fc.tuple(...competencies.map(() => fc.integer({ min: 1, max: 5 }))).map((levels) => ({
                caller,
                path: { id: cycle.id, personId: subject },
                body: {
                  managerReview: {
                    version: lateValue(
                      `/v1/reviews?cycleId=${cycle.id}&subjectId=${subject}&reviewerId=${reviewer}&component=manager`,
                      'items.0.version',
                    ),
                    ratings: competencies.map((g, i) => ({ goalId: g.id, rating: levels[i] as number })),
                  },
                },
              }));
            });
            const asHr = fc.tuple(...kpis.map(() => fc.integer({ min: 0, max: 200 }))).map((actuals) => ({
              caller: ctx.hr(org),
              path: { id: cycle.id, personId: subject },
              body: {
                goals: kpis.map((g, i) => ({
                  goalId: g.id,
                  version: lateValue(`/v1/goals/${g.id}`),
                  actual: actuals[i] as number,
                })),
              },
            }));
            return kpis.length > 0 ? fc.oneof(asManager, asHr) : asManager;
          }) ?? null
        );
      }),
  }),

  'POST /v1/feedback-requests': gen({
    inputs: (ctx) =>
      perOrg((org) => {
        const slots = subjects(ctx, org, 'coach', 'appraise');
        return (
          all({ slot: pick(slots), asHr: fc.boolean(), other: fc.nat(), n: serial })?.map(
            ({ slot, asHr, other, n }) => {
              // A peer: neither the subject nor their own manager (core feedbackReviewerIssues).
              const manager = ctx.managersOf(slot.subject)[0];
              const peers = participantsOf(slot.cycle).filter((p) => p !== slot.subject && p !== manager);
              const caller = asHr || slot.managers.length === 0 ? ctx.hr(org) : (slot.managers[0] as number);
              return {
                caller,
                body: {
                  cycleId: slot.cycle.id,
                  subjectId: slot.subject,
                  reviewerId: peers[other % Math.max(1, peers.length)] ?? slot.subject,
                  component: 'peer',
                  message: `Fuzz request ${n}: how did it go?`,
                },
              };
            },
          ) ?? null
        );
      }),
  }),

  'POST /v1/feedback-requests/{id}/decline': gen({
    setup: requestFeedback,
    inputs: (ctx) =>
      perOrg(
        (org) =>
          all({ request: pick(pending(ctx, org)), reason: prose(10, 120) })?.map(({ request, reason }) => ({
            caller: ctx.callerOf(request.reviewerId) as number,
            path: { id: request.id },
            body: { reason },
          })) ?? null,
      ),
  }),

  'POST /v1/feedback-requests/{id}/cancel': gen({
    setup: requestFeedback,
    inputs: (ctx) =>
      perOrg(
        (org) =>
          all({ request: pick(pending(ctx, org)), reason: prose(10, 120), withReason: fc.boolean() })?.map(
            ({ request, reason, withReason }) => ({
              caller: ctx.callerOf(request.requestedBy) ?? ctx.hr(org),
              path: { id: request.id },
              body: withReason ? { reason } : {},
            }),
          ) ?? null,
      ),
  }),

  'POST /v1/gap-attributions': gen({
    inputs: (ctx) =>
      perOrg((org) => {
        const slots = subjects(ctx, org, 'appraise', 'calibrate', 'feedback', 'apply', 'improve').flatMap(
          (s) =>
            goalsOf(ctx, org, s.cycle.id, s.subject, 'kpi').flatMap((goal) =>
              [ctx.callerOf(s.subject), ...s.managers]
                .filter((c): c is number => c !== undefined)
                .map((caller) => ({ ...s, goal, caller })),
            ),
        );
        return (
          all({ slot: pick(slots), factors: factorsArb, note: prose(10, 200) })?.map(
            ({ slot, factors, note }) => ({
              caller: slot.caller,
              body: { cycleId: slot.cycle.id, subjectId: slot.subject, goalId: slot.goal.id, factors, note },
            }),
          ) ?? null
        );
      }),
  }),

  'PATCH /v1/gap-attributions/{id}': gen({
    template: acmeCycleIn('appraise', 30, 'gap_attributions'),
    inputs: (ctx) =>
      perOrg(
        (org) =>
          all({
            attribution: pick(
              ctx.facts.of(org, 'gap_attributions').filter((a) => ctx.callerOf(a.authorId) !== undefined),
            ),
            factors: factorsArb,
            note: prose(10, 200),
            which: fc.constantFrom('factors', 'note', 'both'),
          })?.map(({ attribution, factors, note, which }) => ({
            caller: ctx.callerOf(attribution.authorId) as number,
            path: { id: attribution.id },
            body: {
              ...(which !== 'note' ? { factors } : {}),
              ...(which !== 'factors' ? { note } : {}),
            },
          })) ?? null,
      ),
  }),

  'DELETE /v1/gap-attributions/{id}': gen({
    template: acmeCycleIn('appraise', 30, 'gap_attributions'),
    inputs: (ctx) =>
      perOrg(
        (org) =>
          all({ attribution: pick(ctx.facts.of(org, 'gap_attributions')), asHr: fc.boolean() })?.map(
            ({ attribution, asHr }) => ({
              caller: asHr ? ctx.hr(org) : (ctx.callerOf(attribution.authorId) ?? ctx.hr(org)),
              path: { id: attribution.id },
            }),
          ) ?? null,
      ),
  }),

  'POST /v1/calibration-sessions': gen({
    template: acmeCycleIn('calibrate', 30),
    inputs: (ctx) =>
      perOrg((org) => {
        const departments = ctx.facts.of(org, 'departments').filter((d) => d.parentId !== null);
        return (
          all({
            cycle: pick(ctx.cyclesIn(org, 'calibrate')),
            department: pick(departments),
            n: serial,
          })?.map(({ cycle, department, n }) => ({
            caller: ctx.hr(org),
            body: { cycleId: cycle.id, departmentIds: [department.id], name: `Fuzz calibration ${n}` },
          })) ?? null
        );
      }),
  }),

  'POST /v1/calibration-sessions/{id}/adjustments': gen({
    inputs: (ctx) =>
      perOrg((org) => {
        const people = ctx.facts.of(org, 'people');
        const slots = ctx.facts
          .of(org, 'calibration_sessions')
          .filter((s) => s.state === 'open')
          .flatMap((session) => {
            const cycle = ctx.facts.byId(String(session.cycleId));
            const departments = new Set(session.departmentIds as string[]);
            // HR calibrates: everyone of the session but themselves (nobody moves their own rating: 403).
            return participantsOf(cycle ?? ({} as Rec))
              .filter((p) => departments.has(String(people.find((x) => x.id === p)?.departmentId)))
              .filter((p) => p !== ctx.callers[ctx.hr(org)]?.personId)
              .map((personId) => ({ session, personId }));
          });
        return (
          all({
            slot: pick(slots),
            toRating: fc.integer({ min: 2, max: 4 }),
            justification: prose(60, 200),
          })?.map(({ slot, toRating, justification }) => ({
            caller: ctx.hr(org),
            path: { id: slot.session.id },
            body: {
              personId: slot.personId,
              // The rating the caller sees when the case is sent (earlier cases may have moved it).
              fromRating: lateValue(
                `/v1/cycles/${String(slot.session.cycleId)}/scores/${slot.personId}`,
                'rating.value',
              ),
              toRating,
              justification,
            },
          })) ?? null
        );
      }),
  }),

  'POST /v1/calibration-sessions/{id}/finalise': gen({
    inputs: (ctx) =>
      perOrg(
        (org) =>
          pick(ctx.facts.of(org, 'calibration_sessions').filter((s) => s.state === 'open'))?.map((s) => ({
            caller: ctx.hr(org),
            path: { id: s.id },
          })) ?? null,
      ),
  }),
};

const pending = (ctx: GenContext, org: 'acme' | 'globex') =>
  ctx.facts
    .of(org, 'feedback_requests')
    .filter((r) => r.state === 'pending' && ctx.callerOf(r.reviewerId) !== undefined);

/** HR asks peers for feedback in the coach and appraise cycles: pending requests to decline or cancel. */
async function requestFeedback(ctx: GenContext, api: Parameters<NonNullable<ValidGenerator['setup']>>[1]) {
  for (const org of ['acme', 'globex'] as const) {
    const slots = subjects(ctx, org, 'coach', 'appraise').slice(0, org === 'acme' ? 10 : 2);
    for (const { cycle, subject } of slots) {
      const manager = ctx.managersOf(subject)[0];
      const peers = participantsOf(cycle).filter((p) => p !== subject && p !== manager);
      const reviewerId = peers[0];
      if (reviewerId === undefined) continue;
      await api.call(ctx.hr(org), 'POST', '/v1/feedback-requests', {
        json: { cycleId: cycle.id, subjectId: subject, reviewerId, component: 'peer' },
      });
    }
  }
}
