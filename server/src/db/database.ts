// The one module that owns the database connection: embedded PGlite (a data
// folder, nothing to install) or a PostgreSQL server through DATABASE_URL.
// Both speak the same SQL; everything else sees only Kysely.
// On PostgreSQL the statements of compiled-statement.ts are sent as named
// prepared statements (pg-dialect.ts; `preparedStatements: false`, i.e.
// DATABASE_PREPARED_STATEMENTS=false, for PgBouncer in transaction mode).
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import pg from 'pg';
import { PgDialect } from './pg-dialect.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<DB>;
  /** Connection string for libraries that need their own pg connection (job queue). */
  readonly url?: string;
  /** Present on the embedded database (dump, socket bridge). */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { url: string; poolSize?: number; /** Named prepared statements for compiled statements (default true). */ preparedStatements?: boolean }
  | { dataDir: string }
  | { memory: true; loadDataDir?: Blob | File };

// Same JS types from both drivers: bigint counts as numbers, dates as 'YYYY-MM-DD'
// strings (a birth date has no time zone), timestamps as Date.
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);
pg.types.setTypeParser(NUMERIC, (v) => Number(v));
const pgliteParsers = {
  [INT8]: (v: string) => Number(v),
  [DATE]: (v: string) => v,
  [NUMERIC]: (v: string) => Number(v),
};

/**
 * Connections to a PostgreSQL server when DATABASE_POOL_SIZE is not set: two per CPU
 * core of this machine (the usual sizing, e.g. HikariCP's "cores x 2"). More
 * connections than the database can run at once only make them contend: on the
 * 2-core bench machine 20 connections cost PostgreSQL 30-60% more CPU per request
 * than 2-5 (docs/performance.md, "Sixth round"). Set it to the database server's
 * cores x 2 when the database runs elsewhere.
 */
export function defaultPoolSize(): number {
  return Math.max(2, 2 * availableParallelism());
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ('url' in options) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? defaultPoolSize() });
    // An idle connection closed by the server (restart, failover, a dropped test
    // database) is an 'error' event on the pool: without a listener it would end
    // the process. The pool replaces the connection; the next query reconnects.
    pool.on('error', (err: Error & { code?: string }) => {
      if (err.code !== '57P01') console.error(`database: an idle connection failed (${err.code ?? err.message})`);
    });
    const db = new Kysely<DB>({ dialect: new PgDialect({ pool, preparedStatements: options.preparedStatements ?? true }) });
    return {
      kind: 'postgres',
      db,
      url: options.url,
      close: () => db.destroy(),
    };
  }
  let pglite: PGlite;
  if ('dataDir' in options) {
    await mkdir(options.dataDir, { recursive: true });
    pglite = await PGlite.create({ dataDir: options.dataDir, parsers: pgliteParsers });
  } else {
    pglite = await PGlite.create({ loadDataDir: options.loadDataDir, parsers: pgliteParsers });
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: 'pglite',
    db,
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
