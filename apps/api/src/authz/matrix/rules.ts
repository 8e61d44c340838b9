// Roles-matrix expectations built from the API README's roles rules: who may see, manage or change what.

/** Who calls: employee Sam, manager Mo, department head Hana, HR Hal, or a `sync:notion` API key. */
export type Actor = 'employee' | 'manager' | 'head' | 'hr' | 'service';
export const ACTORS: readonly Actor[] = ['employee', 'manager', 'head', 'hr', 'service'];
/** What they act on: something in their own scope, someone else's in their organisation, another organisation's. */
export type Target = 'own' | 'other' | 'foreign';
export const TARGETS: readonly Target[] = ['own', 'other', 'foreign'];
/** An expected status; null where the operation has no such target (no someone else's, no other organisation's). */
export type Cell = number | null;
export type Cells = readonly [own: Cell, other: Cell, foreign: Cell];
/** The expected status of one operation per actor and target. */
export type Expectation = Readonly<Record<Actor, Cells>>;

const PEOPLE = ['employee', 'manager', 'head', 'hr'] as const;
const NO_KEY: Cells = [403, 403, 403];

function build(person: (actor: Exclude<Actor, 'service'>) => Cells, service: Cells = NO_KEY): Expectation {
  const rows = Object.fromEntries(PEOPLE.map((a) => [a, person(a)])) as Record<Actor, Cells>;
  return { ...rows, service };
}

/**
 * About a person: "people you may see are yourself, your reports and your departments (HR: everyone);
 * asking for something you may not see answers 404". The own target is in every actor's scope, someone
 * else's only in HR's, another organisation's in nobody's. API keys: only what their scope grants.
 */
export const seenBy = (ok: number, service: Cells = NO_KEY): Expectation =>
  build((a) => [ok, a === 'hr' ? ok : 404, 404], service);

/** Seen by whoever may see the person, changed only by HR: "what you may see but not do answers 403". */
export const changedByHr = (ok: number, service: Cells = NO_KEY): Expectation =>
  build((a) => (a === 'hr' ? [ok, ok, 404] : [403, 404, 404]), service);

/**
 * Done by a person's manager chain, heads and HR (manager: "everything above for their reports"): the
 * employee's own target is themselves, whom they see but do not manage (403).
 */
export const managedBy = (ok: number, service: Cells = NO_KEY): Expectation =>
  build((a) => (a === 'hr' ? [ok, ok, 404] : a === 'employee' ? [403, 404, 404] : [ok, 404, 404]), service);

/** Organisation-wide records (departments, cycles, policies, templates): every person of the organisation. */
export const everyPerson = (ok: number, service: Cells = NO_KEY): Expectation =>
  build(() => [ok, ok, 404], service);

/** Organisation-wide records only HR changes (the others see them: 403). */
export const hrChangesOrg = (ok: number, service: Cells = NO_KEY): Expectation =>
  build((a) => (a === 'hr' ? [ok, ok, 404] : [403, 403, 404]), service);

/** No target at all (a list, "me", an organisation setting): one status per actor. */
export const untargeted = (statuses: Readonly<Record<Actor, number>>): Expectation =>
  Object.fromEntries(Object.entries(statuses).map(([a, s]) => [a, [s, null, null]])) as unknown as Record<
    Actor,
    Cells
  >;

/**
 * A whole-organisation target (the organisation's own vs another's, no someone else's): HR only. Where the
 * route looks the id up first (cycles), another organisation's is 404 for everyone; where it checks the
 * role first (`roleFirst`: policies, API keys), anyone but HR is 403 whatever the id. Neither tells a
 * caller anything about another organisation.
 */
export const hrOnlyInOrg = (ok: number, service: Cells = [403, null, 403], roleFirst = false): Expectation =>
  build((a) => (a === 'hr' ? [ok, null, 404] : [403, null, roleFirst ? 403 : 404]), service);

/** The rule with some actors' cells replaced (each replacement says why where it is used). */
export const except = (rule: Expectation, changes: Partial<Record<Actor, Cells>>): Expectation => ({
  ...rule,
  ...changes,
});

/** Only the subject themselves (the employee's own target): everyone else who sees them 403. */
export const subjectOnly = (ok: number): Expectation =>
  build((a) => (a === 'employee' ? [ok, 404, 404] : a === 'hr' ? [403, 403, 404] : [403, 404, 404]));

/** "Compensation [and sign-in logins are] visible only to HR and the person themselves": managers and heads 404. */
export const selfAndHr = (ok: number): Expectation =>
  build((a) => (a === 'hr' ? [ok, ok, 404] : a === 'employee' ? [ok, 404, 404] : [404, 404, 404]));

/**
 * Calibration sessions: run by "HR, or the head of every department in them", read by a head of any department in
 * them (her people only; `calibration-sessions.test.ts` covers that partial read); nobody else sees them (404). The
 * matrix's sessions each cover one department, so the head's other target (Platform) is outside hers: 404.
 */
export const runsCalibration = (ok: number): Expectation =>
  build((a) => (a === 'hr' ? [ok, ok, 404] : a === 'head' ? [ok, 404, 404] : [404, 404, 404]));

/** "A draft review is seen and changed only by its reviewer (anyone else, HR included, 404)"; here the subject's manager. */
export const reviewerOnly = (ok: number): Expectation =>
  build((a) => (a === 'manager' || a === 'head' ? [ok, 404, 404] : [404, 404, 404]));

/** "Changed or deleted by HR or whoever made them" (own = one the caller made): others see it, 403. */
export const creatorOrHr = (ok: number): Expectation =>
  build((a) => (a === 'hr' ? [ok, ok, 404] : [ok, 403, 404]));

/** Integration routes: "only an API key whose scope names the integration" (people 403), in its own organisation. */
export const integrationKeyOnly = (service: Cells): Expectation =>
  build(() => [403, service[1] === null ? null : 403, 403], service);

/**
 * An id in the request body that names nothing in the caller's organisation (another organisation's
 * department, policy or person) is 422 with an `unknown_*` field error; ids in the path answer 404.
 */
export const FOREIGN_IN_BODY = 422;
