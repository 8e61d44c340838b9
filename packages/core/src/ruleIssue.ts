// Core's cross-field rules as zod `custom` issues with a stable rule code and the facts it names, for clients to say them in their own language.
import type { z } from 'zod';

/** The facts a rule's problem names (JSON-safe primitives), e.g. which KPI anchor and in which relation. */
export type RuleFacts = Readonly<Record<string, string | number | boolean>>;

/** A broken rule: where, in English, its stable code (`kpi_anchors_invalid`, `ends_before_start`, …) and its facts. */
export interface RuleIssue {
  path: (string | number)[];
  message: string;
  rule: string;
  facts?: RuleFacts;
}

/** Adds a broken rule to a refinement: code `custom` (as zod has it), `params: { rule, ...facts }`. */
export function addRuleIssue(ctx: Pick<z.RefinementCtx, 'addIssue'>, issue: RuleIssue): void {
  ctx.addIssue({
    code: 'custom',
    path: issue.path,
    message: issue.message,
    params: { ...issue.facts, rule: issue.rule },
  });
}

/** The rule code and facts of a zod issue added by `addRuleIssue`; null for any other issue. */
export function ruleOf(issue: z.core.$ZodIssue): { rule: string; facts: RuleFacts } | null {
  if (issue.code !== 'custom') return null;
  const { rule, ...rest } = (issue.params ?? {}) as Record<string, unknown>;
  if (typeof rule !== 'string') return null;
  const facts: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(rest)) {
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))
      facts[k] = v;
  }
  return { rule, facts };
}
