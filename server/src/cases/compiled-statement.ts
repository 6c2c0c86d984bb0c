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
import { CompiledQuery, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Compilable } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Builds and compiles statements without a connection (both databases speak PostgreSQL's SQL). */
export const statementBuilder = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const PLACEHOLDER = Symbol('statement argument');
interface Placeholder {
  readonly [PLACEHOLDER]: string;
}
const isPlaceholder = (v: unknown): v is Placeholder => typeof v === 'object' && v !== null && PLACEHOLDER in v;

/** Stands for an argument when the statement is built; typed as the value it stands for. */
export type Args<A> = { readonly [K in keyof A]: A[K] };

export function compiledStatement<Shape, A extends Record<string, unknown>, Row>(build: (shape: Shape, args: Args<A>) => Compilable<Row>) {
  const cache = new Map<string, CompiledQuery<Row>>();
  const compile = (key: string, shape: Shape) => {
    const placeholders = new Proxy({} as Args<A>, {
      get: (_target, name) => (typeof name === 'string' ? ({ [PLACEHOLDER]: name } satisfies Placeholder) : undefined),
    });
    const compiled = build(shape, placeholders).compile();
    for (const p of compiled.parameters) {
      const constant = p === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof p);
      if (!isPlaceholder(p) && !constant) throw new Error(`statement ${key}: a parameter is neither a constant nor an argument`);
      if (typeof p === 'string' && p.includes('[object Object]')) throw new Error(`statement ${key}: an argument was used in an expression`);
    }
    cache.set(key, compiled);
    return compiled;
  };
  /** Runs the statement of this shape (small object of real choices) with these values. */
  return async (db: Kysely<DB>, shape: Shape, args: A): Promise<Row[]> => {
    const key = JSON.stringify(shape);
    const compiled = cache.get(key) ?? compile(key, shape);
    const parameters = compiled.parameters.map((p) => {
      if (!isPlaceholder(p)) return p;
      const name = p[PLACEHOLDER];
      if (!(name in args)) throw new Error(`statement ${key}: no value for ${name}`);
      return args[name];
    });
    const result = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows;
  };
}
