// Core benchmark: scores, calibrates, allocates and diagnoses a 100,000-person organisation.
// Prints one `BENCH {...}` line per step with a same-run baseline (a Float64Array pass over the goal rows).
import {
  allocateBonusPool,
  diagnoseCycle,
  kpiAchievement,
  meritIncreases,
  normaliseScores,
  type PersonScore,
  POLICY_PRESETS,
  type RaterEntry,
  raterStatistics,
  ratingDistribution,
  type ShortfallItem,
  scoreCycle,
  unwrap,
} from '../src/index.ts';
import { type SyntheticOrg, syntheticOrg } from './synthetic.ts';

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 5);
const policy = POLICY_PRESETS.incentive;

const rssMB = () => Math.round(process.memoryUsage().rss / 1048576);
const peakRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Median of `RUNS` timed runs after one warm-up run. */
function time<T>(fn: () => T): { ms: number; value: T } {
  let value = fn();
  const samples: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    gc();
    const t0 = performance.now();
    value = fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)] as number, value };
}

/** Baseline: one pass summing weight × a per-row value over `rows` goal rows held in Float64Arrays. */
function baseline(org: SyntheticOrg): number {
  const rows = org.goalCount;
  const weight = new Float64Array(rows);
  const value = new Float64Array(rows);
  let i = 0;
  for (const goals of org.goalsByPerson) {
    for (const g of goals) {
      weight[i] = g.weight;
      value[i] = g.kind === 'kpi' ? (g.actual ?? 0) / g.target : 1;
      i++;
    }
  }
  return time(() => {
    let sum = 0;
    for (let j = 0; j < rows; j++) sum += (weight[j] as number) * (value[j] as number);
    return sum;
  }).ms;
}

function bench(name: string, ms: number, baselineMs: number, extra: Record<string, unknown> = {}): void {
  console.log(
    `BENCH ${JSON.stringify({ name, ms: round(ms), baselineMs: round(baselineMs), rssMB: rssMB(), ...extra })}`,
  );
}
const round = (x: number) => Math.round(x * 100) / 100;

const tBuild = performance.now();
const org = syntheticOrg(N);
const buildMs = performance.now() - tBuild;
const inputs = org.people.map((p, i) => ({ subjectId: p.id, goals: org.goalsByPerson[i] ?? [] }));
const baselineMs = baseline(org);
console.log(
  `# ${N} people, ${org.goalCount} goal rows, ${org.reviews.length} reviews, ${RUNS} runs (median); ` +
    `synthetic build ${Math.round(buildMs)} ms; node ${process.version}`,
);

// 1. Scoring with full explanation traces.
const scoring = time(() => scoreCycle(inputs, policy, org.reviews));
const scores: PersonScore[] = scoring.value.scores;
if (scores.length !== N)
  throw new Error(`scored ${scores.length} of ${N}: ${JSON.stringify(scoring.value.failures[0])}`);
bench('core.scoring', scoring.ms, baselineMs, { people: N, goals: org.goalCount });

// 2. Calibration statistics: distribution, per-rater leniency/severity/central tendency, normalised view.
const entries: RaterEntry[] = scores.map((s, i) => ({
  raterId: org.people[i]?.managerId ?? 'none',
  subjectId: s.subjectId,
  score: s.score,
}));
const ratings = scores.map((s) => s.rating.value);
const calibration = time(() => {
  const distribution = ratingDistribution(ratings, policy);
  const stats = raterStatistics(entries, policy);
  const normalised = normaliseScores(entries, stats, policy);
  return { distribution, stats, normalised };
});
bench('core.calibration', calibration.ms, baselineMs, { raters: calibration.value.stats.raters.length });

// 3. Result application: benefit-sharing bonus pool and merit matrix.
const bonusPeople = scores.map((s, i) => ({
  personId: s.subjectId,
  targetBonusCents: org.people[i]?.targetBonusCents ?? 0,
  rating: s.rating.value,
}));
const meritPeople = scores.map((s, i) => ({
  personId: s.subjectId,
  salaryCents: org.people[i]?.salaryCents ?? 0,
  bandMidpointCents: org.people[i]?.bandMidpointCents ?? 1,
  rating: s.rating.value,
}));
const poolCents = bonusPeople.reduce((a, p) => a + p.targetBonusCents, 0);
const allocation = time(() => {
  const bonus = unwrap(allocateBonusPool({ poolCents, people: bonusPeople, mode: 'fit' }, policy));
  const merit = unwrap(
    meritIncreases({ budgetCents: Math.floor(poolCents / 3), people: meritPeople }, policy),
  );
  return { bonus, merit };
});
bench('core.bonus_merit', allocation.ms, baselineMs, {
  poolCents,
  allocatedCents: allocation.value.bonus.allocatedCents,
});

// 4. Gap diagnosis: KPI shortfalls attributed to the four factors, aggregated per department.
const items: ShortfallItem[] = [];
for (let i = 0; i < org.people.length; i++) {
  const departmentId = org.people[i]?.departmentId ?? null;
  for (const g of org.goalsByPerson[i] ?? []) {
    if (g.kind !== 'kpi' || g.actual === null) continue;
    const { achievement } = kpiAchievement(g, g.actual, policy.flexibleTargets);
    items.push({ subjectId: g.ownerId ?? '', departmentId, goalId: g.id, weight: g.weight, achievement });
  }
}
const diagnosis = time(() => diagnoseCycle(items, org.attributions));
bench('core.diagnosis', diagnosis.ms, baselineMs, {
  rows: items.length,
  departments: diagnosis.value.departments.length,
});

const total = scoring.ms + calibration.ms + allocation.ms + diagnosis.ms;
bench('core.total', total, baselineMs, { peakRssMB: peakRssMB(), targetMs: 1000, targetPeakRssMB: 1024 });

// Not part of the four steps: reading every person's full explanation trace (built lazily on first
// read, as the API does when a trace is asked for). Timed on fresh scores so nothing is cached.
const fresh = scoreCycle(inputs, policy, org.reviews).scores;
gc();
const t0 = performance.now();
let traced = 0;
for (const s of fresh) traced += s.trace.goals.length;
bench('core.all_traces', performance.now() - t0, baselineMs, { goalTraces: traced, peakRssMB: peakRssMB() });
