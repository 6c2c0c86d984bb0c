// Outgoing email in medium tests goes the server's way: domain functions queue
// mail jobs (mail/mail-queue.ts), pg-boss works them on the test database and
// they reach the SMTP catcher (test/mail-catcher.ts). Every other queue exists
// too, so the jobs a flow creates (reminders, notification delivery) are
// stored as in production, but only the mail queue is worked here.
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { startJobs, type JobQueue, type StartJobsOptions } from '../jobs/job-queue.ts';
import { createLogger } from '../logger.ts';
import { MAIL_JOB } from '../mail/mail-queue.ts';
import { ALL_JOBS } from '../notifications/start-notifications.ts';
import { startMailCatcher, type MailCatcher } from './mail-catcher.ts';
import { createTestApp, type TestApp } from './test-app.ts';

export interface TestMailQueue {
  queue: JobQueue;
  /** Waits until no mail job is due or running: every email queued so far has been delivered or has failed. */
  flush(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Waits until no job of these queues (default: mail) is due (created, or to retry now) or running.
 * A retry scheduled later does not count. A job that creates others (notification delivery ->
 * mail) does so before it completes, so one count over both queues sees one or the other.
 */
export async function flushJobs(db: Kysely<DB>, names: readonly string[] = [MAIL_JOB], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job
      where name in (${sql.join(names)}) and (state = 'active' or (state in ('created', 'retry') and start_after <= now()))`.execute(db);
    if (rows[0]!.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0]!.n} job(s) of ${names.join(', ')} still waiting after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startMailQueue(t: TestApp, options: Pick<StartJobsOptions, 'log'> = {}): Promise<TestMailQueue> {
  const log = options.log ?? (createLogger('silent') as unknown as FastifyBaseLogger);
  const queue = await startJobs(
    t.services,
    ALL_JOBS.filter((d) => !d.cron),
    { work: [MAIL_JOB], pollingIntervalSeconds: 0.5, log },
  );
  return {
    queue,
    flush: (timeoutMs) => flushJobs(t.database.db, [MAIL_JOB], timeoutMs),
    stop: () => queue.stop(),
  };
}

export interface MailingTestApp {
  t: TestApp;
  mail: MailCatcher;
  mailQueue: TestMailQueue;
}

/** A test app whose emails go over real SMTP to a fresh catcher, through the mail queue. */
export async function createMailingTestApp(): Promise<MailingTestApp> {
  const mail = await startMailCatcher();
  const t = await createTestApp({ env: { SMTP_URL: mail.url, PUBLIC_URL: 'http://dermlink.test:3000' } });
  const mailQueue = await startMailQueue(t);
  return { t, mail, mailQueue };
}

export async function closeMailingTestApp({ t, mail, mailQueue }: MailingTestApp): Promise<void> {
  await mailQueue.stop();
  await t.close();
  await mail.close();
}
