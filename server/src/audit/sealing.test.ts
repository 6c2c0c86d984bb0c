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
});
