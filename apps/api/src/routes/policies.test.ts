// /v1/policies: presets, creation from a preset or in full (HR), culture-fit warnings, If-Match edits.

import { POLICY_PRESETS } from '@perfloop/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../bootstrap.ts';
import { createWrite } from '../kit/write.ts';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

type PolicyJson = {
  id: string;
  name: string;
  theme: string;
  version: number;
  distribution: { forced: boolean };
  warnings: { code: string; details?: Record<string, unknown> }[];
};
type ProblemJson = { code: string; errors?: { path: string }[] };

describe.each(ENGINES)('policies routes on %s', (engine) => {
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

  const create = (json: unknown, as = f.email.hal) =>
    h.call<PolicyJson & ProblemJson>('POST', '/v1/policies', { as, json });

  describe('/v1/policies', () => {
    it('lists both presets with their warnings', async () => {
      const res = await h.call<{ items: { preset: string; warnings: unknown[] }[] }>(
        'GET',
        '/v1/policies/presets',
        {
          as: f.email.sam,
        },
      );
      expect(res.body.items.map((p) => p.preset)).toEqual(['incentive', 'control']);
      // Neither preset's coaching graces cover its cadence.
      expect(res.body.items.map((p) => p.warnings)).toEqual([[], []]);
    });

    it('creates from a preset with overrides; forced distribution warns about team stability', async () => {
      const res = await create({
        preset: 'incentive',
        overrides: {
          name: 'Growth 2026',
          distribution: { ...POLICY_PRESETS.incentive.distribution, forced: true },
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Growth 2026',
        theme: 'incentive',
        version: 1,
        distribution: { forced: true },
      });
      expect(res.body.warnings.map((w) => w.code)).toContain('team_stability');
      expect(res.body.id).toMatch(/^pol_/);
      const stored = await h.store.resources('policies').get(f.acme.organisation.id, res.body.id);
      expect(stored?.data).toMatchObject({ id: res.body.id, name: 'Growth 2026' });
      expect(stored?.data).not.toHaveProperty('warnings');
    });

    it('warns when a coaching grace covers the cadence’s interval, on create, read, list and patch', async () => {
      const res = await create({
        preset: 'control',
        overrides: {
          name: 'Lenient coaching',
          coaching: { cadence: 'weekly', graceDays: 2, recordingGraceDays: 7 },
        },
      });
      expect(res.status).toBe(201);
      const warning = {
        code: 'recording_grace_covers_cadence',
        message: expect.stringContaining('as long as the weekly coaching interval (7 days)'),
        details: { cadence: 'weekly', cadenceDays: 7, recordingGraceDays: 7 },
      };
      expect(res.body.warnings).toEqual([warning]);
      const path = `/v1/policies/${res.body.id}`;
      expect((await h.call<PolicyJson>('GET', path, { as: f.email.sam })).body.warnings).toEqual([warning]);
      const list = await h.call<{ items: PolicyJson[] }>('GET', '/v1/policies', { as: f.email.sam });
      expect(list.body.items.find((p) => p.id === res.body.id)?.warnings).toEqual([warning]);
      // Nothing about it is stored: the warning is worked out from the policy on every read.
      expect(
        (await h.store.resources('policies').get(f.acme.organisation.id, res.body.id))?.data,
      ).not.toHaveProperty('warnings');

      // A monthly cadence holds the same graces within its interval; a grace of 30 before overdue covers it.
      const monthly = await h.call<PolicyJson>('PATCH', path, {
        as: f.email.hal,
        json: { coaching: { cadence: 'monthly', graceDays: 30, recordingGraceDays: 7 } },
        headers: { 'If-Match': '"1"' },
      });
      expect(monthly.status).toBe(200);
      expect(monthly.body.warnings.map((w) => [w.code, w.details])).toEqual([
        ['overdue_grace_covers_cadence', { cadence: 'monthly', cadenceDays: 30, graceDays: 30 }],
      ]);
      const fixed = await h.call<PolicyJson>('PATCH', path, {
        as: f.email.hal,
        json: { coaching: { cadence: 'monthly', graceDays: 5, recordingGraceDays: 7 } },
        headers: { 'If-Match': '"2"' },
      });
      expect(fixed.body.warnings).toEqual([]);
    });

    it('changes only the fields named in a section (PATCH and preset overrides); the result is validated whole', async () => {
      const res = await create({
        preset: 'control',
        overrides: { name: 'Evidence', calibration: { evidenceMinChars: 60 } },
      });
      expect(res.status).toBe(201);
      const path = `/v1/policies/${res.body.id}`;
      type Full = PolicyJson & typeof POLICY_PRESETS.control;
      const created = (await h.call<Full>('GET', path, { as: f.email.hal })).body;
      expect(created.calibration).toEqual({ ...POLICY_PRESETS.control.calibration, evidenceMinChars: 60 });

      // One field of one section: the section's other fields (a default-carrying one included) and the rest stay.
      const patched = await h.call<Full>('PATCH', path, {
        as: f.email.hal,
        json: { coaching: { graceDays: 4 } },
        headers: { 'If-Match': '"1"' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.coaching).toEqual({ ...POLICY_PRESETS.control.coaching, graceDays: 4 });
      expect(patched.body.calibration).toEqual(created.calibration);
      expect(patched.body.feedback).toEqual(created.feedback);

      // A map in a section is one field: replaced whole.
      const multipliers = { '1': 0, '2': 0.5, '3': 1, '4': 1.2, '5': 1.4 };
      const pool = await h.call<Full>('PATCH', path, {
        as: f.email.hal,
        json: { bonusPool: { multipliers } },
        headers: { 'If-Match': '"2"' },
      });
      expect(pool.body.bonusPool).toEqual({ ...POLICY_PRESETS.control.bonusPool, multipliers });

      // The result breaks the goal mix's rule (kpi + competency = 100): 400 on the section, nothing changed.
      const broken = await h.call<ProblemJson>('PATCH', path, {
        as: f.email.hal,
        json: { goalMix: { kpi: 90 } },
        headers: { 'If-Match': '"3"' },
      });
      expect(broken.status).toBe(400);
      expect(broken.body.code).toBe('validation_failed');
      expect(broken.body.errors?.map((e) => e.path)).toEqual(['goalMix']);
      // An unknown field inside a section is named: 400, nothing changed.
      const unknown = await h.call<ProblemJson>('PATCH', path, {
        as: f.email.hal,
        json: { coaching: { cadense: 'weekly' } },
        headers: { 'If-Match': '"3"' },
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors?.map((e) => e.path)).toEqual(['coaching.cadense']);
      const after = (await h.call<Full>('GET', path, { as: f.email.hal })).body;
      expect(after.version).toBe(3);
      expect(after.goalMix).toEqual(POLICY_PRESETS.control.goalMix);

      // The same change made valid: both fields of the rule sent.
      const mix = await h.call<Full>('PATCH', path, {
        as: f.email.hal,
        json: { goalMix: { kpi: 90, competency: 10 } },
        headers: { 'If-Match': '"3"' },
      });
      expect(mix.body.goalMix).toEqual({ ...POLICY_PRESETS.control.goalMix, kpi: 90, competency: 10 });

      // Preset overrides break the rule the same way: 400 naming the section.
      const badPreset = await create({
        preset: 'incentive',
        overrides: { goalMix: { kpi: 50 } },
      });
      expect(badPreset.status).toBe(400);
      expect(badPreset.body.errors?.map((e) => e.path)).toEqual(['overrides.goalMix']);
    });

    it('creates a complete policy', async () => {
      const res = await create({ ...POLICY_PRESETS.control, name: 'Steady' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: 'Steady', theme: 'control', warnings: [] });
    });

    it('400 with field errors from the branch the body chose', async () => {
      const preset = await create({ preset: 'chaos', overrides: { cycleLength: 'decade' } });
      expect(preset.status).toBe(400);
      expect(preset.body.errors?.map((e) => e.path).sort()).toEqual(['overrides.cycleLength', 'preset']);
      const full = await create({ ...POLICY_PRESETS.control, goalMix: { kpi: 70, competency: 20 } });
      expect(full.status).toBe(400);
      expect(full.body.errors?.map((e) => e.path)).toEqual(['goalMix']);
    });

    it('a policy from a preset names its rating levels in Chinese too, as the presets list them', async () => {
      type Scale = { levels: { value: number; label: string; labels?: Record<string, string> }[] };
      const presets = await h.call<{ items: { preset: string; policy: { ratingScale: Scale } }[] }>(
        'GET',
        '/v1/policies/presets',
        { as: f.email.sam },
      );
      const expected = [
        [1, 'Unsatisfactory', '不合格'],
        [2, 'Needs improvement', '需改进'],
        [3, 'Meets expectations', '达到预期'],
        [4, 'Exceeds expectations', '超出预期'],
        [5, 'Outstanding', '卓越'],
      ];
      const named = (scale: Scale) => scale.levels.map((l) => [l.value, l.label, l.labels?.['zh-CN']]);
      for (const item of presets.body.items) expect(named(item.policy.ratingScale)).toEqual(expected);
      for (const preset of ['incentive', 'control']) {
        const res = await create({ preset });
        expect(res.status).toBe(201);
        const got = await h.call<{ ratingScale: Scale }>('GET', `/v1/policies/${res.body.id}`, {
          as: f.email.sam,
        });
        expect(named(got.body.ratingScale)).toEqual(expected);
      }
    });

    it('accepts, stores and returns rating labels in Chinese; a cycle keeps them; a language it does not know is 400', async () => {
      const levels = POLICY_PRESETS.incentive.ratingScale.levels;
      const ratingScale = {
        ...POLICY_PRESETS.incentive.ratingScale,
        levels: levels.map((l) =>
          l.value === 3 ? { ...l, labels: { 'zh-CN': '达到预期', en: 'On target' } } : l,
        ),
      };
      const res = await create({ preset: 'incentive', overrides: { name: 'Bilingual', ratingScale } });
      expect(res.status).toBe(201);
      const got = await h.call<{ ratingScale: typeof ratingScale }>('GET', `/v1/policies/${res.body.id}`, {
        as: f.email.sam,
      });
      expect(got.body.ratingScale).toEqual(ratingScale);
      const cycle = await h.call<{ id: string; policy: { ratingScale: typeof ratingScale } }>(
        'POST',
        '/v1/cycles',
        {
          as: f.email.hal,
          json: {
            name: 'Bilingual 2026',
            policyId: res.body.id,
            startsOn: '2026-01-01',
            endsOn: '2026-06-30',
          },
        },
      );
      expect(cycle.status).toBe(201);
      expect(cycle.body.policy.ratingScale.levels[2]?.labels).toEqual({
        'zh-CN': '达到预期',
        en: 'On target',
      });

      // PATCH replaces the scale whole: labels given to one level only, the others' (the preset's) dropped.
      const patched = await h.call<{ version: number; ratingScale: typeof ratingScale }>(
        'PATCH',
        `/v1/policies/${res.body.id}`,
        {
          as: f.email.hal,
          json: {
            ratingScale: {
              ...ratingScale,
              levels: levels.map(({ labels: _labels, ...l }) =>
                l.value === 5 ? { ...l, labels: { 'zh-CN': '杰出' } } : l,
              ),
            },
          },
          headers: { 'If-Match': '"1"' },
        },
      );
      expect(patched.status).toBe(200);
      expect(patched.body.ratingScale.levels.map((l) => l.labels ?? null)).toEqual([
        null,
        null,
        null,
        null,
        { 'zh-CN': '杰出' },
      ]);

      const refused = await h.call<ProblemJson>('PATCH', `/v1/policies/${res.body.id}`, {
        as: f.email.hal,
        json: {
          ratingScale: {
            ...ratingScale,
            levels: levels.map((l) =>
              l.value === 2 ? { ...l, labels: { fr: 'À améliorer', 'zh-CN': '' } } : l,
            ),
          },
        },
        headers: { 'If-Match': '"2"' },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.map((e) => e.path).sort()).toEqual([
        'ratingScale.levels.1.labels.fr',
        'ratingScale.levels.1.labels.zh-CN',
      ]);
      const after = await h.call<{ version: number }>('GET', `/v1/policies/${res.body.id}`, {
        as: f.email.sam,
      });
      expect(after.body.version).toBe(2);
    });

    it('publishes the rating labels in /openapi.json (the policy, its input and a cycle’s snapshot)', async () => {
      type Schema = {
        type?: string;
        properties?: Record<string, Schema>;
        items?: Schema;
        additionalProperties?: unknown;
        maxLength?: number;
        minLength?: number;
        $ref?: string;
        required?: string[];
      };
      const doc = (await (await h.app.request('/openapi.json')).json()) as {
        components: { schemas: Record<string, Schema> };
      };
      const resolve = (s: Schema | undefined): Schema | undefined =>
        s?.$ref ? doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] : s;
      const levelOf = (policy: Schema | undefined) =>
        resolve(resolve(resolve(policy)?.properties?.ratingScale)?.properties?.levels?.items);
      const text = { type: 'string', minLength: 1, maxLength: 80 };
      for (const level of [
        levelOf(doc.components.schemas.Policy),
        levelOf(doc.components.schemas.PolicyInput),
        levelOf(resolve(doc.components.schemas.Cycle)?.properties?.policy),
      ]) {
        expect(level?.properties?.label).toEqual(text);
        expect(level?.properties?.labels).toEqual({
          type: 'object',
          properties: { en: text, 'zh-CN': text },
          additionalProperties: false,
        });
        expect(level?.required).not.toContain('labels');
      }
    });

    it('the anonymity threshold: 3 by default (also for a policy stored before it), 1–50, in /openapi.json', async () => {
      type WithFeedback = PolicyJson & { feedback: { anonymousMinReviews: number } };
      const made = await h.call<WithFeedback>('POST', '/v1/policies', {
        as: f.email.hal,
        json: { preset: 'control' },
      });
      expect(made.body.feedback.anonymousMinReviews).toBe(3);
      // Stored before the setting existed: read as the default.
      const orgId = f.acme.organisation.id;
      await h.store.transaction(orgId, async (tx) => {
        const record = await tx.resources('policies').get(orgId, made.body.id);
        if (!record) throw new Error('no policy');
        const { anonymousMinReviews: _, ...feedback } = POLICY_PRESETS.control.feedback;
        await createWrite(tx, SYSTEM_ACTOR).update('policies', made.body.id, {
          expectedVersion: record.version,
          data: { ...record.data, feedback },
        });
      });
      const path = `/v1/policies/${made.body.id}`;
      const read = await h.call<WithFeedback>('GET', path, { as: f.email.hal });
      expect([read.status, read.body.feedback.anonymousMinReviews]).toEqual([200, 3]);
      const feedback = (anonymousMinReviews: number) => ({
        feedback: { ...POLICY_PRESETS.control.feedback, anonymousMinReviews },
      });
      const none = await h.call<WithFeedback>('PATCH', path, {
        as: f.email.hal,
        json: feedback(1),
        headers: { 'If-Match': `"${read.body.version}"` },
      });
      expect([none.status, none.body.feedback.anonymousMinReviews]).toEqual([200, 1]);
      for (const bad of [0, 51]) {
        const refused = await h.call<ProblemJson>('PATCH', path, {
          as: f.email.hal,
          json: feedback(bad),
          headers: { 'If-Match': `"${none.body.version}"` },
        });
        expect([refused.status, refused.body.errors?.map((e) => e.path)]).toEqual([
          400,
          ['feedback.anonymousMinReviews'],
        ]);
      }
      type Schema = { properties?: Record<string, Schema>; required?: string[]; $ref?: string };
      const doc = (await (await h.app.request('/openapi.json')).json()) as {
        components: { schemas: Record<string, Schema> };
      };
      const resolve = (x: Schema | undefined) =>
        x?.$ref ? doc.components.schemas[x.$ref.replace('#/components/schemas/', '')] : x;
      for (const name of ['Policy', 'PolicyInput']) {
        const section = resolve(resolve(doc.components.schemas[name])?.properties?.feedback);
        expect(section?.properties?.anonymousMinReviews).toEqual({
          type: 'integer',
          minimum: 1,
          maximum: 50,
          default: 3,
        });
      }
      const input = resolve(resolve(doc.components.schemas.PolicyInput)?.properties?.feedback);
      expect(input?.required).not.toContain('anonymousMinReviews');
    });

    it('403 for non-HR', async () => {
      expect((await create({ preset: 'control' }, f.email.cat)).status).toBe(403);
    });

    it('lists, gets and patches with If-Match; other organisations get 404', async () => {
      const created = await create({ preset: 'control' });
      const list = await h.call<{ items: PolicyJson[] }>('GET', '/v1/policies', { as: f.email.sam });
      expect(list.body.items.map((p) => p.id)).toEqual([created.body.id]);
      const get = await h.call<PolicyJson>('GET', `/v1/policies/${created.body.id}`, { as: f.email.sam });
      expect(get.headers.get('etag')).toBe('"1"');
      expect((await h.call('GET', `/v1/policies/${created.body.id}`, { as: f.email.gus })).status).toBe(404);

      const path = `/v1/policies/${created.body.id}`;
      expect((await h.call('PATCH', path, { as: f.email.hal, json: { name: 'Renamed' } })).status).toBe(428);
      const patched = await h.call<PolicyJson>('PATCH', path, {
        as: f.email.hal,
        json: { name: 'Renamed', distribution: { ...POLICY_PRESETS.control.distribution, forced: true } },
        headers: { 'If-Match': '"1"' },
      });
      expect(patched.body).toMatchObject({ name: 'Renamed', version: 2 });
      expect(patched.body.warnings.map((w) => w.code)).toContain('team_stability');
      const stale = await h.call<ProblemJson>('PATCH', path, {
        as: f.email.hal,
        json: { name: 'Again' },
        headers: { 'If-Match': '"1"' },
      });
      expect([stale.status, stale.body.code]).toEqual([412, 'stale_version']);
      const foreign = await h.call('PATCH', path, {
        as: f.email.gwen,
        json: { name: 'X' },
        headers: { 'If-Match': '"2"' },
      });
      expect(foreign.status).toBe(404);
    });
  });
});
