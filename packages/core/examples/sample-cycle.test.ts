// Tests for the sample cycle: the key numbers of Acme's 2026 H1 report, derived by hand where it matters.
import { describe, expect, it } from 'vitest';
import { PHASES } from '../src/index.ts';
import { formatReport, runSampleCycle } from './sample-cycle.ts';

const report = runSampleCycle();
const scoreOf = (id: string) => report.appraise.scores.find((s) => s.subjectId === id);
const bonusOf = (id: string) => report.apply.bonus.people.find((p) => p.personId === id)?.amountCents;

describe('the cycle state machine', () => {
  it('visits every phase in order and ends closed', () => {
    expect(report.cycle.history.map((h) => h.from)).toEqual(PHASES.slice(0, -1));
    expect(report.cycle.history.map((h) => h.to)).toEqual(PHASES.slice(1));
    expect(report.cycle.phase).toBe('closed');
    expect(report.cycle.history.every((h) => h.skipped.length === 0)).toBe(true);
  });

  it('refuses plan → coach while 2 plans are not agreed, then allows it', () => {
    const [refused, moved] = report.transitions.filter((t) => t.from === 'plan');
    expect(refused?.outcome).toBe('refused');
    expect(refused?.reasons).toEqual([
      { code: 'plans_not_agreed', count: 2, ids: ['cara', 'gus'], message: '2 plans not agreed' },
    ]);
    expect(moved?.outcome).toBe('moved');
    expect(moved?.override).toBeNull();
    expect(report.plan.agreements.every((a) => a.status === 'agreed')).toBe(true);
  });

  it('records exactly one override, with the actor, the reason and what it pushed past', () => {
    const overridden = report.cycle.history.filter((h) => h.override !== null);
    expect(overridden).toHaveLength(1);
    const [h] = overridden;
    expect(h?.from).toBe('feedback');
    expect(h?.to).toBe('apply');
    expect(h?.actorId).toBe('hana');
    expect(h?.override?.reason).toMatch(/parental leave/);
    expect(h?.override?.refusals.map((r) => [r.code, r.ids])).toEqual([
      ['acknowledgements_pending', ['dev']],
    ]);
    // The same move without an override was refused first.
    expect(report.transitions.filter((t) => t.from === 'feedback').map((t) => t.outcome)).toEqual([
      'refused',
      'moved',
    ]);
  });
});

describe('plan and coach', () => {
  it('assigns the two templates to all 8 participants and measures alignment coverage', () => {
    expect(report.participants).toEqual(['ana', 'ben', 'cara', 'dev', 'erin', 'fay', 'gus', 'sam']);
    expect(report.plan.personGoals).toHaveLength(24);
    // 2 of 3 goals per person are aligned (the KPIs): 16/24 = 66.67% by count, 70 of 100 weight = 70%.
    expect(report.plan.coverage.overall).toMatchObject({
      goals: 24,
      alignedGoals: 16,
      countPct: 66.67,
      weightPct: 70,
    });
  });

  it('flags Gus as overdue for coaching as of 1 June (observed through 31 May)', () => {
    // Last check-in 2 April → 31 May is 59 days; cadence 14 + grace 3 = 17 < 59; overdue by 59 − 14 = 45.
    const t = report.coach.timeliness;
    expect(t.overdue).toEqual([{ personId: 'gus', managerId: 'erin', overdueByDays: 45 }]);
    expect(t.people.find((p) => p.personId === 'fay')?.windowsCovered).toBe(9);
  });

  it('feeds the latest actuals into the KPI goals without voiding any agreement', () => {
    const actual = (goalId: string) => report.coach.actuals.find((a) => a.goalId === goalId)?.actual;
    expect(actual('ben.bookings')).toBe(340);
    expect(actual('gus.defects')).toBe(9);
    expect(report.coach.agreementsStillValid).toBe(true);
  });

  it('rolls progress up to the organisation goal', () => {
    // Own ARR progress (9.5 − 8) / (10 − 8) = 0.75. Department goals are unmeasured, so each is its
    // children's mean: bookings (1, 1, 0.4, 1) → 0.85; discount (1, 1, 0.5, 1) → 0.875; roadmap
    // (1, 1, 0.75, 0.5) → 0.8125; defects (1, 1, 1, 3/7) → 0.857143. Weighted 60/40/50/50:
    // (51 + 35 + 40.625 + 42.857143) / 200 = 0.847411; ARR = 0.5 × 0.75 + 0.5 × 0.847411 = 0.798705.
    const arr = report.coach.rollUp.find((g) => g.goalId === 'acme.arr');
    expect(arr?.progress).toBeCloseTo(0.798705, 6);
  });
});

describe('appraisal scores', () => {
  it("derives Ben's score by hand", () => {
    // New bookings 340 between target 300 and stretch 400: achievement 1 + 40/100 × (1.5 − 1) = 1.2;
    //   score 3 + (1.2 − 1)/(1.5 − 1) × (5 − 3) = 3.8.
    // Average discount 12 = target (lower is better): achievement 1 → score 3 (meets).
    // Customer focus: self 4 (weight 10), manager 5 (60), peer 4 (20), no upward (renormalised over 90):
    //   (40 + 300 + 80) / 90 = 4.6667.
    // Score: (40 × 3.8 + 30 × 3 + 30 × 4.6667) / 100 = (152 + 90 + 140) / 100 = 3.82 → 4 (3.5 ≤ s < 4.5).
    const ben = scoreOf('ben');
    expect(ben?.score).toBe(3.82);
    expect(ben?.rating.value).toBe(4);
    const r4 = (x: number | null) => (x === null ? null : Math.round(x * 1e4) / 1e4);
    expect(ben?.trace.goals.map((g) => [g.achievement, r4(g.score), g.contribution])).toEqual([
      [1.2, 3.8, 1.52],
      [1, 3, 0.9],
      [null, 4.6667, 1.4],
    ]);
    expect(report.appraise.explained).toContain('Score for ben: 3.82 → 4 (Exceeds expectations)');
  });

  it('scores the others as designed', () => {
    // Cara: both KPIs below threshold → score 1 each; focus (10×3 + 60×5 + 20×3)/90 = 4.3333;
    //   (40 + 30 + 130) / 100 = 2.0 → 2. Gus: roadmap 4 = threshold on a stepped curve → 0.5 → 2;
    //   defects 9 worse than threshold 8 → 1; craft (30 + 120 + 60)/90 = 2.3333; (80 + 30 + 70)/100 = 1.8.
    expect(report.appraise.scores.map((s) => [s.subjectId, s.score, s.rating.value])).toEqual([
      ['ana', 4.9667, 5],
      ['ben', 3.82, 4],
      ['cara', 2, 2],
      ['dev', 3.54, 4],
      ['erin', 3.47, 3],
      ['fay', 2.6667, 3],
      ['gus', 1.8, 2],
      ['sam', 3.52, 4],
    ]);
    expect(report.appraise.reviews.byComponent).toEqual({ self: 8, manager: 8, peer: 8, upward: 6 });
  });
});

describe('calibration', () => {
  it('flags Sam as a lenient rater', () => {
    // Manager ratings: Sam 5,5,5; Erin 4,3,2; Olga 3,4 → population mean 31/8 = 3.875. Prior k = 3:
    // Sam's shrunk mean 5 + 3/6 × (3.875 − 5) = 4.4375 → leniency 0.5625 > 0.5.
    const sam = report.calibrate.raters.raters.find((r) => r.raterId === 'sam');
    expect(sam?.leniency).toBe(0.5625);
    expect(sam?.flags).toEqual(['lenient']);
    expect(report.calibrate.raters.raters.filter((r) => r.flags.length > 0).map((r) => r.raterId)).toEqual([
      'sam',
    ]);
  });

  it('finds the unevidenced extreme ratings, and none after the resubmission', () => {
    expect(report.calibrate.evidenceBefore.map((e) => [e.subjectId, e.reviewerId, e.rating])).toEqual([
      ['ana', 'sam', 5],
      ['ben', 'sam', 5],
      ['cara', 'sam', 5],
    ]);
    expect(report.calibrate.evidenceAfter).toEqual([]);
  });

  it('moves Ben from 4 to 3 with a justification and keeps the original', () => {
    const ben = report.calibrate.calibrated.find((c) => c.subjectId === 'ben');
    expect(ben?.original).toEqual({ score: 3.82, rating: 4 });
    expect(ben?.current.rating).toBe(3);
    expect(ben?.adjustments).toHaveLength(1);
    expect(ben?.adjustments[0]?.actorId).toBe('hana');
    expect(report.calibrate.summary).toMatchObject({ total: 8, changed: 1, down: 1, up: 0 });
  });

  it('compares the distribution with the guideline and places everyone on the 9-box', () => {
    // After calibration: 2 at "2" (25%), 3 at "3" (37.5%), 2 at "4" (25%), 1 at "5" (12.5%).
    const after = report.calibrate.distributionAfter.levels.map((l) => [l.value, l.count, l.flagged]);
    expect(after).toEqual([
      [1, 0, false],
      [2, 2, false], // 25 − 15 = +10: at the tolerance, not beyond it
      [3, 3, true], // 37.5 − 50 = −12.5
      [4, 2, false],
      [5, 1, false],
    ]);
    const box = (id: string) => report.calibrate.nineBox.find((b) => b.personId === id);
    expect(box('ana')).toMatchObject({ box: 9, label: 'Future star' });
    expect(box('gus')).toMatchObject({ box: 1, label: 'Risk' });
  });
});

describe('feedback', () => {
  it('catches the copy-pasted review with only the name changed, and a too-short one', () => {
    const f = report.feedback.formality.map((i) => [i.id, i.code, i.details.similarity ?? null]);
    expect(f).toEqual([
      ['rv.cara.manager.sam.v2', 'too_short', null],
      ['rv.dev.manager.erin', 'near_duplicate', 1],
      ['rv.fay.manager.erin', 'near_duplicate', 1],
    ]);
  });

  it("fails Gus's first meeting as a mere formality and passes the follow-up", () => {
    const q = (id: string) => report.feedback.meetings.find((m) => m.meetingId === id)?.quality;
    expect(q('fm.gus')?.failed).toEqual(['summary', 'strengths', 'improvements', 'agreed_action']);
    expect(q('fm.gus.2')?.passed).toBe(true);
    expect(report.feedback.meetings.filter((m) => !m.quality.passed)).toHaveLength(1);
  });

  it("resolves Ben's appeal and leaves only Dev's acknowledgement pending", () => {
    const state = (id: string) => report.feedback.acknowledgements.find((a) => a.personId === id)?.state;
    expect(state('ben')).toMatchObject({ status: 'appeal_resolved', outcome: 'upheld', by: 'hana' });
    expect(state('dev')).toEqual({ status: 'pending' });
    expect(report.feedback.acknowledgements.filter((a) => a.state.status === 'acknowledged')).toHaveLength(6);
  });
});

describe('result application', () => {
  it('splits the bonus pool to the cent, derived by hand', () => {
    // Multipliers (incentive preset) on the calibrated ratings: 5 → 1.8, 4 → 1.4, 3 → 1, 2 → 0.4.
    // Raw = target × multiplier: Ana 8,000 × 1.8 = 14,400; Ben 8,000; Cara 3,200; Dev 11,200;
    // Erin 15,000; Fay 8,000; Gus 3,200; Sam 15,000 × 1.4 = 21,000 → total €84,000 = 8,400,000 cents.
    // 'fill' mode, pool 7,700,000: scale 7.7 / 8.4 = 11/12 (no cap binds: caps are 2 × target).
    // Ana: 1,440,000 × 11/12 = 1,320,000 exactly. Sam: 2,100,000 × 11/12 = 1,925,000. Erin: 1,375,000.
    // Dev: 1,120,000 × 11/12 = 1,026,666.67. Ben, Fay: 733,333.33; Cara, Gus: 293,333.33.
    // Floors total 7,699,998 → 2 cents left: Dev's remainder (.67) takes one; the other goes to the
    // four-way tie of equal .33 remainders (Ben, Cara, Fay, Gus: 800,000 × 11/12 and 320,000 × 11/12 both
    // leave exactly 1/3 of a cent), won by the smallest personId, 'ben' → Ben 733,334, the rest ⌊⌋.
    const bonus = report.apply.bonus;
    expect(bonus.scale).toBeCloseTo(11 / 12, 8);
    expect(bonusOf('ana')).toBe(1_320_000);
    expect(bonusOf('sam')).toBe(1_925_000);
    expect(bonusOf('erin')).toBe(1_375_000);
    expect(bonusOf('dev')).toBe(1_026_667);
    const thirds = ['ben', 'fay', 'cara', 'gus'].map((id) => bonusOf(id) ?? 0);
    expect(thirds.filter((c) => c === 733_334 || c === 293_334)).toHaveLength(1);
    expect(thirds.every((c) => [733_333, 733_334, 293_333, 293_334].includes(c))).toBe(true);
    expect(thirds).toEqual([733_334, 733_333, 293_333, 293_333]);
  });

  it('bonus and merit parts sum exactly to the allocated totals', () => {
    const { bonus, merit } = report.apply;
    expect(bonus.people.reduce((s, p) => s + p.amountCents, 0)).toBe(bonus.allocatedCents);
    expect(bonus.allocatedCents).toBe(7_700_000);
    expect(bonus.unallocatedCents).toBe(0);
    expect(merit.people.reduce((s, p) => s + p.amountCents, 0)).toBe(merit.allocatedCents);
    // Matrix total 2,335,000 cents exceeds the 2,000,000 budget: scaled down, budget used exactly.
    expect(merit.rawTotalCents).toBe(2_335_000);
    expect(merit.allocatedCents).toBe(2_000_000);
  });

  it('nominates Ana, plans improvement for Gus and a target review (not a plan) for Cara', () => {
    const { promotions, improvement, development } = report.apply;
    expect(promotions.nominated.map((d) => d.personId)).toEqual(['ana']);
    expect(promotions.notYet.find((d) => d.personId === 'dev')?.unmet).toEqual(['months_in_role']);
    expect(improvement.plans.map((p) => [p.personId, p.startsOn, p.endsOn])).toEqual([
      ['gus', '2026-08-03', '2026-11-01'],
    ]);
    expect(improvement.targetReviews.map((t) => t.personId)).toEqual(['cara']);
    expect(development.map((d) => [d.goalId, d.type])).toEqual([
      ['gus.roadmap', 'mentoring'],
      ['gus.defects', 'training'],
      ['gus.craft', 'mentoring'],
    ]);
  });
});

describe('gap diagnosis and the next cycle', () => {
  it('attributes each department to its dominant factor', () => {
    // Engineering: Fay roadmap gap 0.5 × 0.4 = 0.2 (internal); Gus roadmap 0.2 (skills 0.12, motivation
    // 0.08); Gus defects 1 × 0.3 = 0.3 (skills) → 0.7 total, skills 0.42 / 0.7 = 0.6.
    // Sales: Cara bookings 0.4 + discount 0.3, all external environment.
    const dept = (id: string) => report.diagnosis.report.departments.find((d) => d.departmentId === id);
    expect(dept('eng')?.dominant).toBe('skills');
    expect(dept('eng')?.weightedGap).toBe(0.7);
    expect(dept('eng')?.factors.find((f) => f.factor === 'skills')?.share).toBe(0.6);
    expect(dept('sales')?.dominant).toBe('external_environment');
    expect(dept('sales')?.recommendations.map((r) => r.response)).toEqual([
      "adjust targets fairly; don't penalise",
    ]);
  });

  it('drafts the next cycle with weights totalling 100 per person', () => {
    const { drafts, managerActions } = report.improve;
    const total = (owner: string) =>
      drafts.filter((d) => d.goal.ownerId === owner).reduce((s, d) => s + d.goal.weight, 0);
    for (const owner of ['cara', 'fay', 'gus']) expect(total(owner)).toBe(100);
    expect(drafts.every((d) => d.goal.cycleId === '2026-H2' && d.goal.status === 'draft')).toBe(true);
    expect(managerActions.map((m) => [m.kind, m.subjectId])).toEqual([
      ['resource_fix', 'fay'],
      ['incentive_review', 'gus'],
    ]);
    const cara = drafts.find((d) => d.goal.id === '2026-H2.cara.bookings');
    expect(cara?.notes.map((n) => n.code)).toContain('adjust_target_fairly');
  });
});

describe('the printed report', () => {
  it('is deterministic and covers every phase, the explained score and the README pointer', () => {
    const text = formatReport(report);
    expect(formatReport(runSampleCycle())).toBe(text);
    for (const phase of ['PLAN', 'COACH', 'APPRAISE', 'CALIBRATE', 'FEEDBACK', 'APPLY', 'IMPROVE']) {
      expect(text).toContain(`. ${phase} —`);
    }
    expect(text).toContain('The full explained score of Ben');
    expect(text).toContain('packages/core/README.md');
    expect(text).toContain('€77,000.00');
  });
});
