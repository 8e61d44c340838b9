// Compensation inputs per person and cycle (HR-only data): the stored shape, its ids and its visibility rule.
import { z } from '@hono/zod-openapi';
import { CentsSchema, IdSchema } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import type { Access } from '../../authz/index.ts';
import { ResourceMeta } from '../../kit/index.ts';
import { cents } from '../loop/schemas.ts';
import { MoneyCurrencyField } from '../organisation/currency.ts';

export const COMPENSATION_KIND = 'compensation';

/** Salary, band midpoint and target bonus of one person for one cycle, in cents. */
export const CompensationInputSchema = z.strictObject({
  salaryCents: cents('Annual base salary in cents.', 6_500_000),
  bandMidpointCents: CentsSchema.positive('the band midpoint must be positive').openapi({
    description: 'Midpoint of the person’s salary band in cents (for the compa-ratio).',
    example: 7_000_000,
  }),
  targetBonusCents: cents('Target bonus in cents.', 650_000),
});
export type CompensationInput = z.infer<typeof CompensationInputSchema>;

/** The stored record data: the inputs with the cycle and person they belong to. */
export const CompensationSchema = CompensationInputSchema.extend({ cycleId: IdSchema, personId: IdSchema });
export type Compensation = z.infer<typeof CompensationSchema>;

export const CompensationResource = CompensationSchema.extend({
  currency: MoneyCurrencyField,
  ...ResourceMeta,
}).openapi('Compensation');
export type CompensationBody = z.infer<typeof CompensationResource>;

/** One record per (cycle, person): a deterministic id keeps PUT an upsert without races. */
export function compensationId(cycleId: string, personId: string): string {
  return `cmp.${cycleId}.${personId}`;
}

export function parseCompensation(record: ResourceRecord): Compensation {
  return CompensationSchema.parse(record.data);
}

/** The API body of a stored record; `currency`: the organisation's (the amounts carry none of their own). */
export function compensationBody(record: ResourceRecord, currency: string | null): CompensationBody {
  return {
    ...parseCompensation(record),
    currency,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** Compensation is never visible to anyone but HR and the person themselves (not managers, not API keys). */
export function mayReadCompensation(access: Access, personId: string): boolean {
  return !access.isService && (access.isHr || access.isSelf(personId));
}

/** The organisation's bonus pool and merit budget are HR's alone (not the person, not managers, not API keys). */
export function mayReadBudget(access: Access): boolean {
  return !access.isService && access.isHr;
}
