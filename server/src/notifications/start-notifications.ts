// Started from services.ts: the job queue with every job of issue 7
// (notification delivery, daily digest, deadline clocks), the appointment
// reminders, outgoing email (mail/mail-queue.ts) and the VAPID keys.
import type { Services } from '../context.ts';
import { deadlineJobs } from '../deadlines/clock.ts';
import { appointmentJobs } from '../appointments/reminders.ts';
import { startJobs, type JobDefinition, type StartJobsOptions } from '../jobs/job-queue.ts';
import { mailJobs } from '../mail/mail-queue.ts';
import { deliverNotifications, sendDailyDigest } from './deliver.ts';
import { DELIVER_JOB } from './publish.ts';
import { ensureVapidKeys } from './push.ts';

export const DIGEST_JOB = 'notifications-daily-digest';

export const notificationJobs: JobDefinition<never>[] = [
  { name: DELIVER_JOB, run: async (ctx, data: { ids: string[] }) => deliverNotifications(ctx, data) },
  // Hourly: each run sends the digests of the people for whom it is 07:00 (deliver.ts).
  { name: DIGEST_JOB, cron: '0 * * * *', run: async (ctx) => sendDailyDigest(ctx) },
];

export const ALL_JOBS: JobDefinition<never>[] = [...notificationJobs, ...deadlineJobs, ...appointmentJobs, ...mailJobs];

export async function startNotificationServices(services: Services, options: StartJobsOptions = {}): Promise<{ notes: string[]; stop: () => Promise<void> }> {
  await ensureVapidKeys(services.database.db);
  const jobs = await startJobs(services, ALL_JOBS, options);
  const where = services.database.kind === 'pglite' ? 'embedded database through a loopback socket' : 'PostgreSQL';
  return { notes: [`  jobs: pg-boss on the ${where} (${ALL_JOBS.length} queues)`], stop: () => jobs.stop() };
}
