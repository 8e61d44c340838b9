// /v1/organisation: everyone reads their own organisation; HR renames it and changes settings with If-Match.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

type OrgJson = { id: string; name: string; settings: Record<string, unknown>; version: number };
type ProblemJson = { code: string; errors?: { path: string }[]; details?: Record<string, unknown> };

describe.each(ENGINES)('organisation routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  // One store per engine for the file; a fresh fixture (two new organisations) per test keeps tests apart.
  beforeAll(async () => {
    h = await createApiHarness({ engine });
  });
  beforeEach(async () => {
    f = await seedFixture(h);
  });
  afterAll(async () => {
    await h.close();
  });

  const patch = (json: unknown, headers: Record<string, string> = { 'If-Match': '"1"' }, as = f.email.hal) =>
    h.call<OrgJson & ProblemJson>('PATCH', '/v1/organisation', { as, json, headers });

  describe('/v1/organisation', () => {
    it("returns the caller's organisation with defaults and an ETag", async () => {
      const res = await h.call<OrgJson>('GET', '/v1/organisation', { as: f.email.sam });
      expect(res.body).toMatchObject({
        id: f.acme.organisation.id,
        name: 'Acme',
        settings: { timezone: 'UTC', locale: 'en', currency: null, activePolicyId: null },
        version: 1,
      });
      expect(res.headers.get('etag')).toBe('"1"');
      const other = await h.call<OrgJson>('GET', '/v1/organisation', { as: f.email.gus });
      expect(other.body.name).toBe('Globex');
    });

    it('is for people only: an API key (e.g. the Notion worker) may not read the settings', async () => {
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      const res = await h.call<ProblemJson>('GET', '/v1/organisation', { key });
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('entraTenantId');
    });

    it('HR renames and changes settings; audited and in the feed', async () => {
      const res = await patch({ name: 'Acme Corp', settings: { timezone: 'Europe/Paris', locale: 'fr-FR' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        name: 'Acme Corp',
        settings: { timezone: 'Europe/Paris', locale: 'fr-FR' },
        version: 2,
      });
      expect(res.headers.get('etag')).toBe('"2"');
      const audit = await h.store.audit.list(f.acme.organisation.id, { after: 0, limit: 1000 });
      expect(audit.entries.at(-1)).toMatchObject({
        action: 'organisation.update',
        actor: f.id.hal,
        data: { changed: { name: { from: 'Acme', to: 'Acme Corp' } } },
      });
      const feed = await h.store.feed.read(f.acme.organisation.id, { after: 0, limit: 1000 });
      expect(feed.events.at(-1)).toMatchObject({ kind: 'organisations', op: 'update', version: 2 });
      expect((await h.store.audit.verify(f.acme.organisation.id)).ok).toBe(true);
    });

    it('428 without If-Match, 412 when stale, 403 for non-HR', async () => {
      expect((await patch({ name: 'X' }, {})).status).toBe(428);
      await patch({ name: 'First' });
      const stale = await patch({ name: 'Second' });
      expect(stale.status).toBe(412);
      expect(stale.body.details).toEqual({ currentVersion: 2 });
      expect((await patch({ name: 'Mine' }, { 'If-Match': '"2"' }, f.email.cat)).status).toBe(403);
    });

    it('400 for invalid settings; 422 for an unknown policy', async () => {
      const bad = await patch({ settings: { timezone: 'Mars/Olympus', colour: 'red' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['settings.colour', 'settings.timezone']);
      const unknown = await patch({ settings: { activePolicyId: 'pol_missing' } });
      expect([unknown.status, unknown.body.code]).toEqual([422, 'unknown_policy']);
    });

    it('a failure after the update rolls back the change, its audit entry and its feed event', async () => {
      const orgId = f.acme.organisation.id;
      const before = await h.store.organisations.get(orgId);
      const audited = (await h.store.audit.list(orgId, { after: 0, limit: 1000 })).entries.length;
      const events = (await h.store.feed.read(orgId, { after: 0, limit: 1000 })).events.length;
      const transaction = h.store.transaction;
      // The feed write (after the organisation update and its audit entry) fails.
      h.store.transaction = (id, fn) =>
        transaction(id, (tx) =>
          fn({
            ...tx,
            emit: async () => {
              throw new Error('feed unavailable');
            },
          }),
        );
      try {
        expect((await patch({ name: 'Never' })).status).toBe(500);
      } finally {
        h.store.transaction = transaction;
      }
      expect(await h.store.organisations.get(orgId)).toEqual(before);
      expect((await h.store.audit.list(orgId, { after: 0, limit: 1000 })).entries).toHaveLength(audited);
      expect((await h.store.feed.read(orgId, { after: 0, limit: 1000 })).events).toHaveLength(events);
      expect((await h.store.audit.verify(orgId)).ok).toBe(true);
      const res = await patch({ name: 'Acme Corp' });
      expect([res.status, res.body.name, res.body.version]).toEqual([200, 'Acme Corp', 2]);
    });

    it('keeps the ETag equal to the stored organisation version', async () => {
      await patch({ name: 'One' });
      await patch({ settings: { locale: 'de' } }, { 'If-Match': '"2"' });
      const res = await h.call<OrgJson>('GET', '/v1/organisation', { as: f.email.hal });
      expect(res.headers.get('etag')).toBe('"3"');
      expect(res.body).toMatchObject({ name: 'One', version: 3, settings: { locale: 'de' } });
      expect(res.body.settings).not.toHaveProperty('version');
      expect((await h.store.organisations.get(f.acme.organisation.id))?.version).toBe(3);
    });

    it('HR sets the currency (everyone reads it), changes it and clears it; audited', async () => {
      const set = await patch({ settings: { currency: 'EUR' } });
      expect([set.status, set.body.settings.currency, set.body.version]).toEqual([200, 'EUR', 2]);
      const read = await h.call<OrgJson>('GET', '/v1/organisation', { as: f.email.sam });
      expect(read.body.settings).toMatchObject({ currency: 'EUR', timezone: 'UTC', locale: 'en' });
      // The other organisation keeps none.
      const other = await h.call<OrgJson>('GET', '/v1/organisation', { as: f.email.gus });
      expect(other.body.settings.currency).toBeNull();
      // Other settings leave it alone.
      const locale = await patch({ settings: { locale: 'zh-CN' } }, { 'If-Match': '"2"' });
      expect(locale.body.settings).toMatchObject({ currency: 'EUR', locale: 'zh-CN' });
      const changed = await patch({ settings: { currency: 'CNY' } }, { 'If-Match': '"3"' });
      expect(changed.body.settings.currency).toBe('CNY');
      const cleared = await patch({ settings: { currency: null } }, { 'If-Match': '"4"' });
      expect([cleared.status, cleared.body.settings.currency]).toEqual([200, null]);
      const audit = await h.store.audit.list(f.acme.organisation.id, { after: 0, limit: 1000 });
      const changes = audit.entries
        .filter((e) => e.action === 'organisation.update')
        .map((e) => (e.data as { changed: Record<string, unknown> }).changed.currency)
        .filter((c) => c !== undefined);
      expect(changes).toEqual([
        { from: null, to: 'EUR' },
        { from: 'EUR', to: 'CNY' },
        { from: 'CNY', to: null },
      ]);
      expect((await h.store.audit.verify(f.acme.organisation.id)).ok).toBe(true);
    });

    it('400 per field for a currency that is not a known ISO 4217 code; nothing changes', async () => {
      for (const [currency, code] of [
        ['eur', 'invalid_format'],
        ['EURO', 'invalid_format'],
        ['€', 'invalid_format'],
        ['ABC', 'custom'],
        ['XXX', 'custom'],
      ] as const) {
        const res = await patch({ settings: { currency } });
        expect([res.status, res.body.code], currency).toEqual([400, 'validation_failed']);
        expect(
          res.body.errors?.map((e) => [e.path, (e as { code?: string }).code]),
          currency,
        ).toEqual([['settings.currency', code]]);
      }
      expect((await patch({ settings: { currency: 3 } })).body.errors?.map((e) => e.path)).toEqual([
        'settings.currency',
      ]);
      // HR only, like every setting.
      expect(
        (await patch({ settings: { currency: 'EUR' } }, { 'If-Match': '"1"' }, f.email.cat)).status,
      ).toBe(403);
      const org = await h.store.organisations.get(f.acme.organisation.id);
      expect([org?.version, org?.settings.currency]).toEqual([1, undefined]);
    });

    it('sets the active policy', async () => {
      const policy = await h.call<{ id: string }>('POST', '/v1/policies', {
        as: f.email.hal,
        json: { preset: 'control' },
      });
      const res = await patch({ settings: { activePolicyId: policy.body.id } });
      expect(res.body.settings.activePolicyId).toBe(policy.body.id);
    });
  });

  it('publishes the tenant id pattern as JSON Schema can read it (no regex flags), accepting any case', async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as {
      components: {
        schemas: Record<
          string,
          { properties: Record<string, { properties: Record<string, { pattern: string }> }> }
        >;
      };
    };
    for (const name of ['Organisation', 'OrganisationPatch']) {
      const pattern =
        doc.components.schemas[name]?.properties.settings?.properties.entraTenantId?.pattern ?? '';
      const re = new RegExp(pattern, 'u');
      expect(re.test('72f988bf-86f1-41af-91ab-2d7cd011db47')).toBe(true);
      expect(re.test('72F988BF-86F1-41AF-91AB-2D7CD011DB47')).toBe(true);
      expect(re.test('not-a-guid')).toBe(false);
    }
    expect(
      (await patch({ settings: { entraTenantId: '72F988BF-86F1-41AF-91AB-2D7CD011DB47' } })).status,
    ).toBe(200);
  });

  it('publishes the currency as a nullable three-letter pattern, and in every response that carries money', async () => {
    type Schema = { type?: string | string[]; pattern?: string; anyOf?: Schema[]; nullable?: boolean };
    const doc = (await (await h.app.request('/openapi.json')).json()) as {
      components: {
        schemas: Record<
          string,
          { properties: Record<string, Schema & { properties?: Record<string, Schema> }> }
        >;
      };
    };
    const patterns = (s: Schema | undefined): string[] =>
      s === undefined ? [] : [...(s.pattern ? [s.pattern] : []), ...(s.anyOf ?? []).flatMap(patterns)];
    for (const name of ['Organisation', 'OrganisationPatch']) {
      const currency = doc.components.schemas[name]?.properties.settings?.properties?.currency;
      const [pattern] = patterns(currency);
      const re = new RegExp(pattern ?? '', 'u');
      expect([re.test('EUR'), re.test('eur'), re.test('EURO')], name).toEqual([true, false, false]);
    }
    for (const name of ['Compensation', 'PersonResult', 'ResultsComputation']) {
      expect(doc.components.schemas[name]?.properties, name).toHaveProperty('currency');
    }
  });
});
