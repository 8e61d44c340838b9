// After a kill -9: the database's own integrity (server down), then every acknowledged write read back (server up).
import type { StoreConfig } from '@perfloop/store';
import BetterSqlite3 from 'better-sqlite3';
import { openStoreRetrying } from '../fuzz/engines.ts';
import { checkInvariants } from '../fuzz/state.ts';
import { items, type Json, send, type Target } from '../world/client.ts';
import type { Ledger, Targets } from './load.ts';

/**
 * With the server down. SQLite: `PRAGMA integrity_check` is ok and `foreign_key_check` finds nothing.
 * Both engines: the audit chain verifies, audit and feed sequence numbers are exactly 1..seq per
 * organisation, and the feed matches the resources (see fuzz/state.ts).
 */
export async function checkDatabase(config: StoreConfig): Promise<string[]> {
  const problems: string[] = [];
  if (config.kind === 'sqlite') {
    const db = new BetterSqlite3(config.file);
    try {
      const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
      if (integrity.length !== 1 || integrity[0]?.integrity_check !== 'ok') {
        problems.push(`PRAGMA integrity_check: ${JSON.stringify(integrity.slice(0, 5))}`);
      }
      const fk = db.pragma('foreign_key_check') as unknown[];
      if (fk.length > 0) problems.push(`PRAGMA foreign_key_check: ${JSON.stringify(fk.slice(0, 5))}`);
    } finally {
      db.close();
    }
  }
  const store = await openStoreRetrying(config);
  try {
    problems.push(...(await checkInvariants(store)).problems);
  } finally {
    await store.close();
  }
  return problems;
}

export interface ReadBack {
  checked: number;
  lost: string[];
}

/** Every acknowledged write is there, at least at its acknowledged version; each check-in key made one check-in. */
export async function readBack(api: Target, targets: Targets, ledger: Ledger): Promise<ReadBack> {
  const lost: string[] = [];
  let checked = 0;
  const hr = targets.hr;
  for (const c of ledger.checkIns) {
    checked += 1;
    const res = await send(api, 'GET', `/v1/check-ins/${c.id}`, { token: hr });
    const notes = (res.body as Json | null)?.notes;
    if (res.status !== 200) lost.push(`check-in ${c.id} (${c.key}): ${res.status}`);
    else if (notes !== c.notes)
      lost.push(`check-in ${c.id}: notes ${JSON.stringify(notes)} ≠ ${JSON.stringify(c.notes)}`);
  }
  for (const g of ledger.goals.values()) {
    checked += 1;
    const res = await send(api, 'GET', `/v1/goals/${g.id}`, { token: hr });
    const body = res.body as Json | null;
    const version = Number(body?.version);
    if (res.status !== 200) lost.push(`goal ${g.id}: ${res.status}`);
    else if (!(version >= g.version))
      lost.push(`goal ${g.id}: version ${version} < acknowledged ${g.version}`);
    else if (version === g.version && body?.actual !== g.actual) {
      lost.push(`goal ${g.id} v${version}: actual ${String(body?.actual)} ≠ acknowledged ${g.actual}`);
    }
  }
  for (const d of ledger.departments) {
    checked += 1;
    const res = await send(api, 'GET', `/v1/departments/${d.id}`, { token: hr });
    if (res.status !== 200) lost.push(`department ${d.id} (${d.key}): ${res.status}`);
    else if ((res.body as Json).name !== d.name) lost.push(`department ${d.id}: name changed`);
  }
  // No duplicates: every Idempotency-Key (retried across a crash or not) made at most one check-in.
  const counts = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const page: Json = (
      await send(
        api,
        'GET',
        `/v1/check-ins?cycleId=${targets.cycleId}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        {
          token: hr,
        },
      )
    ).body as Json;
    for (const item of items(page)) {
      const key = /Crash-load note (\S+)\.$/.exec(String(item.notes))?.[1];
      if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    cursor = typeof page.nextCursor === 'string' ? page.nextCursor : null;
  } while (cursor);
  for (const [key, n] of counts) if (n > 1) lost.push(`Idempotency-Key ${key} made ${n} check-ins`);
  const verify = await send(api, 'GET', '/v1/audit/verify', { token: hr });
  if (verify.status !== 200 || (verify.body as Json).ok !== true)
    lost.push(`GET /v1/audit/verify: ${verify.text.slice(0, 300)}`);
  return { checked, lost };
}
