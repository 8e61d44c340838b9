// Demo seed, appraise and calibrate: self and manager reviews, potential, gap attributions, one calibration session.
import { type DemoClient, type Json, num, str } from './client.ts';
import { performanceOf, ratingEvidence } from './content.ts';
import { DEMO_DEPARTMENTS, DEMO_PARTICIPANTS, type DemoPerson } from './roster.ts';
import { type DemoOrg, personId } from './seedOrg.ts';
import { goalsOf, HR, managerOf, type SeededCycle, transition } from './seedPlan.ts';

/** The person whose rating the calibration session moves, and why. */
export const CALIBRATED = {
  key: 'ben',
  justification:
    'Ben carried two of Chloe’s key accounts through her ramp-up for most of the half; that work is not in his own numbers but kept both renewals.',
} as const;

async function review(
  api: DemoClient,
  org: DemoOrg,
  cycle: SeededCycle,
  p: DemoPerson,
  by: 'self' | 'manager',
) {
  const perf = performanceOf(p.key);
  const rating = by === 'self' ? perf.self : perf.manager;
  const competency = goalsOf(cycle, p.key).filter((g) => g.spec.kind === 'competency');
  await api.post('/v1/reviews', by === 'self' ? p.email : managerOf(p), {
    cycleId: cycle.id,
    subjectId: personId(org, p.key),
    component: by,
    ratings: competency.map((g) => ({ goalId: g.id, rating, ...ratingEvidence(p, g.title, rating, by) })),
    summary:
      by === 'self'
        ? `My view of the half: I would rate "${competency[0]?.title ?? 'my competency goal'}" ${rating} of 5. ${
            perf.kpi[0] >= 1 && perf.kpi[1] >= 1
              ? 'Both KPIs reached target; the check-ins have the details.'
              : 'Not every KPI reached target; what held it back is in my last check-in.'
          }`
        : `${perf.story} Rated ${rating} of 5 on the competency goal.`,
    submit: true,
  });
}

export async function seedAppraisal(api: DemoClient, org: DemoOrg, cycle: SeededCycle): Promise<void> {
  for (const p of DEMO_PARTICIPANTS) {
    await review(api, org, cycle, p, 'self');
    await review(api, org, cycle, p, 'manager');
    const perf = performanceOf(p.key);
    await api.put(`/v1/cycles/${cycle.id}/potential/${personId(org, p.key)}`, managerOf(p), {
      potential: perf.potential,
      note: perf.potential === 3 ? 'Ready for a bigger scope within a year.' : '',
    });
    if (perf.gap) {
      // The shortfall is on the KPI with the lower achievement.
      const k = perf.kpi[0] <= perf.kpi[1] ? 0 : 1;
      const goal = goalsOf(cycle, p.key)[k];
      if (!goal) throw new Error(`no KPI ${k} for ${p.key}`);
      await api.post('/v1/gap-attributions', managerOf(p), {
        cycleId: cycle.id,
        subjectId: personId(org, p.key),
        goalId: goal.id,
        factors: perf.gap.factors,
        note: perf.gap.note,
      });
    }
  }
  await transition(api, cycle.id, 'calibrate');

  const session = await api.post('/v1/calibration-sessions', HR, {
    cycleId: cycle.id,
    departmentIds: DEMO_DEPARTMENTS.map((d) => org.dept[d.key]),
    name: `${cycle.name} calibration: Sales, Engineering and People`,
  });
  const sessionId = str(session, 'id');
  const subject = personId(org, CALIBRATED.key);
  const score = await api.get(`/v1/cycles/${cycle.id}/scores/${subject}`, HR);
  const rating = num(score.rating as Json, 'value');
  await api.post(`/v1/calibration-sessions/${sessionId}/adjustments`, HR, {
    personId: subject,
    fromRating: rating,
    toRating: rating < 5 ? rating + 1 : rating - 1,
    justification: CALIBRATED.justification,
  });
  const current = await api.get(`/v1/calibration-sessions/${sessionId}`, HR);
  await api.call('POST', `/v1/calibration-sessions/${sessionId}/finalise`, {
    as: HR,
    ifMatch: num(current, 'version'),
  });
  await transition(api, cycle.id, 'feedback');
}
