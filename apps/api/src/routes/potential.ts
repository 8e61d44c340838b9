// /v1/cycles/{id}/potential/{personId}: a person's potential (1–3) for the 9-box, set by their managers, heads or HR.
import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import {
  POTENTIAL_PHASES,
  type PotentialAssessment,
  PotentialAssessmentSchema,
  PotentialSchema,
} from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import type { RouteModule } from '../app.ts';
import { recuse } from '../authz/index.ts';
import { NotFound } from '../errors.ts';
import {
  etag,
  IdParams,
  IfMatchHeaders,
  type Kit,
  pathId,
  problems,
  ResourceMeta,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { nowIso } from './appraise/conditional.ts';
import { isParticipant, loadCycle, requirePhase } from './appraise/cycleContext.ts';
import { refuseWithdrawn, WITHDRAWN_WORDS } from './cycles/withdrawnGuard.ts';

const tags = ['calibration'];

const PotentialResource = PotentialAssessmentSchema.extend(ResourceMeta).openapi('PotentialAssessment');
type PotentialBody = z.infer<typeof PotentialResource>;
const PotentialPut = z
  .strictObject({
    potential: PotentialSchema.describe('1 low, 2 moderate, 3 high.'),
    note: z.string().trim().max(2_000).default(''),
  })
  .openapi('PotentialPut');
const PersonParams = IdParams.extend({ personId: pathId('personId') });

/** One assessment per cycle and person: its id is derived from both, so concurrent first PUTs collide (409) instead of doubling. */
export function potentialId(cycleId: string, personId: string): string {
  return `pot_${createHash('sha256').update(`${cycleId}\u0000${personId}`).digest('hex').slice(0, 24)}`;
}

function potentialBody(
  record: ResourceRecord,
  assessment = PotentialAssessmentSchema.parse(record.data),
): PotentialBody {
  return { ...assessment, version: record.version, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

export function potentialRoutes(kit: Kit): RouteModule {
  const get = createRoute({
    method: 'get',
    path: '/{id}/potential/{personId}',
    tags,
    summary: 'A person’s assessed potential in the cycle',
    description: 'For their managers, department heads and HR (404 for everyone else, the person included).',
    request: { params: PersonParams },
    responses: { 200: resourceResponse(PotentialResource, 'The assessment'), ...problems(400, 403, 404) },
  });
  const put = createRoute({
    method: 'put',
    path: '/{id}/potential/{personId}',
    tags,
    summary: 'Assess a person’s potential (managers, department heads, HR)',
    description:
      'Creates the assessment (201), or replaces it (200) with If-Match. Only in `appraise` or `calibrate` (409 `wrong_phase`). Never your own potential, HR included (403 `own_potential`). ' +
      WITHDRAWN_WORDS,
    request: {
      params: PersonParams,
      headers: IfMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: PotentialPut } } },
    },
    responses: {
      200: resourceResponse(PotentialResource, 'Replaced'),
      201: resourceResponse(PotentialResource, 'Created'),
      ...problems(400, 403, 404, 409, 412, 428),
    },
  });

  const router = createRouter()
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id, personId } = c.req.valid('param');
      const { cycle } = await loadCycle(kit.store, access.orgId, id);
      access.seePerson(personId);
      // Never the person themselves, HR included: their potential is their managers' view of them.
      const record =
        access.canManage(personId) && !access.isSelf(personId)
          ? await kit.store
              .resources('potential_assessments')
              .get(access.orgId, potentialId(cycle.id, personId))
          : undefined;
      if (!record) throw new NotFound('No potential assessment was found for this person in the cycle.');
      return c.json(potentialBody(record), 200, { ETag: etag(record) });
    })
    .openapi(put, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const { id, personId } = c.req.valid('param');
      const { cycle } = await loadCycle(kit.store, access.orgId, id);
      access.managePerson(personId);
      recuse(access, 'assess_potential', personId, { path: 'personId', location: 'params' });
      refuseWithdrawn(access, cycle, personId);
      if (!isParticipant(cycle, personId)) throw new NotFound(`${personId} is not appraised in this cycle.`);
      const assessmentId = potentialId(cycle.id, personId);
      const current = await kit.store.resources('potential_assessments').get(access.orgId, assessmentId);
      const expectedVersion = current ? requireIfMatch(c, current.version) : null;
      requirePhase(cycle, POTENTIAL_PHASES, 'potential is assessed');
      const body = c.req.valid('json');
      const assessment: PotentialAssessment = {
        id: assessmentId,
        cycleId: cycle.id,
        subjectId: personId,
        potential: body.potential,
        note: body.note,
        assessedBy: me.id,
        assessedAt: nowIso(),
      };
      const result = await kit.writeReply(c, async (w) => {
        if (expectedVersion === null) {
          const record = await w.create('potential_assessments', {
            id: assessmentId,
            cycleId: cycle.id,
            subjectId: personId,
            data: assessment,
          });
          return reply(201, potentialBody(record, assessment), { ETag: etag(record) });
        }
        const record = await w.update('potential_assessments', assessmentId, {
          expectedVersion,
          data: assessment,
        });
        return reply(200, potentialBody(record, assessment), { ETag: etag(record) });
      });
      return send(c, result);
    });
  return { path: '/cycles', router };
}
