// Identities and API keys commit with their writes on BOTH engines: a failure after linking rolls everything back.
import type { Tx } from '@perfloop/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

type PersonJson = { id: string; email: string; version: number };
type KeyJson = { id: string; prefix: string; key?: string; expiresAt: string | null; code?: string };

describe.each(ENGINES)('atomic identity and key writes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
  });
  afterAll(async () => {
    await h.close();
  });
  const orgId = () => f.acme.organisation.id;
  const unique = (name: string) => `${name}.${Math.random().toString(36).slice(2)}@acme.test`;

  /** Subjects linked inside the transactions of the last withFailingAudit (then rolled back). */
  let linkedInTx: string[] = [];

  /** Runs `fn` with every transaction's audit entry failing (after the links and resource writes). */
  async function withFailingAudit<T>(fn: () => Promise<T>): Promise<T> {
    const transaction = h.store.transaction;
    linkedInTx = [];
    h.store.transaction = (id, work) =>
      transaction(id, (tx) => {
        const failing: Tx = {
          ...tx,
          identities: {
            ...tx.identities,
            link: async (input) => {
              const result = await tx.identities.link(input);
              if (result.ok) linkedInTx.push(result.identity.subject);
              return result;
            },
          },
          audit: async () => {
            throw new Error('audit log unavailable');
          },
        };
        return work(failing);
      });
    try {
      return await fn();
    } finally {
      h.store.transaction = transaction;
    }
  }

  const auditCount = async () =>
    (await h.store.audit.list(orgId(), { after: 0, limit: 1000 })).entries.length;

  it('people create: a failure after linking rolls the identity back with the person', async () => {
    const email = unique('nia');
    const input = { name: 'Nia New', email, departmentId: f.dept.sales, managerId: f.id.hana };
    const audited = await auditCount();
    const failed = await withFailingAudit(() =>
      h.call('POST', '/v1/people', { as: f.email.hal, json: input }),
    );
    expect(failed.status).toBe(500);
    expect(linkedInTx).toEqual([email]);
    expect(await h.store.identities.find('email', email)).toBeUndefined();
    expect(await auditCount()).toBe(audited);
    expect((await h.call('GET', '/v1/people/me', { as: email })).status).toBe(403);

    const created = await h.call<PersonJson>('POST', '/v1/people', { as: f.email.hal, json: input });
    expect(created.status).toBe(201);
    expect(await h.store.identities.find('email', email)).toMatchObject({
      orgId: orgId(),
      personId: created.body.id,
    });
    expect((await h.call<PersonJson>('GET', '/v1/people/me', { as: email })).body.id).toBe(created.body.id);
  });

  it('people create: 409 email_taken for an e-mail of another organisation, nothing written', async () => {
    const audited = await auditCount();
    const res = await h.call('POST', '/v1/people', {
      as: f.email.hal,
      json: { name: 'Gus Twin', email: f.email.gus, departmentId: f.dept.sales },
    });
    expect([res.status, res.body.code]).toEqual([409, 'email_taken']);
    expect(await h.store.identities.find('email', f.email.gus)).toMatchObject({
      orgId: f.globex.organisation.id,
    });
    expect(await auditCount()).toBe(audited);
  });

  it('people patch: a failed e-mail change does not link the new address', async () => {
    const email = unique('sam');
    const sam = await h.call<PersonJson>('GET', `/v1/people/${f.id.sam}`, { as: f.email.hal });
    const patch = () =>
      h.call<PersonJson>('PATCH', `/v1/people/${f.id.sam}`, {
        as: f.email.hal,
        json: { email },
        headers: { 'If-Match': `"${sam.body.version}"` },
      });
    expect((await withFailingAudit(patch)).status).toBe(500);
    expect(linkedInTx).toEqual([email]);
    expect(await h.store.identities.find('email', email)).toBeUndefined();
    expect((await patch()).status).toBe(200);
    expect((await h.call<PersonJson>('GET', '/v1/people/me', { as: email })).body.id).toBe(f.id.sam);
  });

  it('people import: created people are linked in the import transaction', async () => {
    const [a, b] = [unique('imp-a'), unique('imp-b')];
    const csv = `email,name,department\n${a},Imp A,Sales\n${b},Imp B,Sales\n`;
    const post = () =>
      h.call<{ summary: { created: number } }>('POST', '/v1/people/import', {
        as: f.email.hal,
        body: csv,
        headers: { 'Content-Type': 'text/csv' },
      });
    expect((await withFailingAudit(post)).status).toBe(500);
    expect(linkedInTx.sort()).toEqual([a, b].sort());
    expect(await h.store.identities.find('email', a)).toBeUndefined();
    const res = await post();
    expect([res.status, res.body.summary.created]).toEqual([200, 2]);
    for (const email of [a, b])
      expect((await h.call('GET', '/v1/people/me', { as: email })).status).toBe(200);
  });

  it('identity unlink: a failure after unlinking keeps the login and the person as they were', async () => {
    const subject = `aaaaaaaa-0000-4000-8000-00000000000a:${crypto.randomUUID()}`;
    await h.store.identities.link({ orgId: orgId(), provider: 'entra', subject, personId: f.id.pia });
    const pia = await h.call<PersonJson>('GET', `/v1/people/${f.id.pia}`, { as: f.email.hal });
    const audited = await auditCount();
    const unlink = () =>
      h.call('DELETE', `/v1/people/${f.id.pia}/identities/entra/${subject}`, {
        as: f.email.hal,
        headers: { 'If-Match': `"${pia.body.version}"` },
      });
    expect((await withFailingAudit(unlink)).status).toBe(500);
    expect(await h.store.identities.find('entra', subject)).toMatchObject({ personId: f.id.pia });
    expect(
      (await h.call<PersonJson>('GET', `/v1/people/${f.id.pia}`, { as: f.email.hal })).body.version,
    ).toBe(pia.body.version);
    expect(await auditCount()).toBe(audited);
    expect((await unlink()).status).toBe(204);
    expect(await h.store.identities.find('entra', subject)).toBeUndefined();
    expect(await auditCount()).toBe(audited + 1);
  });

  it('API key create is atomic with its audit entry', async () => {
    const json = { name: 'Sync', scopes: ['sync:notion'] };
    const before = (await h.store.apiKeys.list(orgId())).length;
    const failed = await withFailingAudit(() => h.call('POST', '/v1/api-keys', { as: f.email.hal, json }));
    expect(failed.status).toBe(500);
    expect(await h.store.apiKeys.list(orgId())).toHaveLength(before);

    const created = await h.call<KeyJson>('POST', '/v1/api-keys', { as: f.email.hal, json });
    expect(created.status).toBe(201);
    expect(await h.store.apiKeys.list(orgId())).toHaveLength(before + 1);
    const audit = await h.store.audit.list(orgId(), { after: 0, limit: 1000 });
    expect(audit.entries.at(-1)).toMatchObject({
      action: 'api_key.create',
      resourceId: created.body.id,
      data: { name: 'Sync', prefix: created.body.prefix },
    });
  });

  it('API key revoke is atomic with its audit entry', async () => {
    const created = await h.call<KeyJson>('POST', '/v1/api-keys', {
      as: f.email.hal,
      json: { name: 'Short-lived', scopes: ['sync:notion'] },
    });
    const revoke = () =>
      h.call<KeyJson>('POST', `/v1/api-keys/${created.body.id}/revoke`, { as: f.email.hal });
    expect((await withFailingAudit(revoke)).status).toBe(500);
    expect((await h.call('GET', '/v1/changes', { key: created.body.key ?? '' })).status).toBe(200);
    expect((await revoke()).status).toBe(200);
    expect((await h.call('GET', '/v1/changes', { key: created.body.key ?? '' })).status).toBe(401);
  });

  it('API keys take an optional expiry (in the future), stored in UTC', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString().replace('Z', '+00:00');
    const created = await h.call<KeyJson>('POST', '/v1/api-keys', {
      as: f.email.hal,
      json: { name: 'Expiring', scopes: ['sync:notion'], expiresAt },
    });
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toBe(new Date(expiresAt).toISOString());
    expect((await h.call('GET', '/v1/changes', { key: created.body.key ?? '' })).status).toBe(200);

    const past = await h.call<KeyJson>('POST', '/v1/api-keys', {
      as: f.email.hal,
      json: { name: 'Expired', scopes: ['sync:notion'], expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect([past.status, past.body.code]).toEqual([400, 'validation_failed']);
  });
});
