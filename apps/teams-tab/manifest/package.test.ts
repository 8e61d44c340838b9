// The package command end to end (a child process with env), the zip's contents, and what the offline validation catches.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPackageConfig, PackageConfigError } from './config.ts';
import { buildPackage, inspectPng, validateLocalization, validateManifest } from './package.ts';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const manifestDir = fileURLToPath(new URL('.', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'perfloop-teams-pkg-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const CLIENT_ID = '0f6c2a8e-3b1d-4e5f-9a7b-1c2d3e4f5a6b';

describe('package command', () => {
  it('writes a zip with the filled, schema-valid manifest and both icons', async () => {
    const out = join(temp, 'app.zip');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'manifest/package.ts'], {
      cwd: packageDir,
      env: {
        ...process.env,
        TAB_DOMAIN: 'perfloop.contoso.com',
        ENTRA_CLIENT_ID: CLIENT_ID,
        OUT: out,
        APP_VERSION: '1.2.3',
      },
    });
    expect(stdout).toContain('validated offline');
    const files = unzipSync(new Uint8Array(readFileSync(out)));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png', 'zh-cn.json']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as {
      manifestVersion: string;
      version: string;
      webApplicationInfo: unknown;
      validDomains: string[];
      staticTabs: { entityId: string; contentUrl: string }[];
      configurableTabs: { configurationUrl: string }[];
    };
    expect(manifest.manifestVersion).toBe('1.30');
    expect(manifest.version).toBe('1.2.3');
    expect(manifest.webApplicationInfo).toEqual({
      id: CLIENT_ID,
      resource: `api://perfloop.contoso.com/${CLIENT_ID}`,
    });
    expect(manifest.validDomains).toEqual(['perfloop.contoso.com']);
    expect(manifest.staticTabs.map((t) => t.entityId)).toEqual([
      'me',
      'team',
      'calibration',
      'results',
      'department',
    ]);
    expect(manifest.staticTabs[0]?.contentUrl).toBe('https://perfloop.contoso.com/teams/me');
    expect(manifest.configurableTabs).toHaveLength(1);
    expect(manifest.configurableTabs[0]?.configurationUrl).toBe('https://perfloop.contoso.com/teams/config');
    expect(JSON.stringify(manifest)).not.toContain('{{');
    expect(validateManifest(manifest as unknown as Record<string, unknown>)).toEqual([]);
    const color = inspectPng(Buffer.from(files['color.png'] as Uint8Array));
    const outline = inspectPng(Buffer.from(files['outline.png'] as Uint8Array));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height, outline.whiteOnTransparent]).toEqual([32, 32, true]);
  });

  it('refuses a missing or malformed configuration with every problem, exit code 2', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', 'manifest/package.ts'], {
      cwd: packageDir,
      env: { ...process.env, TAB_DOMAIN: 'https://x.example/teams', ENTRA_CLIENT_ID: '' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failure && failure.code).toBe(2);
    expect((failure as { stderr: string }).stderr).toMatch(/TAB_DOMAIN: must be a host name/);
    expect((failure as { stderr: string }).stderr).toMatch(/ENTRA_CLIENT_ID: is required/);
    expect(() => loadPackageConfig({ TAB_DOMAIN: 'a.example', ENTRA_CLIENT_ID: 'nope' })).toThrow(
      PackageConfigError,
    );
  });

  it('catches schema violations offline and wrong icons', () => {
    const config = loadPackageConfig({ TAB_DOMAIN: 'a.example.com', ENTRA_CLIENT_ID: CLIENT_ID });
    const { manifest } = buildPackage(config);
    const broken = {
      ...manifest,
      accentColor: undefined,
      name: { short: 'x'.repeat(31) },
      staticTabs: 'none',
    };
    delete (broken as Record<string, unknown>).accentColor;
    const errors = validateManifest(broken);
    expect(errors.join('\n')).toMatch(/accentColor/);
    expect(errors.join('\n')).toMatch(/\/name\/short/);
    expect(errors.join('\n')).toMatch(/\/staticTabs/);

    // A package directory whose outline icon is the colour icon: wrong size and not white on transparent.
    const dir = mkdtempSync(join(temp, 'icons-'));
    writeFileSync(join(dir, 'manifest.json'), readFileSync(join(manifestDir, 'manifest.json')));
    copyFileSync(join(manifestDir, 'zh-cn.json'), join(dir, 'zh-cn.json'));
    copyFileSync(join(manifestDir, 'color.png'), join(dir, 'color.png'));
    copyFileSync(join(manifestDir, 'color.png'), join(dir, 'outline.png'));
    expect(() => buildPackage(config, dir)).toThrow(
      /outline\.png must be 32×32 pixels[\s\S]*white on a transparent/,
    );
  });

  it('declares the activity-feed notifications of the overdue alerts, each translated into Chinese with the same placeholders', () => {
    const config = loadPackageConfig({ TAB_DOMAIN: 'a.example.com', ENTRA_CLIENT_ID: CLIENT_ID });
    const { manifest, zip } = buildPackage(config);
    const activities = manifest.activities as { activityTypes: { type: string; templateText: string }[] };
    expect(activities.activityTypes.map((a) => a.type)).toEqual([
      'checkInOverdue',
      'acknowledgeResult',
      'planOverdue',
      'reportPlanOverdue',
      'selfAppraisalOverdue',
      'managerAppraisalOverdue',
      'feedbackMeetingOverdue',
      'reportPlanIncomplete',
      // The daily digests (several reports' items of one kind and cycle in one notification), declared after the
      // others: zh-cn.json names the types by position.
      'checkInsOverdue',
      'reportPlansOverdue',
      'managerAppraisalsOverdue',
      'feedbackMeetingsOverdue',
      'reportPlansIncomplete',
    ]);
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'en-us',
      additionalLanguages: [{ languageTag: 'zh-cn', file: 'zh-cn.json' }],
    });
    const files = unzipSync(zip);
    const zh = JSON.parse(new TextDecoder().decode(files['zh-cn.json'])) as Record<string, string>;
    expect(zh['activities.activityTypes[0].templateText']).toContain('{person}');
    expect(validateLocalization(manifest, zh)).toEqual([]);

    const wrong = { ...zh, 'activities.activityTypes[1].templateText': '{actor}：请确认 {cycle} 结果' };
    expect(validateLocalization(manifest, wrong).join('\n')).toMatch(/same placeholders/);
    const unknownKey = { ...zh, 'activities.activityTypes[13].templateText': '{actor}' };
    expect(validateLocalization(manifest, unknownKey).join('\n')).toMatch(/does not declare/);
    // Every declared type is translated, the schedule's overdue stages included.
    expect(zh['activities.activityTypes[5].templateText']).toBe(
      '{actor}：您对 {person} 的 {cycle} 经理评价已逾期（截止 {dueOn}）',
    );
    expect(zh['activities.activityTypes[7].templateText']).toBe(
      '{actor}：请完善并确认 {person} 的 {cycle} 绩效计划，已逾期（截止 {dueOn}）',
    );
    expect(zh['activities.activityTypes[8].templateText']).toBe(
      '{actor}：您与 {count} 位下属的辅导沟通已逾期：{people}',
    );
    expect(zh['activities.activityTypes[12].templateText']).toBe(
      '{actor}：{count} 位下属的 {cycle} 绩效计划仍待完善并确认，已逾期：{people}',
    );
    const digestUntranslated = { ...zh };
    delete digestUntranslated['activities.activityTypes[10].description'];
    expect(validateLocalization(manifest, digestUntranslated)).toEqual([
      'activities.activityTypes[10].description is not translated',
    ]);
    const untranslated = { ...zh };
    delete untranslated['activities.activityTypes[6].templateText'];
    expect(validateLocalization(manifest, untranslated)).toEqual([
      'activities.activityTypes[6].templateText is not translated',
    ]);
    const noDescription = { ...zh };
    delete noDescription['description.full'];
    expect(validateLocalization(manifest, noDescription).join('\n')).toMatch(/description\.full/);
  });
});
