// fast-check arbitraries from the document's JSON Schemas: values the schema accepts, with id fields drawn from real ids.
import fc from 'fast-check';
import { type OpenApiDoc, resolve, type Schema } from './openapi.ts';

export interface ArbOptions {
  doc: OpenApiDoc;
  /**
   * A string arbitrary for a named field (ids of the right kind, e-mails), or undefined to generate
   * from the schema alone.
   */
  stringFor: (name: string | undefined, schema: Schema) => fc.Arbitrary<string> | undefined;
  /** Replaces some string leaves with hostile strings (valid structure, odd content). */
  strings?: fc.Arbitrary<string>;
}

const MAX_ARRAY = 3;
/** Marks an optional field left out. */
const NOT_SENT = Symbol('not sent');
const MAX_DEPTH = 8;

const asTypes = (t: unknown): string[] =>
  Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const isoDate = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`);
const isoDateTime = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function stringArb(schema: Schema): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = Math.min(
    typeof schema.maxLength === 'number' ? schema.maxLength : 60,
    60,
    Math.max(minLength, 60),
  );
  if (schema.format === 'date') return isoDate;
  if (schema.format === 'date-time') return isoDateTime;
  if (schema.format === 'email') return fc.emailAddress();
  if (typeof schema.pattern === 'string') {
    let regex: RegExp | undefined;
    try {
      regex = new RegExp(schema.pattern);
    } catch {
      regex = undefined;
    }
    if (regex) {
      const r = regex;
      return fc
        .stringMatching(r, { size: 'small' })
        .filter((s) => s.length >= minLength && s.length <= Math.max(maxLength, minLength));
    }
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength, maxLength: Math.max(minLength, maxLength) }) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: Math.max(minLength, maxLength) }),
    },
  );
}

function numberArb(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const exclusiveMax = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
  const min = typeof schema.minimum === 'number' ? schema.minimum : exclusiveMin;
  const max = typeof schema.maximum === 'number' ? schema.maximum : exclusiveMax;
  if (integer) {
    const lo = min === undefined ? -1000 : Math.ceil(min + (exclusiveMin !== undefined ? 1 : 0));
    const hi =
      max === undefined ? Math.max(lo, 0) + 1000 : Math.floor(max - (exclusiveMax !== undefined ? 1 : 0));
    return fc.integer({ min: lo, max: Math.max(lo, hi) });
  }
  const lo = min ?? -1e6;
  const hi = max ?? Math.max(lo, 0) + 1e6;
  const base = fc.oneof(
    fc.integer({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.floor(hi)) }),
    fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }),
  );
  return base.filter(
    (n) =>
      (exclusiveMin === undefined || n > exclusiveMin) &&
      (exclusiveMax === undefined || n < exclusiveMax) &&
      !Object.is(n, -0),
  );
}

/** A value valid for `schema` (as far as JSON Schema says; domain rules may still refuse it). */
export function valueFor(schema: Schema, opts: ArbOptions, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(opts.doc, schema);
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) {
    const options = ((s.oneOf ?? s.anyOf) as Schema[]).map((o) => valueFor(o, opts, name, depth + 1));
    return fc.oneof(...options);
  }
  if (Array.isArray(s.allOf)) return valueFor(mergeAllOf(opts.doc, s.allOf as Schema[]), opts, name, depth);
  if (Array.isArray(s.enum) && s.enum.length > 0) return fc.constantFrom(...(s.enum as unknown[]));
  if ('const' in s) return fc.constant(s.const);

  const types = asTypes(s.type);
  const nullable = types.includes('null');
  const concrete = types.filter((t) => t !== 'null');
  const type = concrete[0] ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
  const withNull = (arb: fc.Arbitrary<unknown>) =>
    nullable ? fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }) : arb;

  switch (type) {
    case 'string': {
      const hooked = opts.stringFor(name, s);
      const plain = hooked ?? stringArb(s);
      if (!opts.strings || hooked) return withNull(plain);
      return withNull(fc.oneof({ weight: 1, arbitrary: plain }, { weight: 2, arbitrary: opts.strings }));
    }
    case 'integer':
      return withNull(numberArb(s, true));
    case 'number':
      return withNull(numberArb(s, false));
    case 'boolean':
      return withNull(fc.boolean());
    case 'array': {
      const items = (s.items as Schema | undefined) ?? {};
      const minLength = typeof s.minItems === 'number' ? s.minItems : 0;
      const maxLength = Math.max(
        minLength,
        Math.min(typeof s.maxItems === 'number' ? s.maxItems : MAX_ARRAY, MAX_ARRAY),
      );
      if (depth > MAX_DEPTH) return withNull(fc.constant([]));
      return withNull(fc.array(valueFor(items, opts, singular(name), depth + 1), { minLength, maxLength }));
    }
    case 'object': {
      if (depth > MAX_DEPTH) return withNull(fc.constant({}));
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = new Set((s.required as string[] | undefined) ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, prop] of Object.entries(props)) model[key] = valueFor(prop, opts, key, depth + 1);
      // Optional fields are left out three times in four: sparse bodies pass cross-field rules more often.
      const entries = Object.entries(model).map(([key, arb]) =>
        required.has(key)
          ? arb.map((v) => [key, v] as const)
          : fc
              .oneof({ weight: 3, arbitrary: fc.constant<unknown>(NOT_SENT) }, { weight: 1, arbitrary: arb })
              .map((v) => [key, v] as const),
      );
      const record = fc
        .tuple(...entries)
        .map(
          (pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== NOT_SENT)) as Record<string, unknown>,
        );
      if (Object.keys(props).length === 0 && typeof s.additionalProperties === 'object') {
        const values = valueFor(s.additionalProperties as Schema, opts, undefined, depth + 1);
        return withNull(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), values, { maxKeys: 3 }));
      }
      return withNull(record);
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** `departmentIds` → `departmentId`: array items inherit the id kind of their field. */
function singular(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  return name.endsWith('Ids') ? name.slice(0, -1) : name;
}

function mergeAllOf(doc: OpenApiDoc, parts: Schema[]): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const part of parts) {
    const p = resolve(doc, part);
    Object.assign(properties, p.properties ?? {});
    required.push(...((p.required as string[] | undefined) ?? []));
  }
  return { type: 'object', properties, required };
}

/** The object schema of a body (resolving refs; the first branch of a union), or undefined. */
export function objectSchemaOf(doc: OpenApiDoc, schema: Schema): Schema | undefined {
  const s = resolve(doc, schema);
  if (s.properties) return s;
  const branches = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (branches?.[0]) return objectSchemaOf(doc, branches[0]);
  if (Array.isArray(s.allOf)) return mergeAllOf(doc, s.allOf as Schema[]);
  return undefined;
}
