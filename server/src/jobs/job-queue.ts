// THE owner of pg-boss: durable jobs in the application's own PostgreSQL
// database (schema "pgboss"), on both databases through one code path:
//   - PostgreSQL server (DATABASE_URL): pg-boss opens its own small pool;
//   - embedded PGlite: pg-boss connects with ONE connection to a loopback
//     socket bridge over the same PGlite instance (pglite-bridge.ts), which
//     shares Kysely's lock so the two never interleave.
// Jobs survive a restart (they are rows), and pg-boss's fetch (FOR UPDATE SKIP
// LOCKED) gives each job to one worker among all instances. Handlers are plain
// functions `run(ctx, data)` (tests call them directly with a TestClock); they
// read the current state and do nothing when it moved on.
// Jobs are created in the caller's transaction (`enqueue(trx, ...)`), so a job
// exists if and only if the change that asked for it committed.
// A job that throws is retried alone, by pg-boss, after its queue's delay;
// the other jobs of its batch complete.
import PgBoss from 'pg-boss';
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Ctx, Services } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { createLogger } from '../logger.ts';
import { startPGliteBridge, type PGliteBridge } from './pglite-bridge.ts';

export const JOB_SCHEMA = 'pgboss';
/** Jobs taken per fetch from one queue. */
export const JOB_BATCH_SIZE = 25;

/** Retries of a failed job (pg-boss queue settings; the delay doubles with `backoff`). */
export interface JobRetry {
  limit: number;
  delaySeconds: number;
  backoff: boolean;
}
export const DEFAULT_JOB_RETRY: JobRetry = { limit: 5, delaySeconds: 30, backoff: true };

/** Which attempt this is: `retryCount === retryLimit` on the last one. */
export interface JobAttempt {
  id: string;
  retryCount: number;
  retryLimit: number;
}

export interface JobDefinition<T = Record<string, unknown>> {
  name: string;
  /** 'short': at most one waiting job per singletonKey (per-case reminders). */
  policy?: 'standard' | 'short';
  /** Daily/periodic jobs: a cron expression (pg-boss schedules it once for all instances). */
  cron?: string;
  /** Default DEFAULT_JOB_RETRY. */
  retry?: JobRetry;
  /** How often an idle worker of this queue looks for due jobs (default 2 s). */
  pollingIntervalSeconds?: number;
  /** Jobs taken per fetch (default JOB_BATCH_SIZE). */
  batchSize?: number;
  /** Throws to be retried (after the queue's delay, up to its limit). */
  run(ctx: Ctx, data: T, attempt: JobAttempt): Promise<void>;
}

export interface EnqueueOptions {
  startAfter?: Date;
  singletonKey?: string;
}

export interface JobQueue {
  readonly boss: PgBoss;
  readonly url: string;
  stop(): Promise<void>;
}

export interface StartJobsOptions {
  /** How often idle workers look for due jobs (default: each definition's, else 2 s). */
  pollingIntervalSeconds?: number;
  /** Do not work jobs here (send only), e.g. for a second instance in a test. */
  workers?: boolean;
  /** Work only these queues (the others still receive jobs), e.g. only mail in a test. */
  work?: readonly string[];
  log?: FastifyBaseLogger;
}

export function jobsOf(services: Services): JobQueue | undefined {
  return services.jobs as JobQueue | undefined;
}

/** The context a job handler gets: no actor (system), the app's clock. */
export function jobCtx(services: Services, log: FastifyBaseLogger, jobId: string | null = null): Ctx {
  return {
    db: services.database.db,
    actor: null,
    clock: services.clock,
    log,
    services,
    sessionState: 'none',
    origin: { ip: null, userAgent: 'dermlink-jobs', requestId: jobId ? `job:${jobId}` : null },
  };
}

/** pg-boss's `db` option over a Kysely connection or transaction. */
function kyselyExecutor(db: Kysely<DB> | Transaction<DB>) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values.map((v) => (v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v))));
      return { rows: result.rows as unknown[] };
    },
  };
}

/**
 * Creates a job inside the caller's transaction (or on the plain connection).
 * Without a started job queue (a test app that does not run jobs) nothing is
 * enqueued: the caller's change still commits.
 */
export async function enqueue(db: Kysely<DB> | Transaction<DB>, services: Services, name: string, data: object, options: EnqueueOptions = {}): Promise<void> {
  const jobs = jobsOf(services);
  if (!jobs) return;
  await jobs.boss.send(name, data, {
    db: kyselyExecutor(db),
    ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
  });
}

/**
 * Rewrites the data of the jobs of one queue that are not done yet (created, waiting to retry or
 * running), in one transaction: `rewrite` returns the new data, or null to leave a job as it is.
 * For a master key rotation (jobs whose data is sealed, mail/mail-queue.ts). Nothing to do on a
 * database where pg-boss never ran.
 */
export async function rewriteWaitingJobs(db: Kysely<DB>, name: string, rewrite: (data: unknown) => object | null): Promise<number> {
  const table = await sql<{ t: string | null }>`select to_regclass(${`${JOB_SCHEMA}.job`})::text as t`.execute(db);
  if (!table.rows[0]?.t) return 0;
  return db.transaction().execute(async (trx) => {
    const jobs = await sql<{ id: string; data: unknown }>`
      select id, data from ${sql.table(`${JOB_SCHEMA}.job`)} where name = ${name} and state < 'completed' for update`.execute(trx);
    let changed = 0;
    for (const job of jobs.rows) {
      const data = rewrite(job.data);
      if (!data) continue;
      await sql`update ${sql.table(`${JOB_SCHEMA}.job`)} set data = ${JSON.stringify(data)}::jsonb where name = ${name} and id = ${job.id}`.execute(trx);
      changed++;
    }
    return changed;
  });
}

export async function startJobs(services: Services, definitions: JobDefinition<never>[], options: StartJobsOptions = {}): Promise<JobQueue> {
  const log = options.log ?? (createLogger(services.config.logLevel) as unknown as FastifyBaseLogger);
  const { database } = services;
  let bridge: PGliteBridge | null = null;
  let url: string;
  let max: number;
  if (database.kind === 'pglite') {
    bridge = await startPGliteBridge(database.pglite!);
    url = bridge.url;
    max = 1;
  } else {
    url = database.url!;
    max = 3;
  }
  const boss = new PgBoss({
    connectionString: url,
    max,
    schema: JOB_SCHEMA,
    application_name: 'dermlink-jobs',
    // The app's own migrations run first; pg-boss migrates its schema under its own advisory lock.
    migrate: true,
    supervise: true,
    schedule: definitions.some((d) => d.cron),
  });
  boss.on('error', (err: Error) => log.error({ err: { type: err.name, message: err.message } }, 'job queue error'));
  await boss.start();
  for (const def of definitions) {
    const retry = def.retry ?? DEFAULT_JOB_RETRY;
    const settings = { retryLimit: retry.limit, retryDelay: retry.delaySeconds, retryBackoff: retry.backoff };
    const existing = await boss.getQueue(def.name);
    if (!existing) await boss.createQueue(def.name, { name: def.name, policy: def.policy ?? 'standard', ...settings });
    else if (existing.retryLimit !== settings.retryLimit || existing.retryDelay !== settings.retryDelay || existing.retryBackoff !== settings.retryBackoff) {
      await boss.updateQueue(def.name, { name: def.name, policy: existing.policy ?? 'standard', ...settings });
    }
    if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: 'UTC' });
    if (options.workers !== false && (!options.work || options.work.includes(def.name))) {
      // pg-boss waits the polling interval after every fetch, even a full one: one job per fetch
      // drained a burst (50 requests sent at once: ~100 notification emails) at one job every
      // 2 s. A batch per fetch; a job that throws is failed alone (pg-boss retries it after the
      // queue's delay) and the handler returns, so pg-boss completes the others (its `complete`
      // only touches jobs still active). Not idempotent handlers (an email) are not run twice.
      const workOptions = {
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? def.pollingIntervalSeconds ?? 2,
        batchSize: def.batchSize ?? JOB_BATCH_SIZE,
        includeMetadata: true as const,
      };
      await boss.work<Record<string, unknown>>(def.name, workOptions, async (jobs) => {
        for (const job of jobs) {
          try {
            await (def.run as JobDefinition['run'])(jobCtx(services, log, job.id), job.data, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit });
          } catch (error) {
            await boss.fail(def.name, job.id, error instanceof Error ? error : { value: String(error) });
          }
        }
      });
    }
  }
  const queue: JobQueue = {
    boss,
    url,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
      await bridge?.stop();
      if (services.jobs === queue) delete services.jobs;
    },
  };
  services.jobs = queue;
  return queue;
}
