// Numeric query parameters on both engines: routes refuse every non-canonical spelling with 400 on the parameter, and every one is a queryInteger.
import type { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { REFUSED_QUERY_INTEGERS } from '../testing/queryIntegers.ts';
import { isQueryInteger, QUERY_INTEGER_FORMAT } from './queryInteger.ts';

type FieldError = { path: string; location: string; code: string; message: string };
type Problem = { status: number; code: string; errors?: FieldError[] };
type ParamSchema = { type?: string | string[]; minimum?: number; maximum?: number; description?: string };
type Param = { name: string; in: string; schema?: ParamSchema };
type Doc = { paths: Record<string, Record<string, { parameters?: Param[] }>> };
type RouteDefinition = {
  type: string;
  route?: { method: string; path: string; request?: { query?: z.ZodObject } };
};

const NUMERIC = ['integer', 'number'];
const isNumeric = (schema: ParamSchema | undefined) =>
  [schema?.type ?? []].flat().some((t) => NUMERIC.includes(t));

describe.each(ENGINES)('numeric query parameters on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let key: string;
  let doc: Doc;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
    doc = (await (await h.app.request('/openapi.json')).json()) as Doc;
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Every query parameter /openapi.json declares as a number, as `[method, path, name, schema]`. */
  const numericParams = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        (op.parameters ?? [])
          .filter((p) => p.in === 'query' && isNumeric(p.schema))
          .map((p) => [method, path, p.name, p.schema] as const),
      ),
    );

  const representative = [
    {
      label: 'integration state',
      url: '/v1/integrations/notion/state',
      name: 'limit',
      auth: () => ({ key }),
    },
    { label: 'change feed', url: '/v1/changes', name: 'after', auth: () => ({ as: f.email.hal }) },
  ];

  describe.each(representative)('$label ?$name=', ({ url, name, auth }) => {
    it.each(REFUSED_QUERY_INTEGERS)('%j (%s) is 400 problem+json naming the parameter', async (value) => {
      const res = await h.call<Problem>('GET', `${url}?${name}=${encodeURIComponent(value)}`, auth());
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          path: name,
          location: 'query',
          message: expect.stringContaining('plain decimal digits'),
        }),
      ]);
    });

    it('takes the plain decimal spelling', async () => {
      expect((await h.call('GET', `${url}?${name}=0`, auth())).status).toBe(name === 'limit' ? 400 : 200);
      expect((await h.call('GET', `${url}?${name}=1`, auth())).status).toBe(200);
      expect((await h.call('GET', `${url}?${name}=10`, auth())).status).toBe(200);
    });
  });

  it('the integration state takes limit up to 1000 and no more (once read as 1e2 = 100)', async () => {
    expect((await h.call('GET', '/v1/integrations/notion/state?limit=1000', { key })).status).toBe(200);
    const over = await h.call<Problem>('GET', '/v1/integrations/notion/state?limit=1001', { key });
    expect([over.status, over.body.errors?.[0]?.path]).toEqual([400, 'limit']);
  });

  it('every numeric query parameter in /openapi.json is bounded, documents its format and refuses 1e2, 05 and ""', async () => {
    const params = numericParams();
    // limit on every listing, after on the change feed, cursor on the audit log.
    expect(params.length).toBeGreaterThanOrEqual(25);
    expect(params.some(([, path, name]) => path === '/v1/audit' && name === 'cursor')).toBe(true);
    for (const [method, path, name, schema] of params) {
      const where = `${method.toUpperCase()} ${path} ?${name}`;
      expect(schema?.type, where).toBe('integer');
      expect(typeof schema?.minimum, where).toBe('number');
      expect(typeof schema?.maximum, where).toBe('number');
      expect(schema?.description, where).toContain(QUERY_INTEGER_FORMAT);
      // Path parameters are filled with well-formed ids nobody has: validation answers before any lookup.
      const url = path.replace(/\{integration\}/g, 'notion').replace(/\{[^}]+\}/g, 'nobody_1');
      for (const value of ['1e2', '05', '']) {
        const res = await h.call<Problem>(method.toUpperCase(), `${url}?${name}=${value}`, {
          as: f.email.hal,
        });
        // Other required query parameters (feedback-reviewers' subjectId) may be reported beside it.
        expect([where, value, res.status, res.body.code], JSON.stringify(res.body.errors)).toEqual([
          where,
          value,
          400,
          'validation_failed',
        ]);
        expect(res.body.errors, where).toContainEqual(
          expect.objectContaining({ path: name, location: 'query' }),
        );
      }
    }
  });

  it('every numeric query parameter of every route is built with queryInteger', () => {
    const definitions = h.app.openAPIRegistry.definitions as RouteDefinition[];
    const declared = new Set(numericParams().map(([method, path, name]) => `${method} ${path} ${name}`));
    const built: string[] = [];
    for (const { type, route } of definitions) {
      const shape = route?.request?.query?.shape;
      if (type !== 'route' || !route || !shape) continue;
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      for (const [name, field] of Object.entries(shape)) {
        const id = `${route.method} ${path} ${name}`;
        if (isQueryInteger(field as z.ZodType)) built.push(id);
        else expect(declared.has(id), `${id} is a number but not a queryInteger`).toBe(false);
      }
    }
    expect(built.sort()).toEqual([...declared].sort());
  });
});
