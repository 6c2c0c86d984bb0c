// Audit events of reads made outside a transaction (the queue, the case page),
// written in batches: the events of requests that arrive while a write is under
// way wait for it, then go together in one INSERT, i.e. one commit for many
// reads (group commit). Each caller is answered only once the batch holding its
// events has committed, so no page is sent before its audit event is durable;
// if the write fails the caller fails and sends nothing. (docs/performance.md,
// "Sixth round": one commit per read was half of PostgreSQL's work per queue read.)
//
// Inside a transaction the events go into it, as recordAudit does.
import type { Insertable, Kysely } from 'kysely';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { auditRow, recordAudit, type AuditInput } from './record-audit.ts';

type AuditRow = Insertable<DB['audit_events']>;

interface Waiting {
  rows: AuditRow[];
  resolve(): void;
  reject(err: unknown): void;
}

/** Enough to amortise a commit; small enough to keep one INSERT's parameters well under PostgreSQL's limit. */
const MAX_ROWS_PER_INSERT = 400;

class ReadAuditBatcher {
  private waiting: Waiting[] = [];
  private writing = false;
  private readonly db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.db = db;
  }

  write(rows: AuditRow[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // Let the requests of this turn of the event loop join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.takeBatch();
      try {
        await this.insert(batch.flatMap((w) => w.rows));
        for (const w of batch) w.resolve();
      } catch (err) {
        if (batch.length === 1) batch[0]!.reject(err);
        // One caller's bad event must not fail the others: each is written alone, in order.
        else for (const w of batch) await this.insert(w.rows).then(w.resolve, w.reject);
      }
    }
    this.writing = false;
  }

  private takeBatch(): Waiting[] {
    let rows = 0;
    let n = 0;
    while (n < this.waiting.length && (n === 0 || rows + this.waiting[n]!.rows.length <= MAX_ROWS_PER_INSERT)) rows += this.waiting[n++]!.rows.length;
    return this.waiting.splice(0, n);
  }

  private async insert(rows: AuditRow[]): Promise<void> {
    // Rows keep their order: seq (the insert order) follows the VALUES list.
    if (rows.length > 0) await this.db.insertInto('audit_events').values(rows).execute();
  }
}

const batchers = new WeakMap<Kysely<DB>, ReadAuditBatcher>();

/** Records the events of a read (in this order); resolves once they are committed. */
export async function recordReadAudit(ctx: Pick<Ctx, 'db' | 'actor' | 'origin'>, events: AuditInput[]): Promise<void> {
  if (events.length === 0) return;
  if (ctx.db.isTransaction) {
    for (const event of events) await recordAudit(ctx.db, ctx, event);
    return;
  }
  let batcher = batchers.get(ctx.db);
  if (!batcher) batchers.set(ctx.db, (batcher = new ReadAuditBatcher(ctx.db)));
  await batcher.write(events.map((event) => auditRow(ctx, event)));
}
