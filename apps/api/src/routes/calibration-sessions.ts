// /v1/calibration-sessions: open (HR or the heads of its departments, in `calibrate`), adjust ratings with justification, finalise; a head of some of its departments reads her people in it.
import { createRoute, type z } from '@hono/zod-openapi';
import {
  AppealAdjustmentSchema,
  CALIBRATION_SESSION_PHASES,
  type CalibrationSession,
  type CalibrationSessionRefusal,
  calibrate,
  finaliseSession,
  IdSchema,
  openCalibrationSession,
  RatingMoveSchema,
  requireOpenSession,
  requireRatingUnchanged,
  SessionStateSchema,
  type StoredAdjustment,
  StoredAdjustmentSchema,
} from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import { recuse } from '../authz/index.ts';
import { Conflict, type DomainErrorLike, Forbidden, NotFound } from '../errors.ts';
import {
  createdResponse,
  domainProblem,
  etag,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  newId,
  PageQuery,
  pageSchema,
  paginate,
  problems,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { scoreForReader } from './appraise/anonymity.ts';
import { nowIso } from './appraise/conditional.ts';
import { listAllWhere, loadCycle, referencedCycle, requirePhase } from './appraise/cycleContext.ts';
import { applyAdjustments } from './appraise/cycleScores.ts';
import { ExplainQuery, explainedScore, wantsExplain } from './appraise/explain.ts';
import { registerCalibrationAnalytics } from './calibration/analyticsRoutes.ts';
import {
  AdjustmentCreate,
  AdjustmentCreated,
  SessionCreate,
  SessionMoveResource,
  SessionResource,
} from './calibration/schemas.ts';
import { parseSession, sessionData, visibleSession } from './calibration/sessionAccess.ts';
import { mayRunSession, readablePeople, readsSession, sessionPeople } from './calibration/sessionScope.ts';
import { refuseWithdrawn, WITHDRAWN_WORDS } from './cycles/withdrawnGuard.ts';

const tags = ['calibration'];
export const SESSION_PREFIX = 'cal';
export const ADJUSTMENT_PREFIX = 'adj';

type SessionBody = z.infer<typeof SessionResource>;
const SessionPage = pageSchema(SessionResource, 'CalibrationSessionPage');
const AdjustmentPage = pageSchema(SessionMoveResource, 'CalibrationAdjustmentPage');
const SessionQuery = PageQuery.extend({
  cycleId: IdSchema.optional().openapi({ param: { name: 'cycleId', in: 'query' } }),
  state: SessionStateSchema.optional().openapi({ param: { name: 'state', in: 'query' } }),
});
const FinaliseHeaders = IdempotencyHeaders.extend(IfMatchHeaders.shape);

const meta = (record: ResourceRecord) => ({
  version: record.version,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
});
/**
 * The session as the caller reads it: `mayRun` says whether they run it; a reader who does not (a head of some of its
 * departments) gets no `summary`, which counts the moves of every person in it.
 */
const sessionBody = (record: ResourceRecord, session: CalibrationSession, runs: boolean): SessionBody => ({
  ...session,
  summary: runs ? session.summary : null,
  mayRun: runs,
  ...meta(record),
});

/** 409 with the refusal's code (`session_overlap`, `session_finalised`), message and details. */
const refused = (refusal: CalibrationSessionRefusal) =>
  new Conflict(refusal.message, { code: refusal.code, details: refusal.details });

function assertOpen(session: CalibrationSession): void {
  const open = requireOpenSession(session);
  if (!open.ok) throw refused(open.error);
}

export function calibrationSessionsRoutes(kit: Kit): RouteModule {
  const location = (id: string) => `${V1_PREFIX}/calibration-sessions/${id}`;

  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Open a calibration session (HR, or the head of every department in it)',
    description:
      'Only while the cycle is in `calibrate` (409 `wrong_phase`). A department (with its sub-departments) belongs to one open session of a cycle at a time (409 `session_overlap`).',
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: SessionCreate } } },
    },
    responses: { 201: createdResponse(SessionResource, 'Created'), ...problems(400, 403, 409, 422) },
  });
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List the calibration sessions you may read',
    description:
      'HR and department heads: the sessions they run (HR, or the head of every department in them) and, read-only (`mayRun: false`), the sessions covering any department they head — in which they see only the people of the departments they head (the views, adjustments and people), and no `summary`. Anyone else gets an empty list.',
    request: { query: SessionQuery },
    responses: { 200: jsonResponse(SessionPage, 'A page of sessions, by id'), ...problems(400, 403) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a calibration session',
    description:
      '404 unless you run it or head one of its departments (with sub-departments); `mayRun` says whether you run it.',
    request: { params: IdParams },
    responses: { 200: resourceResponse(SessionResource, 'The session'), ...problems(400, 403, 404) },
  });
  const adjust = createRoute({
    method: 'post',
    path: '/{id}/adjustments',
    tags,
    summary: 'Move a person’s rating (justification required; the original is kept)',
    description:
      'core calibrate: a justification of at least 20 characters (`justification_required`), the policy’s evidence length for the lowest or highest rating (`evidence_required`), a level of the scale, a real change (`no_change`). Only for people the session covers (422 `not_in_session`), never your own rating (403 `own_rating`; the views mark your own entry `isCaller`), in an open session (409 `session_finalised`), in `calibrate`. `fromRating` is the rating you saw and move from: when the person’s current calibrated rating is another one (someone moved them meanwhile, in this session or another), nothing is recorded and the answer is 409 `rating_changed` with `details.currentRating` — reload, and decide and justify the move again against the current rating; never resend it unchanged. With explain=true the answer carries the person’s score explained as it stands after the move (`explanation`). ' +
      WITHDRAWN_WORDS,
    middleware: [kit.idempotent] as const,
    request: {
      params: IdParams,
      query: ExplainQuery,
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: AdjustmentCreate } } },
    },
    responses: {
      201: createdResponse(
        AdjustmentCreated,
        'The adjustment and the person’s rating through calibration',
        "The session's adjustments (`/v1/calibration-sessions/{id}/adjustments`); adjustments have no URL of their own.",
      ),
      ...problems(400, 403, 404, 409, 422),
    },
  });
  const adjustments = createRoute({
    method: 'get',
    path: '/{id}/adjustments',
    tags,
    summary: 'The adjustments made in the session, and the appeal moves of its people',
    description:
      'The session’s own rating moves, and the moves of its people made later when an appeal was resolved as `changed` (`kind: appeal`, `meetingId`; no `sessionId`), so a session’s screens show every move behind the final ratings. By id. A head who reads the session without running it sees those of the people of the departments she heads.',
    request: { params: IdParams, query: PageQuery },
    responses: {
      200: jsonResponse(AdjustmentPage, 'A page of adjustments, by id'),
      ...problems(400, 403, 404),
    },
  });
  const finalise = createRoute({
    method: 'post',
    path: '/{id}/finalise',
    tags,
    summary: 'Finalise the session (If-Match required)',
    description: 'Records core calibrationSummary of its people; the session’s ratings are final afterwards.',
    middleware: [kit.idempotent] as const,
    request: { params: IdParams, headers: FinaliseHeaders },
    responses: {
      200: resourceResponse(SessionResource, 'Finalised'),
      ...problems(400, 403, 404, 409, 412, 428),
    },
  });

  const router = createRouter()
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const body = c.req.valid('json');
      const { cycle } = await referencedCycle(kit.store, access.orgId, body.cycleId);
      const departmentIds = [...new Set(body.departmentIds)];
      const unknown: DomainErrorLike[] = [];
      body.departmentIds.forEach((id, i) => {
        if (access.org.department(id) === undefined) {
          unknown.push({
            code: 'unknown_department',
            message: `Department ${id} does not exist.`,
            path: ['departmentIds', i],
          });
        }
      });
      if (unknown.length > 0) throw domainProblem(unknown, 422);
      if (!mayRunSession(access, departmentIds)) {
        throw new Forbidden(
          'Calibration sessions are run by HR, or by the head of every department in them.',
        );
      }
      requirePhase(cycle, CALIBRATION_SESSION_PHASES, 'calibration sessions are opened');
      const draft = {
        id: newId(SESSION_PREFIX),
        cycleId: cycle.id,
        name: body.name,
        departmentIds,
        createdBy: me.id,
      };
      const result = await kit.writeReply(c, async (w) => {
        const others = await listAllWhere(w.tx, 'calibration_sessions', w.orgId, { cycleId: cycle.id });
        const opened = openCalibrationSession(access.org, draft, others.map(parseSession));
        if (!opened.ok) throw refused(opened.error);
        const session = opened.value;
        const record = await w.create('calibration_sessions', {
          id: session.id,
          cycleId: cycle.id,
          data: session,
        });
        return reply(201, sessionBody(record, session, true), {
          ETag: etag(record),
          Location: location(session.id),
        });
      });
      return send(c, result);
    })
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const query = c.req.valid('query');
      const records = await listAllWhere(
        kit.store,
        'calibration_sessions',
        access.orgId,
        query.cycleId !== undefined ? { cycleId: query.cycleId } : {},
      );
      const visible = records
        .map((record) => ({ record, session: parseSession(record) }))
        .filter((e) => readsSession(access, access.org, e.session.departmentIds))
        .filter((e) => query.state === undefined || e.session.state === query.state);
      const page = paginate(visible, (e) => e.record.id, query);
      const body = (e: (typeof visible)[number]) =>
        sessionBody(e.record, e.session, mayRunSession(access, e.session.departmentIds));
      return c.json({ items: page.items.map(body), nextCursor: page.nextCursor }, 200);
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      const { record, session, runs } = await visibleSession(kit, access, c.req.valid('param').id);
      return c.json(sessionBody(record, session, runs), 200, { ETag: etag(record) });
    })
    .openapi(adjust, async (c) => {
      const access = await kit.access(c);
      const d = await sessionData(kit, access, c.req.valid('param').id, { toRun: true });
      const body = c.req.valid('json');
      recuse(access, 'calibrate', body.personId, { path: 'personId', location: 'body' });
      requirePhase(d.cycle, CALIBRATION_SESSION_PHASES, 'ratings are calibrated');
      assertOpen(d.session);
      refuseWithdrawn(access, d.cycle, body.personId);
      if (!d.people.includes(body.personId)) {
        throw domainProblem([
          {
            code: 'not_in_session',
            message: `${body.personId} is not a participant of the departments this session calibrates.`,
            path: ['personId'],
          },
        ]);
      }
      const scored = d.scoring.scores.get(body.personId);
      if (!scored) {
        const failure = d.scoring.failures.find((f) => f.subjectId === body.personId);
        throw domainProblem([
          {
            code: failure?.code ?? 'no_scorable_goals',
            message: failure?.message ?? `${body.personId} has no score to calibrate yet.`,
            path: ['personId'],
          },
        ]);
      }
      const me = access.requireUser().id;
      const at = nowIso();
      const result = await kit.writeReply(c, async (w) => {
        // Moves in this session are decided one at a time: holding the session's row (PostgreSQL FOR
        // UPDATE; SQLite has one writer) until commit, the adjustments read below include every move
        // committed before, and a session finalised meanwhile is seen.
        const locked = await w.tx
          .resources('calibration_sessions')
          .version(w.orgId, d.session.id, { exclusive: true });
        if (locked !== d.record.version) {
          const now = await w.tx.resources('calibration_sessions').get(w.orgId, d.session.id);
          if (!now) throw new NotFound('The calibration session was not found.');
          assertOpen(parseSession(now));
        }
        // The person's rating moves as committed now (another session or caller may have moved them; an appeal's
        // correction is one of them too).
        const own = (
          await listAllWhere(w.tx, 'calibration_adjustments', w.orgId, {
            cycleId: d.cycle.id,
            subjectId: body.personId,
          })
        )
          .map((r) => RatingMoveSchema.parse(r.data))
          .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
        const current = applyAdjustments(scored.score, own);
        const unchanged = requireRatingUnchanged(current, body.fromRating);
        if (!unchanged.ok) {
          throw new Conflict(unchanged.error.message, {
            code: unchanged.error.code,
            details: unchanged.error.details,
          });
        }
        const moved = calibrate(
          current,
          { toRating: body.toRating, actorId: me, justification: body.justification, at },
          d.cycle.policy,
        );
        if (!moved.ok) throw domainProblem([moved.error]);
        const last = moved.value.adjustments.at(-1);
        if (!last) throw new Error('calibrate returned no adjustment');
        const adjustment: StoredAdjustment = {
          ...last,
          id: newId(ADJUSTMENT_PREFIX),
          sessionId: d.session.id,
          cycleId: d.cycle.id,
          subjectId: body.personId,
        };
        const record = await w.create('calibration_adjustments', {
          id: adjustment.id,
          cycleId: adjustment.cycleId,
          subjectId: adjustment.subjectId,
          parentId: adjustment.sessionId,
          data: adjustment,
        });
        const explanation = wantsExplain(c.req.valid('query'))
          ? {
              explanation: scoreForReader(
                access,
                explainedScore(
                  { ...scored, calibrated: moved.value, adjustments: [...own, adjustment] },
                  d.cycle.policy,
                ),
                d.cycle.policy.feedback.anonymousMinReviews,
              ),
            }
          : {};
        return reply(
          201,
          { adjustment: { ...adjustment, ...meta(record) }, rating: moved.value, ...explanation },
          { ETag: etag(record), Location: `${location(d.session.id)}/adjustments` },
        );
      });
      return send(c, result);
    })
    .openapi(adjustments, async (c) => {
      const access = await kit.access(c);
      const { session, runs } = await visibleSession(kit, access, c.req.valid('param').id);
      const query = c.req.valid('query');
      const own = await listAllWhere(kit.store, 'calibration_adjustments', access.orgId, {
        parentId: session.id,
      });
      // Appeal moves of the session's people (the cycle's participants in its departments).
      const { cycle } = await loadCycle(kit.store, access.orgId, session.cycleId);
      const covered = new Set(sessionPeople(access.org, session.departmentIds, cycle.participants));
      const appeals = (
        await listAllWhere(kit.store, 'calibration_adjustments', access.orgId, { cycleId: session.cycleId })
      ).filter((r) => r.data.kind === 'appeal' && r.subjectId !== null && covered.has(r.subjectId));
      const records = [...own, ...appeals].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      // A reader who does not run the session sees the moves of the people of the departments they head.
      const seen = runs
        ? records
        : records.filter(
            (r) => r.subjectId !== null && readablePeople(access, access.org, [r.subjectId]).length > 0,
          );
      const page = paginate(seen, (r) => r.id, query);
      const body = (r: ResourceRecord) =>
        r.data.kind === 'appeal'
          ? { ...AppealAdjustmentSchema.parse(r.data), ...meta(r) }
          : { ...StoredAdjustmentSchema.parse(r.data), ...meta(r) };
      return c.json({ items: page.items.map(body), nextCursor: page.nextCursor }, 200);
    })
    .openapi(finalise, async (c) => {
      const access = await kit.access(c);
      const d = await sessionData(kit, access, c.req.valid('param').id, { toRun: true });
      const expectedVersion = requireIfMatch(c, d.record.version);
      requirePhase(d.cycle, CALIBRATION_SESSION_PHASES, 'calibration sessions are finalised');
      const rated = d.people.flatMap((p) => {
        const s = d.scoring.scores.get(p);
        return s ? [s.calibrated] : [];
      });
      const finalised = finaliseSession(d.session, rated, access.requireUser().id, nowIso());
      if (!finalised.ok) throw refused(finalised.error);
      const next = finalised.value;
      const result = await kit.writeReply(c, async (w) => {
        const record = await w.update(
          'calibration_sessions',
          next.id,
          { expectedVersion, data: next },
          { action: 'calibration_session.finalise' },
        );
        return reply(200, sessionBody(record, next, true), { ETag: etag(record) });
      });
      return send(c, result);
    });
  registerCalibrationAnalytics(router, kit);
  return { path: '/calibration-sessions', router };
}
