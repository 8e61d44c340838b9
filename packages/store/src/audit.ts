// Audit log: paged listing and chain verification (entries are appended at commit, see log-flush.ts).
import type { Kysely, Selectable } from 'kysely';
import { auditHash, GENESIS_HASH } from './audit-hash.ts';
import { pageLimit } from './context.ts';
import { parseJson, toInt } from './json.ts';
import type { AuditLogTable, Database } from './schema.ts';
import type { AuditEntry, CursorOptions, VerifyResult } from './types.ts';

/** Rows read per page while verifying, so a long chain is never loaded at once. */
const VERIFY_PAGE = 500;

export function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    orgId: row.org_id,
    seq: toInt(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    resourceKind: row.resource_kind,
    resourceId: row.resource_id,
    data: parseJson(row.data),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export interface AuditReader {
  /** Walks the organisation's chain in seq order, page by page. */
  verify(orgId: string): Promise<VerifyResult>;
  list(orgId: string, options?: CursorOptions): Promise<{ entries: AuditEntry[]; nextCursor: number }>;
}

export function auditReader(db: Kysely<Database>, guard: (orgId: string) => void): AuditReader {
  async function page(orgId: string, after: number, limit: number): Promise<Selectable<AuditLogTable>[]> {
    return db
      .selectFrom('audit_log')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  return {
    async verify(orgId) {
      guard(orgId);
      let prevHash = GENESIS_HASH;
      let after = 0;
      let entries = 0;
      for (;;) {
        const rows = await page(orgId, after, VERIFY_PAGE);
        for (const row of rows) {
          const seq = toInt(row.seq);
          if (row.prev_hash !== prevHash) {
            return {
              ok: false,
              brokenAt: seq,
              reason: 'prev_hash does not match the previous entry',
              entries,
            };
          }
          let data: unknown;
          try {
            data = parseJson(row.data);
          } catch {
            return { ok: false, brokenAt: seq, reason: 'data is not valid JSON', entries };
          }
          const expected = auditHash(prevHash, {
            orgId: row.org_id,
            seq,
            at: row.at,
            actor: row.actor,
            action: row.action,
            resourceKind: row.resource_kind,
            resourceId: row.resource_id,
            data,
          });
          if (row.hash !== expected) {
            return { ok: false, brokenAt: seq, reason: 'hash does not match the entry content', entries };
          }
          prevHash = row.hash;
          after = seq;
          entries += 1;
        }
        if (rows.length < VERIFY_PAGE) return { ok: true, entries };
      }
    },

    async list(orgId, options = {}) {
      guard(orgId);
      const after = options.after ?? 0;
      const rows = await page(orgId, after, pageLimit(options.limit));
      const entries = rows.map(toAuditEntry);
      return { entries, nextCursor: entries.at(-1)?.seq ?? after };
    },
  };
}
