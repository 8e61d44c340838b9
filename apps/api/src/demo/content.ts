// Deterministic demo content: goals per department, each participant's performance, and the texts written about it.
import type { DemoDepartmentKey, DemoPerson } from './roster.ts';

export interface KpiSpec {
  kind: 'kpi';
  title: string;
  description: string;
  unit: string;
  direction: 'higher_is_better' | 'lower_is_better';
  baseline: number;
  threshold: number;
  target: number;
  stretch: number;
  /** Volume KPIs grow with the owner's scope (see `scopeOf`); rates do not. */
  scaled: boolean;
  weight: number;
}

export interface CompetencySpec {
  kind: 'competency';
  title: string;
  expectations: string;
  weight: number;
}

export type PersonGoalSpec = KpiSpec | CompetencySpec;

export interface DepartmentContent {
  goal: {
    title: string;
    description: string;
    unit: string;
    baseline: number;
    target: number;
    actualH1: number;
    actualH2: number;
  };
  person: readonly [KpiSpec, KpiSpec, CompetencySpec];
}

export const ORGANISATION_GOAL = {
  title: 'Grow annual recurring revenue to €12M',
  description: 'The company goal for 2026: every department goal aligns to it.',
  unit: 'M€',
  baseline: 8,
  target: 12,
  actualH1: 10.1,
  actualH2: 11.2,
};

const DEPARTMENTS: Record<Exclude<DemoDepartmentKey, 'root'>, DepartmentContent> = {
  sales: {
    goal: {
      title: 'Win €2.4M of new business',
      description: 'New-business bookings across all segments.',
      unit: 'k€',
      baseline: 0,
      target: 2400,
      actualH1: 2250,
      actualH2: 1420,
    },
    person: [
      {
        kind: 'kpi',
        title: 'New-business bookings',
        description: 'Signed first-year contract value of new customers.',
        unit: 'k€',
        direction: 'higher_is_better',
        baseline: 0,
        threshold: 240,
        target: 300,
        stretch: 390,
        scaled: true,
        weight: 40,
      },
      {
        kind: 'kpi',
        title: 'Qualified pipeline created',
        description: 'Opportunities accepted by sales at stage 2 or later.',
        unit: 'k€',
        direction: 'higher_is_better',
        baseline: 0,
        threshold: 600,
        target: 800,
        stretch: 1000,
        scaled: true,
        weight: 30,
      },
      {
        kind: 'competency',
        title: 'Consultative discovery',
        expectations:
          "Runs discovery calls that uncover the buyer's goals, budget and decision process; notes are in the CRM the same day.",
        weight: 30,
      },
    ],
  },
  engineering: {
    goal: {
      title: 'Deliver the 2026 platform roadmap',
      description: 'Roadmap items shipped to production behind a released feature flag.',
      unit: 'items',
      baseline: 0,
      target: 40,
      actualH1: 37,
      actualH2: 24,
    },
    person: [
      {
        kind: 'kpi',
        title: 'Roadmap items delivered',
        description: 'Items shipped to production and released to customers.',
        unit: 'items',
        direction: 'higher_is_better',
        baseline: 0,
        threshold: 6,
        target: 8,
        stretch: 10,
        scaled: true,
        weight: 40,
      },
      {
        kind: 'kpi',
        title: 'Change failure rate',
        description: 'Share of deployments that cause an incident or a rollback.',
        unit: '%',
        direction: 'lower_is_better',
        baseline: 20,
        threshold: 15,
        target: 10,
        stretch: 6,
        scaled: false,
        weight: 30,
      },
      {
        kind: 'competency',
        title: 'Code review and knowledge sharing',
        expectations:
          'Reviews teammates’ changes within a working day, explains the why in comments and runs one knowledge-sharing session a quarter.',
        weight: 30,
      },
    ],
  },
  people: {
    goal: {
      title: 'Hire and onboard the people the plan needs',
      description: 'Open roles filled on time with a good first 90 days.',
      unit: 'hires',
      baseline: 0,
      target: 30,
      actualH1: 27,
      actualH2: 17,
    },
    person: [
      {
        kind: 'kpi',
        title: 'Average time to hire',
        description: 'Days from an approved requisition to a signed offer.',
        unit: 'days',
        direction: 'lower_is_better',
        baseline: 60,
        threshold: 50,
        target: 42,
        stretch: 35,
        scaled: false,
        weight: 40,
      },
      {
        kind: 'kpi',
        title: 'New-hire onboarding satisfaction',
        description: 'Average 90-day onboarding survey score (out of 5).',
        unit: '/5',
        direction: 'higher_is_better',
        baseline: 3.6,
        threshold: 4,
        target: 4.3,
        stretch: 4.6,
        scaled: false,
        weight: 30,
      },
      {
        kind: 'competency',
        title: 'Partnering with managers',
        expectations:
          'Meets each supported manager every month, brings data on their team and follows up on agreed actions within a week.',
        weight: 30,
      },
    ],
  },
};

export function departmentContent(key: Exclude<DemoDepartmentKey, 'root'>): DepartmentContent {
  return DEPARTMENTS[key];
}

/** How much bigger a volume KPI is for the owner's scope: heads and managers carry their teams. */
export function scopeOf(person: DemoPerson): number {
  if (person.roles.includes('department_head')) return 4;
  if (person.roles.includes('manager')) return 3;
  return person.jobTitle.startsWith('Sales Development') ? 0.6 : 1;
}

/** A KPI's anchors for one owner (volume KPIs scaled by their scope, rounded to whole units). */
export function anchorsFor(spec: KpiSpec, person: DemoPerson) {
  const f = spec.scaled ? scopeOf(person) : 1;
  const r = (v: number) => (spec.scaled ? Math.round(v * f) : v);
  return {
    baseline: r(spec.baseline),
    threshold: r(spec.threshold),
    target: r(spec.target),
    stretch: r(spec.stretch),
  };
}

/**
 * The actual that earns `achievement` on the linear curve with the policy's flexible targets
 * (threshold 0.5, target 1, stretch 1.5), rounded to one decimal.
 */
export function actualFor(anchors: ReturnType<typeof anchorsFor>, achievement: number): number {
  const { baseline, threshold, target, stretch } = anchors;
  let v: number;
  if (achievement >= 1) v = target + ((achievement - 1) / 0.5) * (stretch - target);
  else if (achievement >= 0.5) v = threshold + ((achievement - 0.5) / 0.5) * (target - threshold);
  else v = baseline + achievement * (threshold - baseline);
  return Math.round(v * 10) / 10;
}

/** How one participant did in the closed cycle (H1) and how the current one (H2) is going. */
export interface Performance {
  /** KPI achievement per KPI goal (1 = target met) in H1. */
  kpi: readonly [number, number];
  /** Competency ratings (1–5) by the manager and by the person themselves. */
  manager: number;
  self: number;
  /** 9-box potential 1–3. */
  potential: 1 | 2 | 3;
  /** Months in the current role (promotion criterion). */
  monthsInRole: number;
  /** Why a KPI fell short, when it did (gap attribution by the manager). */
  gap?: {
    factors: {
      factor: 'skills' | 'external_environment' | 'internal_conditions' | 'motivation';
      share: number;
    }[];
    note: string;
  };
  /** One sentence only about this person's half (keeps each feedback meeting its own). */
  story: string;
  /** Progress so far in H2 (share of the way to target, per KPI). */
  h2: readonly [number, number];
}

export const PERFORMANCE: Record<string, Performance> = {
  hr: {
    story:
      'Hannah rebuilt the review calendar so every manager knew their dates a month ahead, and ran the policy workshop for the leadership team.',
    kpi: [1.05, 1],
    manager: 3,
    self: 4,
    potential: 2,
    monthsInRole: 30,
    h2: [0.7, 0.8],
  },
  sofia: {
    story:
      'Sofia opened the Nordics segment with two reference customers and rebuilt the forecast call around pipeline quality instead of volume.',
    kpi: [1.15, 1.1],
    manager: 4,
    self: 4,
    potential: 3,
    monthsInRole: 26,
    h2: [0.65, 0.7],
  },
  elena: {
    story:
      'Elena kept the platform migration on schedule while cutting the on-call load, and moved two senior hires into tech-lead roles.',
    kpi: [1, 1.05],
    manager: 4,
    self: 4,
    potential: 3,
    monthsInRole: 40,
    h2: [0.6, 0.75],
  },
  grace: {
    story:
      'Grace launched the structured interview kit across all departments; hiring managers now score candidates against the same rubric.',
    kpi: [0.95, 1],
    manager: 3,
    self: 3,
    potential: 2,
    monthsInRole: 22,
    h2: [0.7, 0.6],
  },
  marcus: {
    story:
      'Marcus took over a team of three mid-quarter, kept the bookings number, but pipeline generation dipped while he was hiring.',
    kpi: [1.1, 0.9],
    manager: 3,
    self: 4,
    potential: 2,
    monthsInRole: 18,
    h2: [0.55, 0.6],
  },
  raj: {
    story:
      'Raj introduced trunk-based development and a weekly reliability review; incidents caused by deployments fell every month.',
    kpi: [1.2, 1.1],
    manager: 4,
    self: 4,
    potential: 3,
    monthsInRole: 28,
    h2: [0.75, 0.8],
  },
  ava: {
    story:
      'Ava closed the Northwind and Globex expansions, the two largest deals of the half, and coached Chloe through her first enterprise call.',
    kpi: [1.4, 1.3],
    manager: 5,
    self: 4,
    potential: 3,
    monthsInRole: 24,
    h2: [0.85, 0.9],
  },
  ben: {
    story:
      'Ben kept a steady rhythm in the mid-market segment; renewals he handed over were clean and the CRM hygiene was exemplary.',
    kpi: [0.95, 1],
    manager: 3,
    self: 3,
    potential: 2,
    monthsInRole: 14,
    h2: [0.6, 0.55],
  },
  chloe: {
    story:
      'Chloe is still learning to handle pricing objections; two large opportunities slipped into the next half after late-stage stalls.',
    kpi: [0.6, 0.7],
    manager: 2,
    self: 3,
    potential: 2,
    monthsInRole: 9,
    gap: {
      factors: [
        { factor: 'skills', share: 0.7 },
        { factor: 'motivation', share: 0.3 },
      ],
      note: 'Still building objection handling; lost momentum after two large deals slipped.',
    },
    h2: [0.5, 0.6],
  },
  dan: {
    story:
      "Dan's forecast models were accurate, but two target accounts froze spending after the market downturn in the second quarter.",
    kpi: [0.8, 0.9],
    manager: 3,
    self: 3,
    potential: 1,
    monthsInRole: 20,
    gap: {
      factors: [
        { factor: 'external_environment', share: 0.8 },
        { factor: 'internal_conditions', share: 0.2 },
      ],
      note: 'Two target accounts froze spending after the Q2 market downturn; the CRM migration cost three weeks.',
    },
    h2: [0.6, 0.65],
  },
  liam: {
    story:
      'Liam led the payments rewrite, shipped it behind a flag a month early and mentored Noah through his first production incident.',
    kpi: [1.25, 1.2],
    manager: 4,
    self: 4,
    potential: 3,
    monthsInRole: 34,
    h2: [0.8, 0.7],
  },
  mia: {
    story:
      'Mia delivered the reporting API as planned and took on more code reviews after the team grew in April.',
    kpi: [1, 1],
    manager: 3,
    self: 3,
    potential: 2,
    monthsInRole: 16,
    h2: [0.6, 0.7],
  },
  noah: {
    story:
      'Noah joined the payments team in January; the learning curve on the legacy code and a broken staging environment slowed him down.',
    kpi: [0.55, 0.8],
    manager: 2,
    self: 3,
    potential: 1,
    monthsInRole: 11,
    gap: {
      factors: [
        { factor: 'skills', share: 0.6 },
        { factor: 'internal_conditions', share: 0.4 },
      ],
      note: 'New to the payments codebase; the staging environment was unavailable for most of March.',
    },
    h2: [0.45, 0.6],
  },
  priya: {
    story:
      'Priya ran usability studies for the new onboarding flow; her redesign lifted trial activation noticeably.',
    kpi: [1.1, 1.05],
    manager: 4,
    self: 3,
    potential: 2,
    monthsInRole: 19,
    h2: [0.7, 0.75],
  },
  tom: {
    story:
      'Tom cleared the engineering hiring backlog and set up the onboarding buddy programme for new joiners.',
    kpi: [1, 0.95],
    manager: 3,
    self: 3,
    potential: 2,
    monthsInRole: 12,
    h2: [0.65, 0.7],
  },
};

export function performanceOf(key: string): Performance {
  const p = PERFORMANCE[key];
  if (!p) throw new Error(`no demo performance for ${key}`);
  return p;
}

const RATING_WORDS: Record<number, string> = {
  1: 'well below expectations',
  2: 'below expectations',
  3: 'meets expectations',
  4: 'above expectations',
  5: 'far above expectations',
};

/** Evidence for a competency rating; extreme ratings (1 and 5) get concrete facts long enough for calibration. */
export function ratingEvidence(
  person: DemoPerson,
  goalTitle: string,
  rating: number,
  by: 'self' | 'manager',
): {
  comment: string;
  evidence: string;
} {
  const first = person.name.split(' ')[0] ?? person.name;
  const who = by === 'self' ? 'I' : first;
  const comment = `${goalTitle}: ${RATING_WORDS[rating] ?? 'rated'}.`;
  const evidence =
    rating >= 5
      ? `${who} led all twelve strategic-account discoveries this half, and three of them became the largest deals of the year; two peers now use the same call plan.`
      : rating <= 2
        ? `${who} missed the agreed standard in four of the six reviewed cases this half; the coaching notes from March and May describe the same gaps.`
        : rating === 4
          ? `${who} went beyond the expectations in most observed cases, with concrete examples recorded in the check-ins.`
          : `${who} met the agreed expectations in the cases reviewed this half.`;
  return { comment, evidence };
}

/** The texts of one check-in (month index 0-based within the half), distinct per person and month. */
export function checkInNotes(person: DemoPerson, month: string, progress: string): string {
  const first = person.name.split(' ')[0] ?? person.name;
  return `${month} 1:1 with ${first}: ${progress} Agreed to keep the focus on the plan's top goal and to review blockers at the next meeting.`;
}

/** A feedback meeting's texts, distinct for each person (the copy-paste check compares a manager's meetings). */
export function meetingTexts(person: DemoPerson, perf: Performance, goals: readonly string[]) {
  const first = person.name.split(' ')[0] ?? person.name;
  const [g1 = 'the first goal', g2 = 'the second goal', g3 = 'the competency goal'] = goals;
  const verdict = RATING_WORDS[perf.manager] ?? 'rated';
  const strong = perf.kpi[0] >= perf.kpi[1] ? g1 : g2;
  const weak = perf.kpi[0] >= perf.kpi[1] ? g2 : g1;
  return {
    summary: `We went through ${first}'s first half of 2026 goal by goal. Overall the result is ${verdict}: "${strong}" landed at ${Math.round(Math.max(...perf.kpi) * 100)} % of target, "${weak}" at ${Math.round(Math.min(...perf.kpi) * 100)} %, and "${g3}" was rated ${perf.manager} of 5. ${perf.story}`,
    strengths: `${first} is strongest on "${strong}" — the check-ins show steady progress every month.`,
    improvements: `For the second half ${first} wants to lift "${weak}" and get more regular feedback on "${g3}".`,
    agreedActions: [
      `${first} proposes a step plan for "${weak}" at the first H2 check-in.`,
      `Monthly 20-minute review of "${g3}" with a concrete example each time.`,
    ],
  };
}
