// A change to a policy, section by section: only the fields named change (a PATCH, or a preset's overrides).
import { z } from 'zod';
import { type Policy, PolicySchema } from './policy.ts';

/** The policy's sections: its top-level fields that are objects of named fields (coaching, feedback, merit…). */
const SECTIONS = Object.entries(PolicySchema.shape).filter(([, schema]) => schema instanceof z.ZodObject);
const SECTION_KEYS: ReadonlySet<string> = new Set(SECTIONS.map(([key]) => key));

/** A field as it may be sent in a change: optional, and without its default (an unsent field keeps its value). */
function changeable(schema: z.ZodType): z.ZodType {
  const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
  return inner.optional();
}

/**
 * A policy change: any top-level field, and in each section any of its fields. A section's field — a map (the
 * distribution guideline, bonus multipliers, the merit matrix), a list (rating levels, compa bands) or a value —
 * replaces the current one whole; the section's other fields stay. The whole changed policy is validated afterwards
 * (PolicySchema), so a section's cross-field rules (weights, goal mix) hold on the result.
 */
export type PolicyChange = {
  [K in keyof Policy]?: Policy[K] extends object ? Partial<Policy[K]> : Policy[K];
};
type ChangeShape = { [K in keyof Policy]-?: z.ZodOptional<z.ZodType<NonNullable<PolicyChange[K]>>> };

export const PolicyChangeSchema = z.strictObject(
  Object.fromEntries(
    Object.entries(PolicySchema.shape).map(([key, schema]) => [
      key,
      schema instanceof z.ZodObject
        ? z
            .strictObject(
              Object.fromEntries(
                Object.entries(schema.shape as Record<string, z.ZodType>).map(([field, s]) => [
                  field,
                  changeable(s),
                ]),
              ),
            )
            .optional()
        : changeable(schema),
    ]),
  ) as unknown as ChangeShape,
);

/**
 * The policy with a change applied (not yet validated: parse it with PolicySchema). Sections merge field by field;
 * everything else is replaced. Pure: neither argument is modified.
 */
export function applyPolicyChange(base: Policy, change: PolicyChange): Record<string, unknown> {
  const next: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) continue;
    const current = next[key];
    next[key] =
      SECTION_KEYS.has(key) && isPlainObject(value) && isPlainObject(current)
        ? { ...current, ...dropUndefined(value) }
        : value;
  }
  return next;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
