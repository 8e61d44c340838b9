// PostgreSQL: the store's fixed hot-path statements run as named prepared statements, parsed once per connection.
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Texts that may run as named prepared statements, with their names: registered by rawQuery (fixed SQL the store
 * writes itself, `$n` placeholders), bounded. Named, a statement is parsed and planned once per connection and
 * afterwards only bound and executed, so the server does less per statement and the client sends less. Texts
 * whose result shape follows a table's definition (`*`) are left unnamed: PostgreSQL refuses a cached plan whose
 * result type changed ("cached plan must not change result type"), as it would after another instance migrates.
 */
const names = new Map<string, string>();
const MAX_NAMED = 2_000;

export function registerPrepared(text: string): void {
  if (names.has(text) || names.size >= MAX_NAMED || text.includes('*')) return;
  names.set(text, `perfloop_${names.size + 1}`);
}

/** The name `text` runs under, if it is one of the registered statements. */
export function preparedName(text: string): string | undefined {
  return names.get(text);
}

type Query = PostgresPoolClient['query'];

/** A pool whose clients run registered statements with parameters by name; everything else as given. */
export function preparedStatementsPool(pool: pg.Pool): PostgresPool {
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const query = ((text: unknown, values?: readonly unknown[]) => {
      if (typeof text === 'string' && values !== undefined && values.length > 0) {
        const name = names.get(text);
        if (name !== undefined) return client.query({ name, text, values: [...values] });
      }
      return (client.query as (...args: unknown[]) => unknown)(text, values);
    }) as Query;
    return { query, release: (destroy?: boolean) => client.release(destroy) };
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}
