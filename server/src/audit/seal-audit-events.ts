// Links recorded audit events into the hash chain (migrations/0008). Events are
// inserted without a lock on the request path; the sealer runs every second
// beside the server (and before every verification), one sealer at a time.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

const BATCH = 5000;

/** Seals every waiting event; returns how many it sealed. */
export async function sealAuditEvents(db: Kysely<DB>): Promise<number> {
  let total = 0;
  for (;;) {
    const { rows } = await sql<{ sealed: number }>`select seal_audit_events(${BATCH}) as sealed`.execute(db);
    const sealed = Number(rows[0]?.sealed ?? 0);
    total += sealed;
    if (sealed < BATCH) return total;
  }
}

/** Starts the periodic sealer; returns its stop function. */
export function startAuditSealer(db: Kysely<DB>, onError: (err: unknown) => void, intervalMs = 1000): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = sealAuditEvents(db)
      .catch(onError)
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
