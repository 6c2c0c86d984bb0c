// Counting what reaches the database: on embedded PGlite every statement goes
// through one object, so a test can see the statements a request sends (round
// trips, shared lookups, batched inserts). On a PostgreSQL server it answers null.
import type { TestApp } from './test-app.ts';

/** Statements sent to the database while `fn` runs (null on a PostgreSQL server). */
export async function statementsDuring(t: TestApp, fn: () => Promise<unknown>): Promise<string[] | null> {
  const pglite = t.database.pglite;
  if (!pglite) {
    await fn();
    return null;
  }
  const seen: string[] = [];
  const { query, exec } = pglite;
  pglite.query = ((text: string, ...rest: unknown[]) => {
    seen.push(text);
    return (query as (...a: unknown[]) => unknown).call(pglite, text, ...rest);
  }) as typeof pglite.query;
  pglite.exec = ((text: string, ...rest: unknown[]) => {
    seen.push(text);
    return (exec as (...a: unknown[]) => unknown).call(pglite, text, ...rest);
  }) as typeof pglite.exec;
  try {
    await fn();
  } finally {
    pglite.query = query;
    pglite.exec = exec;
  }
  return seen;
}
