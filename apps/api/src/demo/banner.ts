// The startup banner: plain lines with the API, docs and OpenAPI URLs, the database, and (demo) how to sign in as whom.

import type { AddressInfo } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { type Person, PersonSchema } from '@perfloop/core';
import type { Store } from '@perfloop/store';
import { SQLITE_FILE_NAME } from '../deps.ts';
import type { Env } from '../env.ts';
import type { DemoPerson } from '../static/teamsTab.ts';
import { DEMO_HR, DEMO_ORG } from './roster.ts';

/** The base URL a person on this machine can open (unspecified bind addresses shown as 127.0.0.1). */
export function baseUrl(address: AddressInfo): string {
  const unspecified = address.address === '0.0.0.0' || address.address === '::';
  const host = unspecified
    ? '127.0.0.1'
    : address.family === 'IPv6'
      ? `[${address.address}]`
      : address.address;
  return `http://${host}:${address.port}`;
}

/** Where the data lives, in words (never the PostgreSQL password). */
export function databaseLine(env: Env): string {
  if (env.database.kind === 'postgres') {
    const url = new URL(env.database.url);
    return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  }
  const dir = env.database.dataDir;
  const file = resolve(dir, SQLITE_FILE_NAME);
  return `SQLite ${file}${isAbsolute(dir) ? '' : ` (DATA_DIR=${dir}, relative to ${process.cwd()})`}`;
}

type RoleGroup = 'HR admin' | 'Department heads' | 'Managers' | 'Employees';

function groupOf(p: Person): RoleGroup {
  if (p.roles.includes('hr_admin')) return 'HR admin';
  if (p.roles.includes('department_head')) return 'Department heads';
  if (p.roles.includes('manager')) return 'Managers';
  return 'Employees';
}

/** The demo organisation's active people by role, as stored now (null when there is no demo organisation). */
export async function demoPeopleByRole(store: Store): Promise<Map<RoleGroup, Person[]> | null> {
  const org = await store.organisations.getBySlug(DEMO_ORG.slug);
  if (!org) return null;
  const groups = new Map<RoleGroup, Person[]>(
    (['HR admin', 'Department heads', 'Managers', 'Employees'] as const).map((g) => [g, []]),
  );
  let after: string | undefined;
  for (;;) {
    const page = await store
      .resources('people')
      .list(org.id, { limit: 500, ...(after !== undefined ? { after } : {}) });
    for (const r of page.records) {
      const p = PersonSchema.safeParse(r.data);
      if (p.success && p.data.active) groups.get(groupOf(p.data))?.push(p.data);
    }
    if (page.nextCursor === null) break;
    after = page.nextCursor;
  }
  for (const list of groups.values()) list.sort((a, b) => (a.email < b.email ? -1 : 1));
  return groups;
}

/** The same people as one list (the Teams tab's demo sign-in offers them). */
export async function demoPeopleList(store: Store): Promise<DemoPerson[]> {
  const groups = await demoPeopleByRole(store);
  if (!groups) return [];
  return [...groups].flatMap(([group, list]) =>
    list.map((p) => ({ email: p.email, name: p.name, jobTitle: p.jobTitle || null, group })),
  );
}

export interface BannerInput {
  env: Env;
  address: AddressInfo;
  /** Null outside demo mode or without a demo organisation. */
  people: Map<RoleGroup, Person[]> | null;
  /** What the first-start seed did. */
  seedNote: string | null;
}

export function bannerText({ env, address, people, seedNote }: BannerInput): string {
  const base = baseUrl(address);
  const lines = [
    '',
    'Perfloop API is running',
    `  API       ${base}/v1`,
    `  Docs      ${base}/docs`,
    `  OpenAPI   ${base}/openapi.json`,
    `  Health    ${base}/healthz  ${base}/readyz`,
    `  Teams tab ${base}/teams/  (open it in a browser; in Teams through the app package)`,
    `  Database  ${databaseLine(env)}`,
  ];
  if (seedNote) lines.push(`  Seed      ${seedNote}`);
  if (env.demo) {
    const hr = people?.get('HR admin')?.[0]?.email ?? DEMO_HR.email;
    lines.push(
      '',
      'Demo mode: sign in as anyone with  Authorization: Bearer dev:<email>  (never in production)',
      `  curl -H 'Authorization: Bearer dev:${hr}' ${base}/v1/people/me`,
      `  curl -H 'Authorization: Bearer dev:${hr}' ${base}/v1/cycles`,
    );
    if (people) {
      lines.push('', `Demo people (${DEMO_ORG.name}):`);
      for (const [group, list] of people) {
        if (list.length === 0) continue;
        lines.push(`  ${group}`);
        for (const p of list)
          lines.push(`    ${p.email.padEnd(22)} ${p.name}${p.jobTitle ? `, ${p.jobTitle}` : ''}`);
      }
    }
  }
  lines.push('', 'Stop with Ctrl+C.', '');
  return lines.join('\n');
}
