// The fuzz loop: per operation, a fresh copy of the seeded database, N generated cases sent in-process, every
// answer checked, the state read back around every request, and the invariants checked at the end.

import type { Store } from '@perfloop/store';
import fc from 'fast-check';
import { fuzzApp } from '../world/app.ts';
import { type Caller, FINAL_TEMPLATE, type RecordedCall, type WorldManifest } from '../world/manifest.ts';
import { type CaseContext, caseArb, type FuzzCase } from './cases.ts';
import { type Credentials, startCredentials } from './credentials.ts';
import type { SeededEngine } from './engines.ts';
import { examplesByOperation, freeTextFields, matcher } from './examples.ts';
import { type IdPools, idPools, kindOfName, type OrgSlug } from './ids.ts';
import { type OpenApiDoc, type Operation, operationsOf, resolve, type Schema } from './openapi.ts';
import { answerFindings, type Finding, type OracleContext } from './oracles.ts';
import {
  type Answer,
  type BuiltRequest,
  buildRequest,
  describeRequest,
  type Requester,
  sendBuilt,
} from './request.ts';
import { checkInvariants, fingerprint, fingerprintDiff, rowsDigest } from './state.ts';
import {
  type Facts,
  factsInFile,
  factsInStore,
  genContext,
  setupApi,
  VALID_GENERATORS,
  type ValidGenerator,
} from './valid/index.ts';
import { schemaValidator } from './validator.ts';

export interface Violation extends Finding {
  op: string;
  index: number;
  label: string;
  request: string;
  response: string;
}

export interface OperationReport {
  op: string;
  engine: string;
  /** The template database it ran on. */
  template: string;
  seed: number;
  cases: number;
  /** Answers by status. */
  statuses: Record<string, number>;
  /** Cases by mutation label (the part before any `:`). */
  labels: Record<string, number>;
  /** Cases answered 2xx, and answered 4xx. */
  accepted: number;
  rejected: number;
  /** The unmutated (`valid`) cases, and how many of them the app accepted. */
  valid: { cases: number; accepted: number };
  /** Why unmutated cases were refused: `<status> <problem code>` → cases. */
  validRefusals: Record<string, number>;
  /** Whether the operation has a valid-input generator (`valid/`), and its setup requests that were refused. */
  generator: boolean;
  setupRefused: string[];
  violations: Violation[];
  ms: number;
}

export interface RunOptions {
  runs: number;
  seed: number;
  /**
   * Stands between the fuzzer and the app (the oracles' own tests sabotage answers or state here to
   * prove that each oracle bites).
   */
  wrap?: (app: Requester, store: Store) => Requester;
}

export interface FuzzSession {
  doc: OpenApiDoc;
  operations: Operation[];
  /** Fuzzes one operation on a fresh copy of the world. */
  run(op: Operation, options: RunOptions): Promise<OperationReport>;
  /** The template an operation is fuzzed on. */
  templateOf(op: Operation): string;
  close(): Promise<void>;
}

/** A stable per-operation seed derived from the run's seed. */
export function seedFor(base: number, op: string): number {
  let h = base | 0;
  for (let i = 0; i < op.length; i++) h = (Math.imul(h, 31) + op.charCodeAt(i)) | 0;
  return h;
}

/** The document the app serves, read from the running app itself. */
export async function readDocument(store: Store): Promise<OpenApiDoc> {
  const res = await fuzzApp(store).request('/openapi.json');
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  return (await res.json()) as OpenApiDoc;
}

/** Ids named by the request (path values and id-like fields of the body), for the row digest. */
function namedIds(c: FuzzCase, json: unknown): string[] {
  const ids = Object.values(c.path);
  const walk = (v: unknown, key?: string, depth = 0) => {
    if (depth > MAX_WALK) return;
    if (typeof v === 'string' && (key === undefined || kindOfName(key) || key === 'id')) ids.push(v);
    else if (Array.isArray(v)) for (const x of v) walk(x, key, depth + 1);
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) walk(x, k, depth + 1);
  };
  if (json !== null && typeof json === 'object') walk(json);
  // Only strings that could be ids: a NUL, say, cannot even be sent to PostgreSQL as text.
  return ids.filter((id) => /^[\w.:@-]{1,128}$/.test(id));
}

/** JSON deeper than this is not walked (hostile bodies nest 100,000 levels). */
const MAX_WALK = 64;

const cut = (s: string, n = 600) => (s.length > n ? `${s.slice(0, n)}…` : s);

function stringLeaves(
  value: unknown,
  path: string[] = [],
  out: [string[], string][] = [],
): [string[], string][] {
  if (path.length > MAX_WALK) return out;
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) stringLeaves(v, [...path, String(i)], out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) stringLeaves(v, [...path, k], out);
  }
  return out;
}

function at(value: unknown, path: string[]): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

interface TemplateContext {
  id: string;
  world: WorldManifest;
  callers: Caller[];
  pools: IdPools;
  cases: CaseContext;
  orgIdOf: Record<OrgSlug, string>;
}

/**
 * The template an operation is fuzzed on: reads on the final (richest) state; writes on the phase
 * snapshot where the seed made most of its accepted calls, so that recorded requests replay.
 */
export function templateFor(
  op: Operation,
  examples: readonly RecordedCall[],
  byOperation: (call: RecordedCall) => boolean,
): string {
  if (op.method === 'GET') return FINAL_TEMPLATE;
  const counts = new Map<string, number>();
  for (const call of examples)
    if (byOperation(call)) counts.set(call.template, (counts.get(call.template) ?? 0) + 1);
  let best = FINAL_TEMPLATE;
  let most = 0;
  for (const [id, n] of counts) {
    if (n > most) {
      best = id;
      most = n;
    }
  }
  return best;
}

/** Template ids in the order they were taken (`at-1`, `at-2`, …), the final state last. */
function buildOrder(ids: Iterable<string>): string[] {
  const n = (id: string) => (id === FINAL_TEMPLATE ? Number.POSITIVE_INFINITY : Number(id.slice(3)));
  return [...ids].sort((a, b) => n(a) - n(b));
}

/**
 * The template of an operation whose generator names the state it needs: the default one when it fits,
 * else the earliest that does (the state before most of what the seed did next), else the default.
 */
export function templateFitting(
  fallback: string,
  order: readonly string[],
  fits: (template: string) => boolean,
): string {
  if (fits(fallback)) return fallback;
  return order.find(fits) ?? fallback;
}

export async function openFuzzSession(
  engine: SeededEngine,
  generators: Readonly<Record<string, ValidGenerator>> = VALID_GENERATORS,
): Promise<FuzzSession> {
  const credentials: Credentials = await startCredentials();
  const probe = await engine.fresh(FINAL_TEMPLATE);
  let doc: OpenApiDoc;
  try {
    doc = await readDocument(probe.store);
  } finally {
    await probe.dispose();
  }
  const validator = schemaValidator(doc);
  const problemSchema = resolve(doc, { $ref: '#/components/schemas/Problem' }) as Schema;
  const operations = operationsOf(doc);
  const freeText = freeTextFields(doc);
  const contexts = new Map<string, TemplateContext>();
  for (const [id, { manifest }] of engine.worlds.templates) {
    const callers: Caller[] = [...manifest.acme.callers, ...manifest.globex.callers];
    const pools = idPools(manifest);
    const fitting = engine.worlds.examples.filter((e) => e.template === id);
    contexts.set(id, {
      id,
      world: manifest,
      callers,
      pools,
      cases: { doc, callers, pools, examples: examplesByOperation(operations, fitting, callers), freeText },
      orgIdOf: { acme: manifest.acme.id, globex: manifest.globex.id },
    });
  }
  const templateFacts = new Map<string, Facts>();
  const factsOfTemplate = (id: string): Facts => {
    let facts = templateFacts.get(id);
    if (!facts) {
      const t = engine.worlds.templates.get(id);
      const tc = contexts.get(id);
      if (!t || !tc) throw new Error(`no template ${id}`);
      facts = factsInFile(t.file, tc.orgIdOf);
      templateFacts.set(id, facts);
    }
    return facts;
  };
  const order = buildOrder(engine.worlds.templates.keys());
  const templateOf = new Map(
    operations.map((op) => {
      const matches = matcher(op);
      const fallback = templateFor(
        op,
        engine.worlds.examples,
        (call) => call.method === op.method && matches(call.url) !== null,
      );
      const fits = generators[op.key]?.template;
      return [op.key, fits ? templateFitting(fallback, order, (id) => fits(factsOfTemplate(id))) : fallback];
    }),
  );

  async function run(op: Operation, options: RunOptions): Promise<OperationReport> {
    const started = Date.now();
    const template = templateOf.get(op.key) ?? FINAL_TEMPLATE;
    const tc = contexts.get(template) as TemplateContext;
    const { callers, world, orgIdOf } = tc;
    const oracleCtx: OracleContext = { doc, validator, pools: tc.pools, problemSchema };
    const fresh = await engine.fresh(template);
    const logs: string[] = [];
    const real = fuzzApp(fresh.store, { jwksUrl: credentials.jwksUrl, onLog: (line) => logs.push(line) });
    const app: Requester = options.wrap ? options.wrap(real, fresh.store) : real;
    // The generator (if any) builds its valid requests from this copy's state, after its setup requests.
    const generator = generators[op.key];
    const setup = setupApi(real, callers);
    let generated: CaseContext['generated'] = null;
    try {
      if (generator) {
        if (generator.setup)
          await generator.setup(genContext(await factsInStore(fresh.store, orgIdOf), callers), setup);
        generated = generator.inputs(genContext(await factsInStore(fresh.store, orgIdOf), callers));
      }
    } catch (error) {
      await fresh.dispose();
      throw error;
    }
    const cases = fc.sample(caseArb(op, { ...tc.cases, generated }), {
      seed: options.seed,
      numRuns: options.runs,
    });
    const report: OperationReport = {
      op: op.key,
      engine: engine.name,
      template,
      seed: options.seed,
      cases: 0,
      statuses: {},
      labels: {},
      accepted: 0,
      rejected: 0,
      valid: { cases: 0, accepted: 0 },
      validRefusals: {},
      generator: generator !== undefined,
      setupRefused: setup.refused,
      violations: [],
      ms: 0,
    };
    const violation = (
      index: number,
      c: FuzzCase,
      req: BuiltRequest,
      res: Answer | undefined,
      f: Finding,
    ) => {
      if (report.violations.length >= 50) return;
      report.violations.push({
        ...f,
        op: op.key,
        index,
        label: c.label,
        request: describeRequest(req),
        response: res ? `${res.status} ${cut(res.text)}` : '(none)',
      });
    };
    try {
      let before = await fingerprint(fresh.store);
      for (const [index, c] of cases.entries()) {
        const caller = callers[c.caller] as Caller;
        const key = `fz-${options.seed}-${index}`;
        const req = await buildRequest(app, op, c, world, callers, credentials, key);
        const ids = namedIds(c, req.json);
        const rowsBefore = await rowsDigest(fresh.store, ids);
        logs.length = 0;
        let res: Answer;
        try {
          res = await sendBuilt(app, req);
        } catch (error) {
          violation(index, c, req, undefined, {
            oracle: 'no_5xx',
            message: `the app threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          });
          before = await fingerprint(fresh.store);
          continue;
        }
        report.cases += 1;
        report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
        const label = c.label.split(':')[0] ?? c.label;
        report.labels[label] = (report.labels[label] ?? 0) + 1;
        const ok = res.status >= 200 && res.status < 300;
        if (ok) report.accepted += 1;
        else if (res.status >= 400 && res.status < 500) report.rejected += 1;
        if (c.label === 'valid') {
          report.valid.cases += 1;
          if (ok) report.valid.accepted += 1;
          else {
            const code = (res.json as { code?: unknown } | undefined)?.code;
            const why = `${res.status} ${typeof code === 'string' ? code : '-'}`;
            report.validRefusals[why] = (report.validRefusals[why] ?? 0) + 1;
          }
        }
        for (const f of answerFindings(oracleCtx, op, c, caller, req, res)) {
          violation(
            index,
            c,
            req,
            res,
            logs.length > 0 ? { ...f, message: `${f.message}\nlog: ${cut(logs.join(''), 1500)}` } : f,
          );
        }

        const after = await fingerprint(fresh.store);
        const accepted = res.status >= 200 && res.status < 300;
        if (!accepted || op.method === 'GET') {
          const diff = fingerprintDiff(before, after);
          if (diff.length > 0) {
            violation(index, c, req, res, {
              oracle: 'unchanged',
              message: `${res.status} yet state changed: ${diff.join('; ')}`,
            });
          } else if ((await rowsDigest(fresh.store, ids)) !== rowsBefore) {
            violation(index, c, req, res, {
              oracle: 'unchanged',
              message: `${res.status} yet a named row changed`,
            });
          }
        } else {
          const otherOrg = orgIdOf[caller.org === 'acme' ? 'globex' : 'acme'];
          const diff = fingerprintDiff(before, after, otherOrg);
          if (diff.length > 0) {
            violation(index, c, req, res, {
              oracle: 'tenant_isolation',
              message: `a write by ${caller.label} changed the other organisation: ${diff.join('; ')}`,
            });
          }
          await roundTrip(op, c, req, res, index);
        }
        before = after;

        if (c.idempotency?.kind === 'replay') {
          const again = await sendBuilt(app, req);
          const afterReplay = await fingerprint(fresh.store);
          if (accepted) {
            if (again.status !== res.status) {
              violation(index, c, req, again, {
                oracle: 'replay',
                message: `replay answered ${again.status}, first ${res.status}`,
              });
            } else if (again.headers.get('idempotent-replayed') !== 'true') {
              violation(index, c, req, again, {
                oracle: 'replay',
                message: 'replay without Idempotent-Replayed: true',
              });
            } else if (JSON.stringify(again.json) !== JSON.stringify(res.json)) {
              violation(index, c, req, again, {
                oracle: 'replay',
                message: 'replay body differs from the first answer',
              });
            }
            const diff = fingerprintDiff(after, afterReplay);
            if (diff.length > 0)
              violation(index, c, req, again, {
                oracle: 'replay',
                message: `replay changed state: ${diff.join('; ')}`,
              });
          } else {
            for (const f of answerFindings(oracleCtx, op, c, caller, req, again))
              violation(index, c, req, again, f);
          }
          before = afterReplay;
        }
      }
      const invariants = await checkInvariants(fresh.store);
      for (const problem of invariants.problems) {
        report.violations.push({
          oracle: 'invariants',
          message: problem,
          op: op.key,
          index: -1,
          label: '',
          request: '',
          response: '',
        });
      }
    } finally {
      await fresh.dispose();
    }
    report.ms = Date.now() - started;
    return report;

    /** What a write acknowledged is what a read gives back (string fields sent, compared as answered and as stored). */
    async function roundTrip(op: Operation, c: FuzzCase, req: BuiltRequest, res: Answer, index: number) {
      if (op.method === 'GET' || req.json === undefined || res.json === undefined) return;
      const location = op.method === 'POST' ? res.headers.get('location') : req.url.split('?')[0];
      if (!location?.startsWith('/v1/')) return;
      const reread = await sendBuilt(app, {
        method: 'GET',
        url: location,
        headers: { ...(req.headers.Authorization ? { Authorization: req.headers.Authorization } : {}) },
      });
      if (reread.status !== 200 || reread.json === undefined) return;
      for (const [path] of stringLeaves(req.json)) {
        // Lists may come back in another order: only fields outside arrays are compared.
        if (path.some((k) => /^\d+$/.test(k))) continue;
        const acknowledged = at(res.json, path);
        const stored = at(reread.json, path);
        if (typeof acknowledged === 'string' && typeof stored === 'string' && acknowledged !== stored) {
          violation(index, c, req, reread, {
            oracle: 'round_trip',
            message: `${path.join('.')} answered ${JSON.stringify(cut(acknowledged, 80))} but reads back ${JSON.stringify(cut(stored, 80))}`,
          });
        }
      }
    }
  }

  return {
    doc,
    operations,
    run,
    templateOf: (op) => templateOf.get(op.key) ?? FINAL_TEMPLATE,
    close: () => credentials.close(),
  };
}
