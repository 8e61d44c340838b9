// Fuzz cases for one operation: a valid request built from its schemas, or one with a single hostile mutation.
// Cases are symbolic where the answer depends on the database at run time (If-Match "current", replays).
import fc from 'fast-check';
import type { Caller } from '../world/manifest.ts';
import type { Example } from './examples.ts';
import { type IdPools, kindOfName, kindOfPathParam, type OrgSlug } from './ids.ts';
import {
  deepNesting,
  HOSTILE_KEYS,
  MALFORMED_JSON,
  NON_OBJECT_JSON,
  nastyString,
  rawToken,
  wrongValue,
} from './nasty.ts';
import type { OpenApiDoc, Operation, Parameter, Schema } from './openapi.ts';
import { encodeSegment } from './request.ts';
import { valueFor } from './schemaArb.ts';
import type { ValidInput } from './valid/index.ts';

/** How the request authenticates. */
export type Cred =
  | { kind: 'caller' }
  | { kind: 'none' }
  | { kind: 'header'; value: string }
  | { kind: 'key'; variant: KeyVariant }
  | { kind: 'entra'; variant: EntraVariant };

export const KEY_VARIANTS = [
  'revoked',
  'expired',
  'wrong_secret',
  'truncated',
  'upper_case',
  'other_org_prefix',
] as const;
export type KeyVariant = (typeof KEY_VARIANTS)[number];

export const ENTRA_VARIANTS = [
  'expired',
  'not_yet_valid',
  'forged_key',
  'alg_none',
  'hs256_confusion',
  'wrong_audience',
  'disallowed_tenant',
  'foreign_tenant_unlinked',
  'no_scope',
  'truncated_signature',
] as const;
export type EntraVariant = (typeof ENTRA_VARIANTS)[number];

export type IfMatch =
  | { kind: 'current' }
  /** The current ETag when the resource exists, no If-Match when it does not (a PUT that creates). */
  | { kind: 'current_if_exists' }
  | { kind: 'none' }
  | { kind: 'stale' }
  | { kind: 'raw'; value: string };

export type Body =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string; contentType: string | null }
  | { kind: 'bytes'; bytes: number[]; contentType: string }
  | { kind: 'huge'; declareLength: boolean };

export interface FuzzCase {
  /** The mutation applied (`valid` for none). */
  label: string;
  /** Index into the world's callers. */
  caller: number;
  cred: Cred;
  /** Path parameter values (percent-encoded when sent unless rawPath). */
  path: Record<string, string>;
  rawPath: boolean;
  query: [string, string][];
  /** Sent as-is after `?` instead of `query`. */
  rawQuery?: string;
  ifMatch?: IfMatch;
  /** Other headers sent as they are (`If-None-Match: *`). */
  headers?: Record<string, string>;
  idempotency?: { kind: 'fresh' } | { kind: 'replay' } | { kind: 'raw'; value: string };
  body?: Body;
  /** A path id is deliberately unknown, of another organisation, or hostile: the request must fail. */
  badPathId: boolean;
}

export interface CaseContext {
  doc: OpenApiDoc;
  callers: readonly Caller[];
  pools: IdPools;
  /** Accepted requests recorded while the world was seeded, per operation key. */
  examples: ReadonlyMap<string, readonly Example[]>;
  /** Free-text field names (hostile strings are valid there). */
  freeText: ReadonlySet<string>;
  /** Valid requests built from the live state by the operation's generator (`valid/`), if it has one. */
  generated?: fc.Arbitrary<ValidInput> | null;
}

const other = (org: OrgSlug): OrgSlug => (org === 'acme' ? 'globex' : 'acme');

const unknownId = fc
  .tuple(
    fc.constantFrom('gol', 'per', 'cyc', 'dep', 'pol', 'chk', 'rev', 'cal', 'key', 'zzz'),
    fc.stringMatching(/^[0-9a-z]{16}$/),
  )
  .map(([p, s]) => `${p}_${s}`);

type IdMode = 'own' | 'other' | 'unknown';

/** An id of `kind`: from the caller's organisation, the other one, or unknown. */
function idArb(ctx: CaseContext, org: OrgSlug, kind: string | undefined, mode: IdMode): fc.Arbitrary<string> {
  if (mode === 'unknown') return unknownId;
  const from = mode === 'own' ? org : other(org);
  const pool = kind ? ctx.pools.of(from, kind) : ctx.pools.all(from);
  if (pool.length === 0) return mode === 'own' ? unknownId : fc.constantFrom(...ctx.pools.all(from));
  return fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: unknownId });
}

const emailArb = fc.oneof(
  fc.nat(1_000_000).map((n) => `fz${n}@acme.test`),
  fc.emailAddress(),
);

function stringHook(ctx: CaseContext, org: OrgSlug, mode: IdMode) {
  return (name: string | undefined, schema: Schema): fc.Arbitrary<string> | undefined => {
    if (name === 'email') return emailArb;
    const kind = kindOfName(name);
    if (kind) return idArb(ctx, org, kind, mode);
    if (name === 'cursor')
      return fc.oneof(fc.constantFrom(...ctx.pools.all(org).slice(0, 20)), fc.string({ maxLength: 20 }));
    if (schema.pattern === '^[\\w.:@-]+$' && name === 'id') return idArb(ctx, org, undefined, mode);
    return undefined;
  };
}

/** A query value as text (numbers and booleans as JSON writes them). */
function asQueryValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

interface Parts {
  path: Record<string, string>;
  query: [string, string][];
  body: unknown;
}

/** Path, query and JSON body valid for the operation's schemas, ids drawn per `mode`. */
function validParts(
  op: Operation,
  ctx: CaseContext,
  org: OrgSlug,
  mode: IdMode,
  strings?: fc.Arbitrary<string>,
): fc.Arbitrary<Parts> {
  const opts = { doc: ctx.doc, stringFor: stringHook(ctx, org, mode), ...(strings ? { strings } : {}) };
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const path = fc.record(
    Object.fromEntries(
      pathParams.map((p) => [p.name, idArb(ctx, org, kindOfPathParam(op.path, p.name), mode)]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const query = fc
    .tuple(
      // A required parameter is always sent (fc.option cannot take a zero frequency for its nil).
      ...queryParams.map(
        (p): fc.Arbitrary<unknown> =>
          p.required
            ? valueFor(p.schema, opts, p.name)
            : fc.option(valueFor(p.schema, opts, p.name), { nil: undefined, freq: 2 }),
      ),
    )
    .map((values) => {
      const pairs: [string, string][] = [];
      values.forEach((v, i) => {
        const param = queryParams[i] as Parameter;
        const text = asQueryValue(v);
        if (text !== undefined) pairs.push([param.name, text]);
      });
      return pairs;
    });
  const body = op.body?.contentType.includes('json')
    ? valueFor(op.body.schema, opts)
    : fc.constant(undefined);
  return fc.record({ path, query, body });
}

const csvBody = fc
  .array(
    fc.tuple(fc.string({ maxLength: 12 }), fc.emailAddress(), fc.constantFrom('employee', 'manager', 'x')),
    {
      maxLength: 4,
    },
  )
  .map((rows) => ['name,email,roles', ...rows.map((r) => r.join(','))].join('\n'));

function bodyOf(op: Operation, value: unknown): Body | undefined {
  if (!op.body) return undefined;
  if (!op.body.contentType.includes('json')) return undefined;
  return value === undefined ? undefined : { kind: 'json', value };
}

/** A leaf path inside a JSON value (objects and arrays), or [] for the root. */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) {
    const inner = value.flatMap((v, i) => leafPaths(v, [...prefix, i]));
    return inner.length > 0 ? inner : [prefix];
  }
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
    return inner.length > 0 ? [...inner, prefix] : [prefix];
  }
  return [prefix];
}

function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = setAt(copy[head as number], rest, replacement);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  copy[head as string] = setAt(copy[head as string], rest, replacement);
  return copy;
}

function deleteAt(value: unknown, path: (string | number)[]): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (rest.length === 0) {
    if (Array.isArray(value)) return value.filter((_, i) => i !== head);
    const { [head as string]: _gone, ...kept } = value as Record<string, unknown>;
    return kept;
  }
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...value]
    : { ...(value as object) };
  (copy as Record<string | number, unknown>)[head] = deleteAt(
    (value as Record<string | number, unknown>)[head],
    rest,
  );
  return copy;
}

/** Each free-text string leaf replaced by a hostile string (about two in three of them). */
function withNastyText(value: unknown, freeText: ReadonlySet<string>): fc.Arbitrary<unknown> {
  const targets = leafPaths(value).filter((p) => {
    const last = p[p.length - 1];
    let v: unknown = value;
    for (const k of p) v = (v as Record<string | number, unknown>)?.[k];
    return typeof last === 'string' && freeText.has(last) && typeof v === 'string';
  });
  if (targets.length === 0) return fc.constant(value);
  return fc
    .tuple(...targets.map(() => fc.option(nastyString, { nil: undefined, freq: 2 })))
    .map((picks) =>
      picks.reduce<unknown>(
        (acc, pick, i) => (pick === undefined ? acc : setAt(acc, targets[i] ?? [], pick)),
        value,
      ),
    );
}

/** Header-safe (Latin-1, no CR/LF/NUL) hostile text. */
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '').slice(0, 300);

const AUTH_HEADERS: readonly string[] = [
  'Basic dXNlcjpwYXNz',
  'Bearer',
  'Bearer ',
  'bearer    ',
  'Token abc',
  'Bearer dev:',
  'Bearer dev:not-an-email',
  'Bearer dev:nobody@acme.test',
  'Bearer dev:hr@acme.test extra',
  "Bearer dev:' OR 1=1 --@acme.test",
  'Bearer pl_',
  'Bearer pl_zzzz_short',
  'Bearer pl_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  'Bearer a.b.c',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  `Bearer ${'x'.repeat(8000)}`,
  'Bearer \u00e9\u00e8\u00ff',
];

export function caseArb(op: Operation, ctx: CaseContext): fc.Arbitrary<FuzzCase> {
  const callerCount = ctx.callers.length;
  const hasPathIds = op.params.some((p) => p.in === 'path');
  const hasQuery = op.params.some((p) => p.in === 'query');
  const hasIfMatch = op.params.some((p) => p.in === 'header' && p.name === 'if-match');
  const hasIdempotency = op.params.some((p) => p.in === 'header' && p.name === 'idempotency-key');
  const jsonBody = op.body?.contentType.includes('json') === true;
  const takesBody = op.method !== 'GET';

  const base = (caller: number, label: string, mode: IdMode = 'own', strings?: fc.Arbitrary<string>) => {
    const org = (ctx.callers[caller] as Caller).org;
    return fc
      .record({
        parts: validParts(op, ctx, org, mode, strings),
        csv: csvBody,
        freshKey: fc.boolean(),
      })
      .map(
        ({ parts, csv, freshKey }): FuzzCase => ({
          label,
          caller,
          cred: { kind: 'caller' },
          path: parts.path,
          rawPath: false,
          query: parts.query,
          ...(hasIfMatch ? { ifMatch: { kind: 'current' } as IfMatch } : {}),
          ...(hasIdempotency && freshKey ? { idempotency: { kind: 'fresh' } as const } : {}),
          body:
            op.body && !jsonBody
              ? { kind: 'text', text: csv, contentType: op.body.contentType }
              : bodyOf(op, parts.body),
          badPathId: mode !== 'own' && hasPathIds,
        }),
      );
  };
  const examples = ctx.examples.get(op.key) ?? [];
  /** A recorded accepted request, by its own caller or (one time in four) by another of the same organisation. */
  const fromExample = (label: string, nasty: boolean): fc.Arbitrary<FuzzCase> =>
    fc
      .record({
        example: fc.constantFrom(...examples),
        swap: fc.nat(3),
        other: fc.nat(callerCount - 1),
        freshKey: fc.boolean(),
      })
      .chain(({ example, swap, other, freshKey }) => {
        const own = ctx.callers[example.caller] as Caller;
        const candidate = ctx.callers[other] as Caller;
        const caller = swap === 0 && candidate.org === own.org ? other : example.caller;
        const body =
          example.body === undefined
            ? fc.constant(undefined)
            : nasty
              ? withNastyText(example.body, ctx.freeText)
              : fc.constant(example.body);
        return body.map(
          (value): FuzzCase => ({
            label,
            caller,
            cred: { kind: 'caller' },
            path: example.path,
            rawPath: false,
            query: example.query,
            ...(hasIfMatch ? { ifMatch: { kind: 'current' } as IfMatch } : {}),
            ...(hasIdempotency && freshKey ? { idempotency: { kind: 'fresh' } as const } : {}),
            ...(value !== undefined ? { body: { kind: 'json', value } as Body } : {}),
            badPathId: false,
          }),
        );
      });
  const generated = ctx.generated ?? null;
  /** A request built from the state by the operation's generator (its free text made hostile when `nasty`). */
  const fromGenerated = (
    gen: fc.Arbitrary<ValidInput>,
    label: string,
    nasty: boolean,
  ): fc.Arbitrary<FuzzCase> =>
    fc.record({ input: gen, freshKey: fc.boolean() }).chain(({ input, freshKey }) => {
      const body =
        input.body === undefined
          ? fc.constant(undefined)
          : nasty
            ? withNastyText(input.body, ctx.freeText)
            : fc.constant(input.body);
      return body.map(
        (value): FuzzCase => ({
          label,
          caller: input.caller,
          cred: { kind: 'caller' },
          path: input.path ?? {},
          rawPath: false,
          query: input.query ?? [],
          ...(hasIfMatch && input.ifMatch !== 'none'
            ? {
                ifMatch: {
                  kind: input.ifMatch === 'if_exists' ? 'current_if_exists' : 'current',
                } as IfMatch,
              }
            : {}),
          ...(input.headers ? { headers: input.headers } : {}),
          ...(hasIdempotency && freshKey ? { idempotency: { kind: 'fresh' } as const } : {}),
          ...(value !== undefined
            ? { body: { kind: 'json', value } as Body }
            : input.text !== undefined && op.body
              ? { body: { kind: 'text', text: input.text, contentType: op.body.contentType } as Body }
              : {}),
          badPathId: false,
        }),
      );
    });
  const anyCaller = fc.nat(callerCount - 1);
  const withCaller = (f: (caller: number) => fc.Arbitrary<FuzzCase>) => anyCaller.chain(f);
  /**
   * A valid request: built from the state (when the operation has a generator: most of them), recorded
   * (when the seed made any) or generated from the schemas alone.
   */
  const valid = (label: string) => {
    const sources: { weight: number; arbitrary: fc.Arbitrary<FuzzCase> }[] = [];
    if (generated) sources.push({ weight: 6, arbitrary: fromGenerated(generated, label, false) });
    if (examples.length > 0) sources.push({ weight: 2, arbitrary: fromExample(label, false) });
    sources.push({ weight: 1, arbitrary: withCaller((caller) => base(caller, label)) });
    return sources.length === 1 ? (sources[0] as (typeof sources)[0]).arbitrary : fc.oneof(...sources);
  };
  const mutate = (label: string, f: (c: FuzzCase) => fc.Arbitrary<FuzzCase>) => valid(label).chain(f);

  const entries: { weight: number; arbitrary: fc.Arbitrary<FuzzCase> }[] = [
    { weight: 30, arbitrary: valid('valid') },
    {
      weight: 10,
      arbitrary: fc.oneof(
        ...(generated ? [{ weight: 3, arbitrary: fromGenerated(generated, 'nasty_strings', true) }] : []),
        ...(examples.length > 0 ? [{ weight: 2, arbitrary: fromExample('nasty_strings', true) }] : []),
        {
          weight: 1,
          arbitrary: withCaller((caller) => base(caller, 'nasty_strings', 'own', nastyString)),
        },
      ),
    },
    { weight: 5, arbitrary: withCaller((caller) => base(caller, 'other_org_ids', 'other')) },
    { weight: 3, arbitrary: withCaller((caller) => base(caller, 'unknown_ids', 'unknown')) },
    {
      weight: 6,
      arbitrary: mutate('auth_header', (c) =>
        fc
          .constantFrom(...AUTH_HEADERS)
          .map((value): FuzzCase => ({ ...c, cred: { kind: 'header', value } })),
      ),
    },
    { weight: 2, arbitrary: mutate('auth_missing', (c) => fc.constant({ ...c, cred: { kind: 'none' } })) },
    {
      weight: 3,
      arbitrary: mutate('auth_key', (c) =>
        fc
          .constantFrom(...KEY_VARIANTS)
          .map(
            (variant): FuzzCase => ({ ...c, label: `auth_key_${variant}`, cred: { kind: 'key', variant } }),
          ),
      ),
    },
    {
      weight: 4,
      arbitrary: mutate('auth_entra', (c) =>
        fc.constantFrom(...ENTRA_VARIANTS).map(
          (variant): FuzzCase => ({
            ...c,
            label: `auth_entra_${variant}`,
            cred: { kind: 'entra', variant },
          }),
        ),
      ),
    },
  ];

  if (takesBody) {
    entries.push(
      {
        weight: 3,
        arbitrary: mutate('body_malformed_json', (c) =>
          fc
            .constantFrom(...MALFORMED_JSON)
            .map(
              (text): FuzzCase => ({ ...c, body: { kind: 'text', text, contentType: 'application/json' } }),
            ),
        ),
      },
      {
        weight: 2,
        arbitrary: mutate('body_not_an_object', (c) =>
          fc
            .constantFrom(...NON_OBJECT_JSON)
            .map(
              (text): FuzzCase => ({ ...c, body: { kind: 'text', text, contentType: 'application/json' } }),
            ),
        ),
      },
      {
        weight: 2,
        arbitrary: mutate('body_content_type', (c) =>
          fc
            .constantFrom<string | null>(
              null,
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/xml',
              'application/json; charset=utf-16',
              'application/jsonx',
            )
            .map(
              (contentType): FuzzCase => ({
                ...c,
                body: {
                  kind: 'text',
                  text: JSON.stringify(c.body?.kind === 'json' ? c.body.value : {}),
                  contentType,
                },
              }),
            ),
        ),
      },
      {
        weight: 2,
        arbitrary: mutate('body_huge', (c) =>
          fc.boolean().map((declareLength): FuzzCase => ({ ...c, body: { kind: 'huge', declareLength } })),
        ),
      },
      {
        weight: 1,
        arbitrary: mutate('body_deep_nesting', (c) =>
          fc.constantFrom(1000, 20_000, 100_000).map(
            (depth): FuzzCase => ({
              ...c,
              body: { kind: 'text', text: deepNesting(depth), contentType: 'application/json' },
            }),
          ),
        ),
      },
      {
        weight: 2,
        arbitrary: mutate('body_invalid_utf8', (c) =>
          fc
            .constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf])
            .map((bad): FuzzCase => {
              const text = JSON.stringify(c.body?.kind === 'json' ? c.body.value : { x: 'y' });
              const bytes = [...Buffer.from(text.replace(/"([^"]*)"/, '"$1__BAD__"'))];
              const at = Buffer.from(bytes).indexOf('__BAD__');
              const out =
                at >= 0 ? [...bytes.slice(0, at), ...bad, ...bytes.slice(at + 7)] : [...bytes, ...bad];
              return { ...c, body: { kind: 'bytes', bytes: out, contentType: 'application/json' } };
            }),
        ),
      },
    );
  }
  if (jsonBody) {
    entries.push(
      {
        weight: 6,
        arbitrary: mutate('body_wrong_type', (c) => {
          const value = c.body?.kind === 'json' ? c.body.value : {};
          const paths = leafPaths(value);
          return fc.tuple(fc.constantFrom(...paths), wrongValue).map(
            ([path, v]): FuzzCase => ({
              ...c,
              label: `body_wrong_type:${path.join('.')}`,
              body: { kind: 'json', value: setAt(value, path, v) },
            }),
          );
        }),
      },
      {
        weight: 3,
        arbitrary: mutate('body_missing_field', (c) => {
          const value = c.body?.kind === 'json' ? c.body.value : {};
          const paths = leafPaths(value).filter((p) => p.length > 0);
          if (paths.length === 0) return fc.constant({ ...c, body: { kind: 'json', value: {} } as Body });
          return fc.constantFrom(...paths).map(
            (path): FuzzCase => ({
              ...c,
              label: `body_missing_field:${path.join('.')}`,
              body: { kind: 'json', value: deleteAt(value, path) },
            }),
          );
        }),
      },
      {
        weight: 3,
        arbitrary: mutate('body_unknown_field', (c) => {
          const value = c.body?.kind === 'json' ? c.body.value : {};
          const objectPaths = leafPaths(value).filter((p) => {
            let v: unknown = value;
            for (const k of p) v = (v as Record<string | number, unknown>)[k];
            return v !== null && typeof v === 'object' && !Array.isArray(v);
          });
          return fc
            .tuple(
              fc.constantFrom(...(objectPaths.length > 0 ? objectPaths : [[]])),
              fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ minLength: 1, maxLength: 10 })),
              fc.jsonValue({ maxDepth: 2 }),
            )
            .map(([path, key, extra]): FuzzCase => {
              let target: unknown = value;
              for (const k of path) target = (target as Record<string | number, unknown>)[k];
              const merged: Record<string, unknown> = { ...((target as Record<string, unknown>) ?? {}) };
              Object.defineProperty(merged, key, {
                value: extra,
                enumerable: true,
                configurable: true,
                writable: true,
              });
              return {
                ...c,
                label: `body_unknown_field:${key}`,
                body: { kind: 'json', value: setAt(value, path, merged) },
              };
            });
        }),
      },
      {
        weight: 2,
        arbitrary: mutate('body_raw_number', (c) => {
          const value = c.body?.kind === 'json' ? c.body.value : {};
          return fc
            .tuple(
              fc.constantFrom(...leafPaths(value)),
              fc.constantFrom('1e400', '-1e400', '1e-400', '9007199254740993', '-0'),
            )
            .map(
              ([path, token]): FuzzCase => ({
                ...c,
                body: { kind: 'json', value: setAt(value, path, rawToken(token)) },
              }),
            );
        }),
      },
    );
  }
  if (hasPathIds) {
    entries.push(
      {
        weight: 3,
        arbitrary: mutate('path_hostile', (c) =>
          fc.tuple(fc.constantFrom(...Object.keys(c.path)), nastyString).map(
            ([name, v]): FuzzCase => ({
              ...c,
              path: { ...c.path, [name]: v },
              badPathId: true,
            }),
          ),
        ),
      },
      {
        weight: 1,
        arbitrary: mutate('path_bad_encoding', (c) =>
          fc
            .tuple(
              fc.constantFrom(...Object.keys(c.path)),
              fc.constantFrom('%zz', '%', '%E0%A4%A', '%C0%AF', '..%2F..%2F', '%00', '%ED%A0%80'),
            )
            .map(
              ([name, v]): FuzzCase => ({
                ...c,
                path: Object.fromEntries(
                  Object.entries(c.path).map(([k, x]) => [k, k === name ? v : encodeSegment(x)]),
                ),
                rawPath: true,
                badPathId: true,
              }),
            ),
        ),
      },
    );
  }
  entries.push({
    weight: hasQuery ? 4 : 1,
    arbitrary: mutate('query_hostile', (c) => {
      const names = [
        ...op.params.filter((p) => p.in === 'query').map((p) => p.name),
        'unknownParam',
        'limit',
      ];
      return fc
        .tuple(
          fc.constantFrom(...names),
          fc.oneof(
            nastyString,
            wrongValue.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
          ),
          fc.boolean(),
        )
        .map(
          ([name, v, twice]): FuzzCase => ({
            ...c,
            query: [...c.query.filter(([k]) => k !== name || twice), [name, v]],
          }),
        );
    }),
  });
  entries.push({
    weight: 1,
    arbitrary: mutate('query_bad_encoding', (c) =>
      fc
        .constantFrom(
          'limit=%zz',
          'cursor=%',
          'a=%00',
          '%ff=%fe',
          'limit=1&limit=2',
          'limit=-1',
          'limit=1e9',
          'limit=0x10',
        )
        .map((rawQuery): FuzzCase => ({ ...c, rawQuery })),
    ),
  });
  if (hasIfMatch) {
    entries.push({
      weight: 5,
      arbitrary: mutate('if_match', (c) =>
        fc
          .constantFrom<IfMatch>(
            { kind: 'none' },
            { kind: 'stale' },
            { kind: 'raw', value: '*' },
            { kind: 'raw', value: 'W/"1"' },
            { kind: 'raw', value: '"abc"' },
            { kind: 'raw', value: '1' },
            { kind: 'raw', value: '"-1"' },
            { kind: 'raw', value: '"99999999999999999999"' },
            { kind: 'raw', value: '"1", "2"' },
            { kind: 'raw', value: '' },
          )
          .map(
            (ifMatch): FuzzCase => ({
              ...c,
              label: `if_match:${ifMatch.kind === 'raw' ? ifMatch.value : ifMatch.kind}`,
              ifMatch,
            }),
          ),
      ),
    });
  }
  if (hasIdempotency) {
    entries.push(
      {
        weight: 4,
        arbitrary: mutate('idempotency_replay', (c) =>
          fc.constant({ ...c, idempotency: { kind: 'replay' } as const }),
        ),
      },
      {
        weight: 2,
        arbitrary: mutate('idempotency_bad_key', (c) =>
          fc
            .oneof(
              fc.constantFrom('', ' ', 'x'.repeat(256), 'k\u00e9y', 'tab\there'),
              nastyString.map(headerSafe),
            )
            .map((value): FuzzCase => ({ ...c, idempotency: { kind: 'raw', value } })),
        ),
      },
    );
  }
  return fc.oneof(...entries);
}
