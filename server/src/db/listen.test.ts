// LISTEN survives its connection being cut (listen.ts). On a PostgreSQL server
// the listening connection is ended by pg_terminate_backend while the database
// refuses new connections, as during a server restart: the first reconnections
// fail, and once connections are allowed again the next notification arrives. On PGlite there
// is no separate connection: the payload is checked once.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../test/test-database.ts';
import type { Database } from './database.ts';
import { listen } from './listen.ts';

const onServer = inject('testDatabase').kind === 'postgres';
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('listen', () => {
  it('delivers notifications, and again after its connection was cut', async () => {
    const received: string[] = [];
    const applicationName = `dermlink-listen-test-${randomUUID().slice(0, 8)}`;
    const listening = await listen(database, 'dermlink_listen_test', (p) => received.push(p ?? ''), { applicationName });
    try {
      await sql`select pg_notify('dermlink_listen_test', 'first')`.execute(database.db);
      await until(() => received.includes('first'), 'the first notification');
      if (!onServer) return;

      const backends = () =>
        sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${applicationName}`.execute(database.db).then((r) => r.rows);
      const [before] = await backends();
      expect(before).toBeDefined();
      // The server refuses new connections for a while (a restart): the first tries fail.
      // (A database cannot refuse connections from a session of its own: this runs from the server's maintenance database.)
      const spec = inject('testDatabase');
      const name = new URL(database.url!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: spec.kind === 'postgres' ? spec.serverUrl : '' });
      await admin.connect();
      const quoted = admin.escapeIdentifier(name);
      await admin.query(`alter database ${quoted} with allow_connections false`);
      try {
        await sql`select pg_terminate_backend(${before!.pid})`.execute(database.db);
        await new Promise((r) => setTimeout(r, 5_000)); // two reconnection delays
        expect(await backends()).toEqual([]);
      } finally {
        await admin.query(`alter database ${quoted} with allow_connections true`);
        await admin.end();
      }
      // A new connection under the same name, listening again.
      await until(async () => (await backends()).length > 0, 'the listener to reconnect');
      await until(async () => {
        await sql`select pg_notify('dermlink_listen_test', 'after')`.execute(database.db);
        await new Promise((r) => setTimeout(r, 200));
        return received.includes('after');
      }, 'a notification after the reconnection');
    } finally {
      await listening.stop();
    }
  });
});
