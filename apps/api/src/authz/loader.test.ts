// Access loader: one Access per principal and snapshot, shared by requests, and a new one once the organisation changed.
import type { Context } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal, UserPrincipal } from '../auth/principal.ts';
import type { AppEnv } from '../context.ts';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { createAccessLoader, principalKey } from './loader.ts';

/** The loader reads only the principal from a request's Context (and keys its per-request cache by it). */
function request(principal: Principal): Context<AppEnv> {
  return {
    get: (key: string) => (key === 'principal' ? principal : undefined),
  } as unknown as Context<AppEnv>;
}

describe('principalKey', () => {
  const user: UserPrincipal = {
    kind: 'user',
    via: 'dev',
    orgId: 'org_1',
    personId: 'per_1',
    roles: ['employee'],
  };
  it('is equal for equal principals and differs in every field createAccess reads', () => {
    expect(principalKey({ ...user, roles: ['employee'] })).toBe(principalKey(user));
    const others: Principal[] = [
      { ...user, personId: 'per_2' },
      { ...user, orgId: 'org_2' },
      { ...user, via: 'entra' },
      { ...user, roles: ['employee', 'manager'] },
      { kind: 'addon', via: 'api_key', apiKeyId: 'key_1', user },
      { kind: 'addon', via: 'api_key', apiKeyId: 'key_2', user },
      { kind: 'service', via: 'api_key', orgId: 'org_1', apiKeyId: 'key_1', scopes: ['sync:notion'] },
      { kind: 'service', via: 'api_key', orgId: 'org_1', apiKeyId: 'key_1', scopes: [] },
    ];
    const keys = new Set([user, ...others].map(principalKey));
    expect(keys.size).toBe(others.length + 1);
  });
});

describe.each(ENGINES)('createAccessLoader on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
  });
  beforeEach(async () => {
    f = await seedFixture(h);
  });
  afterAll(async () => {
    await h.close();
  });

  const as = (personId: string, roles: string[]): UserPrincipal => ({
    kind: 'user',
    via: 'dev',
    orgId: f.acme.organisation.id,
    personId,
    roles,
  });

  it('shares one Access between requests of the same principal until a person changes', async () => {
    const access = createAccessLoader(h.store);
    const erin = () => as(f.id.erin, ['employee', 'manager', 'department_head']);
    const first = await access(request(erin()));
    expect(await access(request(erin()))).toBe(first);
    expect(await access(request(as(f.id.cat, ['employee', 'manager'])))).not.toBe(first);
    expect(first.canManage(f.id.sam)).toBe(false);

    const sam = await h.call<{ version: number }>('GET', `/v1/people/${f.id.sam}`, { as: f.email.hal });
    const moved = await h.call('PATCH', `/v1/people/${f.id.sam}`, {
      as: f.email.hal,
      json: { managerId: f.id.erin },
      headers: { 'If-Match': `"${sam.body.version}"` },
    });
    expect(moved.status).toBe(200);
    const after = await access(request(erin()));
    expect(after).not.toBe(first);
    expect(after.canManage(f.id.sam)).toBe(true);
    expect(await access(request(erin()))).toBe(after);
  });
});
