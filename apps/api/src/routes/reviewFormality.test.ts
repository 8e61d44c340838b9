// Review formality: flags on manager, peer and upward reviews (warned, never refused), who sees them, the cycle report by scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import {
  competencyGoal,
  type ProblemJson,
  seedCycle,
  seedGoal,
  seedReview,
  setPhase,
  uniqueId,
} from './appraise/testAppraisal.ts';

type Issue = {
  id: string;
  code: string;
  message: string;
  details: { matches?: { id: string; subjectId: string }[]; matchCount?: number; chars?: number };
};
type ReviewJson = { id: string; submittedAt: string | null; anonymous: boolean; formality: Issue[] | null };
type Flagged = { reviewId: string; subjectId: string; reviewerId: string; codes: string[]; issues: Issue[] };
type Report = {
  cycleId: string;
  minChars: number;
  similarityThreshold: number;
  screened: number;
  flagged: number;
  byCode: Record<string, number>;
  reviews: Flagged[];
};

/** The same appraisal given to two people, the name swapped. */
const copy = (name: string) =>
  `${name} consistently delivered on the quarterly targets, mentored two new colleagues and ` +
  'improved the onboarding checklist for the whole team this half.';
const peerText =
  'Always ready to pair on a hard problem, explains trade-offs patiently and reviews code within ' +
  'the day, which kept our releases moving.';

describe.each(ENGINES)('review formality on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let orgId: string;
  let cycleId: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    orgId = f.acme.organisation.id;
    cycleId = uniqueId('cyc');
    const { hal, hana, sam, erin, mo, pia, paul } = f.id;
    await seedCycle(h, orgId, cycleId, 'appraise', [hal, hana, sam, erin, mo, pia, paul]);
    for (const person of [pia, paul, sam, mo])
      await seedGoal(h, orgId, competencyGoal(uniqueId('gol'), cycleId, person, 100));
    // Sam answered two peer requests with the same text (stored as the reviews routes store them).
    ids.samPia = uniqueId('rev');
    ids.samPaul = uniqueId('rev');
    for (const [id, subjectId] of [
      [ids.samPia, pia],
      [ids.samPaul, paul],
    ] as const)
      await seedReview(h, orgId, {
        id,
        cycleId,
        subjectId,
        reviewerId: sam,
        component: 'peer',
        ratings: [],
        summary: peerText,
      });
  });
  afterAll(async () => {
    await h.close();
  });

  const write = (as: string, json: Record<string, unknown>) =>
    h.call<ReviewJson & ProblemJson>('POST', '/v1/reviews', { as, json: { cycleId, ...json } });
  const get = (as: string, id: string) =>
    h.call<ReviewJson & ProblemJson>('GET', `/v1/reviews/${id}`, { as });
  const report = (as: string, cycle = cycleId) =>
    h.call<Report & ProblemJson>('GET', `/v1/cycles/${cycle}/reports/review-formality`, { as });
  const codes = (issues: Issue[] | null | undefined) => issues?.map((i) => i.code);

  it('a copied manager review is saved and submitted, carrying the flag in its responses', async () => {
    const first = await write(f.email.mo, {
      subjectId: f.id.pia,
      component: 'manager',
      summary: copy('Pia'),
      submit: true,
    });
    expect(first.status).toBe(201);
    expect(first.body.formality).toEqual([]);
    ids.moPia = first.body.id;
    const draft = await write(f.email.mo, {
      subjectId: f.id.paul,
      component: 'manager',
      summary: copy('Paul'),
    });
    expect(draft.status).toBe(201);
    ids.moPaul = draft.body.id;
    // The names are masked: the same text with another name is a copy.
    expect(codes(draft.body.formality)).toEqual(['near_duplicate']);
    expect(draft.body.formality?.[0]?.details.matches).toEqual([
      { id: ids.moPia, subjectId: f.id.pia, similarity: 1 },
    ]);
    const submitted = await h.call<ReviewJson>('POST', `/v1/reviews/${ids.moPaul}/submit`, {
      as: f.email.mo,
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.submittedAt).not.toBeNull();
    expect(codes(submitted.body.formality)).toEqual(['near_duplicate']);
    // The first one is now a copy too.
    expect(codes((await get(f.email.mo, ids.moPia)).body.formality)).toEqual(['near_duplicate']);
  });

  it('empty and too short reviews are accepted with their flag; editing a draft re-screens it', async () => {
    const empty = await write(f.email.hana, { subjectId: f.id.sam, component: 'manager', submit: true });
    expect(empty.status).toBe(201);
    expect(codes(empty.body.formality)).toEqual(['empty']);
    ids.hanaSam = empty.body.id;
    const short = await write(f.email.erin, { subjectId: f.id.mo, component: 'manager', summary: 'Fine.' });
    expect(codes(short.body.formality)).toEqual(['too_short']);
    expect(short.body.formality?.[0]?.details).toMatchObject({ chars: 5, minChars: 80 });
    ids.erinMo = short.body.id;
    const patched = await h.call<ReviewJson>('PATCH', `/v1/reviews/${ids.erinMo}`, {
      as: f.email.erin,
      json: { summary: 'Still fine.' },
      headers: { 'If-Match': '"1"' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.formality?.[0]?.details.chars).toBe(11);
    expect((await h.call('POST', `/v1/reviews/${ids.erinMo}/submit`, { as: f.email.erin })).status).toBe(200);
  });

  it('a draft is compared with for its reviewer only', async () => {
    // Erin drafts Mo's copied text about Pia: another reviewer's copy is not Erin's, and the draft counts only for Erin.
    const draft = await write(f.email.erin, {
      subjectId: f.id.pia,
      component: 'manager',
      summary: copy('Pia'),
    });
    expect(draft.body.formality).toEqual([]); // Mo's reviews are not Erin's: no near duplicate across reviewers
    ids.erinPiaDraft = draft.body.id;
    const hr = await report(f.email.hal);
    expect(hr.body.reviews.map((r) => r.reviewId)).not.toContain(ids.erinPiaDraft);
  });

  it('peer reviews: the reviewer sees every match; a manager only those about people they see; the subject nothing', async () => {
    const mine = await get(f.email.sam, ids.samPaul ?? '');
    expect(codes(mine.body.formality)).toEqual(['near_duplicate']);
    expect(mine.body.formality?.[0]?.details.matches?.map((m) => m.id)).toEqual([ids.samPia]);
    // Pia manages Paul, but the match is Sam's peer review of Pia herself: counted, not named (peers stay anonymous).
    const byPia = await get(f.email.pia, ids.samPaul ?? '');
    expect(byPia.status).toBe(200);
    expect(byPia.body.formality?.[0]?.details).toMatchObject({ matchCount: 1, matches: [] });
    const byErin = await get(f.email.erin, ids.samPaul ?? '');
    expect(byErin.body.formality?.[0]?.details.matches?.map((m) => m.id)).toEqual([ids.samPia]);
    // Self reviews are not screened.
    const self = await write(f.email.pia, { subjectId: f.id.pia, component: 'self', submit: true });
    expect(self.status).toBe(201);
    expect(self.body.formality).toBeNull();
  });

  it('the report lists the flagged reviews HR, heads and reviewers may see', async () => {
    const hr = await report(f.email.hal);
    expect(hr.status).toBe(200);
    expect(hr.body).toMatchObject({ cycleId, minChars: 80, similarityThreshold: 0.8 });
    const flagged = new Set([ids.moPia, ids.moPaul, ids.hanaSam, ids.erinMo, ids.samPia, ids.samPaul]);
    expect(new Set(hr.body.reviews.map((r) => r.reviewId))).toEqual(flagged);
    // Pia's submitted self review is not screened; Erin's draft is not counted.
    expect(hr.body).toMatchObject({
      screened: 6,
      flagged: 6,
      byCode: { empty: 1, too_short: 1, near_duplicate: 4 },
    });
    expect(hr.body.reviews.find((r) => r.reviewId === ids.hanaSam)).toMatchObject({
      subjectId: f.id.sam,
      reviewerId: f.id.hana,
      codes: ['empty'],
    });
    // Hana heads Sales: her own review of Sam; not Sam's peer reviews of engineers.
    const hana = await report(f.email.hana);
    expect(hana.body.reviews.map((r) => r.reviewId)).toEqual([ids.hanaSam]);
    expect(hana.body.screened).toBe(1);
    // Erin heads Engineering: the reviews about Mo, Pia and Paul, Sam's peer reviews included.
    const erin = await report(f.email.erin);
    expect(new Set(erin.body.reviews.map((r) => r.reviewId))).toEqual(
      new Set([ids.moPia, ids.moPaul, ids.erinMo, ids.samPia, ids.samPaul]),
    );
    // Sam sees his own two flags, matches included.
    const sam = await report(f.email.sam);
    expect(sam.body.reviews.map((r) => r.issues[0]?.details.matches?.length)).toEqual([1, 1]);
    expect(sam.body.flagged).toBe(2);
    // Paul wrote none and manages no one.
    expect((await report(f.email.paul)).body).toMatchObject({ screened: 0, flagged: 0, reviews: [] });
  });

  it('the subject reading their appraisal later never sees the flags', async () => {
    const other = uniqueId('cyc');
    await seedCycle(h, orgId, other, 'appraise', [f.id.pia, f.id.paul]);
    const a = await write(f.email.mo, {
      cycleId: other,
      subjectId: f.id.pia,
      component: 'manager',
      summary: 'Ok.',
      submit: true,
    });
    expect(codes(a.body.formality)).toEqual(['too_short']);
    await setPhase(h, orgId, other, 'feedback');
    const asSubject = await get(f.email.pia, a.body.id);
    expect(asSubject.status).toBe(200);
    expect(asSubject.body.formality).toBeNull();
    const listed = await h.call<{ items: ReviewJson[] }>('GET', `/v1/reviews?cycleId=${other}`, {
      as: f.email.pia,
    });
    expect(listed.body.items.map((r) => r.formality)).toEqual([null]);
    // A cycle's own screening: the copy in the first cycle is not compared with this one.
    expect(codes((await get(f.email.mo, a.body.id)).body.formality)).toEqual(['too_short']);
    const mine = await h.call<{ items: ReviewJson[] }>(
      'GET',
      `/v1/reviews?cycleId=${cycleId}&reviewerId=${f.id.mo}`,
      {
        as: f.email.mo,
      },
    );
    expect(mine.body.items.map((r) => codes(r.formality))).toEqual([['near_duplicate'], ['near_duplicate']]);
  });

  it('a peer answering a feedback request is warned in the responses of the draft and of the submission', async () => {
    const other = uniqueId('cyc');
    await seedCycle(h, orgId, other, 'appraise', [f.id.mo, f.id.pia, f.id.sam]);
    await seedGoal(h, orgId, competencyGoal(uniqueId('gol'), other, f.id.pia, 100));
    const asked = await h.call<{ id: string; state: string }>('POST', '/v1/feedback-requests', {
      as: f.email.mo,
      json: { cycleId: other, subjectId: f.id.pia, reviewerId: f.id.sam, component: 'peer' },
    });
    expect(asked.status).toBe(201);
    const draft = await write(f.email.sam, {
      cycleId: other,
      subjectId: f.id.pia,
      component: 'peer',
      feedbackRequestId: asked.body.id,
      summary: 'Great colleague.',
    });
    expect(draft.status).toBe(201);
    expect(draft.body.submittedAt).toBeNull();
    expect(codes(draft.body.formality)).toEqual(['too_short']);
    expect(draft.body.formality?.[0]?.details).toMatchObject({ chars: 16, minChars: 80 });
    const submitted = await h.call<ReviewJson>('POST', `/v1/reviews/${draft.body.id}/submit`, {
      as: f.email.sam,
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.submittedAt).not.toBeNull();
    expect(codes(submitted.body.formality)).toEqual(['too_short']);
    // Answered: the request is closed, and Sam's own listing keeps the flag.
    const request = await h.call<{ state: string }>('GET', `/v1/feedback-requests/${asked.body.id}`, {
      as: f.email.sam,
    });
    expect(request.body.state).toBe('submitted');
    const mine = await h.call<{ items: ReviewJson[] }>(
      'GET',
      `/v1/reviews?cycleId=${other}&reviewerId=${f.id.sam}&component=peer`,
      { as: f.email.sam },
    );
    expect(mine.body.items.map((r) => codes(r.formality))).toEqual([['too_short']]);
  });

  it('unknown cycles are 404; integration keys get 403', async () => {
    expect((await report(f.email.hal, 'cyc_missing')).status).toBe(404);
    const key = await h.apiKey(orgId, ['sync:notion']);
    const res = await h.app.request(`/v1/cycles/${cycleId}/reports/review-formality`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(403);
  });

  it('is in /openapi.json', async () => {
    type S = { properties?: Record<string, S>; description?: string; nullable?: boolean; type?: unknown };
    const doc = (await (await h.app.request('/openapi.json')).json()) as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, S> };
    };
    expect(doc.paths['/v1/cycles/{id}/reports/review-formality']?.get?.responses).toHaveProperty('200');
    expect(doc.components.schemas.Review?.properties?.formality?.description).toContain('never a refusal');
    expect(Object.keys(doc.components.schemas.ReviewFormalityReport?.properties ?? {})).toEqual(
      expect.arrayContaining(['screened', 'flagged', 'byCode', 'reviews']),
    );
  });
});
