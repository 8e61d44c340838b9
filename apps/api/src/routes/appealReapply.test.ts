// An appeal resolved as changed after results were applied re-applies that person's result only (rating, bonus, merit, promotion, plan), within what the pool and budget left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { readFeed } from '../testing/auditFeed.ts';
import { put, seedMeasuredCycle, setPhase } from './loop/testCycle.ts';

type Problem = { code?: string; details?: Record<string, unknown> };
type Meeting = Problem & {
  id: string;
  version: number;
  acknowledgement: {
    status: string;
    correction?: { from: number; to: number; adjustmentId: string; resultId?: string };
  };
};
type Outcome = {
  rating: { value: number };
  bonusCents: number | null;
  meritCents: number | null;
  promotion: string | null;
  improvementPlan: boolean;
};
type Result = {
  id: string;
  personId: string;
  version: number;
  rating: { value: number };
  bonus: { amountCents: number; multiplier: number } | null;
  merit: { amountCents: number } | null;
  promotion: { status: string } | null;
  improvementPlan: { id: string } | null;
  compensationRedacted: boolean;
  corrections: {
    kind: string;
    meetingId: string;
    from: Outcome;
    to: Outcome;
    bonusShortCents: number;
    trace: string[];
    payTrace: string[];
  }[];
  explanation?: { explanation?: string } | null;
};

const CYCLE = 'cyc_appeal_reapply';
const DAY = 86_400_000;
const REASON = 'My target was missed because of the March outage, which the review did not consider.';

describe.each(ENGINES)('appeals changed after results were applied on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;
  const meetings: Record<string, string> = {};
  let applyWarnings: { code: string; personIds: string[]; message: string }[] = [];

  const call = <T>(method: string, path: string, as: string, json?: unknown, headers = {}) =>
    h.call<T>(method, path, { as, ...(json === undefined ? {} : { json }), headers });
  const resolve = (id: string, json: unknown) =>
    call<Meeting>('POST', `/v1/feedback-meetings/${id}/resolve-appeal`, f.email.hal, json);
  const results = async (as = f.email.hal) =>
    new Map(
      (await call<{ items: Result[] }>('GET', `/v1/cycles/${CYCLE}/results?explain=true`, as)).body.items.map(
        (r) => [r.personId, r],
      ),
    );

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    // Sam 5, Pia 3, Paul 1, Mo 2.
    await seedMeasuredCycle(
      h,
      org,
      { sam: f.id.sam, pia: f.id.pia, paul: f.id.paul, mo: f.id.mo },
      { id: CYCLE, phase: 'feedback' },
    );
    const comp = (personId: string, targetBonusCents: number) => ({
      personId,
      salaryCents: 5_000_000,
      bandMidpointCents: 5_000_000,
      targetBonusCents,
    });
    const bulk = await call('PUT', `/v1/cycles/${CYCLE}/compensation`, f.email.hal, {
      items: [
        comp(f.id.sam, 600_000),
        comp(f.id.pia, 500_000),
        comp(f.id.paul, 400_000),
        comp(f.id.mo, 300_000),
      ],
    });
    if (bulk.status !== 200) throw new Error(`compensation: ${bulk.status}`);
    await put(h, org, 'potential_assessments', {
      id: 'pot_pia',
      cycleId: CYCLE,
      subjectId: f.id.pia,
      data: {
        id: 'pot_pia',
        cycleId: CYCLE,
        subjectId: f.id.pia,
        potential: 3,
        note: '',
        assessedBy: f.id.mo,
        assessedAt: '2026-06-20T10:00:00Z',
      },
    });
    // Pia and Paul are told their result and appeal it.
    for (const [who, manager] of [
      ['pia', 'mo'],
      ['paul', 'pia'],
    ] as const) {
      const m = await call<Meeting>('POST', '/v1/feedback-meetings', f.email[manager], {
        cycleId: CYCLE,
        subjectId: f.id[who],
        heldAt: new Date(Date.now() - DAY).toISOString(),
        summary: `We went through every goal of the half with ${who}, the rating and how it was reached, and what to focus on next.`,
        strengths: 'Careful preparation.',
        improvements: 'Raising risks earlier.',
        agreedActions: ['Draft the next plan together.'],
      });
      const a = await call<Meeting>('POST', `/v1/feedback-meetings/${m.body.id}/appeal`, f.email[who], {
        reason: REASON,
      });
      if (a.status !== 200) throw new Error(`appeal: ${a.status}`);
      meetings[who] = m.body.id;
    }
    // Applied with the appeals open: raw bonuses 1,080,000 + 500,000 + 0 + 120,000 fit the pool at scale 1,
    // leaving 500,000; merit fits its budget.
    await setPhase(h, org, CYCLE, 'apply');
    const cycle = await h.store.resources('cycles').get(org, CYCLE);
    const applied = await call<Problem & { warnings: typeof applyWarnings }>(
      'POST',
      `/v1/cycles/${CYCLE}/results/apply`,
      f.email.hal,
      { poolCents: 2_200_000, meritBudgetCents: 10_000_000, startsOn: '2026-08-03' },
      { 'If-Match': `"${cycle?.version}"` },
    );
    if (applied.status !== 200) throw new Error(`apply: ${applied.status} ${JSON.stringify(applied.body)}`);
    applyWarnings = applied.body.warnings;
  });
  afterAll(async () => {
    await h.close();
  });

  it('applying with appeals open names the people (a warning); leaving apply with them open is guarded', async () => {
    const open = applyWarnings.find((w) => w.code === 'appeals_open');
    expect(open?.personIds).toEqual([f.id.paul, f.id.pia].sort());
    expect(open?.message).toContain('2 people have an appeal still open');
    const body = { poolCents: 2_200_000, meritBudgetCents: 10_000_000, startsOn: '2026-08-03' };
    const preview = await call<{ warnings: typeof applyWarnings }>(
      'POST',
      `/v1/cycles/${CYCLE}/results/preview`,
      f.email.hal,
      body,
    );
    expect(preview.body.warnings.find((w) => w.code === 'appeals_open')?.personIds).toEqual(open?.personIds);
    const ready = await call<{ next: string; reasons: { code: string; ids: string[] }[] }>(
      'GET',
      `/v1/cycles/${CYCLE}/readiness`,
      f.email.hal,
    );
    expect(ready.body.next).toBe('improve');
    expect(ready.body.reasons.find((r) => r.code === 'appeals_open')?.ids).toEqual(open?.personIds);
  });

  it('Paul 1 → 3: his result alone is re-applied — bonus and merit at the apply scale, the plan gone — traceably', async () => {
    const before = await results();
    const paul = before.get(f.id.paul);
    expect([paul?.rating.value, paul?.bonus?.amountCents, paul?.improvementPlan !== null]).toEqual([
      1,
      0,
      true,
    ]);
    const note = 'The outage log confirms the shortfall was not Paul’s doing; his rating is raised to 3.';
    const res = await resolve(meetings.paul ?? '', { outcome: 'changed', note, toRating: 3, fromRating: 1 });
    expect(res.status).toBe(200);
    expect(res.body.acknowledgement.correction).toMatchObject({ from: 1, to: 3, resultId: paul?.id });

    const after = await results();
    const now = after.get(f.id.paul);
    expect(now).toMatchObject({
      rating: { value: 3 },
      bonus: { multiplier: 1, amountCents: 400_000 },
      improvementPlan: null,
      version: (paul?.version ?? 0) + 1,
    });
    expect(now?.merit?.amountCents).toBeGreaterThan(paul?.merit?.amountCents ?? 0);
    expect(now?.corrections).toEqual([
      expect.objectContaining({
        kind: 'appeal',
        meetingId: meetings.paul,
        from: expect.objectContaining({
          rating: expect.objectContaining({ value: 1 }),
          bonusCents: 0,
          improvementPlan: true,
        }),
        to: expect.objectContaining({
          rating: expect.objectContaining({ value: 3 }),
          bonusCents: 400_000,
          improvementPlan: false,
        }),
        bonusShortCents: 0,
      }),
    ]);
    expect(now?.corrections[0]?.trace.join('\n')).toContain('only this result was re-applied');
    expect(now?.corrections[0]?.trace.join('\n')).toContain('The improvement plan no longer applies');
    expect(now?.corrections[0]?.payTrace[0]).toContain('target 400000 × multiplier 1');
    // The kept explanation now carries the appeal's move.
    expect(JSON.stringify(now?.explanation)).toContain('Changed on appeal');
    // Nobody else's result moved.
    for (const who of [f.id.sam, f.id.pia, f.id.mo])
      expect(after.get(who)?.version).toBe(before.get(who)?.version);
    // His plan record is gone; audit entry and feed event.
    expect(
      (await h.store.resources('improvement_plans').list(org, { cycleId: CYCLE, subjectId: f.id.paul }))
        .records,
    ).toEqual([]);
    const audit = await h.store.audit.list(org, { after: 0, limit: 1000 });
    expect(
      audit.entries.find((e) => e.action === 'result.appeal_correction' && e.resourceId === paul?.id)?.data,
    ).toMatchObject({ bonusDeltaCents: 400_000, meetingId: meetings.paul });
    expect(await readFeed(h, f.email.hal)).toContainEqual(
      expect.objectContaining({ kind: 'results', resourceId: paul?.id, op: 'update' }),
    );
    // His manager reads the correction without the amounts; Paul reads them.
    const manager = (await results(f.email.pia)).get(f.id.paul);
    expect(manager?.corrections[0]).toMatchObject({ from: { bonusCents: null }, payTrace: [] });
    expect((await results(f.email.paul)).get(f.id.paul)?.corrections[0]?.to.bonusCents).toBe(400_000);
  });

  it('Pia 3 → 4 needs more than the pool has left: 409 over_budget, nothing recorded; capped on request', async () => {
    const before = await results();
    const note = 'The customer escalations Pia resolved were missing from the review; raised to 4.';
    const json = { outcome: 'changed', note, toRating: 4, fromRating: 3 };
    const refused = await resolve(meetings.pia ?? '', json);
    expect([refused.status, refused.body.code]).toEqual([409, 'over_budget']);
    // 500,000 × 1.4 = 700,000 (+200,000); the pool has 100,000 left after Paul's correction.
    expect(refused.body.details?.bonus).toEqual({
      neededCents: 200_000,
      remainingCents: 100_000,
      overCents: 100_000,
    });
    const moves = await h.store
      .resources('calibration_adjustments')
      .list(org, { cycleId: CYCLE, subjectId: f.id.pia });
    expect(moves.records).toEqual([]);
    const meeting = await call<Meeting>('GET', `/v1/feedback-meetings/${meetings.pia}`, f.email.hal);
    expect(meeting.body.acknowledgement.status).toBe('appealed');
    expect((await results()).get(f.id.pia)?.version).toBe(before.get(f.id.pia)?.version);

    const capped = await resolve(meetings.pia ?? '', { ...json, overBudget: 'cap' });
    expect(capped.status).toBe(200);
    const pia = (await results()).get(f.id.pia);
    expect(pia).toMatchObject({
      rating: { value: 4 },
      bonus: { amountCents: 600_000 },
      promotion: { status: 'nominated' },
    });
    expect(pia?.corrections[0]).toMatchObject({
      bonusShortCents: 100_000,
      from: { promotion: 'not_yet' },
      to: { promotion: 'nominated', bonusCents: 600_000 },
    });
    expect(pia?.corrections[0]?.payTrace.join('\n')).toContain('100000 cents short of the rule');
    // The pool is used exactly, never exceeded.
    const paid = [...(await results()).values()].reduce((s, r) => s + (r.bonus?.amountCents ?? 0), 0);
    expect(paid).toBe(2_200_000);
  });
});
