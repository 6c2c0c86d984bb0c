// The one module that owns the database connection: embedded PGlite (a data
// folder, nothing to install) or a PostgreSQL server through DATABASE_URL.
// Both speak the same SQL; everything else sees only Kysely.
// On PostgreSQL the statements of compiled-statement.ts are sent as named
// prepared statements (pg-dialect.ts; `preparedStatements: false`, i.e.
// DATABASE_PREPARED_STATEMENTS=false, for PgBouncer in transaction mode).
import { mkdir } from 'node:fs/promises';
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

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ('url' in options) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 20 });
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
