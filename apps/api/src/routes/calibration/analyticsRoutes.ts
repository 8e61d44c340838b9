// GET /v1/calibration-sessions/{id}/distribution | rater-bias | nine-box | evidence | forced-distribution (core calibration views).
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  type DomainError,
  evidenceIssues,
  explainNormalisation,
  forcedDistributionSuggestions,
  nineBox,
  normaliseScores,
  PotentialAssessmentSchema,
  type RaterEntry,
  raterStatistics,
  ratingDistribution,
} from '@perfloop/core';
import type { AppEnv } from '../../context.ts';
import { IdParams, jsonResponse, type Kit, problems } from '../../kit/index.ts';
import { evidenceForReader, scoreForReader } from '../appraise/anonymity.ts';
import { listAllWhere } from '../appraise/cycleContext.ts';
import { ExplainQuery, explainedScore, mayExplain, wantsExplain } from '../appraise/explain.ts';
import {
  DistributionResponse,
  EvidenceResponse,
  ForcedDistributionResponse,
  NineBoxResponse,
  RATING_BASIS_WARNINGS,
  RaterBiasResponse,
} from './schemas.ts';
import { type SessionData, sessionData } from './sessionAccess.ts';
import { managerRaterEntries } from './sessionScope.ts';

const tags = ['calibration'];

const BASIS: ReadonlySet<string> = new Set(RATING_BASIS_WARNINGS);
/** The score's warnings about missing inputs (they name goals, never a reviewer), as the distribution lists them. */
const ratingBasis = (warnings: readonly DomainError<string>[]) =>
  warnings
    .filter((w) => BASIS.has(w.code))
    .map((w) => ({
      code: w.code as (typeof RATING_BASIS_WARNINGS)[number],
      message: w.message,
      ...(w.details === undefined ? {} : { details: w.details }),
    }));

const coverage = (d: SessionData) => ({ people: d.people, unscored: d.scoring.failures });
const scored = (d: SessionData) =>
  d.people.flatMap((p) => {
    const s = d.scoring.scores.get(p);
    return s ? [s] : [];
  });

export function registerCalibrationAnalytics(router: OpenAPIHono<AppEnv>, kit: Kit): void {
  const distribution = createRoute({
    method: 'get',
    path: '/{id}/distribution',
    tags,
    summary: 'Rating distribution vs the policy guideline',
    description:
      'core ratingDistribution of the current (calibrated) ratings, and of the ratings as scored; `ratings` lists each scored person’s two ratings (so a rating can be moved before any potential is assessed for the 9-box) and what each rests on when an input is missing (`warnings`: no manager appraisal of the competency goals, a goal left out). A head who reads the session without running it gets the people of the departments she heads, in every view.',
    request: { params: IdParams },
    responses: { 200: jsonResponse(DistributionResponse, 'The distribution'), ...problems(400, 403, 404) },
  });
  const raterBias = createRoute({
    method: 'get',
    path: '/{id}/rater-bias',
    tags,
    summary: 'Rater statistics with shrinkage flags',
    description:
      'core raterStatistics over the counted manager reviews of the session’s people (score = the mean rating the manager gave); small teams are shrunk toward the population before being flagged lenient, severe or central. With explain=true each normalised score carries core’s normalisation trace (`explanation`).',
    request: { params: IdParams, query: ExplainQuery },
    responses: { 200: jsonResponse(RaterBiasResponse, 'The rater statistics'), ...problems(400, 403, 404) },
  });
  const nine = createRoute({
    method: 'get',
    path: '/{id}/nine-box',
    tags,
    summary: '9-box: current rating × assessed potential',
    description:
      'Potential from PUT /v1/cycles/{cycleId}/potential/{personId}; scored people without one are listed.',
    request: { params: IdParams },
    responses: { 200: jsonResponse(NineBoxResponse, 'The 9-box'), ...problems(400, 403, 404) },
  });
  const evidence = createRoute({
    method: 'get',
    path: '/{id}/evidence',
    tags,
    summary: 'Extreme ratings without enough written evidence',
    description:
      'core evidenceIssues over the counted submitted reviews of the session’s people. `reviewerId` is null for a peer or upward review of yourself (a head whose session covers them): those reviewers stay anonymous to you.',
    request: { params: IdParams },
    responses: { 200: jsonResponse(EvidenceResponse, 'The evidence issues'), ...problems(400, 403, 404) },
  });
  const forced = createRoute({
    method: 'get',
    path: '/{id}/forced-distribution',
    tags,
    summary: 'Forced-distribution suggestions (only when the policy forces it)',
    description:
      'Suggestions only — nothing is applied. `enabled: false` unless the policy forces its distribution; with suggestions always comes the `team_stability` warning. With explain=true each suggestion carries its score’s explanation (`explanation`) where the scores routes would show it to you (never your own before the feedback phase).',
    request: { params: IdParams, query: ExplainQuery },
    responses: {
      200: jsonResponse(ForcedDistributionResponse, 'The suggestions'),
      ...problems(400, 403, 404),
    },
  });

  router
    .openapi(distribution, async (c) => {
      const access = await kit.access(c);
      const d = await sessionData(kit, access, c.req.valid('param').id);
      const people = scored(d);
      return c.json(
        {
          ...coverage(d),
          current: ratingDistribution(
            people.map((s) => s.calibrated.current.rating),
            d.cycle.policy,
          ),
          original: ratingDistribution(
            people.map((s) => s.calibrated.original.rating),
            d.cycle.policy,
          ),
          ratings: people.map((s) => ({
            personId: s.subjectId,
            original: s.calibrated.original.rating,
            current: s.calibrated.current.rating,
            isCaller: access.isSelf(s.subjectId),
            warnings: ratingBasis(s.score.warnings),
          })),
        },
        200,
      );
    })
    .openapi(raterBias, async (c) => {
      const d = await sessionData(kit, await kit.access(c), c.req.valid('param').id);
      const entries = managerRaterEntries(d.scoring.reviews);
      const stats = raterStatistics(entries, d.cycle.policy);
      const view = normaliseScores(entries, stats, d.cycle.policy);
      const normalised = wantsExplain(c.req.valid('query'))
        ? view.map((n, i) => ({
            ...n,
            explanation: explainNormalisation(entries[i] as RaterEntry, stats, d.cycle.policy),
          }))
        : view;
      return c.json({ ...coverage(d), ...stats, normalised }, 200);
    })
    .openapi(nine, async (c) => {
      const access = await kit.access(c);
      const d = await sessionData(kit, access, c.req.valid('param').id);
      const potentials = new Map<string, number>();
      for (const record of await listAllWhere(kit.store, 'potential_assessments', access.orgId, {
        cycleId: d.cycle.id,
      })) {
        const a = PotentialAssessmentSchema.parse(record.data);
        potentials.set(a.subjectId, a.potential);
      }
      const items = [];
      const missingPotential: string[] = [];
      for (const s of scored(d)) {
        const potential = potentials.get(s.subjectId);
        if (potential === undefined) {
          missingPotential.push(s.subjectId);
          continue;
        }
        const rating = s.calibrated.current.rating;
        const box = nineBox(rating, potential, d.cycle.policy.ratingScale);
        if (box.ok) {
          items.push({ personId: s.subjectId, rating, ...box.value, isCaller: access.isSelf(s.subjectId) });
        }
      }
      return c.json({ ...coverage(d), items, missingPotential }, 200);
    })
    .openapi(evidence, async (c) => {
      const access = await kit.access(c);
      const d = await sessionData(kit, access, c.req.valid('param').id);
      const issues = evidenceIssues(d.scoring.reviews, d.cycle.policy);
      return c.json(
        {
          ...coverage(d),
          required: d.cycle.policy.calibration.evidenceMinChars,
          issues: evidenceForReader(
            access,
            issues,
            d.scoring.reviews,
            d.cycle.policy.feedback.anonymousMinReviews,
          ),
        },
        200,
      );
    })
    .openapi(forced, async (c) => {
      const access = await kit.access(c);
      const d = await sessionData(kit, access, c.req.valid('param').id);
      const people = scored(d);
      const input = people.map((s) => ({
        subjectId: s.subjectId,
        score: s.score.score,
        rating: s.calibrated.current.rating,
      }));
      const forcedView = forcedDistributionSuggestions(input, d.cycle.policy);
      const explain = wantsExplain(c.req.valid('query'));
      const bySubject = new Map(people.map((s) => [s.subjectId, s]));
      const suggestions = forcedView.suggestions.map((sg) => {
        const marked = { ...sg, isCaller: access.isSelf(sg.subjectId) };
        const s = explain ? bySubject.get(sg.subjectId) : undefined;
        if (!s || !mayExplain(access, d.cycle, sg.subjectId)) return marked;
        const explanation = scoreForReader(
          access,
          explainedScore(s, d.cycle.policy),
          d.cycle.policy.feedback.anonymousMinReviews,
        );
        return { ...marked, explanation };
      });
      return c.json({ ...coverage(d), ...forcedView, suggestions }, 200);
    });
}
