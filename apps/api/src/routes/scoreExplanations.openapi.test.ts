// Walks /openapi.json: every response that carries a score offers its explanation (explain=true, an `explanation` field).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../testing/apiHarness.ts';

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
};
type Parameter = { name: string; in: string; schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

/** The names of a score: a person's (or a goal's) computed score and a normalised one. */
const SCORE_FIELDS = new Set(['score', 'normalised']);
/** The explanation itself (and PersonScore's trace beside it): the scores inside are what explains. */
const EXPLAINING = new Set(['explanation', 'trace']);

interface ScoreField {
  operation: string;
  path: string;
  /** Some object from the response root down to the field declares `explanation`. */
  explained: boolean;
}

const isNumber = (s: Schema): boolean => {
  const types = Array.isArray(s.type) ? s.type : [s.type];
  return types.includes('number') || types.includes('integer');
};

/** Every score field of the operation's 2xx JSON responses, with whether an `explanation` sits beside or above it. */
function scoreFields(doc: Doc, operation: string, op: Operation): ScoreField[] {
  const out: ScoreField[] = [];
  const resolve = (s: Schema): [Schema, string | null] => {
    if (!s.$ref) return [s, null];
    const name = s.$ref.split('/').pop() ?? '';
    return [doc.components.schemas[name] ?? {}, name];
  };
  const walk = (raw: Schema, path: string, explained: boolean, seen: ReadonlySet<string>): void => {
    const [s, ref] = resolve(raw);
    if (ref !== null && seen.has(ref)) return;
    const within = ref === null ? seen : new Set([...seen, ref]);
    for (const list of [s.anyOf, s.oneOf, s.allOf])
      for (const x of list ?? []) walk(x, path, explained, within);
    if (s.items) walk(s.items, `${path}[]`, explained, within);
    if (typeof s.additionalProperties === 'object')
      walk(s.additionalProperties, `${path}{}`, explained, within);
    if (!s.properties) return;
    const here = explained || 'explanation' in s.properties;
    for (const [name, child] of Object.entries(s.properties)) {
      if (EXPLAINING.has(name)) continue;
      const [resolved] = resolve(child);
      const numeric = [resolved, ...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])].some(isNumber);
      if (SCORE_FIELDS.has(name) && numeric)
        out.push({ operation, path: `${path}.${name}`, explained: here });
      walk(child, `${path}.${name}`, here, within);
    }
  };
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    if (!status.startsWith('2')) continue;
    const schema = response.content?.['application/json']?.schema;
    if (schema) walk(schema, status, false, new Set());
  }
  return out;
}

/** Whether the operation offers the shared explain option (`?explain=true|false`). */
function offersExplain(op: Operation): boolean {
  return (op.parameters ?? []).some(
    (p) => p.in === 'query' && p.name === 'explain' && (p.schema?.enum ?? []).includes('true'),
  );
}

/** The ways an operation breaks the rule, as readable lines (empty when it keeps it). */
function explanationGaps(doc: Doc): string[] {
  const gaps: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const operation = `${method.toUpperCase()} ${path}`;
      const fields = scoreFields(doc, operation, op);
      if (fields.length === 0) continue;
      if (!offersExplain(op)) gaps.push(`${operation}: carries a score but has no explain query option`);
      for (const f of fields) {
        if (!f.explained) gaps.push(`${operation}: ${f.path} has no \`explanation\` beside or above it`);
      }
    }
  }
  return gaps;
}

describe('every score in /openapi.json can return its explanation', () => {
  let h: ApiHarness;
  let doc: Doc;
  beforeAll(async () => {
    h = await createApiHarness({ engine: 'sqlite' });
    doc = (await (await h.app.request('/openapi.json')).json()) as Doc;
  });
  afterAll(async () => {
    await h.close();
  });

  it('no response carries a score without explain=true and an `explanation` field for it', () => {
    expect(explanationGaps(doc)).toEqual([]);
  });

  it('finds the scores it guards (results, calibration views and moves, scores, drafts)', () => {
    const operations = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const operation = `${method.toUpperCase()} ${path}`;
        if (scoreFields(doc, operation, op).length > 0) operations.add(operation);
      }
    }
    expect([...operations].sort()).toEqual(
      expect.arrayContaining([
        'GET /v1/cycles/{id}/results',
        'GET /v1/cycles/{id}/scores',
        'GET /v1/cycles/{id}/scores/{personId}',
        'GET /v1/me/results',
        'GET /v1/calibration-sessions/{id}/rater-bias',
        'GET /v1/calibration-sessions/{id}/forced-distribution',
        'GET /v1/next-cycle-drafts/{id}',
        'POST /v1/calibration-sessions/{id}/adjustments',
        'POST /v1/cycles/{id}/results/apply',
        'POST /v1/cycles/{id}/results/preview',
      ]),
    );
  });

  it('reports a score without an explanation, and an operation without the explain option', () => {
    const schemas = {
      Item: { type: 'object', properties: { subjectId: { type: 'string' }, score: { type: 'number' } } },
      Explained: {
        type: 'object',
        properties: {
          normalised: { type: ['number', 'null'] },
          explanation: { type: 'object', properties: { score: { type: 'number' } } },
        },
      },
    } satisfies Record<string, Schema>;
    const json = (schema: Schema) => ({ '200': { content: { 'application/json': { schema } } } });
    const explain: Parameter = { name: 'explain', in: 'query', schema: { enum: ['true', 'false'] } };
    const synthetic: Doc = {
      components: { schemas },
      paths: {
        '/a': { get: { parameters: [explain], responses: json({ $ref: '#/components/schemas/Item' }) } },
        '/b': { get: { responses: json({ $ref: '#/components/schemas/Explained' }) } },
        '/c': {
          get: {
            parameters: [explain],
            responses: json({ type: 'array', items: { $ref: '#/components/schemas/Explained' } }),
          },
        },
      },
    };
    expect(explanationGaps(synthetic)).toEqual([
      'GET /a: 200.score has no `explanation` beside or above it',
      'GET /b: carries a score but has no explain query option',
    ]);
  });
});
