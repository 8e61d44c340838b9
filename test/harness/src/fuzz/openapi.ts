// The operations of the app's own /openapi.json: method, path, parameters, request body and documented responses.

/** A JSON Schema (OpenAPI 3.1 flavour) as found in the document; read loosely. */
export type Schema = Record<string, unknown>;

export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface RawParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface RawOperation {
  parameters?: RawParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<
    string,
    { content?: Record<string, { schema?: Schema }>; headers?: Record<string, { required?: boolean }> }
  >;
  security?: unknown[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface DocumentedResponse {
  status: number;
  /** Content type → schema (absent for bodiless responses such as 204). */
  content: Record<string, Schema | undefined>;
  /** Response headers the document marks as required (lower-cased). */
  requiredHeaders: string[];
  /** Every header the response documents, lower-cased. */
  headers: string[];
}

export interface Operation {
  /** `GET /v1/goals/{id}`: the name used in reports and in FUZZ_OPS filters. */
  key: string;
  method: string;
  path: string;
  params: Parameter[];
  body: { required: boolean; contentType: string; schema: Schema } | null;
  responses: Map<number, DocumentedResponse>;
  /** Under /v1: needs credentials. */
  authenticated: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const params: Parameter[] = (op.parameters ?? [])
        .filter((p): p is RawParameter & { in: Parameter['in'] } => p.in !== 'cookie')
        .map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required ?? p.in === 'path',
          schema: p.schema ?? { type: 'string' },
        }));
      let body: Operation['body'] = null;
      if (op.requestBody) {
        const [contentType, media] = Object.entries(op.requestBody.content)[0] ?? [];
        if (contentType) {
          body = { required: op.requestBody.required ?? false, contentType, schema: media?.schema ?? {} };
        }
      }
      const responses = new Map<number, DocumentedResponse>();
      for (const [status, r] of Object.entries(op.responses)) {
        const content: Record<string, Schema | undefined> = {};
        for (const [type, media] of Object.entries(r.content ?? {})) content[type] = media.schema;
        const requiredHeaders = Object.entries(r.headers ?? {})
          .filter(([, h]) => h.required === true)
          .map(([name]) => name.toLowerCase());
        const headers = Object.keys(r.headers ?? {}).map((name) => name.toLowerCase());
        responses.set(Number(status), { status: Number(status), content, requiredHeaders, headers });
      }
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params,
        body,
        responses,
        authenticated: path.startsWith('/v1/'),
      });
    }
  }
  return out;
}

/** Follows `$ref: '#/components/schemas/X'` (repeatedly) to the schema itself. */
export function resolve(doc: OpenApiDoc, schema: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 20 && typeof current.$ref === 'string'; i++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved $ref ${current.$ref}`);
    current = target;
  }
  return current;
}
