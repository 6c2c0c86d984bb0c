// Building and compiling a large Kysely query (the case page, the queue) costs
// about 1 ms of CPU per request, more than PostgreSQL spends running it. Their
// SQL text depends only on a few choices (the actor's role, which filters are
// set), so each variant ("shape") is built once with placeholder arguments and
// compiled; a request then only substitutes its values into the parameters.
//
// Rule for the build function: an argument may only be used as a query VALUE
// (a parameter). Anything that changes the SQL text (a role switch, `?? default`,
// arithmetic, list lengths) must be decided from real values that are part of
// the shape key. The guard below refuses a compiled statement that carries an
// object other than a placeholder (e.g. a Date or an array built at build time).
// Constants (literal values in the build function) are written into the SQL
// text, arguments are parameters (ShapeCompiler).
//
// On PostgreSQL each variant is also a named prepared statement (pg-dialect.ts),
// named after a hash of its SQL text: every pool connection parses it once and
// PostgreSQL can reuse its plan, planning being most of what these statements
// cost the server. DATABASE_PREPARED_STATEMENTS=false turns that off.
import { createHash } from 'node:crypto';
import { CompiledQuery, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Compilable } from 'kysely';
import { asPreparedStatement } from './pg-dialect.ts';
import type { DB } from './schema.ts';

const PLACEHOLDER = Symbol('statement argument');
interface Placeholder {
  readonly [PLACEHOLDER]: string;
}
const isPlaceholder = (v: unknown): v is Placeholder => typeof v === 'object' && v !== null && PLACEHOLDER in v;

/**
 * Writes the statement's constants (the same for every request of a shape, e.g.
 * the open case states) into its SQL text; only arguments stay parameters.
 * PostgreSQL's generic plan of a prepared statement knows only the text: with
 * `state in ($1, $2, $3)` it cannot use a partial index whose predicate names
 * the states, so it would plan every execution again.
 */
class ShapeCompiler extends PostgresQueryCompiler {
  protected override appendValue(value: unknown): void {
    const constant =
      value === null || typeof value === 'boolean' || typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && !value.includes('\\'));
    if (constant) this.appendImmediateValue(value);
    else super.appendValue(value);
  }
}

/** Builds and compiles statements without a connection (both databases speak PostgreSQL's SQL). */
export const statementBuilder = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new ShapeCompiler(),
  },
});

/** Stands for an argument when the statement is built; typed as the value it stands for. */
export type Args<A> = { readonly [K in keyof A]: A[K] };

/** A prepared statement's name: stands for this SQL text only, the same in every process. */
export function statementName(sqlText: string): string {
  return `dl_${createHash('sha256').update(sqlText).digest('hex').slice(0, 24)}`;
}

export function compiledStatement<Shape, A extends Record<string, unknown>, Row>(build: (shape: Shape, args: Args<A>) => Compilable<Row>) {
  const cache = new Map<string, { compiled: CompiledQuery<Row>; name: string }>();
  const compile = (key: string, shape: Shape) => {
    const placeholders = new Proxy({} as Args<A>, {
      get: (_target, name) => (typeof name === 'string' ? ({ [PLACEHOLDER]: name } satisfies Placeholder) : undefined),
    });
    const compiled = build(shape, placeholders).compile();
    for (const p of compiled.parameters) {
      const constant = p === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof p);
      if (!isPlaceholder(p) && !constant) throw new Error(`statement ${key}: a parameter is neither a constant nor an argument`);
      if (typeof p === 'number' && !Number.isFinite(p)) throw new Error(`statement ${key}: an argument was used in arithmetic`);
    }
    // Constants are in the text (ShapeCompiler): a placeholder turned into a string shows there.
    if (compiled.sql.includes('[object Object]')) throw new Error(`statement ${key}: an argument was used in an expression`);
    const entry = { compiled, name: statementName(compiled.sql) };
    cache.set(key, entry);
    return entry;
  };
  /** Runs the statement of this shape (small object of real choices) with these values. */
  return async (db: Kysely<DB>, shape: Shape, args: A): Promise<Row[]> => {
    const key = JSON.stringify(shape);
    const { compiled, name } = cache.get(key) ?? compile(key, shape);
    const parameters = compiled.parameters.map((p) => {
      if (!isPlaceholder(p)) return p;
      const name = p[PLACEHOLDER];
      if (!(name in args)) throw new Error(`statement ${key}: no value for ${name}`);
      return args[name];
    });
    const result = await db.executeQuery<Row>(asPreparedStatement(CompiledQuery.raw(compiled.sql, parameters), name));
    return result.rows;
  };
}
