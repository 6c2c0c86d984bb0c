// Reads' audit events are written in batches (group commit), each caller
// answered once its own events are committed.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { statementsDuring } from '../test/statements.ts';
import { createWorld, get, submittedCase, type World } from '../cases/test-world.ts';
import { recordReadAudit } from './record-read-audit.ts';

let t: TestApp;
let w: World;
const origin = { ip: '127.0.0.1', userAgent: 'test', requestId: null };
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t.close());

/** INSERTs into audit_events sent while `fn` runs (embedded PGlite only; null on a server). */
async function auditInsertsDuring(fn: () => Promise<unknown>): Promise<number | null> {
  const statements = await statementsDuring(t, fn);
  return statements && statements.filter((text) => /insert into "audit_events"/.test(text)).length;
}

const eventsOf = (action: string) => t.database.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('seq').execute();

describe('recordReadAudit', () => {
  it('writes the events of concurrent reads in one INSERT, in the order they were recorded', async () => {
    const ctx = { db: t.database.db, actor: null, origin };
    const ids = Array.from({ length: 20 }, (_, i) => `r${i}`);
    const inserts = await auditInsertsDuring(() =>
      Promise.all(ids.map((id) => recordReadAudit(ctx, [{ action: 'test.batched', resourceType: 'test', resourceId: id }, { action: 'test.batched', resourceType: 'test', resourceId: `${id}b` }]))),
    );
    if (inserts !== null) expect(inserts).toBe(1);
    const rows = await eventsOf('test.batched');
    expect(rows.map((r) => r.resource_id)).toEqual(ids.flatMap((id) => [id, `${id}b`]));
  });

  it('fails only the caller whose event cannot be written; the others are committed', async () => {
    const ctx = { db: t.database.db, actor: null, origin };
    const results = await Promise.allSettled([
      recordReadAudit(ctx, [{ action: 'test.isolated', resourceType: 'test', resourceId: 'good1' }]),
      recordReadAudit(ctx, [{ action: 'test.isolated', resourceType: 'test', resourceId: 'bad', patientId: 'not-a-uuid' }]),
      recordReadAudit(ctx, [{ action: 'test.isolated', resourceType: 'test', resourceId: 'good2' }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await eventsOf('test.isolated')).map((r) => r.resource_id)).toEqual(['good1', 'good2']);
  });

  it('inside a transaction, writes into it: rolled back with it', async () => {
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await recordReadAudit({ db: trx, actor: null, origin }, [{ action: 'test.in_trx', resourceType: 'test', resourceId: randomUUID() }]);
        expect(await trx.selectFrom('audit_events').select('id').where('action', '=', 'test.in_trx').execute()).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await eventsOf('test.in_trx')).toHaveLength(0);
  });

  it('sends no page when its audit event cannot be written', async () => {
    const { id } = await submittedCase(t, w);
    const db = t.database.db;
    // The database refuses this one action, as a full disk or a lost connection would refuse all.
    await sql`create function refuse_queue_read() returns trigger language plpgsql as $$
      begin if new.action = 'case.queue_read' then raise exception 'audit unavailable'; end if; return new; end $$`.execute(db);
    await sql`create trigger refuse_queue_read before insert on audit_events for each row execute function refuse_queue_read()`.execute(db);
    try {
      const res = await get(t, w.derm, '/api/queue');
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain(id);
    } finally {
      await sql`drop trigger refuse_queue_read on audit_events`.execute(db);
      await sql`drop function refuse_queue_read()`.execute(db);
    }
    const res = await get(t, w.derm, '/api/queue');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(id);
  });
});
