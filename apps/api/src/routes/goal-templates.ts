// /v1/goal-templates: reusable plans (HR and managers) and their bulk assignment to a cycle's participants.
import { createRoute, z } from '@hono/zod-openapi';
import {
  ALLOWED_PARENT_LEVELS,
  type AssignReport,
  addRuleIssue,
  assignTemplate,
  CompetencyTemplateGoalSchema,
  GoalSchema,
  type GoalTemplate,
  GoalTemplateSchema,
  IdSchema,
  KpiTemplateGoalSchema,
  kpiAnchorIssues,
} from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import type { Access } from '../authz/index.ts';
import { BadRequest, Forbidden, NotFound, UnprocessableEntity } from '../errors.ts';
import {
  createdResponse,
  etag,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  newId,
  PageQuery,
  pageCursor,
  pageSchema,
  problems,
  ResourceMeta,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { fieldErrors } from '../validation.ts';
import { createBatch } from './cycles/batch.ts';
import { loadCycle, referencedCycle, requirePhase } from './cycles/cycleRecord.ts';
import { goalColumns } from './goals/goalSchemas.ts';
import { syncPlan } from './plans/planRecord.ts';

const tags = ['goal-templates'];
const TEMPLATE_ID_PREFIX = 'tpl';
const T = GoalTemplateSchema.shape;

const GoalTemplateResource = GoalTemplateSchema.safeExtend({
  ...ResourceMeta,
  createdBy: z.string().nullable().openapi({ description: 'Who created it (they and HR may change it).' }),
}).openapi('GoalTemplate');
type TemplateBody = z.infer<typeof GoalTemplateResource>;
const GoalTemplatePage = pageSchema(GoalTemplateResource, 'GoalTemplatePage');
/** Template goals as core defines them, with `alignedTo` optional (default null). */
const TemplateGoals = z
  .array(
    z.discriminatedUnion('kind', [
      z
        .strictObject({ ...KpiTemplateGoalSchema.shape, alignedTo: IdSchema.nullable().default(null) })
        .superRefine((g, ctx) => {
          for (const issue of kpiAnchorIssues(g)) addRuleIssue(ctx, issue);
        }),
      CompetencyTemplateGoalSchema.extend({ alignedTo: IdSchema.nullable().default(null) }),
    ]),
  )
  .min(1)
  .max(100);
const TemplateCreate = z.strictObject({ name: T.name, goals: TemplateGoals }).openapi('GoalTemplateCreate');
const TemplatePatch = z
  .strictObject({ name: T.name.optional(), goals: TemplateGoals.optional() })
  .refine((p) => Object.keys(p).length > 0, { message: 'send at least one field to change' })
  .openapi('GoalTemplatePatch');
const AssignBody = z
  .strictObject({
    cycleId: IdSchema,
    personIds: z.array(IdSchema).min(1).max(10_000).optional(),
    departmentId: IdSchema.optional().openapi({
      description: 'Everyone you manage in this department (with its sub-departments).',
    }),
  })
  .refine((b) => (b.personIds === undefined) !== (b.departmentId === undefined), {
    message: 'send either personIds or departmentId',
    path: ['personIds'],
  })
  .openapi('GoalTemplateAssign');
const AssignSkip = z.enum([
  'already_assigned',
  'id_conflict',
  'invalid_id',
  'duplicate_person',
  'not_participant',
  'participant_withdrawn',
]);
const AssignResult = z
  .object({
    templateId: z.string(),
    cycleId: z.string(),
    created: z.number().int().openapi({ description: 'Goals created in total.' }),
    report: z.array(
      z.object({ personId: z.string(), created: z.number().int(), skipped: AssignSkip.nullable() }),
    ),
  })
  .openapi('GoalTemplateAssignment');
type AssignRow = { personId: string; created: number; skipped: z.infer<typeof AssignSkip> | null };

function templateBody(record: ResourceRecord): TemplateBody {
  const template = GoalTemplateSchema.parse(record.data);
  return {
    ...template,
    createdBy: record.subjectId,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** Core's template rules: structural problems → 400; weights not totalling 100 and KPI anchors → 422. */
function validateTemplate(candidate: unknown): GoalTemplate {
  const parsed = GoalTemplateSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const errors = fieldErrors(parsed.error, 'body');
  if (parsed.error.issues.every((i) => i.code === 'custom')) {
    throw new UnprocessableEntity(`The template is invalid: ${errors.map((e) => e.message).join('; ')}`, {
      code: 'template_invalid',
      errors,
    });
  }
  throw new BadRequest('The template is invalid.', { code: 'validation_failed', errors });
}

function mayKeepTemplates(access: Access): boolean {
  return access.isHr || access.roles.has('manager') || access.roles.has('department_head');
}

async function loadTemplate(kit: Kit, access: Access, id: string): Promise<ResourceRecord> {
  const record = await kit.store.resources('goal_templates').get(access.orgId, id);
  if (!record) throw new NotFound('The goal template was not found.');
  return record;
}

function requireTemplateOwner(access: Access, record: ResourceRecord): void {
  if (access.isHr || (record.subjectId !== null && access.isSelf(record.subjectId))) return;
  throw new Forbidden('Only HR or the manager who created this template may change it.');
}

/** The people a template goes to: the ids given (each one you manage), or everyone you manage in a department. */
function assignees(
  access: Access,
  body: { personIds?: string[] | undefined; departmentId?: string | undefined },
) {
  if (body.personIds !== undefined) {
    for (const id of body.personIds) {
      access.seePerson(id);
      if (!access.canManage(id)) throw new Forbidden(`You may not set ${id}'s goals.`);
    }
    return body.personIds;
  }
  const departmentId = body.departmentId ?? '';
  if (!access.snapshot.departments.has(departmentId)) {
    throw new UnprocessableEntity(`Department ${departmentId} does not exist.`, {
      code: 'unknown_department',
      errors: [
        { path: 'departmentId', message: 'no such department', code: 'unknown_department', location: 'body' },
      ],
    });
  }
  const members = access.org
    .departmentMembers(departmentId, { includeSubdepartments: true })
    .filter((id) => access.org.person(id)?.active && access.canManage(id));
  if (members.length === 0) throw new Forbidden('You manage nobody in this department.');
  return members;
}

export function goalTemplatesRoutes(kit: Kit): RouteModule {
  const location = (id: string) => `${V1_PREFIX}/goal-templates/${id}`;
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List goal templates',
    request: { query: PageQuery },
    responses: { 200: jsonResponse(GoalTemplatePage, 'A page of templates, by id'), ...problems(400, 403) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a goal template',
    request: { params: IdParams },
    responses: { 200: resourceResponse(GoalTemplateResource, 'The template'), ...problems(400, 403, 404) },
  });
  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Create a goal template (HR and managers)',
    description: 'Live goal weights must total 100 (422 `template_invalid`).',
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: TemplateCreate } } },
    },
    responses: { 201: createdResponse(GoalTemplateResource, 'Created'), ...problems(400, 403, 422) },
  });
  const patch = createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    summary: 'Change a goal template (HR or its creator)',
    request: {
      params: IdParams,
      headers: IfMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: TemplatePatch } } },
    },
    responses: {
      200: resourceResponse(GoalTemplateResource, 'Updated'),
      ...problems(400, 403, 404, 412, 422, 428),
    },
  });
  const remove = createRoute({
    method: 'delete',
    path: '/{id}',
    tags,
    summary: 'Delete a goal template (HR or its creator)',
    description: 'Goals already made from it stay.',
    request: { params: IdParams, headers: IfMatchHeaders },
    responses: { 204: { description: 'Deleted' }, ...problems(400, 403, 404, 412, 428) },
  });
  const assign = createRoute({
    method: 'post',
    path: '/{id}/assign',
    tags,
    summary: "Give people a template's goals in a cycle (plan phase)",
    description:
      'One transaction; each person gets one goal per template goal (ids `<template>.<person>.<index>`), so repeating the call creates nothing new (`already_assigned`). People who do not take part in the cycle are skipped (`not_participant`), as are people withdrawn from it (`participant_withdrawn`: HR reinstates them first). Agreements of the plans that changed are reset.',
    middleware: [kit.idempotent] as const,
    request: {
      params: IdParams,
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: AssignBody } } },
    },
    responses: { 200: jsonResponse(AssignResult, 'Per-person report'), ...problems(400, 403, 404, 409, 422) },
  });

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const query = c.req.valid('query');
      const page = await kit.store
        .resources('goal_templates')
        .list(access.orgId, { limit: query.limit, ...(query.cursor ? { after: query.cursor } : {}) });
      return c.json({ items: page.records.map(templateBody), nextCursor: pageCursor(page.nextCursor) }, 200);
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const record = await loadTemplate(kit, access, c.req.valid('param').id);
      return c.json(templateBody(record), 200, { ETag: etag(record) });
    })
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      if (!mayKeepTemplates(access)) throw new Forbidden('Only HR and managers may create goal templates.');
      const template = validateTemplate({ id: newId(TEMPLATE_ID_PREFIX), ...c.req.valid('json') });
      const result = await kit.writeReply(c, async (w) => {
        const record = await w.create('goal_templates', {
          id: template.id,
          subjectId: me.id,
          data: template,
        });
        return reply(201, templateBody(record), { ETag: etag(record), Location: location(template.id) });
      });
      return send(c, result);
    })
    .openapi(patch, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      const current = await loadTemplate(kit, access, id);
      requireTemplateOwner(access, current);
      const expectedVersion = requireIfMatch(c, current.version);
      const next = validateTemplate({ ...GoalTemplateSchema.parse(current.data), ...c.req.valid('json') });
      const result = await kit.writeReply(c, async (w) => {
        const record = await w.update('goal_templates', id, { expectedVersion, data: next });
        return reply(200, templateBody(record), { ETag: etag(record) });
      });
      return send(c, result);
    })
    .openapi(remove, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      const current = await loadTemplate(kit, access, id);
      requireTemplateOwner(access, current);
      const expectedVersion = requireIfMatch(c, current.version);
      await kit.writeTx(c, (w) => w.remove('goal_templates', id, expectedVersion));
      return c.body(null, 204);
    })
    .openapi(assign, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      const template = GoalTemplateSchema.parse((await loadTemplate(kit, access, id)).data);
      const body = c.req.valid('json');
      const { cycle } = await referencedCycle(kit.store, access.orgId, body.cycleId);
      const people = assignees(access, body);
      requirePhase(cycle, ['plan'], 'templates can be assigned');
      const result = await kit.writeReply(c, async (w) => {
        const { cycle: current } = await loadCycle(w.tx, w.orgId, cycle.id);
        requirePhase(current, ['plan'], 'templates can be assigned');
        const participants = new Set(current.participants);
        const withdrawn = new Set((current.withdrawn ?? []).map((x) => x.personId));
        const skipped: AssignRow[] = [];
        const targets: { id: string; departmentId: string | null }[] = [];
        for (const personId of people) {
          if (withdrawn.has(personId))
            skipped.push({ personId, created: 0, skipped: 'participant_withdrawn' });
          else if (!participants.has(personId))
            skipped.push({ personId, created: 0, skipped: 'not_participant' });
          else
            targets.push({ id: personId, departmentId: access.org.person(personId)?.departmentId ?? null });
        }
        // Aligned template goals must point at department/organisation goals of this cycle.
        for (const parentId of new Set(template.goals.map((g) => g.alignedTo).filter((a) => a !== null))) {
          const parent = await w.tx.resources('goals').get(w.orgId, parentId);
          const goal = parent ? GoalSchema.safeParse(parent.data) : null;
          if (
            !goal?.success ||
            goal.data.cycleId !== current.id ||
            !ALLOWED_PARENT_LEVELS.person.includes(goal.data.level)
          ) {
            throw new UnprocessableEntity(
              `The template aligns to ${parentId}, which is not a department or organisation goal of this cycle.`,
              { code: 'parent_not_found', details: { alignedTo: parentId } },
            );
          }
        }
        // Goals that already hold the ids the template would use (deleted ones too: ids are never reused).
        const candidateIds = targets.flatMap((p) =>
          template.goals.map((_, i) => `${template.id}.${p.id}.${i}`),
        );
        const existingGoals: { id: string; ownerId: string | null }[] = [];
        for (let i = 0; i < candidateIds.length; i += 1000) {
          const chunk = candidateIds.slice(i, i + 1000);
          const found = await w.tx
            .resources('goals')
            .list(w.orgId, { ids: chunk, includeDeleted: true, limit: 1000 });
          for (const r of found.records) existingGoals.push({ id: r.id, ownerId: r.subjectId });
        }
        const { goals, report } = assignTemplate(template, {
          cycleId: current.id,
          people: targets,
          existingGoals,
        });
        const b = createBatch(w);
        for (const goal of goals) {
          await b.create(
            'goals',
            { id: goal.id, ...goalColumns(goal), data: goal },
            { summary: { created: { title: goal.title, ownerId: goal.ownerId, templateId: template.id } } },
          );
        }
        for (const r of report) if (r.created > 0) await syncPlan(b, current.id, r.personId);
        await b.flush();
        const rows: AssignRow[] = [...report.map((r: AssignReport) => ({ ...r })), ...skipped].sort(
          (a, z2) => (a.personId < z2.personId ? -1 : a.personId > z2.personId ? 1 : 0),
        );
        return reply(200, {
          templateId: template.id,
          cycleId: current.id,
          created: goals.length,
          report: rows,
        });
      });
      return send(c, result);
    });
  return { path: '/goal-templates', router };
}
