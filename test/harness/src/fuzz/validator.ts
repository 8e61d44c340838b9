// JSON Schema validation against the document (Ajv, draft 2020-12 as OpenAPI 3.1 uses), compiled once per schema.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDoc, Schema } from './openapi.ts';

const DOC_ID = 'https://perfloop.test/openapi.json';

// ajv-formats is CommonJS: its default export arrives as the module object under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

/** `#/components/...` refs made absolute, so schemas compiled on their own resolve into the document. */
function absolutise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(absolutise);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${DOC_ID}${v}` : absolutise(v);
  }
  return out;
}

export interface SchemaValidator {
  /** Null when valid, else the first few errors as text. */
  check(schema: Schema, value: unknown): string | null;
}

export function schemaValidator(doc: OpenApiDoc): SchemaValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: DOC_ID, components: absolutise(doc.components ?? {}) });
  const cache = new Map<Schema, ValidateFunction>();
  return {
    check(schema, value) {
      let validate = cache.get(schema);
      if (!validate) {
        validate = ajv.compile(absolutise(schema) as object);
        cache.set(schema, validate);
      }
      try {
        if (validate(value)) return null;
      } catch (error) {
        // Hostile input nests deeper than the validator recurses: it is not a valid document.
        if (error instanceof RangeError) return 'too deeply nested to validate';
        throw error;
      }
      return (validate.errors ?? [])
        .slice(0, 3)
        .map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
        .join('; ');
    },
  };
}
