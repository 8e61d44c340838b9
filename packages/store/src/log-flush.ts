// Commit-time sequencing: one take of the organisation's sequence for every audit entry and feed event of a
// transaction (or of a group-committed batch), chained hashes, and multi-row inserts.
import type { Kysely } from 'kysely';
import { auditHashOf, GENESIS_HASH } from './audit-hash.ts';
import { StoreError } from './errors.ts';
import { toInt } from './json.ts';
import { columnList, rawQuery } from './raw-query.ts';
import type { Database } from './schema.ts';
import type { LogEntry, TxLog } from './tx-log.ts';
import type { Clock, Engine } from './types.ts';

const AUDIT_COLUMNS = [
  'org_id',
  'seq',
  'at',
  'actor',
  'action',
  'resource_kind',
  'resource_id',
  'data',
  'prev_hash',
  'hash',
] as const;
const FEED_COLUMNS = ['org_id', 'seq', 'at', 'kind', 'resource_id', 'op', 'version', 'data'] as const;
/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters, SQLite 32,766). */
const ROWS_PER_INSERT = 100;

const TAKE_SEQ = 'update "organisations" set "seq" = "seq" + ? where "id" = ? returning "seq"';
const TAKE_SEQ_NOTIFY =
  'update "organisations" set "seq" = "seq" + ? where "id" = ? returning "seq", pg_notify(?, ?) as "notified"';
const LATEST_HASH = 'select "hash" from "audit_log" where "org_id" = ? order by "seq" desc limit 1';

const insertTexts = new Map<string, string>();

/** `insert into "table" (cols) values (?, …), (?, …)` for `rows` rows (texts kept for the statement caches). */
function insertText(table: string, columns: readonly string[], rows: number): string {
  const key = `${table}:${rows}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    text = `insert into "${table}" (${columnList(columns)}) values ${Array.from({ length: rows }, () => row).join(', ')}`;
    insertTexts.set(key, text);
  }
  return text;
}

function fitsOneStatement(audits: readonly unknown[], changes: readonly unknown[]): boolean {
  return (
    audits.length > 0 &&
    changes.length > 0 &&
    audits.length <= ROWS_PER_INSERT &&
    changes.length <= ROWS_PER_INSERT
  );
}

/**
 * PostgreSQL: the audit entries and the feed events in one statement (a data-modifying WITH), so one
 * round trip. Both inserts run in the statement's one snapshot; neither reads the other's table.
 */
function bothInsertsText(audits: number, changes: number): string {
  const key = `both:${audits}:${changes}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    text = `with "audit_rows" as (${insertText('audit_log', AUDIT_COLUMNS, audits)}) ${insertText('change_feed', FEED_COLUMNS, changes)}`;
    // Up to 100 × 100 shapes exist; keep the common ones (small batches), not all of them.
    if (insertTexts.size < 1_000) insertTexts.set(key, text);
  }
  return text;
}

async function insertRows(
  db: Kysely<Database>,
  engine: Engine,
  table: string,
  columns: readonly string[],
  rows: unknown[][],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    await rawQuery(db, engine, insertText(table, columns, chunk.length), chunk.flat());
  }
}

/**
 * A committed fact about one organisation: `hash` is the hash of its newest audit entry with a seq
 * at most `seq` (GENESIS_HASH when none). Seqs are never reused once committed and the log only grows,
 * so when a later take of the sequence starts right after `seq`, `hash` is still the newest.
 */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** The audit heads this process committed, per organisation (bounded). */
export class AuditHeads {
  readonly #heads = new Map<string, AuditHead>();
  constructor(private readonly max = 10_000) {}

  get(orgId: string): AuditHead | undefined {
    return this.#heads.get(orgId);
  }

  /** Call only once the transaction that produced `head` has committed. */
  set(orgId: string, head: AuditHead | undefined): void {
    if (head === undefined) {
      this.#heads.delete(orgId);
      return;
    }
    if (this.#heads.size >= this.max && !this.#heads.has(orgId)) this.#heads.clear();
    this.#heads.set(orgId, head);
  }

  clear(): void {
    this.#heads.clear();
  }
}

export interface FlushOptions {
  /** PostgreSQL: NOTIFY sent by the sequence take (delivered to listeners at commit). */
  notify?: { channel: string; payload: string };
}

/**
 * Writes `entries` (one organisation's, in order) inside the caller's open transaction: one UPDATE takes
 * `entries.length` seqs — it row-locks the organisation until commit, so seq order is commit order —
 * then the audit entries (hash-chained) and feed events go in with multi-row INSERTs. Returns the
 * audit head to remember once the transaction has committed (undefined: unknown). Throws StoreError
 * 'not_found' when the organisation does not exist.
 */
export async function flushLog(
  db: Kysely<Database>,
  engine: Engine,
  clock: Clock,
  orgId: string,
  entries: readonly LogEntry[],
  heads: AuditHeads,
  options: FlushOptions = {},
): Promise<AuditHead | undefined> {
  const n = entries.length;
  const { notify } = options;
  const [row] = await rawQuery<{ seq: number | string }>(
    db,
    engine,
    notify ? TAKE_SEQ_NOTIFY : TAKE_SEQ,
    notify ? [n, orgId, notify.channel, notify.payload] : [n, orgId],
  );
  if (row === undefined) throw new StoreError('not_found', `organisation ${orgId} not found`);
  const last = toInt(row.seq);
  const first = last - n + 1;
  const known = heads.get(orgId);
  /** The newest audit hash before `first`, when this process knows it without reading. */
  const before = known !== undefined && known.seq === first - 1 ? known.hash : undefined;
  const hasAudit = entries.some((e) => e.type === 'audit');
  let prevHash = before;
  if (hasAudit && prevHash === undefined) {
    // Read only now that the UPDATE holds the row lock: on PostgreSQL a snapshot taken earlier could miss
    // the entry the previous writer committed while we waited.
    const [latest] = await rawQuery<{ hash: string }>(db, engine, LATEST_HASH, [orgId]);
    prevHash = latest?.hash ?? GENESIS_HASH;
  }
  const at = clock();
  const audits: unknown[][] = [];
  const changes: unknown[][] = [];
  entries.forEach((entry, i) => {
    const seq = first + i;
    if (entry.type === 'audit') {
      const content = {
        orgId,
        seq,
        at,
        actor: entry.actor,
        action: entry.action,
        resourceKind: entry.resourceKind,
        resourceId: entry.resourceId,
      };
      const hash = auditHashOf(prevHash as string, content, entry.dataText);
      // In AUDIT_COLUMNS order.
      audits.push([
        orgId,
        seq,
        at,
        entry.actor,
        entry.action,
        entry.resourceKind,
        entry.resourceId,
        entry.dataText,
        prevHash,
        hash,
      ]);
      prevHash = hash;
    } else {
      // In FEED_COLUMNS order.
      changes.push([orgId, seq, at, entry.kind, entry.resourceId, entry.op, entry.version, entry.dataText]);
    }
  });
  if (engine === 'postgres' && fitsOneStatement(audits, changes)) {
    // One round trip instead of two while the organisation's row is locked (every other writer of it waits).
    await rawQuery(db, engine, bothInsertsText(audits.length, changes.length), [
      ...audits.flat(),
      ...changes.flat(),
    ]);
  } else {
    await insertRows(db, engine, 'audit_log', AUDIT_COLUMNS, audits);
    await insertRows(db, engine, 'change_feed', FEED_COLUMNS, changes);
  }
  return prevHash === undefined ? undefined : { seq: last, hash: prevHash };
}

/** PostgreSQL: NOTIFY for a transaction that wrote but recorded no audit entry or feed event. */
export async function notifyOnly(
  db: Kysely<Database>,
  notify: { channel: string; payload: string },
): Promise<void> {
  await rawQuery(db, 'postgres', 'select pg_notify(?, ?)', [notify.channel, notify.payload]);
}

/** Runs once a batch has committed: remembers audit heads and reports the changes. */
export type AfterCommit = () => void;

export interface SequencerOptions {
  engine: Engine;
  clock: Clock;
  heads: AuditHeads;
  /** Reports committed changes to this process's subscribers. */
  publish: (orgId: string, kinds: readonly string[]) => void;
  /** PostgreSQL: the NOTIFY channel other instances listen on, and the payload for a change. */
  notify?: { channel: string; payload: (orgId: string, kinds: readonly string[]) => string };
}

/** Flushes the logs of the transactions of one commit: grouped per organisation, in their order. */
export interface Sequencer {
  /** Inside the open transaction; call the returned function once the COMMIT succeeded. */
  flush(db: Kysely<Database>, logs: readonly TxLog[]): Promise<AfterCommit>;
}

export function createSequencer(options: SequencerOptions): Sequencer {
  const { engine, clock, heads, publish } = options;
  return {
    async flush(db, logs) {
      const byOrg = new Map<string, { entries: LogEntry[]; kinds: Set<string> }>();
      for (const log of logs) {
        let group = byOrg.get(log.orgId);
        if (group === undefined) {
          group = { entries: [], kinds: new Set() };
          byOrg.set(log.orgId, group);
        }
        group.entries.push(...log.entries);
        for (const kind of log.kinds) group.kinds.add(kind);
      }
      const done: { orgId: string; sequenced: boolean; head: AuditHead | undefined; kinds: string[] }[] = [];
      for (const [orgId, { entries, kinds }] of byOrg) {
        const changed = [...kinds].sort();
        const notify =
          options.notify !== undefined && changed.length > 0
            ? { channel: options.notify.channel, payload: options.notify.payload(orgId, changed) }
            : undefined;
        let head: AuditHead | undefined;
        if (entries.length > 0) head = await flushLog(db, engine, clock, orgId, entries, heads, { notify });
        else if (notify !== undefined) await notifyOnly(db, notify);
        done.push({ orgId, sequenced: entries.length > 0, head, kinds: changed });
      }
      return () => {
        for (const { orgId, sequenced, head, kinds } of done) {
          if (sequenced) heads.set(orgId, head);
          if (kinds.length > 0) publish(orgId, kinds);
        }
      };
    },
  };
}
