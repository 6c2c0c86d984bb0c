import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { recordAudit } from './record-audit.ts';
import { sealAuditEvents } from './seal-audit-events.ts';
import { verifyAuditChain } from './verify-chain.ts';

let t: TestApp;
const origin = { ip: '127.0.0.1', userAgent: 'test', requestId: null };
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('audit sealing', () => {
  it('records without a hash, then seals in insert order exactly once', async () => {
    const db = t.database.db;
    for (let i = 0; i < 3; i++) await recordAudit(db, { actor: null, origin }, { action: 'test.event', resourceType: 'test', resourceId: String(i) });
    const waiting = await db.selectFrom('audit_events').select(['hash', 'chain_seq']).where('action', '=', 'test.event').execute();
    expect(waiting.every((r) => r.hash === null && r.chain_seq === null)).toBe(true);

    expect(await sealAuditEvents(db)).toBeGreaterThanOrEqual(3);
    expect(await sealAuditEvents(db)).toBe(0);
    const sealed = await db.selectFrom('audit_events').select(['seq', 'chain_seq', 'prev_hash', 'hash']).orderBy('chain_seq').execute();
    expect(sealed[0]!.prev_hash).toBe('genesis');
    for (let i = 1; i < sealed.length; i++) {
      expect(sealed[i]!.prev_hash).toBe(sealed[i - 1]!.hash);
      expect(Number(sealed[i]!.seq)).toBeGreaterThan(Number(sealed[i - 1]!.seq));
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('refuses to change an unsealed event, to reseal a sealed one, or to delete one', async () => {
    const db = t.database.db;
    await recordAudit(db, { actor: null, origin }, { action: 'test.unsealed', resourceType: 'test' });
    await expect(db.updateTable('audit_events').set({ outcome: 'denied' }).where('action', '=', 'test.unsealed').execute()).rejects.toThrow(/append-only/);
    await sealAuditEvents(db);
    await expect(db.updateTable('audit_events').set({ hash: 'forged', chain_seq: 999999 }).where('action', '=', 'test.unsealed').execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_events').where('action', '=', 'test.unsealed').execute()).rejects.toThrow(/append-only/);
  });

  it('keeps a queue read\'s event (50 case ids, over 2 KB) inline, out of the TOAST table', async () => {
    const db = t.database.db;
    const toast = await sql<{ name: string }>`select reltoastrelid::regclass::text as name from pg_class where relname = 'audit_events'`.execute(db);
    const toastRows = async () => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(toast.rows[0]!.name)}`.execute(db)).rows[0]!.n);
    const before = await toastRows();
    const caseIds = Array.from({ length: 50 }, () => randomUUID());
    await recordAudit(db, { actor: null, origin }, { action: 'test.queue_like', resourceType: 'case', details: { count: 50, caseIds } });
    expect(await toastRows()).toBe(before);
    const stored = await db.selectFrom('audit_events').select('details').where('action', '=', 'test.queue_like').executeTakeFirstOrThrow();
    expect(stored.details).toEqual({ count: 50, caseIds });
    expect(await sealAuditEvents(db)).toBeGreaterThanOrEqual(1);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
