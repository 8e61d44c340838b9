// Demo seed: Acme with a closed 2026 H1 cycle taken through the whole loop and a current 2026 H2 cycle in coach.
import type { Store } from '@perfloop/store';
import { demoClient, type RequestTarget } from './client.ts';
import { performanceOf } from './content.ts';
import { seedAppraisal } from './seedAppraise.ts';
import type { SeedClock } from './seedClock.ts';
import { type SeedOn, seedFeedback, seedResults } from './seedClose.ts';
import { finalActual, progressActual, recordTopActuals, seedCheckIns } from './seedCoach.ts';
import { seedNextCycleDrafts } from './seedImprove.ts';
import { type DemoOrg, seedOrganisation } from './seedOrg.ts';
import {
  agreePlansAndCoach,
  createCycle,
  planPersonGoals,
  type SeededCycle,
  transition,
} from './seedPlan.ts';

export const H1 = { name: '2026 H1', startsOn: '2026-01-01', endsOn: '2026-06-30', dueDate: '2026-06-30' };
/** 2026 H2 runs on a stage schedule: plans agreed by mid-July, appraisals in mid-December, results by the year end. */
export const H2 = {
  name: '2026 H2',
  startsOn: '2026-07-01',
  endsOn: '2026-12-31',
  dueDate: '2026-12-31',
  schedule: {
    planDue: '2026-07-17',
    peerFeedbackDue: '2026-12-09',
    selfAppraisalDue: '2026-12-11',
    managerAppraisalDue: '2026-12-16',
    calibrationDue: '2026-12-18',
    feedbackDue: '2026-12-23',
    applyDue: '2026-12-29',
    improveDue: '2026-12-31',
  },
};

export interface DemoSeed {
  org: DemoOrg;
  closed: SeededCycle;
  current: SeededCycle;
}

const at = (date: string, index: number, hour = 9) =>
  `${date}T${String(hour + (index % 8)).padStart(2, '0')}:${String((index * 7) % 60).padStart(2, '0')}:00.000Z`;

/** Chloe's September meeting is written up late by Marcus: the demo's check-in recorded late (23 days after). */
export const LATE_WRITE_UP = { person: 'chloe', days: 23 } as const;

/**
 * Seeds the demo organisation through the API's own HTTP contract (`app.request()` with dev
 * sign-in as the acting person), so every rule users meet applies to the seed too. Only the
 * first HR administrator is created directly (bootstrapOrganisation): nobody could call the API yet.
 * With `clock` (the store's and the API's, see seedClock.ts) each step is recorded on the day the story has it happen —
 * H1's plans agreed in January, its appraisals, meetings and results in July, H2 opened and agreed in July — and each
 * check-in when it was written up (the day it was held, except Chloe's September meeting, LATE_WRITE_UP), instead of
 * all at once now.
 */
export async function seedDemo(
  store: Store,
  app: RequestTarget,
  options: { clock?: SeedClock } = {},
): Promise<DemoSeed> {
  const { clock } = options;
  // Each step recorded on the day the story has it happen (plans agreed in January, appraisals in July …), not all today.
  const on: SeedOn = (iso, fn) => (clock ? clock.at(iso, fn) : fn());
  const day = (date: string, hour = 9) => `${date}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  const api = demoClient(app);
  const org = await seedOrganisation(store, api);

  // 2026 H1: the whole loop. Plan → coach.
  const closed = await on(day('2025-12-15'), () => createCycle(api, org, H1));
  await on(day('2026-01-07'), () => planPersonGoals(api, org, closed, H1));
  await on(day('2026-01-14'), () => agreePlansAndCoach(api, org, closed));
  // Coach → appraise: check-ins in the three ways; the last one records the final actuals.
  await seedCheckIns(
    api,
    org,
    closed,
    [
      { month: 'February', kind: 'guidance_note', at: (i) => at('2026-02-12', i), actual: null },
      {
        month: 'April',
        kind: 'performance_meeting',
        at: (i) => at('2026-04-15', i),
        actual: (p, g, k) => progressActual(g, 0.5 * (performanceOf(p.key).kpi[k] ?? 1)),
      },
      { month: 'May', kind: 'feedback_form', at: (i) => at('2026-05-20', i), actual: null },
      { month: 'June', kind: 'performance_meeting', at: (i) => at('2026-06-24', i), actual: finalActual },
    ],
    clock,
  );
  await on(day('2026-06-30', 12), () => recordTopActuals(api, closed, 'H1'));
  await on(day('2026-06-30', 18), () => transition(api, closed.id, 'appraise'));
  // Appraise → calibrate → feedback → apply → improve.
  await on(day('2026-07-01'), () => seedAppraisal(api, org, closed));
  await seedFeedback(api, org, closed, on);
  await on(day('2026-07-09'), () => seedResults(api, org, closed));

  // 2026 H2 opens in plan; H1's gaps become its drafts, then H1 closes.
  const current = await on(day('2026-07-09', 12), () => createCycle(api, org, H2));
  await on(day('2026-07-09', 14), () => seedNextCycleDrafts(api, org, closed, current));
  await on(day('2026-07-10'), () => transition(api, closed.id, 'closed'));

  // 2026 H2: agreed plans (carried goals reused) and check-ins so far; the cycle stays in coach.
  await on(day('2026-07-10', 11), () => planPersonGoals(api, org, current, H2));
  await on(day('2026-07-13'), () => agreePlansAndCoach(api, org, current));
  await seedCheckIns(
    api,
    org,
    current,
    [
      { month: 'July', kind: 'guidance_note', at: (i) => at('2026-07-15', i), actual: null },
      {
        month: 'September',
        kind: 'performance_meeting',
        at: (i) => at('2026-09-16', i),
        actual: (p, g, k) => progressActual(g, 0.6 * (performanceOf(p.key).h2[k] ?? 0.5)),
        recordedAfterDays: (p) => (p.key === LATE_WRITE_UP.person ? LATE_WRITE_UP.days : 0),
      },
      {
        month: 'November',
        kind: 'performance_meeting',
        at: (i) => at(`2026-11-${String(3 + ((i * 3) % 19)).padStart(2, '0')}`, i),
        actual: (p, g, k) => progressActual(g, performanceOf(p.key).h2[k] ?? 0.5),
      },
    ],
    clock,
  );
  await recordTopActuals(api, current, 'H2');
  return { org, closed, current };
}
