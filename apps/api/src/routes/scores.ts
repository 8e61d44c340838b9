// /v1/cycles/{id}/scores: scored (and calibrated) ratings of a cycle's people, with the explanation trace on request.
import { createRoute, z } from '@hono/zod-openapi';
import { explainUnscored, type UnscoredExplanation } from '@perfloop/core';
import type { RouteModule } from '../app.ts';
import { ApiError, Forbidden, NotFound } from '../errors.ts';
import { IdParams, jsonResponse, type Kit, PageQuery, paginate, pathId, problems } from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { scoreForReader } from './appraise/anonymity.ts';
import { isParticipant, loadCycle, participantsOf, reached } from './appraise/cycleContext.ts';
import { scoreCyclePeople } from './appraise/cycleScores.ts';
import { ExplainParam, ExplainQuery, wantsExplain } from './appraise/explain.ts';
import { PersonScoreSchema, ScoreFailureSchema, scoreBody } from './appraise/scoreSchemas.ts';

const tags = ['scores'];

const ScoresQuery = PageQuery.extend({ explain: ExplainParam });
const ScoreQuery = ExplainQuery;
const PersonParams = IdParams.extend({ personId: pathId('personId') });

const ScorePage = z
  .object({
    items: z.array(PersonScoreSchema),
    failures: z.array(ScoreFailureSchema).openapi({
      description:
        'People of this page without a score: `all_goals_cancelled` (every goal of the plan cancelled) or `no_scorable_goals` (nothing scorable yet).',
    }),
    nextCursor: z.string().nullable(),
  })
  .openapi('ScorePage');

/** A 422's `details` for a person without a score: the reason, the cancelled goals, and with explain the words. */
function unscoredDetails(u: UnscoredExplanation, explain: boolean): Record<string, unknown> {
  return {
    subjectId: u.subjectId,
    reason: u.reason,
    cancelledGoals: u.cancelledGoals,
    ...(explain ? { explanation: explainUnscored(u) } : {}),
  };
}

export function scoresRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/{id}/scores',
    tags,
    summary: 'Scores of the cycle’s people you manage',
    description:
      'core scoreCycle over each participant’s goals and submitted reviews. `rating` is the calibrated rating when calibration moved it (`original` keeps the scored one). Managers see their reports, department heads their departments, HR everyone; from the `feedback` phase on, you also see your own.',
    request: { params: IdParams, query: ScoresQuery },
    responses: { 200: jsonResponse(ScorePage, 'A page of scores, by person id'), ...problems(400, 403, 404) },
  });
  const one = createRoute({
    method: 'get',
    path: '/{id}/scores/{personId}',
    tags,
    summary: 'One person’s score (explain=true for the full trace)',
    description:
      'Managers, department heads and HR for the people they manage; the employee their own from the `feedback` phase on (403 before). 422 when there is no score: `all_goals_cancelled` when every goal of the plan is cancelled, `no_scorable_goals` when nothing can be scored yet; its `details` say why (`reason`, and `cancelledGoals`: each cancelled goal with the corrections that cancelled it), with explain=true also in words (`explanation`).',
    request: { params: PersonParams, query: ScoreQuery },
    responses: {
      200: jsonResponse(PersonScoreSchema, 'The score'),
      ...problems(400, 403, 404, 422),
    },
  });

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const { cycle } = await loadCycle(kit.store, access.orgId, id);
      const ownVisible = reached(cycle, 'feedback');
      const people = participantsOf(cycle).filter(
        (p) => access.canManage(p) || (ownVisible && access.isSelf(p)),
      );
      const page = paginate(people, (p) => p, query);
      const scoring = await scoreCyclePeople(kit.store, access.orgId, cycle, page.items);
      const explain = wantsExplain(query);
      const items = page.items.flatMap((p) => {
        const s = scoring.scores.get(p);
        return s
          ? [
              scoreForReader(
                access,
                scoreBody(s, cycle.policy, explain),
                cycle.policy.feedback.anonymousMinReviews,
                () => s.score.trace.components,
              ),
            ]
          : [];
      });
      return c.json({ items, failures: scoring.failures, nextCursor: page.nextCursor }, 200);
    })
    .openapi(one, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id, personId } = c.req.valid('param');
      const { cycle } = await loadCycle(kit.store, access.orgId, id);
      access.seePerson(personId);
      if (!isParticipant(cycle, personId)) throw new NotFound(`${personId} is not appraised in this cycle.`);
      if (!access.canManage(personId) && !reached(cycle, 'feedback')) {
        throw new Forbidden(
          `Your score is shown from the feedback phase on; the cycle is in ${cycle.phase}.`,
        );
      }
      const scoring = await scoreCyclePeople(kit.store, access.orgId, cycle, [personId]);
      const s = scoring.scores.get(personId);
      const explain = wantsExplain(c.req.valid('query'));
      if (!s) {
        const failure = scoring.failures[0];
        const unscored = scoring.unscored.get(personId);
        throw new ApiError(
          422,
          failure?.code ?? 'no_scorable_goals',
          failure?.message ?? 'Nothing can be scored yet.',
          unscored ? { details: unscoredDetails(unscored, explain) } : {},
        );
      }
      const body = scoreBody(s, cycle.policy, explain);
      const shown = scoreForReader(
        access,
        body,
        cycle.policy.feedback.anonymousMinReviews,
        () => s.score.trace.components,
      );
      return c.json(shown, 200);
    });
  return { path: '/cycles', router };
}
