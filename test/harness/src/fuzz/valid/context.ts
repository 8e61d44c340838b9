// What a valid-input generator sees and makes: the live state, who can call, and the request parts it builds.
import fc from 'fast-check';
import { send, type Target } from '../../world/client.ts';
import type { Caller } from '../../world/manifest.ts';
import type { OrgSlug } from '../ids.ts';
import type { Facts, Rec } from './facts.ts';

/** The parts of one request the domain accepts (the fuzzer adds credentials, keys and mutations). */
export interface ValidInput {
  /** Index into the world's callers. */
  caller: number;
  path?: Record<string, string>;
  query?: [string, string][];
  /** JSON body; `lateValue()` strings are read from the app when the request is built. */
  body?: unknown;
  /** A text body for operations that take one (CSV). */
  text?: string;
  /**
   * `current` (the default where the operation takes If-Match), `none` (a create that must not send one) or
   * `if_exists` (the current version when the resource is there when the request is sent, else none).
   */
  ifMatch?: 'current' | 'none' | 'if_exists';
  /** Other headers sent as they are (`If-None-Match: *`). */
  headers?: Record<string, string>;
}

export interface GenContext {
  facts: Facts;
  callers: readonly Caller[];
  /** The caller signed in (demo sign-in) as this person, if any. */
  callerOf(personId: unknown): number | undefined;
  /** The organisation's first HR administrator. */
  hr(org: OrgSlug): number;
  /** The organisation's live `sync:notion` API key. */
  service(org: OrgSlug): number;
  /** Cycles of the organisation in one of these phases. */
  cyclesIn(org: OrgSlug, ...phases: string[]): Rec[];
  /** The person's managers, nearest first. */
  managersOf(personId: string): string[];
}

/** A generator of valid requests for one operation. */
export interface ValidGenerator {
  /**
   * The template to fuzz on when the default (where the seed's own requests of the operation replay) does
   * not hold: the fuzzer takes that one when it satisfies this, else the latest template that does.
   */
  template?: (facts: Facts) => boolean;
  /** Accepted requests made through the app on the fresh copy before the cases: things for them to act on. */
  setup?: (ctx: GenContext, api: SetupApi) => Promise<void>;
  /** Valid inputs built from the state, or null when it holds nothing to build them from. */
  inputs(ctx: GenContext): fc.Arbitrary<ValidInput> | null;
}

/** What a setup may call: the app as a caller. The JSON answer of a 2xx; null (and counted) when refused. */
export interface SetupApi {
  call(
    caller: number,
    method: string,
    path: string,
    init?: { json?: unknown; ifMatch?: number },
  ): Promise<Record<string, unknown> | null>;
}

/** A setup's calls through `target`, with the refusals counted in `refused`. */
export function setupApi(target: Target, callers: readonly Caller[]): SetupApi & { refused: string[] } {
  const refused: string[] = [];
  return {
    refused,
    async call(caller, method, path, init = {}) {
      const token = callers[caller]?.token ?? '';
      const r = await send(target, method, path, {
        token,
        ...(init.json !== undefined ? { json: init.json } : {}),
        ...(init.ifMatch !== undefined ? { ifMatch: init.ifMatch } : {}),
      });
      if (r.status >= 200 && r.status < 300) return (r.body ?? {}) as Record<string, unknown>;
      refused.push(`${method} ${path} → ${r.status} ${r.text.slice(0, 200)}`);
      return null;
    },
  };
}

/** The context of the generators over `facts`. */
export function genContext(facts: Facts, callers: readonly Caller[]): GenContext {
  const byPerson = new Map<string, number>();
  callers.forEach((c, i) => {
    if (c.personId && c.token.startsWith('dev:') && !byPerson.has(c.personId)) byPerson.set(c.personId, i);
  });
  const first = (org: OrgSlug, role: Caller['role']) => {
    const i = callers.findIndex((c) => c.org === org && c.role === role);
    if (i < 0) throw new Error(`the world has no ${role} caller in ${org}`);
    return i;
  };
  return {
    facts,
    callers,
    callerOf: (personId) => (typeof personId === 'string' ? byPerson.get(personId) : undefined),
    hr: (org) => first(org, 'hr'),
    service: (org) => first(org, 'service'),
    cyclesIn: (org, ...phases) => facts.of(org, 'cycles').filter((c) => phases.includes(String(c.phase))),
    managersOf(personId) {
      const out: string[] = [];
      let at = facts.byId(personId);
      while (at && typeof at.managerId === 'string' && !out.includes(at.managerId)) {
        out.push(at.managerId);
        at = facts.byId(at.managerId);
      }
      return out;
    },
  };
}

export function gen(g: ValidGenerator): ValidGenerator {
  return g;
}

/** One of `list`, or null when it is empty. */
export function pick<T>(list: readonly T[]): fc.Arbitrary<T> | null {
  return list.length === 0 ? null : fc.constantFrom(...list);
}

/** Every value defined (a generator with nothing to pick from answers null). */
export function all<T extends Record<string, fc.Arbitrary<unknown> | null>>(
  parts: T,
): fc.Arbitrary<{ [K in keyof T]: T[K] extends fc.Arbitrary<infer V> | null ? V : never }> | null {
  for (const v of Object.values(parts)) if (v === null) return null;
  return fc.record(parts as Record<string, fc.Arbitrary<unknown>>) as never;
}

export const str = (rec: Rec | undefined, field: string): string | undefined => {
  const v = rec?.[field];
  return typeof v === 'string' ? v : undefined;
};

/** Plain prose of a given length range (free text that every rule on length accepts). */
export function prose(min: number, max = min + 80): fc.Arbitrary<string> {
  const words = ['steady', 'progress', 'on', 'the', 'plan', 'with', 'clear', 'examples', 'and', 'numbers'];
  return fc
    .array(fc.constantFrom(...words), { minLength: Math.ceil(min / 4) + 2, maxLength: Math.ceil(max / 4) })
    .map((w) => {
      const text = `Fuzz: ${w.join(' ')}.`;
      return text.length < min ? text.padEnd(min, '.') : text.slice(0, Math.max(min, max));
    });
}

export const PHASES = ['plan', 'coach', 'appraise', 'calibrate', 'feedback', 'apply', 'improve', 'closed'];

/** Facts predicates for templates: an Acme cycle in `phase` with at least `goals` goals (and `kind` records). */
export function acmeCycleIn(phase: string, goals = 10, kind?: string): (facts: Facts) => boolean {
  return (facts) =>
    facts
      .of('acme', 'cycles')
      .some(
        (c) =>
          c.phase === phase &&
          facts.of('acme', 'goals').filter((g) => g.cycleId === c.id).length >= goals &&
          (kind === undefined || facts.of('acme', kind).some((r) => r.cycleId === c.id)),
      );
}

/** Acme three times in four, Globex otherwise; an organisation with nothing to offer is left out. */
export function perOrg<T>(f: (org: OrgSlug) => fc.Arbitrary<T> | null | undefined): fc.Arbitrary<T> | null {
  const acme = f('acme');
  const globex = f('globex');
  if (acme && globex) return fc.oneof({ weight: 3, arbitrary: acme }, { weight: 1, arbitrary: globex });
  return acme ?? globex ?? null;
}

/** One of the arbitraries that are not null (null when none is). */
export function oneOf<T>(...arbs: (fc.Arbitrary<T> | null | undefined)[]): fc.Arbitrary<T> | null {
  const present = arbs.filter((a): a is fc.Arbitrary<T> => a !== null && a !== undefined);
  return present.length === 0 ? null : fc.oneof(...present);
}

/** Participants of a cycle. */
export const participantsOf = (cycle: Rec): string[] =>
  Array.isArray(cycle.participants) ? (cycle.participants as string[]) : [];

/** A unique-enough suffix for names and e-mails the fuzz makes. */
export const serial = fc.nat(999_999_999);
