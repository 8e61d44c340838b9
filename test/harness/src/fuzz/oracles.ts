// What every answer must satisfy: no 5xx; 4xx as problem+json with a stable code and no internals; refused
// input must be refused; 2xx bodies as documented; nothing of another organisation in sight.
import type { Caller } from '../world/manifest.ts';
import type { FuzzCase } from './cases.ts';
import type { IdPools, OrgSlug } from './ids.ts';
import type { OpenApiDoc, Operation, Parameter, Schema } from './openapi.ts';
import type { Answer, BuiltRequest } from './request.ts';
import type { SchemaValidator } from './validator.ts';

export interface Finding {
  oracle: string;
  message: string;
}

const CODE = /^[a-z][a-z0-9_]*$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** Response headers a client acts on: a 2xx that sends one must document it (lower-cased). */
const CONTRACT_HEADERS = ['etag', 'location', 'content-location'] as const;

/** Text that only an internal error would put in a response. */
const INTERNALS: readonly RegExp[] = [
  // A V8 stack frame, `at fn (file:line:col)`; no nested `.+`, which backtracked quadratically over large pages.
  /\bat (?:new |async )?[^\s()]+ \([^()\n]*:\d+:\d+\)/,
  /\bat (file|node):/,
  /node_modules/,
  /\.ts:\d+/,
  /\bSQLITE_[A-Z]+/,
  /SqliteError/,
  /syntax error at or near/i,
  /relation "[^"]+" does not exist/i,
  /duplicate key value/i,
  /violates .* constraint/i,
  /\bKysely\b/,
  /\b(TypeError|ReferenceError|RangeError|SyntaxError): /,
  /Maximum call stack/i,
  /"stack"\s*:/,
];

function problemFindings(res: Answer, validator: SchemaValidator, problemSchema: Schema): Finding[] {
  const out: Finding[] = [];
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) {
    out.push({ oracle: 'problem_json', message: `${res.status} with content-type "${type}"` });
    return out;
  }
  if (res.json === undefined) {
    out.push({ oracle: 'problem_json', message: `${res.status} body is not JSON` });
    return out;
  }
  const invalid = validator.check(problemSchema, res.json);
  if (invalid)
    out.push({ oracle: 'problem_json', message: `problem does not match the Problem schema: ${invalid}` });
  const p = res.json as Record<string, unknown>;
  if (p.status !== res.status)
    out.push({ oracle: 'problem_json', message: `problem status ${String(p.status)} ≠ ${res.status}` });
  if (typeof p.code !== 'string' || !CODE.test(p.code)) {
    out.push({ oracle: 'problem_json', message: `unstable code ${JSON.stringify(p.code)}` });
  }
  if (res.status === 401 && !res.headers.get('www-authenticate')) {
    out.push({ oracle: 'problem_json', message: '401 without WWW-Authenticate' });
  }
  return out;
}

function leakFindings(res: Answer, req: BuiltRequest): Finding[] {
  const requestText = `${req.url} ${Object.values(req.headers).join(' ')} ${typeof req.body === 'string' ? req.body : ''}`;
  return INTERNALS.filter((re) => re.test(res.text) && !re.test(requestText)).map((re) => ({
    oracle: 'no_internals',
    message: `response shows internals (${re.source}): ${res.text.slice(0, 300)}`,
  }));
}

/**
 * A write whose path ends in a name the caller chooses (PUT an integration state key, POST to acquire a lease by
 * name) rather than an id: any name its schema allows — `1e999`, `constructor` — may create a resource, and names
 * are per organisation, so none is foreign.
 */
function namesNewResource(op: Operation, c: FuzzCase, validator: SchemaValidator): boolean {
  if ((op.method !== 'PUT' && op.method !== 'POST') || c.rawPath) return false;
  const path = op.params.filter((p) => p.in === 'path');
  const last = path.at(-1);
  if (!last || !NAME_PARAMS.has(last.name) || !op.path.endsWith(`{${last.name}}`)) return false;
  return path.every((p) => {
    const value = c.path[p.name];
    return typeof value === 'string' && validator.check(p.schema, value) === null;
  });
}
const NAME_PARAMS: ReadonlySet<string> = new Set(['key', 'name']);

/** Why this request must be refused (any 4xx), or null when it may be accepted. */
export function mustRejectReason(
  op: Operation,
  c: FuzzCase,
  req: BuiltRequest,
  validator: SchemaValidator,
  status: number,
): string | null {
  if (op.authenticated && c.cred.kind !== 'caller') return `credentials: ${c.label}`;
  if (c.badPathId && !namesNewResource(op, c, validator))
    return 'a path id is unknown, hostile or of another organisation';
  if (c.body?.kind === 'huge') return 'body over the limit';
  if (op.body?.contentType.includes('json') && c.body && op.method !== 'GET') {
    const body = c.body;
    if (body.kind === 'text') {
      const isJsonType = body.contentType !== null && /^application\/json\s*(;|$)/i.test(body.contentType);
      if (isJsonType) {
        if (req.json === undefined) return 'malformed JSON';
        const invalid = validator.check(op.body.schema, req.json);
        if (invalid) return `body violates its schema: ${invalid}`;
      } else if (op.body.required) return `content-type ${String(body.contentType)}`;
    }
    if (body.kind === 'json') {
      const invalid = validator.check(op.body.schema, req.json);
      if (invalid) return `body violates its schema: ${invalid}`;
    }
  }
  if (op.body?.required && op.method !== 'GET' && c.body === undefined) return 'required body missing';
  for (const param of op.params.filter((p) => p.in === 'query')) {
    const values = new URLSearchParams(c.rawQuery ?? new URLSearchParams(c.query).toString()).getAll(
      param.name,
    );
    for (const value of values) {
      const invalid = validator.check(param.schema, coerceQuery(param, value));
      if (invalid) return `query ${param.name}=${JSON.stringify(value.slice(0, 40))} violates its schema`;
    }
  }
  const conditional = ['PATCH', 'PUT', 'DELETE'].includes(op.method);
  if (c.ifMatch && c.ifMatch.kind !== 'current' && c.ifMatch.kind !== 'current_if_exists') {
    // RFC 9110: If-Match holds a list of strong ETags and passes when one of them is current.
    const sent = (req.headers['If-Match'] ?? '').split(',').map((t) => t.trim());
    const matches = req.currentVersion !== undefined && sent.includes(req.currentVersion);
    // A PUT that creates the resource (201) has no version to match.
    const creates = op.method === 'PUT' && status === 201;
    if (!matches && !creates && (conditional || c.ifMatch.kind === 'stale')) return `If-Match ${c.label}`;
  }
  if (c.idempotency?.kind === 'raw' && !IDEMPOTENCY_KEY.test(c.idempotency.value.trim()))
    return 'invalid Idempotency-Key';
  return null;
}

/** Query values arrive as text: numbers and booleans are compared as the schema's type. */
function coerceQuery(param: Parameter, value: string): unknown {
  const types = Array.isArray(param.schema.type) ? param.schema.type : [param.schema.type];
  if (
    (types.includes('integer') || types.includes('number')) &&
    /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)
  ) {
    return Number(value);
  }
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Every id of the other organisation found in a JSON value. */
export function foreignIds(
  value: unknown,
  pools: IdPools,
  mine: OrgSlug,
  found: Set<string> = new Set(),
  depth = 0,
): Set<string> {
  if (depth > 64) return found;
  if (typeof value === 'string') {
    const owner = pools.owner(value);
    if (owner !== undefined && owner !== mine) found.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) foreignIds(v, pools, mine, found, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) foreignIds(v, pools, mine, found, depth + 1);
  }
  return found;
}

export interface OracleContext {
  doc: OpenApiDoc;
  validator: SchemaValidator;
  pools: IdPools;
  problemSchema: Schema;
}

/** The checks on one answer (state checks are done by the runner, which reads the database). */
export function answerFindings(
  ctx: OracleContext,
  op: Operation,
  c: FuzzCase,
  caller: Caller,
  req: BuiltRequest,
  res: Answer,
): Finding[] {
  const out: Finding[] = [];
  if (res.status >= 500) {
    out.push({ oracle: 'no_5xx', message: `${res.status}: ${res.text.slice(0, 300)}` });
    return out;
  }
  if (!res.headers.get('x-request-id')) out.push({ oracle: 'request_id', message: 'no X-Request-Id header' });
  out.push(...leakFindings(res, req));
  if (res.status >= 400) {
    out.push(...problemFindings(res, ctx.validator, ctx.problemSchema));
    return out;
  }
  const reason = mustRejectReason(op, c, req, ctx.validator, res.status);
  if (reason !== null) out.push({ oracle: 'must_reject', message: `${res.status} although ${reason}` });

  if (res.status >= 200 && res.status < 300) {
    const documented = op.responses.get(res.status);
    if (!documented) {
      out.push({ oracle: 'documented_status', message: `${res.status} is not documented for ${op.key}` });
    } else {
      for (const h of documented.requiredHeaders) {
        if (!res.headers.get(h))
          out.push({ oracle: 'response_schema', message: `missing documented header ${h}` });
      }
      // The headers a client acts on (the version to send back, where the new resource is) are in the contract.
      for (const h of CONTRACT_HEADERS) {
        if (res.headers.get(h) !== null && !documented.headers.includes(h))
          out.push({
            oracle: 'undocumented_header',
            message: `${h} sent but not documented for ${res.status}`,
          });
      }
      const types = Object.keys(documented.content);
      if (types.length === 0) {
        if (res.text !== '')
          out.push({
            oracle: 'response_schema',
            message: `${res.status} documented without a body but has one`,
          });
      } else {
        const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
        if (!types.includes(type)) {
          out.push({
            oracle: 'response_schema',
            message: `content-type "${type}" not documented (${types.join(', ')})`,
          });
        } else if (type.includes('json')) {
          const schema = documented.content[type];
          if (res.json === undefined)
            out.push({ oracle: 'response_schema', message: 'JSON response does not parse' });
          else if (schema) {
            const invalid = ctx.validator.check(schema, res.json);
            if (invalid)
              out.push({
                oracle: 'response_schema',
                message: `body does not match the documented schema: ${invalid}`,
              });
          }
        }
      }
    }
    // Tenancy: nothing of the other organisation in a successful answer, except ids the caller sent
    // to a read (filters echo them); a write must not have stored a reference to them either.
    const requestText = `${req.url} ${typeof req.body === 'string' ? req.body : ''}`;
    const write = op.method !== 'GET';
    for (const id of foreignIds(res.json, ctx.pools, caller.org)) {
      if (write || !requestText.includes(id)) {
        out.push({ oracle: 'tenant_isolation', message: `answer holds ${id} of the other organisation` });
      }
    }
  }
  return out;
}
