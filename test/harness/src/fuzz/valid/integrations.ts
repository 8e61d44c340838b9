// Valid inputs for an integration's own endpoints (its API key): state entries, leases and goal proposals.
import fc from 'fast-check';
import {
  all,
  type GenContext,
  gen,
  participantsOf,
  perOrg,
  pick,
  type SetupApi,
  serial,
  type ValidGenerator,
} from './context.ts';

/** The integration the world's service keys (`sync:notion`) are for. */
const INTEGRATION = 'notion';
const KEYS = ['fz-entry-1', 'fz-entry-2', 'fz-entry-3', 'fz-entry-4', 'fz-entry-5', 'fz-entry-6'];
const LEASES = ['fz-lease-1', 'fz-lease-2', 'fz-lease-3'];

/** State entries and leases for the service keys to replace, delete and release. */
async function stateAndLeases(ctx: GenContext, api: SetupApi) {
  for (const org of ['acme', 'globex'] as const) {
    await api.call(ctx.service(org), 'POST', `/v1/integrations/${INTEGRATION}/state`, {
      json: { writes: KEYS.map((key) => ({ key, ifVersion: null, value: { n: 0 } })) },
    });
    for (const name of LEASES)
      await api.call(ctx.service(org), 'POST', `/v1/integrations/${INTEGRATION}/leases/${name}`, {
        json: { holder: 'fz-holder', ttlSeconds: 3600 },
      });
  }
}

const value = fc.record({ n: fc.nat(1000), note: fc.string({ maxLength: 40 }) });

/** The service key of an organisation reading `path` (`{integration}` filled in). */
const read = (path: Record<string, fc.Arbitrary<string>>) =>
  gen({
    setup: stateAndLeases,
    inputs: (ctx) =>
      perOrg((org) =>
        fc.record(path).map((p) => ({ caller: ctx.service(org), path: { integration: INTEGRATION, ...p } })),
      ),
  });

export const integrationGenerators: Record<string, ValidGenerator> = {
  // Reads too: their path names the integration, which no other source of valid requests knows.
  'GET /v1/integrations/{integration}/state': read({}),
  'GET /v1/integrations/{integration}/state/{key}': read({ key: fc.constantFrom(...KEYS) }),
  'GET /v1/integrations/{integration}/leases/{name}': read({ name: fc.constantFrom(...LEASES) }),
  'GET /v1/integrations/{integration}/directory': read({}),

  'POST /v1/integrations/{integration}/state': gen({
    inputs: (ctx) =>
      perOrg((org) =>
        fc.array(fc.tuple(serial, value), { minLength: 1, maxLength: 4 }).map((writes) => ({
          caller: ctx.service(org),
          path: { integration: INTEGRATION },
          body: { writes: writes.map(([n, v]) => ({ key: `fz-new-${n}`, ifVersion: null, value: v })) },
        })),
      ),
  }),

  'PUT /v1/integrations/{integration}/state/{key}': gen({
    setup: stateAndLeases,
    inputs: (ctx) =>
      perOrg((org) =>
        fc.oneof(
          fc.record({ key: fc.constantFrom(...KEYS), value }).map(({ key, value }) => ({
            caller: ctx.service(org),
            path: { integration: INTEGRATION, key },
            body: { value },
          })),
          fc.record({ n: serial, value }).map(({ n, value }) => ({
            caller: ctx.service(org),
            path: { integration: INTEGRATION, key: `fz-put-${n}` },
            ifMatch: 'none' as const,
            headers: { 'If-None-Match': '*' },
            body: { value },
          })),
        ),
      ),
  }),

  'DELETE /v1/integrations/{integration}/state/{key}': gen({
    setup: stateAndLeases,
    inputs: (ctx) =>
      perOrg((org) =>
        fc.constantFrom(...KEYS).map((key) => ({
          caller: ctx.service(org),
          path: { integration: INTEGRATION, key },
        })),
      ),
  }),

  'POST /v1/integrations/{integration}/leases/{name}': gen({
    inputs: (ctx) =>
      perOrg((org) =>
        fc
          .record({
            name: fc.constantFrom(...LEASES, 'fz-lease-new'),
            holder: fc.constantFrom('fz-a', 'fz-b'),
            ttl: fc.integer({ min: 1, max: 3600 }),
          })
          .map(({ name, holder, ttl }) => ({
            caller: ctx.service(org),
            path: { integration: INTEGRATION, name },
            body: { holder, ttlSeconds: ttl },
          })),
      ),
  }),

  'DELETE /v1/integrations/{integration}/leases/{name}': gen({
    setup: stateAndLeases,
    inputs: (ctx) =>
      perOrg((org) =>
        fc.constantFrom(...LEASES).map((name) => ({
          caller: ctx.service(org),
          path: { integration: INTEGRATION, name },
        })),
      ),
  }),

  'POST /v1/integrations/{integration}/goals': gen({
    inputs: (ctx) =>
      perOrg((org) => {
        const people = ctx.facts.of(org, 'people');
        const slots = ctx.cyclesIn(org, 'plan').flatMap((cycle) =>
          participantsOf(cycle).flatMap((owner) => {
            const manager = people.find((p) => p.id === people.find((o) => o.id === owner)?.managerId);
            return manager ? [{ cycle, owner, requestedBy: manager.id }] : [];
          }),
        );
        return (
          all({ slot: pick(slots), n: serial })?.map(({ slot, n }) => ({
            caller: ctx.service(org),
            path: { integration: INTEGRATION },
            body: {
              requestedBy: slot.requestedBy,
              ref: `notion-page-${n}`,
              goal: {
                cycleId: slot.cycle.id,
                level: 'person',
                ownerId: slot.owner,
                kind: 'kpi',
                title: `Fuzz proposal ${n}`,
                unit: 'items',
                direction: 'higher_is_better',
                baseline: 0,
                target: 10,
                weight: 10,
              },
            },
          })) ?? null
        );
      }),
  }),
};
