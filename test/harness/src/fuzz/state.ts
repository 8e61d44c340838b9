// Reading the database back: a per-organisation fingerprint of every table, the rows a request names, and the
// invariants every committed state keeps (audit chain, gapless shared sequence, feed matching the resources).
import { createHash } from 'node:crypto';
import { RESOURCE_KINDS, type Store } from '@perfloop/store';
import { sql } from 'kysely';

/** One line per (table, organisation): counts, version sums, latest timestamps and data lengths. */
export type Fingerprint = Map<string, string>;

const text = (expr: string) => `cast(${expr} as text)`;

function fingerprintSql(): string {
  const parts = [
    `select 'organisations' as t, id as org, ${text('seq')} || '|' || ${text('version')} || '|' || name || '|' || slug || '|' || settings as v from organisations`,
    // last_used_at is bookkeeping of successful sign-ins, not state a request may change.
    `select 'api_keys', org_id, ${text('count(*)')} || '|' || ${text('count(revoked_at)')} || '|' || ${text('count(expires_at)')} || '|' || ${text('sum(length(name) + length(scopes) + length(hash))')} from api_keys group by org_id`,
    `select 'identities', org_id, ${text('count(*)')} || '|' || ${text('sum(length(subject) + length(person_id) + length(provider))')} from identities group by org_id`,
    `select 'idempotency_keys', org_id, ${text('count(*)')} || '|' || ${text('sum(length(body))')} from idempotency_keys group by org_id`,
    `select 'audit_log', org_id, ${text('count(*)')} || '|' || ${text('max(seq)')} from audit_log group by org_id`,
    `select 'change_feed', org_id, ${text('count(*)')} || '|' || ${text('max(seq)')} from change_feed group by org_id`,
    ...RESOURCE_KINDS.map(
      (kind) =>
        `select 'r_${kind}', org_id, ${text('count(*)')} || '|' || ${text('sum(version)')} || '|' || ${text('count(deleted_at)')} || '|' || max(updated_at) || '|' || ${text('sum(length(data))')} from r_${kind} group by org_id`,
    ),
  ];
  return parts.join('\nunion all\n');
}

const FINGERPRINT_SQL = fingerprintSql();

export async function fingerprint(store: Store): Promise<Fingerprint> {
  const { rows } = await sql
    .raw<{ t: string; org: string; v: string | null }>(FINGERPRINT_SQL)
    .execute(store.db);
  return new Map(rows.map((r) => [`${r.t} ${r.org}`, r.v ?? '']));
}

/** What differs between two fingerprints, as readable lines (empty when equal). */
export function fingerprintDiff(before: Fingerprint, after: Fingerprint, onlyOrg?: string): string[] {
  const out: string[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (onlyOrg !== undefined && !key.endsWith(` ${onlyOrg}`)) continue;
    const a = before.get(key);
    const b = after.get(key);
    if (a !== b) out.push(`${key}: ${a ?? '(none)'} → ${b ?? '(none)'}`);
  }
  return out;
}

/** Full content (sha-256) of the rows with these ids in every resource table, API keys and organisations. */
export async function rowsDigest(store: Store, ids: readonly string[]): Promise<string> {
  if (ids.length === 0) return '';
  const unique = [...new Set(ids)].slice(0, 50);
  const list = sql.join(unique.map((id) => sql`${id}`));
  const parts = RESOURCE_KINDS.map(
    (kind) =>
      sql`select ${`r_${kind}`} as t, org_id, id, ${sql.raw(text('version'))} as v, data, coalesce(deleted_at, '') as d from ${sql.table(`r_${kind}`)} where id in (${list})`,
  );
  parts.push(
    sql`select 'api_keys' as t, org_id, id, coalesce(revoked_at, '') as v, scopes as data, coalesce(expires_at, '') as d from api_keys where id in (${list})`,
  );
  const query = sql.join(parts, sql` union all `);
  const { rows } = await sql<Record<string, unknown>>`${query}`.execute(store.db);
  const lines = rows.map((r) => JSON.stringify(r)).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** Resource kinds the change feed leaves out by design. */
const NOT_IN_FEED: ReadonlySet<string> = new Set(['integration_states']);

export interface InvariantReport {
  ok: boolean;
  problems: string[];
}

/**
 * For every organisation: the audit chain verifies; audit and feed sequence numbers together are
 * exactly 1..organisations.seq with no duplicate; every change-feed event names a resource that
 * exists at that version or later, and every resource's current version has its feed event.
 */
export async function checkInvariants(store: Store): Promise<InvariantReport> {
  const problems: string[] = [];
  const { organisations } = await store.organisations.list({ limit: 1000 });
  for (const org of organisations) {
    const verified = await store.audit.verify(org.id);
    if (!verified.ok)
      problems.push(`${org.id}: audit chain broken at ${verified.brokenAt}: ${verified.reason}`);
    const { rows } = await sql<{ seq: number | string }>`
      select seq from audit_log where org_id = ${org.id}
      union all
      select seq from change_feed where org_id = ${org.id}`.execute(store.db);
    const seqs = rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
    const top = Number(org.seq);
    const expected = Array.from({ length: top }, (_, i) => i + 1);
    if (seqs.length !== top || seqs.some((s, i) => s !== expected[i])) {
      const seen = new Set<number>();
      const dup: number[] = [];
      for (const s of seqs) {
        if (seen.has(s)) dup.push(s);
        seen.add(s);
      }
      const missing = expected.filter((s) => !seen.has(s)).slice(0, 5);
      problems.push(
        `${org.id}: sequence not 1..${top} exactly (${seqs.length} numbers; duplicates ${dup.slice(0, 5).join(',') || 'none'}; missing ${missing.join(',') || 'none'})`,
      );
    }
    for (const kind of RESOURCE_KINDS) {
      // An integration's sync state is audited but never in the change feed (apps/api/README.md).
      if (NOT_IN_FEED.has(kind)) continue;
      const { rows: stray } = await sql<{ id: string; v: number }>`
        select f.resource_id as id, f.version as v from change_feed f
        left join ${sql.table(`r_${kind}`)} r on r.org_id = f.org_id and r.id = f.resource_id
        where f.org_id = ${org.id} and f.kind = ${kind} and (r.id is null or r.version < f.version)
        limit 3`.execute(store.db);
      for (const s of stray)
        problems.push(`${org.id}: feed event ${kind}/${s.id} v${s.v} has no such resource version`);
      const { rows: silent } = await sql<{ id: string; v: number }>`
        select r.id as id, r.version as v from ${sql.table(`r_${kind}`)} r
        where r.org_id = ${org.id} and not exists (
          select 1 from change_feed f where f.org_id = r.org_id and f.kind = ${kind}
            and f.resource_id = r.id and f.version = r.version)
        limit 3`.execute(store.db);
      for (const s of silent)
        problems.push(`${org.id}: ${kind}/${s.id} v${s.v} has no feed event for its version`);
    }
  }
  return { ok: problems.length === 0, problems };
}
