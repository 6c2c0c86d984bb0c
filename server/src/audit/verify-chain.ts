// Seals what is waiting, then walks the audit trail in chain order and
// recomputes every hash with the same SQL function the sealer used; reports the
// first broken link (by the event's insert seq, which people see in searches).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { sealAuditEvents } from './seal-audit-events.ts';

export interface ChainReport {
  checked: number;
  ok: boolean;
  firstBroken?: { seq: number; id: string; reason: 'hash_mismatch' | 'prev_mismatch' };
}

export async function verifyAuditChain(db: Kysely<DB>, batchSize = 5000): Promise<ChainReport> {
  await sealAuditEvents(db);
  let previousHash = 'genesis';
  let afterChainSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await sql<{ chain_seq: number; seq: number; id: string; prev_hash: string; hash: string; expected: string }>`
      select chain_seq, seq, id, prev_hash, hash, audit_event_digest(prev_hash, e) as expected
      from audit_events e where chain_seq > ${afterChainSeq} order by chain_seq limit ${batchSize}`.execute(db);
    if (rows.rows.length === 0) return { checked, ok: true };
    for (const row of rows.rows) {
      if (row.prev_hash !== previousHash) return { checked, ok: false, firstBroken: { seq: Number(row.seq), id: row.id, reason: 'prev_mismatch' } };
      if (row.hash !== row.expected) return { checked, ok: false, firstBroken: { seq: Number(row.seq), id: row.id, reason: 'hash_mismatch' } };
      previousHash = row.hash;
      afterChainSeq = Number(row.chain_seq);
      checked++;
    }
  }
}
