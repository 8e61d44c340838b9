// Valid inputs for the close of a cycle: feedback meetings (change, acknowledge, appeal, resolve), compensation, results.
import fc from 'fast-check';
import {
  acmeCycleIn,
  all,
  type GenContext,
  gen,
  participantsOf,
  perOrg,
  pick,
  prose,
  type SetupApi,
  type ValidGenerator,
} from './context.ts';

/**
 * The feedback phase of the demo's first cycle. The seed acknowledges each meeting as soon as it is held, so no
 * template has many pending ones: the setup holds them.
 */
const feedbackPhase = acmeCycleIn('feedback', 30);

const meetingsIn = (ctx: GenContext, org: 'acme' | 'globex', status = 'pending') =>
  ctx.facts.of(org, 'feedback_meetings').filter((m) => {
    const ack = m.acknowledgement as { status?: string } | null | undefined;
    return (ack?.status ?? 'pending') === status && ctx.callerOf(m.subjectId) !== undefined;
  });

/** An appealed meeting the setup made, and the subject's rating as it stood then (what a resolution corrects). */
interface Appealed {
  fromRating: number;
  /** The levels of the cycle's rating scale (a corrected rating is another one of them). */
  levels: number[];
}

/**
 * HR records a meeting, held now (within the appeal window) and passing the checklist (so it counts and can be
 * acknowledged), with every participant of the feedback cycles who has none, held by their manager (HR's own: the
 * manager records it); with `appealed`, every other subject then appeals, and their current rating is noted there.
 */
function holdMeetings(appealed?: Map<string, Appealed>) {
  const appeal = appealed !== undefined;
  return async (ctx: GenContext, api: SetupApi) => {
    appealed?.clear();
    const now = new Date().toISOString();
    for (const org of ['acme', 'globex'] as const)
      for (const cycle of ctx.cyclesIn(org, 'feedback'))
        for (const [i, subjectId] of participantsOf(cycle).entries()) {
          const held = ctx.facts
            .of(org, 'feedback_meetings')
            .some((m) => m.cycleId === cycle.id && m.subjectId === subjectId);
          const managerId = ctx.managersOf(subjectId)[0];
          if (held || managerId === undefined) continue;
          // Nobody records the meeting about their own result (own_meeting): HR's own is recorded by their manager.
          const recorder = ctx.callerOf(subjectId) === ctx.hr(org) ? ctx.callerOf(managerId) : ctx.hr(org);
          if (recorder === undefined) continue;
          const meeting = await api.call(recorder, 'POST', '/v1/feedback-meetings', {
            json: {
              cycleId: cycle.id,
              subjectId,
              managerId,
              heldAt: now,
              summary: `Fuzz meeting ${i}: we went through the half goal by goal, the ratings and what they rest on, and agreed the priorities for the next one.`,
              strengths: 'Fuzz: steady delivery.',
              improvements: 'Fuzz: earlier risk reporting.',
              agreedActions: ['Fuzz: meet again in a month.'],
            },
          });
          const subject = ctx.callerOf(subjectId);
          if (!appeal || i % 2 !== 0 || meeting === null || subject === undefined) continue;
          const done = await api.call(subject, 'POST', `/v1/feedback-meetings/${String(meeting.id)}/appeal`, {
            json: { reason: 'Fuzz: I see the half differently and would like HR to look at it again.' },
          });
          // The rating HR sees and corrects (`fromRating` of a changed resolution); none when nothing is scored.
          const score = done
            ? await api.call(ctx.hr(org), 'GET', `/v1/cycles/${cycle.id}/scores/${subjectId}`)
            : null;
          const rating = (score?.rating as { value?: unknown } | undefined)?.value;
          const policy = cycle.policy as { ratingScale?: { levels?: { value: number }[] } } | undefined;
          const levels = (policy?.ratingScale?.levels ?? []).map((l) => l.value);
          if (typeof rating === 'number' && levels.length > 1)
            appealed?.set(String(meeting.id), { fromRating: rating, levels });
        }
  };
}

/** Ratings of the appeals the resolve-appeal setup made, by meeting id (read by its inputs, after the setup). */
const appealedRatings = new Map<string, Appealed>();

const cents = (min: number, max: number) => fc.integer({ min, max }).map((n) => n * 100);

const resultsBody = fc.record({
  poolCents: cents(0, 500_000),
  meritBudgetCents: cents(0, 500_000),
  mode: fc.constantFrom('fit', 'fill'),
});

export const closeGenerators: Record<string, ValidGenerator> = {
  'PATCH /v1/feedback-meetings/{id}': gen({
    template: feedbackPhase,
    setup: holdMeetings(),
    inputs: (ctx) =>
      perOrg(
        (org) =>
          all({
            meeting: pick(meetingsIn(ctx, org)),
            summary: prose(120, 400),
            improvements: prose(20, 200),
            asHr: fc.boolean(),
          })?.map(({ meeting, summary, improvements, asHr }) => ({
            caller: asHr ? ctx.hr(org) : (ctx.callerOf(meeting.managerId) ?? ctx.hr(org)),
            path: { id: meeting.id },
            body: { summary, improvements, agreedActions: ['Fuzz: meet again in a month.'] },
          })) ?? null,
      ),
  }),

  'POST /v1/feedback-meetings/{id}/acknowledge': gen({
    template: feedbackPhase,
    setup: holdMeetings(),
    inputs: (ctx) =>
      perOrg(
        (org) =>
          all({ meeting: pick(meetingsIn(ctx, org)), comment: prose(0, 120) })?.map(
            ({ meeting, comment }) => ({
              caller: ctx.callerOf(meeting.subjectId) as number,
              path: { id: meeting.id },
              body: { comment },
            }),
          ) ?? null,
      ),
  }),

  'POST /v1/feedback-meetings/{id}/appeal': gen({
    template: feedbackPhase,
    setup: holdMeetings(),
    inputs: (ctx) =>
      perOrg(
        (org) =>
          all({ meeting: pick(meetingsIn(ctx, org)), reason: prose(40, 300) })?.map(
            ({ meeting, reason }) => ({
              caller: ctx.callerOf(meeting.subjectId) as number,
              path: { id: meeting.id },
              body: { reason },
            }),
          ) ?? null,
      ),
  }),

  'POST /v1/feedback-meetings/{id}/resolve-appeal': gen({
    template: feedbackPhase,
    setup: holdMeetings(appealedRatings),
    inputs: (ctx) =>
      perOrg(
        (org) =>
          all({
            meeting: pick(
              meetingsIn(ctx, org, 'appealed').filter(
                (m) => m.subjectId !== ctx.callers[ctx.hr(org)]?.personId,
              ),
            ),
            // `changed` names the rating HR saw (noted by the setup) and a corrected one; without a noted rating
            // (nothing scored) the appeal is upheld.
            changed: fc.boolean(),
            level: fc.nat(),
            // Long enough for the evidence an extreme corrected rating needs.
            note: prose(120, 300),
          })?.map(({ meeting, changed, level, note }) => {
            const noted = appealedRatings.get(String(meeting.id));
            const others = noted ? noted.levels.filter((l) => l !== noted.fromRating) : [];
            const toRating = others[level % Math.max(1, others.length)];
            return {
              caller: ctx.hr(org),
              path: { id: meeting.id },
              body:
                changed && noted && toRating !== undefined
                  ? { outcome: 'changed', note, toRating, fromRating: noted.fromRating }
                  : { outcome: 'upheld', note },
            };
          }) ?? null,
      ),
  }),

  'PUT /v1/cycles/{id}/compensation/{personId}': gen({
    template: acmeCycleIn('apply', 30, 'compensation'),
    inputs: (ctx) =>
      perOrg((org) => {
        const slots = ctx
          .cyclesIn(org, 'plan', 'coach', 'appraise', 'calibrate', 'feedback', 'apply')
          .flatMap((cycle) => participantsOf(cycle).map((personId) => ({ cycle, personId })))
          // Never HR's own (403 own_compensation): another HR administrator sets theirs.
          .filter((slot) => slot.personId !== ctx.callers[ctx.hr(org)]?.personId);
        return (
          all({
            slot: pick(slots),
            salary: cents(30_000, 200_000),
            midpoint: cents(30_000, 200_000),
            bonus: cents(0, 30_000),
          })?.map(({ slot, salary, midpoint, bonus }) => ({
            caller: ctx.hr(org),
            path: { id: slot.cycle.id, personId: slot.personId },
            // Replacing needs the current version; creating must not name one.
            ifMatch: 'if_exists' as const,
            body: { salaryCents: salary, bandMidpointCents: midpoint, targetBonusCents: bonus },
          })) ?? null
        );
      }),
  }),

  'POST /v1/cycles/{id}/results/preview': gen({
    inputs: (ctx) =>
      perOrg(
        (org) =>
          all({
            cycle: pick(ctx.cyclesIn(org, 'calibrate', 'feedback', 'apply', 'improve', 'closed')),
            body: resultsBody,
          })?.map(({ cycle, body }) => ({ caller: ctx.hr(org), path: { id: cycle.id }, body })) ?? null,
      ),
  }),

  'POST /v1/cycles/{id}/results/apply': gen({
    inputs: (ctx) =>
      perOrg(
        (org) =>
          all({ cycle: pick(ctx.cyclesIn(org, 'apply')), body: resultsBody })?.map(({ cycle, body }) => ({
            caller: ctx.hr(org),
            path: { id: cycle.id },
            body,
          })) ?? null,
      ),
  }),
};
