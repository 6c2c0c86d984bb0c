// A Kysely dialect for a PostgreSQL server through a pg.Pool: what Kysely's
// PostgresDialect does (pooled connections, transactions, a COMMIT that the
// server turned into a ROLLBACK is an error), plus named prepared statements.
//
// Why: planning the large statements of the pages read under load (the case
// page, the queue, the session lookup; see compiled-statement.ts) costs
// PostgreSQL more than running them. A query marked with asPreparedStatement()
// is sent as pg's `{ name, text, values }`: each pool connection parses it once,
// and PostgreSQL can keep its plan for the connection's life. Every other
// query is sent unnamed, as before.
//
// Caveats:
// - Named statements live in one server session. Behind PgBouncer (before 1.21)
//   in transaction or statement pooling mode, the next query may land on a
//   server connection that never saw the Parse ("prepared statement ... does
//   not exist"). Set DATABASE_PREPARED_STATEMENTS=false there (or PgBouncer's
//   max_prepared_statements >= 1.21, which tracks them per client).
// - PostgreSQL refuses to run a prepared statement whose result columns changed
//   since it was parsed (another instance migrated, adding a column behind a
//   `select *`): "cached plan must not change result type". The statement is
//   then parsed again under a new name on that connection, and run again when
//   no transaction is open (the refused run had no effect).
import {
  AbortedTransactionError,
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
import type pg from 'pg';

const STATEMENT_NAME = Symbol('prepared statement name');
type NamedQuery = CompiledQuery & { readonly [STATEMENT_NAME]?: string };

/**
 * The same query, to be sent as a named prepared statement on PostgreSQL. The
 * name must stand for this SQL text only (derive it from the text); PGlite
 * ignores it.
 */
export function asPreparedStatement<R>(query: CompiledQuery<R>, name: string): CompiledQuery<R> {
  return Object.freeze({ ...query, [STATEMENT_NAME]: name });
}

/** The prepared statement name a query carries, if any. */
export function preparedStatementName(query: CompiledQuery): string | undefined {
  return (query as NamedQuery)[STATEMENT_NAME];
}

function isStalePlan(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '');
}

/** pg's errors come from the socket's event handler: add where the query was sent from. */
function withCallerStack(err: unknown): unknown {
  const caller = new Error().stack;
  if (err instanceof Error && err.stack && caller) err.stack += `\n${caller.split('\n').slice(1).join('\n')}`;
  return err;
}

class PgConnection implements DatabaseConnection {
  readonly #client: pg.PoolClient;
  readonly #prepare: boolean;
  /** A statement's name on this connection when its first one went stale. */
  readonly #renamed = new Map<string, string>();
  #renames = 0;
  inTransaction = false;
  /** Set when the connection's state is unknown: the pool closes it instead of reusing it. */
  discard = false;

  constructor(client: pg.PoolClient, prepare: boolean) {
    this.#client = client;
    this.#prepare = prepare;
  }

  get client(): pg.PoolClient {
    return this.#client;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const name = this.#prepare ? preparedStatementName(query) : undefined;
    try {
      return toResult<R>(await this.#send(query, name));
    } catch (err) {
      if (!name || !isStalePlan(err)) throw withCallerStack(err);
      const stale = this.#renamed.get(name) ?? name;
      this.#renamed.set(name, `${name}_${++this.#renames}`);
      // Inside a transaction the refusal aborted it: the caller sees the error.
      if (this.inTransaction) throw withCallerStack(err);
      await this.#client.query(`deallocate "${stale}"`).catch(() => {});
      try {
        return toResult<R>(await this.#send(query, name));
      } catch (again) {
        throw withCallerStack(again);
      }
    }
  }

  #send(query: CompiledQuery, name: string | undefined): Promise<pg.QueryResult> {
    const values = [...query.parameters];
    if (!name) return this.#client.query(query.sql, values);
    return this.#client.query({ name: this.#renamed.get(name) ?? name, text: query.sql, values });
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by this dialect');
  }
}

function toResult<R>(result: pg.QueryResult): QueryResult<R> {
  const { command, rowCount, rows } = result;
  const affects = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
  return { rows: (rows ?? []) as R[], numAffectedRows: affects ? BigInt(rowCount ?? 0) : undefined };
}

class PgDriver implements Driver {
  #pool: pg.Pool | null;
  readonly #prepare: boolean;
  /** One connection object per pooled client, so its statement names persist. */
  readonly #connections = new WeakMap<pg.PoolClient, PgConnection>();

  constructor(pool: pg.Pool, prepare: boolean) {
    this.#pool = pool;
    this.#prepare = prepare;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const pool = this.#pool;
    if (!pool) throw new Error('driver has already been destroyed');
    const client = await pool.connect();
    if (!this.#pool) {
      client.release();
      throw new Error('driver has already been destroyed');
    }
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new PgConnection(client, this.#prepare);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const options = [settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(Boolean);
    await connection.executeQuery(CompiledQuery.raw(options.length ? `start transaction ${options.join(' ')}` : 'begin'));
    (connection as PgConnection).inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const pgConnection = connection as PgConnection;
    try {
      // An earlier error left the transaction aborted: PostgreSQL answers COMMIT with ROLLBACK.
      const { command } = await pgConnection.client.query('commit');
      if (command === 'ROLLBACK') throw new AbortedTransactionError();
    } finally {
      pgConnection.inTransaction = false;
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const pgConnection = connection as PgConnection;
    try {
      await pgConnection.client.query('rollback');
    } catch (err) {
      pgConnection.discard = true;
      throw withCallerStack(err);
    } finally {
      pgConnection.inTransaction = false;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const pgConnection = connection as PgConnection;
    pgConnection.client.release(pgConnection.discard || undefined);
  }

  async destroy(): Promise<void> {
    const pool = this.#pool;
    this.#pool = null;
    await pool?.end();
  }
}

export class PgDialect implements Dialect {
  readonly #pool: pg.Pool;
  readonly #preparedStatements: boolean;
  /** preparedStatements: false sends every query unnamed (PgBouncer in transaction mode). */
  constructor(options: { pool: pg.Pool; preparedStatements: boolean }) {
    this.#pool = options.pool;
    this.#preparedStatements = options.preparedStatements;
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PgDriver(this.#pool, this.#preparedStatements);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}
