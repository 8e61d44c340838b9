// The one schema for a whole-number query parameter: canonical decimal digits only, declared `integer` in OpenAPI.
import { z } from '@hono/zod-openapi';

/**
 * The only spelling a query number may take: `0`, or digits without a leading zero. Query strings are text,
 * so `z.coerce.number()` would read `1e2` as 100, `0x10` as 16, ` 5`, `5.0` or `+5` as 5, and `` as 0; a
 * leading zero (`05`) is refused too, so that every value has exactly one spelling (and none reads as octal).
 */
export const QUERY_INTEGER_PATTERN = /^(?:0|[1-9][0-9]{0,15})$/;

/** What the OpenAPI description says of every such parameter. */
export const QUERY_INTEGER_FORMAT =
  'Plain decimal digits: no sign, exponent, decimal point, blanks or leading zero.';

/** The definitions of every schema `queryInteger` built: `.openapi()`, `.default()` and `.optional()` keep it. */
const built = new WeakSet<object>();

/**
 * A whole-number query parameter from `min` to `max` (both safe integers). Anything but its canonical decimal
 * spelling is 400 `validation_failed` with a field error on the parameter, one message for every refusal.
 * Every numeric query parameter of the API uses it (`queryInteger.engines.test.ts` walks the routes).
 */
export function queryInteger(min: number, max: number, description?: string) {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || min > max) {
    throw new Error(`queryInteger: bad bounds ${min}..${max}`);
  }
  const error = `Must be a whole number from ${min} to ${max}, in plain decimal digits (no sign, exponent, decimal point, blanks or leading zero).`;
  const schema = z.preprocess(
    (v) => (typeof v === 'string' && QUERY_INTEGER_PATTERN.test(v) ? Number(v) : v),
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
  );
  built.add(schema._zod.def);
  return schema.openapi({
    description: description ? `${description} ${QUERY_INTEGER_FORMAT}` : QUERY_INTEGER_FORMAT,
  });
}

/** Whether `schema` (possibly wrapped in `.default()`, `.optional()` or `.nullable()`) was built by `queryInteger`. */
export function isQueryInteger(schema: z.ZodType): boolean {
  let current: z.core.$ZodType = schema;
  for (;;) {
    if (built.has(current._zod.def)) return true;
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType };
    if (!['default', 'optional', 'nullable', 'prefault'].includes(def.type) || !def.innerType) return false;
    current = def.innerType;
  }
}
