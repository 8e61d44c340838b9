// PostgreSQL via a pg Pool; an optional schema is created and set as search_path on every connection.
import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  Kysely,
  PostgresDialect,
  type PostgresDialectConfig,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely';
import pg from 'pg';
import { StoreError } from './errors.ts';
import { preparedStatementsPool } from './pg-prepared.ts';
import type { Database } from './schema.ts';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresOptions {
  url: string;
  schema?: string;
  poolSize?: number;
  connectTimeoutMs?: number;
  onPoolError?: (error: Error) => void;
  /**
   * Run the store's fixed hot-path statements as named prepared statements (default true). Turn it off behind a
   * connection pooler that does not keep them per client connection (PgBouncer in transaction mode before 1.21, or
   * with max_prepared_statements = 0).
   */
  preparedStatements?: boolean;
}

export interface PostgresHandle {
  db: Kysely<Database>;
  /** The schema the tables live in (the given one, or the connection's current_schema()). */
  schema: string;
}

/** The URL without its password, for error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

async function schemaExists(db: Kysely<Database>, schema: string): Promise<boolean> {
  const { rows } = await sql<{ found: number }>`
    select 1 as found from information_schema.schemata where schema_name = ${schema}`.execute(db);
  return rows.length > 0;
}

/**
 * Introspection of the store's own schema only (Kysely's migrator asks for "all tables"). Kysely's
 * PostgreSQL introspector reads every column of every schema with pg_get_serial_sequence(), which fails
 * ("schema … does not exist") when another session drops a schema meanwhile — as parallel test runs
 * and other tenants of a shared database do — and grows slow with the number of schemas.
 */
class SchemaIntrospector implements DatabaseIntrospector {
  constructor(
    private readonly db: Kysely<unknown>,
    private readonly scope: { schema?: string },
  ) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`
      select nspname as name from pg_catalog.pg_namespace where nspname = ${this.scope.schema ?? ''}`.execute(
      this.db,
    );
    return rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; type: string }>`
      select table_name as name, table_type as type from information_schema.tables
      where table_schema = ${this.scope.schema ?? ''}`.execute(this.db);
    return rows.map((r) => ({
      name: r.name,
      schema: this.scope.schema,
      isView: r.type === 'VIEW',
      columns: [],
    }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

class SchemaScopedDialect extends PostgresDialect {
  constructor(
    config: PostgresDialectConfig,
    private readonly scope: { schema?: string },
  ) {
    super(config);
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SchemaIntrospector(db, this.scope);
  }
}

export async function openPostgres(options: PostgresOptions): Promise<PostgresHandle> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreError('invalid_argument', `schema must match ${SCHEMA_NAME.source}, got ${schema}`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    // Set at connection start-up, so every pooled connection uses the schema with no extra round trip.
    ...(schema !== undefined && { options: `-c search_path=${schema}` }),
  });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', (error) => options.onPoolError?.(error));
  const scope: { schema?: string } = schema === undefined ? {} : { schema };
  const dialectPool = options.preparedStatements === false ? pool : preparedStatementsPool(pool);
  const db = new Kysely<Database>({ dialect: new SchemaScopedDialect({ pool: dialectPool }, scope) });
  try {
    if (schema === undefined) {
      const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
      const current = rows[0]?.schema;
      if (current === undefined || current === null) {
        throw new StoreError(
          'invalid_argument',
          'no schema given and the search_path names no existing schema',
        );
      }
      scope.schema = current;
      return { db, schema: current };
    }
    if (!(await schemaExists(db, schema))) {
      try {
        await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
      } catch (error) {
        // Two processes creating it at once: IF NOT EXISTS can still fail; fine if it now exists.
        if (!(await schemaExists(db, schema))) throw error;
      }
    }
    return { db, schema };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
