// What a database holds, read back for the valid-input generators: every live record per organisation and kind.
import { RESOURCE_KINDS, type Store } from '@perfloop/store';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { OrgSlug } from '../ids.ts';

/** A stored record: its JSON data with its id and version. */
export type Rec = Record<string, unknown> & { id: string; version: number };

export interface Facts {
  /** Live records of `kind` in the organisation, in id order (`api_keys` too, with `revokedAt`). */
  of(org: OrgSlug, kind: string): readonly Rec[];
  /** A record of any organisation by id. */
  byId(id: string): Rec | undefined;
}

interface Row {
  org_id: string;
  id: string;
  version: number | string;
  data: unknown;
}

function factsOf(rows: Iterable<[kind: string, row: Row]>, orgIdOf: Record<OrgSlug, string>): Facts {
  const slugOf = new Map<string, OrgSlug>([
    [orgIdOf.acme, 'acme'],
    [orgIdOf.globex, 'globex'],
  ]);
  const lists = new Map<string, Rec[]>();
  const ids = new Map<string, Rec>();
  for (const [kind, row] of rows) {
    const org = slugOf.get(row.org_id);
    if (!org) continue;
    const data = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
    const rec = { ...(data as Record<string, unknown>), id: row.id, version: Number(row.version) } as Rec;
    const key = `${org} ${kind}`;
    const list = lists.get(key) ?? [];
    list.push(rec);
    lists.set(key, list);
    ids.set(row.id, rec);
  }
  for (const list of lists.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { of: (org, kind) => lists.get(`${org} ${kind}`) ?? [], byId: (id) => ids.get(id) };
}

/** The facts of a template file (SQLite, read-only). */
export function factsInFile(file: string, orgIdOf: Record<OrgSlug, string>): Facts {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows: [string, Row][] = [];
    for (const kind of RESOURCE_KINDS) {
      const all = db
        .prepare(`select org_id, id, version, data from "r_${kind}" where deleted_at is null`)
        .all() as Row[];
      for (const r of all) rows.push([kind, r]);
    }
    const keys = db
      .prepare(`select org_id, id, 1 as version, json_object('revokedAt', revoked_at) as data from api_keys`)
      .all() as Row[];
    for (const r of keys) rows.push(['api_keys', r]);
    return factsOf(rows, orgIdOf);
  } finally {
    db.close();
  }
}

/** The facts of a live store (either engine). */
export async function factsInStore(store: Store, orgIdOf: Record<OrgSlug, string>): Promise<Facts> {
  const rows: [string, Row][] = [];
  for (const kind of RESOURCE_KINDS) {
    const { rows: all } = await sql<Row>`
      select org_id, id, version, data from ${sql.table(`r_${kind}`)} where deleted_at is null`.execute(
      store.db,
    );
    for (const r of all) rows.push([kind, r]);
  }
  const { rows: keys } = await sql<{ org_id: string; id: string; revoked_at: string | null }>`
    select org_id, id, revoked_at from api_keys`.execute(store.db);
  for (const k of keys)
    rows.push(['api_keys', { org_id: k.org_id, id: k.id, version: 1, data: { revokedAt: k.revoked_at } }]);
  return factsOf(rows, orgIdOf);
}
