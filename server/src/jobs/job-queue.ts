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
import PgBoss from 'pg-boss';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Ctx, Services } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { createLogger } from '../logger.ts';
import { startPGliteBridge, type PGliteBridge } from './pglite-bridge.ts';

export const JOB_SCHEMA = 'pgboss';
/** Jobs taken per fetch from one queue. */
export const JOB_BATCH_SIZE = 25;

export interface JobDefinition<T = Record<string, unknown>> {
  name: string;
  /** 'short': at most one waiting job per singletonKey (per-case reminders). */
  policy?: 'standard' | 'short';
  /** Daily/periodic jobs: a cron expression (pg-boss schedules it once for all instances). */
  cron?: string;
  run(ctx: Ctx, data: T): Promise<void>;
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
  /** How often idle workers look for due jobs (default 2 s). */
  pollingIntervalSeconds?: number;
  /** Do not work jobs here (send only), e.g. for a second instance in a test. */
  workers?: boolean;
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
    const existing = await boss.getQueue(def.name);
    if (!existing) await boss.createQueue(def.name, { name: def.name, policy: def.policy ?? 'standard', retryLimit: 5, retryDelay: 30, retryBackoff: true });
    if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: 'UTC' });
    if (options.workers !== false) {
      // pg-boss waits the polling interval after every fetch, even a full one: one job per fetch
      // drained a burst (50 requests sent at once: ~100 notification emails) at one job every
      // 2 s. A batch per fetch; handlers are idempotent, so when one fails the batch is retried
      // whole after the others ran, and they do nothing the second time.
      await boss.work<Record<string, unknown>>(def.name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: JOB_BATCH_SIZE }, async (jobs) => {
        let failure: unknown = null;
        for (const job of jobs) {
          try {
            await (def.run as JobDefinition['run'])(jobCtx(services, log, job.id), job.data);
          } catch (error) {
            failure ??= error;
          }
        }
        if (failure) throw failure;
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
