// Builds the Teams app package: fills manifest.json from the configuration, validates it (and its translations) offline
// against Microsoft's JSON schemas (shipped in @microsoft/app-manifest), checks the icons, and zips them with the icons.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { zipSync } from 'fflate';
import { PNG } from 'pngjs';
import { loadPackageConfig, type PackageConfig, PackageConfigError } from './config.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const require = createRequire(import.meta.url);

/** Fills `{{TAB_DOMAIN}}`, `{{ENTRA_CLIENT_ID}}`, `{{TEAMS_APP_ID}}` and `{{APP_VERSION}}` in the template. */
export function fillManifest(template: string, config: PackageConfig): Record<string, unknown> {
  const values: Record<string, string> = {
    TAB_DOMAIN: config.tabDomain,
    ENTRA_CLIENT_ID: config.entraClientId,
    TEAMS_APP_ID: config.teamsAppId,
    APP_VERSION: config.version,
  };
  const filled = template.replace(/\{\{(\w+)\}\}/g, (m, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`manifest.json uses an unknown placeholder ${m}`);
    return value;
  });
  return JSON.parse(filled) as Record<string, unknown>;
}

/** The schema version a manifest declares, e.g. `1.30` from its `$schema` URL. */
export function schemaVersion(manifest: Record<string, unknown>): string {
  const url = String(manifest.$schema ?? '');
  const match =
    /^https:\/\/developer\.microsoft\.com\/(?:[a-z-]+\/)?json-schemas\/teams\/(v[\w.]+)\/MicrosoftTeams\.schema\.json$/.exec(
      url,
    );
  if (!match?.[1]) throw new Error(`$schema must be a Microsoft Teams schema URL, not ${url || 'missing'}`);
  return match[1];
}

/** Validates a document against a schema file shipped in @microsoft/app-manifest (no network): readable errors. */
function validateWith(file: string, doc: Record<string, unknown>): string[] {
  const schema = require(`@microsoft/app-manifest/build/json-schemas/teams/${file}`) as object;
  // The localization schema's key patterns (`\b]`) are not valid Unicode-mode regular expressions.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(doc)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
  );
}

/** Validates against the schema file shipped in @microsoft/app-manifest (no network). Returns readable errors. */
export function validateManifest(manifest: Record<string, unknown>): string[] {
  return validateWith(`${schemaVersion(manifest)}/MicrosoftTeams.schema.json`, manifest);
}

/** `{name}` placeholders of a template text, sorted. */
const placeholders = (text: unknown): string[] =>
  [...String(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();

/**
 * Checks one translation file (`localizationInfo.additionalLanguages[].file`) against the localization schema of the
 * manifest's version, that every declared activity type is translated (description and template) and that each
 * translated template keeps the default template's placeholders.
 */
export function validateLocalization(
  manifest: Record<string, unknown>,
  translation: Record<string, unknown>,
): string[] {
  const version = schemaVersion(manifest);
  const problems = validateWith(`${version}/MicrosoftTeams.Localization.schema.json`, translation);
  const types = ((manifest.activities as { activityTypes?: { templateText: string }[] } | undefined)
    ?.activityTypes ?? []) as { templateText: string }[];
  for (const [key, text] of Object.entries(translation)) {
    const match = /^activities\.activityTypes\[(\d+)\]\.templateText$/.exec(key);
    if (!match) continue;
    const original = types[Number(match[1])];
    if (!original) problems.push(`${key} translates an activity type the manifest does not declare`);
    else if (placeholders(text).join() !== placeholders(original.templateText).join()) {
      problems.push(
        `${key} must use the same placeholders as the manifest (${placeholders(original.templateText).join(', ')})`,
      );
    }
  }
  // Every declared activity type reads in the translation's language too (Teams would fall back to English).
  types.forEach((_, i) => {
    for (const field of ['description', 'templateText']) {
      const key = `activities.activityTypes[${i}].${field}`;
      if (typeof translation[key] !== 'string') problems.push(`${key} is not translated`);
    }
  });
  return problems;
}

/** Pixel size of a PNG, and whether every pixel is white or fully transparent (outline icons). */
export function inspectPng(bytes: Buffer): { width: number; height: number; whiteOnTransparent: boolean } {
  const png = PNG.sync.read(bytes);
  let whiteOnTransparent = true;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
    if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) {
      whiteOnTransparent = false;
      break;
    }
  }
  return { width: png.width, height: png.height, whiteOnTransparent };
}

export interface BuiltPackage {
  manifest: Record<string, unknown>;
  zip: Uint8Array;
}

/** Builds the package in memory; throws with every problem found. */
export function buildPackage(config: PackageConfig, dir = here('.')): BuiltPackage {
  const manifest = fillManifest(readFileSync(resolve(dir, 'manifest.json'), 'utf8'), config);
  const problems = validateManifest(manifest).map((e) => `manifest.json ${e}`);
  const languages = ((manifest.localizationInfo as { additionalLanguages?: { file: string }[] } | undefined)
    ?.additionalLanguages ?? []) as { file: string }[];
  const translations: Record<string, Uint8Array> = {};
  for (const { file } of languages) {
    const bytes = readFileSync(resolve(dir, file));
    translations[file] = new Uint8Array(bytes);
    const translation = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    problems.push(...validateLocalization(manifest, translation).map((e) => `${file} ${e}`));
  }
  const icons = manifest.icons as { color: string; outline: string };
  const color = readFileSync(resolve(dir, icons.color));
  const outline = readFileSync(resolve(dir, icons.outline));
  const c = inspectPng(color);
  const o = inspectPng(outline);
  if (c.width !== 192 || c.height !== 192)
    problems.push(`${icons.color} must be 192×192 pixels, is ${c.width}×${c.height}`);
  if (o.width !== 32 || o.height !== 32)
    problems.push(`${icons.outline} must be 32×32 pixels, is ${o.width}×${o.height}`);
  if (!o.whiteOnTransparent) problems.push(`${icons.outline} must be white on a transparent background`);
  if (problems.length > 0)
    throw new Error(`The Teams app package is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const zip = zipSync(
    {
      'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
      [icons.color]: new Uint8Array(color),
      [icons.outline]: new Uint8Array(outline),
      ...translations,
    },
    { level: 9, mtime: new Date('2026-01-01T00:00:00Z') },
  );
  return { manifest, zip };
}

function main(): void {
  let config: PackageConfig;
  try {
    config = loadPackageConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof PackageConfigError ? error.message : String(error)}\n`);
    process.exit(2);
  }
  try {
    const built = buildPackage(config);
    const out = resolve(config.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, built.zip);
    process.stdout.write(
      `Wrote ${out} (${built.zip.length} bytes): manifest ${String(built.manifest.manifestVersion)} for https://${config.tabDomain}/teams/, validated offline against the schema in @microsoft/app-manifest.\n`,
    );
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

const entry = process.argv[1];
if (entry && resolve(entry) === fileURLToPath(import.meta.url)) main();
