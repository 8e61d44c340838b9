// Hot-path statements as fixed SQL text run through Kysely's executor, skipping its query builder and compiler.
import { CompiledQuery, type Kysely } from 'kysely';
import { registerPrepared } from './pg-prepared.ts';
import type { Database } from './schema.ts';
import type { Engine } from './types.ts';

/**
 * Kysely builds, freezes and compiles a tree of nodes for every query (~10–30 µs for an insert),
 * which is most of a write's CPU on SQLite. The statements run on every request are therefore written
 * once as text — portable SQL with double-quoted identifiers and `?` placeholders, identical on both
 * engines apart from PostgreSQL's `$n` — and executed as compiled queries. SQLite's statement cache
 * (sqlite.ts) is keyed by this text, so each is also prepared once.
 */
const postgresText = new Map<string, string>();

/** `?` → `$1, $2, …` (the texts hold no other question marks). */
function forEngine(text: string, engine: Engine): string {
  if (engine === 'sqlite') return text;
  let converted = postgresText.get(text);
  if (converted === undefined) {
    let n = 0;
    converted = text.replace(/\?/g, () => `$${++n}`);
    if (postgresText.size < 1000) {
      postgresText.set(text, converted);
      registerPrepared(converted);
    }
  }
  return converted;
}

/** Runs `text` with `params` (in placeholder order) and returns its rows (none for a write without RETURNING). */
export async function rawQuery<R>(
  db: Kysely<Database>,
  engine: Engine,
  text: string,
  params: readonly unknown[],
): Promise<R[]> {
  const { rows } = await db.executeQuery<R>(CompiledQuery.raw(forEngine(text, engine), [...params]));
  return rows;
}

/** `"a", "b", "c"` for a list of column names. */
export function columnList(columns: readonly string[]): string {
  return columns.map((c) => `"${c}"`).join(', ');
}

/** `?, ?, ?` for `n` values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
