// GET /v1/cycles/{id}/participants as one caller reads it: the people they may see, each with their status, current withdrawal and participation history (redacted per person).
import { z } from '@hono/zod-openapi';
import {
  expandDepartments,
  IdSchema,
  participationHistory,
  redactParticipationEvent,
  redactWithdrawal,
  WithdrawalKindSchema,
} from '@perfloop/core';
import type { Access } from '../../authz/index.ts';
import { type PageParams, PageQuery, pageSchema, paginate } from '../../kit/index.ts';
import type { StoredCycle } from './cycleRecord.ts';
import { CycleWithdrawal, withdrawalView } from './cycleView.ts';

export const ParticipantsQuery = PageQuery.extend({
  departmentId: IdSchema.optional().openapi({
    param: { name: 'departmentId', in: 'query' },
    description: 'Only the people of this department and its sub-departments (404 for an unknown one).',
  }),
});

const ParticipationEventView = z
  .object({
    personId: IdSchema,
    action: z.enum(['withdrawn', 'reinstated']),
    at: z.string().openapi({ format: 'date-time' }),
    by: IdSchema.optional().openapi({
      description: 'Who withdrew or reinstated them. Shown to HR and those who manage the person.',
    }),
    kind: z.enum(WithdrawalKindSchema.options).optional().openapi({
      description: 'Withdrawn: why they stopped taking part (shown to the person too).',
    }),
    reason: z.string().optional().openapi({
      description:
        'HR’s reason (a withdrawal’s, or a reinstatement’s when one was given). Shown only to HR and those who manage the person.',
    }),
  })
  .openapi('ParticipationEvent', {
    description: 'One withdrawal or reinstatement of a person in the cycle, as the caller may see it.',
  });

const CycleParticipant = z
  .object({
    personId: IdSchema,
    status: z.enum(['participant', 'withdrawn']).openapi({
      description:
        '`participant`: appraised in the cycle; `withdrawn`: no longer (their records kept, no writes about them).',
    }),
    inactive: z.boolean().openapi({
      description: 'A participant no longer active in the organisation (HR withdraws them).',
    }),
    // A union, not `.nullable()`: on a registered schema that becomes an allOf with the reference, which null never
    // matches.
    withdrawal: z.union([CycleWithdrawal, z.null()]).openapi({
      description: 'Their current withdrawal (null for a participant), as in the cycle’s `withdrawn`.',
    }),
    history: z.array(ParticipationEventView).openapi({
      description:
        'Every withdrawal and reinstatement of theirs in this cycle, oldest first (empty when none).',
    }),
  })
  .openapi('CycleParticipant');

export const ParticipantsPage = pageSchema(CycleParticipant, 'CycleParticipantPage');
type ParticipantBody = z.infer<typeof CycleParticipant>;

/**
 * The cycle's participants and withdrawn people the caller may see (in `departmentId` and its sub-departments when
 * given), by person id, a page of them.
 */
export function participantsPage(
  access: Access,
  cycle: StoredCycle,
  query: PageParams & { departmentId?: string | undefined },
): { items: ParticipantBody[]; nextCursor: string | null } {
  const withdrawn = new Map((cycle.withdrawn ?? []).map((w) => [w.personId, w] as const));
  const history = participationHistory(cycle.participationHistory ?? [], cycle.withdrawn ?? []);
  const departments =
    query.departmentId === undefined ? null : expandDepartments(access.org, [query.departmentId]);
  const inScope = (personId: string) => {
    if (!access.canSee(personId)) return false;
    if (departments === null) return true;
    const person = access.org.person(personId);
    return person !== undefined && departments.has(person.departmentId);
  };
  const ids = [...new Set([...cycle.participants, ...withdrawn.keys()])].filter(inScope).sort();
  const page = paginate(ids, (id) => id, query);
  return {
    items: page.items.map((personId) => {
      const view = withdrawalView(access, personId);
      const current = withdrawn.get(personId);
      return {
        personId,
        status: current ? 'withdrawn' : 'participant',
        inactive: !current && access.org.person(personId)?.active === false,
        withdrawal: current ? redactWithdrawal(current, view) : null,
        history:
          view === 'none' ? [] : (history.get(personId) ?? []).map((e) => redactParticipationEvent(e, view)),
      };
    }),
    nextCursor: page.nextCursor,
  };
}
