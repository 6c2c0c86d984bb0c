// The job queue on this test run's database: pg-boss really delivers jobs
// (on PGlite through the loopback socket bridge), a job exists only if its
// transaction committed, jobs survive a restart of the queue, the bridge never
// runs inside a Kysely transaction, and with two job processors on one
// PostgreSQL server a reminder is sent exactly once.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createWorld, submittedCase } from '../cases/test-world.ts';
import type { Services } from '../context.ts';
import { openDatabase } from '../db/database.ts';
import { pgliteLock } from '../db/pglite-dialect.ts';
import { DEADLINE_JOB, deadlineJobs, dueAt } from '../deadlines/clock.ts';
import { createLogger } from '../logger.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { enqueue, startJobs, type JobDefinition } from './job-queue.ts';
import { startPGliteBridge } from './pglite-bridge.ts';

const log = createLogger('silent') as unknown as FastifyBaseLogger;
const onServer = inject('testDatabase').kind === 'postgres';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function recorder() {
  const seen: Array<Record<string, unknown>> = [];
  const def: JobDefinition<never> = { name: 'test-probe', run: async (_ctx, data: Record<string, unknown>) => void seen.push(data) };
  return { seen, def };
}

describe('pg-boss on this database', () => {
  it('delivers a job created in a committed transaction, never one whose transaction rolled back', async () => {
    const { seen, def } = recorder();
    const jobs = await startJobs(t.services, [def], { pollingIntervalSeconds: 0.5, log });
    try {
      await t.database.db
        .transaction()
        .execute(async (trx) => {
          await enqueue(trx, t.services, 'test-probe', { n: 'rolled-back' });
          throw new Error('roll back');
        })
        .catch(() => {});
      await t.database.db.transaction().execute(async (trx) => enqueue(trx, t.services, 'test-probe', { n: 'committed' }));
      await vi.waitFor(() => expect(seen).toContainEqual({ n: 'committed' }), { timeout: 15_000, interval: 100 });
      const names = await sql<{ n: string }>`select data->>'n' as n from pgboss.job where name = 'test-probe'`.execute(t.database.db);
      expect(names.rows.map((r) => r.n)).toEqual(['committed']);
    } finally {
      await jobs.stop();
    }
  });

  it('keeps jobs across a restart of the queue', async () => {
    const sender = await startJobs(t.services, [recorder().def], { workers: false, log });
    await enqueue(t.database.db, t.services, 'test-probe', { n: 'before-restart' });
    await sender.stop();
    const { seen, def } = recorder();
    const worker = await startJobs(t.services, [def], { pollingIntervalSeconds: 0.5, log });
    try {
      await vi.waitFor(() => expect(seen).toContainEqual({ n: 'before-restart' }), { timeout: 15_000, interval: 100 });
    } finally {
      await worker.stop();
    }
  });
});

describe('a burst of jobs', () => {
  it('is taken in batches: 10 waiting jobs all run after one fetch, not one per polling interval', async () => {
    const sender = await startJobs(t.services, [recorder().def], { workers: false, log });
    for (let n = 0; n < 10; n++) await enqueue(t.database.db, t.services, 'test-probe', { n: `burst-${n}` });
    await sender.stop();
    const { seen, def } = recorder();
    // A polling interval far longer than the wait below: only the first fetch can run them.
    const worker = await startJobs(t.services, [def], { pollingIntervalSeconds: 60, log });
    try {
      await vi.waitFor(() => expect(seen.filter((d) => String(d.n).startsWith('burst-'))).toHaveLength(10), { timeout: 15_000, interval: 100 });
    } finally {
      await worker.stop();
    }
  });
});

describe('a job that fails', () => {
  it('is retried alone: the other jobs of its batch complete and are not run again (an email is not sent twice)', async () => {
    const runs: string[] = [];
    let failures = 0;
    const def: JobDefinition<never> = {
      name: 'test-failing-batch',
      // 1 s: the retry must not be fetched before pg-boss marks the rest of the batch completed.
      retry: { limit: 2, delaySeconds: 1, backoff: false },
      run: async (_ctx, data: { n: string }, attempt) => {
        runs.push(`${data.n}#${attempt.retryCount}`);
        if (data.n === 'flaky' && failures++ === 0) throw new Error('fails once');
      },
    };
    const sender = await startJobs(t.services, [def], { workers: false, log });
    for (const n of ['a', 'flaky', 'b']) await enqueue(t.database.db, t.services, def.name, { n });
    await sender.stop();
    const worker = await startJobs(t.services, [def], { pollingIntervalSeconds: 0.5, log });
    try {
      await vi.waitFor(() => expect(runs).toContain('flaky#1'), { timeout: 15_000, interval: 100 });
      await vi.waitFor(
        async () => {
          const states = await sql<{ n: string; state: string }>`select data->>'n' as n, state::text as state from pgboss.job where name = ${def.name} order by n`.execute(t.database.db);
          expect(states.rows).toEqual([
            { n: 'a', state: 'completed' },
            { n: 'b', state: 'completed' },
            { n: 'flaky', state: 'completed' },
          ]);
        },
        { timeout: 15_000, interval: 100 },
      );
      expect([...runs].sort()).toEqual(['a#0', 'b#0', 'flaky#0', 'flaky#1']);
    } finally {
      await worker.stop();
    }
  });
});

describe.skipIf(onServer)('PGlite socket bridge and Kysely share one lock', () => {
  it('runs a socket client’s statement after a Kysely transaction, never inside it', async () => {
    const pglite = t.database.pglite!;
    await sql`create table bridge_probe (v text)`.execute(t.database.db);
    const bridge = await startPGliteBridge(pglite);
    const client = new pg.Client({ connectionString: bridge.url });
    await client.connect();
    try {
      await t.database.db
        .transaction()
        .execute(async (trx) => {
          await sql`insert into bridge_probe values ('kysely')`.execute(trx);
          // The socket client's insert is sent now, while this transaction is open...
          const socketInsert = client.query(`insert into bridge_probe values ('socket')`);
          await vi.waitFor(() => expect(pgliteLock(pglite).waiting).toBeGreaterThan(0), { timeout: 5000, interval: 5 });
          // ...and waits for the lock: it must not be rolled back with this transaction.
          void socketInsert.catch(() => {});
          (globalThis as { __socketInsert?: Promise<unknown> }).__socketInsert = socketInsert;
          throw new Error('roll back');
        })
        .catch((err: Error) => expect(err.message).toBe('roll back'));
      await (globalThis as { __socketInsert?: Promise<unknown> }).__socketInsert;
      const rows = await sql<{ v: string }>`select v from bridge_probe`.execute(t.database.db);
      expect(rows.rows).toEqual([{ v: 'socket' }]);
    } finally {
      await client.end();
      await bridge.stop();
    }
  });
});

describe('two job processors on one PostgreSQL server', () => {
  it.skipIf(!onServer)('send a deadline reminder exactly once (runs only with TEST_DATABASE_URL: two pg-boss instances need a PostgreSQL server, PGlite is one connection in one process)', async () => {
    const w = await createWorld(t);
    t.clock.set('2026-03-02T09:00:00Z');
    const { resignIn } = await import('../cases/test-world.ts');
    await resignIn(t, w);
    const { id } = await submittedCase(t, w);
    const row = await t.database.db.selectFrom('cases').select(['submitted_at', 'deadline_at', 'paused_ms']).where('id', '=', id).executeTakeFirstOrThrow();
    t.clock.set(dueAt(row, 'deadline_50')!);

    // A second instance: its own connection pool and services, the same database and clock.
    const otherDb = await openDatabase({ url: t.database.url!, poolSize: 3 });
    const other: Services = { config: t.services.config, database: otherDb, clock: t.clock };
    const a = await startJobs(t.services, deadlineJobs, { pollingIntervalSeconds: 0.5, log });
    const b = await startJobs(other, deadlineJobs, { pollingIntervalSeconds: 0.5, log });
    try {
      // Several jobs for the same reminder (as after retries or a re-schedule), worked by both processors.
      for (let i = 0; i < 6; i++) {
        await (i % 2 ? b : a).boss.send(DEADLINE_JOB, { caseId: id, mark: 'deadline_50' }, { singletonKey: `dup-${i}` });
      }
      await vi.waitFor(
        async () => {
          const left = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${DEADLINE_JOB} and data->>'caseId' = ${id} and state < 'completed'`.execute(t.database.db);
          expect(left.rows[0]!.n).toBe(0);
        },
        { timeout: 20_000, interval: 200 },
      );
      for (const userId of [w.dermUserId, w.derm2UserId]) {
        const reminders = await t.database.db.selectFrom('notifications').select('id').where('user_id', '=', userId).where('case_id', '=', id).where('kind', '=', 'deadline_reminder').execute();
        expect(reminders).toHaveLength(1);
      }
    } finally {
      await a.stop();
      await b.stop();
      await otherDb.close();
    }
  });
});
