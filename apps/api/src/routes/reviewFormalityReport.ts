// /v1/cycles/{id}/reports/review-formality: the cycle's manager, peer and upward reviews flagged as a mere formality, in the caller's scope.
import { createRoute, z } from '@hono/zod-openapi';
import { ComponentSchema, reviewFormalityReport } from '@perfloop/core';
import type { RouteModule } from '../app.ts';
import { IdParams, jsonResponse, type Kit, problems } from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { issuesFor, seesScreening, toScreen } from './appraise/reviewFormality.ts';
import { StoredReviewSchema } from './appraise/storedReview.ts';
import { listAllWhere, loadCycle } from './cycles/cycleRecord.ts';
import { FormalityIssueSchema } from './feedback/meetingRecord.ts';

const Code = FormalityIssueSchema.shape.code;

const ReviewFormalityReport = z
  .object({
    cycleId: z.string(),
    minChars: z.number().int().openapi({ description: 'The policy’s `feedback.minChars`.' }),
    similarityThreshold: z.number().openapi({ description: 'The policy’s `feedback.similarityThreshold`.' }),
    screened: z
      .number()
      .int()
      .openapi({ description: 'Submitted manager, peer and upward reviews in scope.' }),
    flagged: z.number().int().openapi({ description: 'Of those, how many carry at least one issue.' }),
    byCode: z
      .object({ empty: z.number().int(), too_short: z.number().int(), near_duplicate: z.number().int() })
      .openapi({ description: 'Flagged reviews per code (a review with two codes counts under both).' }),
    reviews: z
      .array(
        z.object({
          reviewId: z.string(),
          subjectId: z.string(),
          reviewerId: z.string(),
          component: ComponentSchema,
          submittedAt: z.string(),
          codes: z.array(Code),
          issues: z.array(FormalityIssueSchema),
        }),
      )
      .openapi({ description: 'The flagged reviews, by reviewer then review id.' }),
  })
  .openapi('ReviewFormalityReport');

export function reviewFormalityReportRoutes(kit: Kit): RouteModule {
  const report = createRoute({
    method: 'get',
    path: '/{id}/reports/review-formality',
    tags: ['reports'],
    summary: 'Reviews flagged as a mere formality (for calibration)',
    description:
      "Every submitted manager, peer and upward review of the cycle is screened against the same reviewer's other submitted reviews there (empty, shorter than the policy's `feedback.minChars`, near-identical to a review of someone else). Listed and counted: the reviews about people you manage or head (HR: everyone else) and those you wrote; near-duplicate matches name only reviews about people you manage or head (HR: everyone else), or those you wrote. Never the reviews about yourself, HR included: their reviewers stay anonymous to you. Drafts never count.",
    request: { params: IdParams },
    responses: {
      200: jsonResponse(ReviewFormalityReport, 'Flagged reviews in your scope'),
      ...problems(400, 403, 404),
    },
  });

  const router = createRouter().openapi(report, async (c) => {
    const access = await kit.access(c);
    access.requireUser();
    const { cycle } = await loadCycle(kit.store, access.orgId, c.req.valid('param').id);
    const records = await listAllWhere(kit.store, 'reviews', access.orgId, { cycleId: cycle.id });
    const reviews = records.map((r) => StoredReviewSchema.parse(r.data));
    const result = reviewFormalityReport(
      reviews.map((r) => toScreen(access, r)),
      cycle.policy,
      (r) => seesScreening(access, r),
    );
    return c.json(
      {
        cycleId: cycle.id,
        minChars: cycle.policy.feedback.minChars,
        similarityThreshold: cycle.policy.feedback.similarityThreshold,
        ...result,
        reviews: result.reviews.map((r) => ({ ...r, issues: issuesFor(access, r, r.issues) })),
      },
      200,
    );
  });
  return { path: '/cycles', router };
}
