// Demo seed, feedback and apply: acknowledged feedback meetings, compensation inputs and the applied results.
import { type DemoClient, type Json, num, str } from './client.ts';
import { meetingTexts, performanceOf } from './content.ts';
import { DEMO_PARTICIPANTS, demoPerson } from './roster.ts';
import { type DemoOrg, personId } from './seedOrg.ts';
import { goalsOf, HR, managerOf, type SeededCycle, transition } from './seedPlan.ts';

/** The bonus pool and merit budget of the closed cycle, in cents. */
export const DEMO_BUDGETS = { poolCents: 15_000_000, meritBudgetCents: 4_000_000 } as const;

/** Runs a step of the seed as if on `iso` (the seed's clock turned back to it), or now without a clock. */
export type SeedOn = <T>(iso: string, fn: () => Promise<T>) => Promise<T>;

const rightNow: SeedOn = (_iso, fn) => fn();

export interface FeedbackOutcome {
  meetings: number;
  /** Formality warnings the API raised over the meetings (the demo texts should raise none). */
  warnings: number;
}

export async function seedFeedback(
  api: DemoClient,
  org: DemoOrg,
  cycle: SeededCycle,
  on: SeedOn = rightNow,
): Promise<FeedbackOutcome> {
  let warnings = 0;
  for (const [i, p] of DEMO_PARTICIPANTS.entries()) {
    const perf = performanceOf(p.key);
    const texts = meetingTexts(
      p,
      perf,
      goalsOf(cycle, p.key).map((g) => g.title),
    );
    // Held on July 3–7, written up that afternoon, acknowledged the next morning.
    const day = 3 + (i % 5);
    const july = (d: number, hour: number) =>
      `2026-07-${String(d).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
    const meeting = await on(july(day, 12), () =>
      api.post('/v1/feedback-meetings', managerOf(p), {
        cycleId: cycle.id,
        subjectId: personId(org, p.key),
        heldAt: july(day, 10),
        ...texts,
      }),
    );
    if (Array.isArray(meeting.warnings)) warnings += meeting.warnings.length;
    const first = p.name.split(' ')[0] ?? p.name;
    await on(july(day + 1, 9), () =>
      api.post(`/v1/feedback-meetings/${str(meeting, 'id')}/acknowledge`, p.email, {
        comment:
          perf.manager <= 2
            ? `Thanks, ${first} here: I see the gaps and want the step plan we agreed on.`
            : 'Thanks, a fair summary of my half.',
      }),
    );
  }
  await on('2026-07-08T15:00:00.000Z', () => transition(api, cycle.id, 'apply'));
  return { meetings: DEMO_PARTICIPANTS.length, warnings };
}

export async function seedResults(api: DemoClient, org: DemoOrg, cycle: SeededCycle): Promise<Json> {
  const pay = (p: (typeof DEMO_PARTICIPANTS)[number]) => ({
    personId: personId(org, p.key),
    salaryCents: p.salaryCents,
    // Band midpoints a little above or below the salary give a spread of compa-ratios.
    bandMidpointCents: Math.round((p.salaryCents * (p.key.length % 2 === 0 ? 1.05 : 0.97)) / 100) * 100,
    targetBonusCents: p.targetBonusCents,
  });
  // Nobody sets their own pay (403 own_compensation): Grace, the other HR administrator, sets Hannah's.
  await api.put(`/v1/cycles/${cycle.id}/compensation`, HR, {
    items: DEMO_PARTICIPANTS.filter((p) => p.email !== HR).map(pay),
  });
  await api.put(`/v1/cycles/${cycle.id}/compensation`, demoPerson('grace').email, {
    items: DEMO_PARTICIPANTS.filter((p) => p.email === HR).map(pay),
  });
  const current = await api.get(`/v1/cycles/${cycle.id}`, HR);
  const applied = await api.call<Json>('POST', `/v1/cycles/${cycle.id}/results/apply`, {
    as: HR,
    ifMatch: num(current, 'version'),
    json: {
      ...DEMO_BUDGETS,
      mode: 'fit',
      startsOn: '2026-07-20',
      promotionInputs: DEMO_PARTICIPANTS.map((p) => ({
        personId: personId(org, p.key),
        monthsInRole: performanceOf(p.key).monthsInRole,
      })),
    },
  });
  await transition(api, cycle.id, 'improve');
  return applied;
}
