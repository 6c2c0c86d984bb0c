// A Kysely dialect for embedded PGlite. PGlite is a single connection, so the
// driver hands it out to one holder at a time (a FIFO lock): a transaction
// keeps it until commit or rollback, exactly like a pool of size one.
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

class PGliteConnection implements DatabaseConnection {
  readonly #pg: PGlite;
  constructor(pg: PGlite) {
    this.#pg = pg;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters a statement may hold several commands (migrations):
    // PGlite's exec() runs them through the simple protocol, like pg does.
    if (query.parameters.length === 0) {
      const results = await this.#pg.exec(query.sql);
      const last = results.at(-1);
      return {
        rows: (last?.rows ?? []) as R[],
        numAffectedRows: last?.affectedRows !== undefined ? BigInt(last.affectedRows) : undefined,
      };
    }
    const result = await this.#pg.query<R>(query.sql, query.parameters as unknown[]);
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows !== undefined ? BigInt(result.affectedRows) : undefined,
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on PGlite');
  }
}

/**
 * The one FIFO lock over a PGlite instance. Kysely's driver takes it for a
 * query or a whole transaction; the job queue's socket bridge
 * (server/src/jobs/pglite-bridge.ts) takes it for a wire-protocol exchange or a
 * whole transaction of its client, so the two can never interleave.
 */
export interface PGliteLock {
  acquire(): Promise<() => void>;
  /** Holders waiting for the lock (for tests and diagnostics). */
  readonly waiting: number;
}
const locks = new WeakMap<PGlite, PGliteLock>();
export function pgliteLock(pg: PGlite): PGliteLock {
  let lock = locks.get(pg);
  if (!lock) {
    let queue: Promise<void> = Promise.resolve();
    let waiting = 0;
    lock = {
      async acquire() {
        const previous = queue;
        let release!: () => void;
        queue = new Promise<void>((resolve) => (release = resolve));
        waiting++;
        await previous;
        waiting--;
        return release;
      },
      get waiting() {
        return waiting;
      },
    };
    locks.set(pg, lock);
  }
  return lock;
}

class PGliteDriver implements Driver {
  readonly #pg: PGlite;
  readonly #connection: PGliteConnection;
  readonly #lock: PGliteLock;
  #release: (() => void) | null = null;

  constructor(pg: PGlite) {
    this.#pg = pg;
    this.#connection = new PGliteConnection(pg);
    this.#lock = pgliteLock(pg);
  }

  async init(): Promise<void> {
    await this.#pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#lock.acquire();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  async destroy(): Promise<void> {
    // The PGlite instance belongs to the database module, which closes it.
  }
}

export class PGliteDialect implements Dialect {
  readonly #pg: PGlite;
  constructor(pg: PGlite) {
    this.#pg = pg;
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.#pg);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}
