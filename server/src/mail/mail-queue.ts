// Outgoing email is durable: a domain function renders its message and calls
// `queueMail(trx, ctx, kind, mail)` in its own transaction, which creates one
// `mail-send` job (jobs/job-queue.ts) beside the change. A change that rolls
// back sends nothing; a committed one is delivered by the job, which throws
// when SMTP is down or refuses, so pg-boss retries it (MAIL_RETRY, ~1 hour).
//
// The rendered message holds an address and often a one-time link (sign-in,
// password reset, invitation, booking): the job's data is sealed with the
// master key (crypto/envelope.ts, the same envelope as photos and TOTP secrets:
// a fresh data key per message, wrapped by MASTER_KEY). The pgboss tables only
// ever hold `{ kind, ciphertext, wrappedKey }`; `kind` is a label such as
// 'patient_sign_in' that names no one. Logs carry the kind and the job id,
// never an address, a subject or a link.
//
// No SMTP_URL (production without mail; a test without a catcher): the
// warning of old, and nothing is queued. A queued message could only fail
// until the job gives up, or go out hours later when SMTP comes back, with
// sign-in links long expired.
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Ctx, Services } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { authMasterKey, authMasterKeyring } from '../auth/master-key.ts';
import { decryptBlob, encryptBlob, rewrapKey, wrappedKeyId, type MasterKey } from '../crypto/envelope.ts';
import { enqueue, jobsOf, rewriteWaitingJobs, type JobAttempt, type JobDefinition, type JobRetry } from '../jobs/job-queue.ts';
import { getMailer, MailDeliveryError, type OutgoingMail } from './mailer.ts';

export const MAIL_JOB = 'mail-send';

/** What an email is for: logged and stored in clear, so it names no one. */
export type MailKind =
  | 'patient_sign_in'
  | 'password_reset'
  | 'invitation'
  | 'patient_news'
  | 'booking_referral'
  | 'appointment_booked'
  | 'appointment_moved'
  | 'appointment_cancelled'
  | 'appointment_reminder_24h'
  | 'appointment_reminder_1h'
  | 'notification'
  | 'notification_digest';

/** The job's data: nothing readable without the master key but the kind. */
export interface MailJobData {
  kind: MailKind;
  /** base64 of encryptBlob's ciphertext of the message (JSON). */
  ciphertext: string;
  /** base64 of the data key wrapped by the master key. */
  wrappedKey: string;
  /**
   * When the one-time link the message carries stops working (ISO time, in clear: it names no
   * one). A retry after it drops the email instead of delivering a dead link.
   */
  expiresAt?: string;
}

// pg-boss retries a failed job after retryDelay * 2^n * (1 + random) seconds, n = 0, 1, 2...:
// with 60 s and 5 retries, after ~1-2, 2-4, 4-8, 8-16 and 16-32 min, the last attempt 31 to 62
// minutes after the first. That rides out an SMTP restart, a provider's brief outage or a
// greylisting 4xx without hammering the server; beyond an hour a sign-in link (15 min) or a
// reset link (60 min) would be dead on arrival anyway, and the person asks again. A message
// queued with its link's expiry is not delivered once the link has expired (deliverQueuedMail).
export const MAIL_RETRY: JobRetry = { limit: 5, delaySeconds: 60, backoff: true };
// Sign-in links are awaited by someone looking at the screen: an idle worker looks every second
// (one cheap indexed query), so a link arrives about a second after the request at worst.
export const MAIL_POLLING_SECONDS = 1;
// With the SMTP timeouts of mailer.ts (at most ~50 s per failing message), a batch of 10 ends
// well within pg-boss's 15 minute expiry of an active job.
const MAIL_BATCH_SIZE = 10;

type Db = Kysely<DB> | Transaction<DB>;
type SealedAttachment = { filename: string; contentType?: string; content: string; base64?: true };
type SealedMail = Omit<OutgoingMail, 'attachments'> & { attachments?: SealedAttachment[] };

/** The data of a mail job: the message sealed under the master key, and its kind in clear. */
export function sealMailJob(services: Services, kind: MailKind, mail: OutgoingMail): MailJobData {
  const message: SealedMail = {
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    ...(mail.attachments
      ? {
          attachments: mail.attachments.map((a) => ({
            filename: a.filename,
            ...(a.contentType ? { contentType: a.contentType } : {}),
            ...(typeof a.content === 'string' ? { content: a.content } : { content: a.content.toString('base64'), base64: true as const }),
          })),
        }
      : {}),
  };
  const plaintext = Buffer.from(JSON.stringify(message), 'utf8');
  try {
    const { ciphertext, wrappedKey } = encryptBlob(authMasterKey(services.config), plaintext);
    return { kind, ciphertext: ciphertext.toString('base64'), wrappedKey: wrappedKey.toString('base64') };
  } finally {
    plaintext.fill(0);
  }
}

/** The message of a mail job (throws if it was altered or its master key is not loaded). */
export function openMailJob(services: Services, data: MailJobData): OutgoingMail {
  const plaintext = decryptBlob(authMasterKeyring(services.config), Buffer.from(data.ciphertext, 'base64'), Buffer.from(data.wrappedKey, 'base64'));
  try {
    const message = JSON.parse(plaintext.toString('utf8')) as SealedMail;
    return {
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      ...(message.attachments
        ? {
            attachments: message.attachments.map((a) => ({
              filename: a.filename,
              content: a.base64 ? Buffer.from(a.content, 'base64') : a.content,
              ...(a.contentType ? { contentType: a.contentType } : {}),
            })),
          }
        : {}),
    };
  } finally {
    plaintext.fill(0);
  }
}

/**
 * Queues one email in the caller's transaction (or on the plain connection when
 * the caller has none): it goes out once that commits, with retries. A message
 * carrying a one-time link gives the link's expiry: past it, the email is dropped.
 */
export async function queueMail(
  db: Db,
  ctx: { services: Services; log?: FastifyBaseLogger },
  kind: MailKind,
  mail: OutgoingMail,
  options: { linkExpiresAt?: Date } = {},
): Promise<void> {
  if (!getMailer(ctx.services).enabled) {
    ctx.log?.warn({ kind: 'mail', mail: kind }, 'no SMTP_URL configured: email not sent');
    return;
  }
  if (!jobsOf(ctx.services)) {
    // Only a test app or a script that started no job queue: there is no one to deliver it.
    ctx.log?.warn({ kind: 'mail', mail: kind }, 'no job queue started: email not sent');
    return;
  }
  const data = sealMailJob(ctx.services, kind, mail);
  await enqueue(db, ctx.services, MAIL_JOB, options.linkExpiresAt ? { ...data, expiresAt: options.linkExpiresAt.toISOString() } : data);
}

/** The mail job: delivers, or throws for pg-boss to retry; the last failure is logged as given up. */
export async function deliverQueuedMail(ctx: Ctx, data: MailJobData, attempt: JobAttempt): Promise<void> {
  const facts = { kind: 'mail', mail: data.kind, jobId: attempt.id, attempt: attempt.retryCount + 1 };
  if (data.expiresAt && Date.parse(data.expiresAt) <= ctx.clock.now().getTime()) {
    // A retry came too late: the link would not open. The person asks for a new one.
    ctx.log.warn(facts, 'the link in this queued email has expired: dropped, not sent');
    return;
  }
  let mail: OutgoingMail;
  try {
    mail = openMailJob(ctx.services, data);
  } catch {
    // Not worth retrying: the same bytes will not open in an hour either.
    ctx.log.error(facts, 'queued email could not be decrypted (altered, or its master key is no longer loaded): dropped');
    return;
  }
  const mailer = getMailer(ctx.services);
  if (!mailer.enabled) {
    ctx.log.warn(facts, 'no SMTP_URL configured: email not sent');
    return;
  }
  try {
    await mailer.deliver(mail);
  } catch (error) {
    const smtp = error instanceof MailDeliveryError ? { code: error.code, responseCode: error.responseCode, command: error.command } : { code: 'unknown' };
    const last = attempt.retryCount >= attempt.retryLimit;
    if (last) ctx.log.error({ ...facts, smtp }, 'email could not be sent and will not be retried');
    else ctx.log.warn({ ...facts, smtp }, 'email could not be sent: will retry');
    // pg-boss stores what is thrown in the job's output: never nodemailer's own error (its
    // message repeats the server's reply, which often names the recipient).
    throw error instanceof MailDeliveryError ? error : new MailDeliveryError({});
  }
}

/**
 * For master key rotation (photos/key-rotation.ts): rewraps the data key of every email still
 * waiting (to be sent or retried) to newKey. One that no loaded key opens is left to be dropped.
 */
export async function rewrapQueuedMail(db: Kysely<DB>, oldKeys: readonly MasterKey[], newKey: MasterKey): Promise<number> {
  const keyring = [newKey, ...oldKeys];
  return rewriteWaitingJobs(db, MAIL_JOB, (raw) => {
    const data = raw as MailJobData;
    try {
      const wrapped = Buffer.from(data.wrappedKey, 'base64');
      if (wrappedKeyId(wrapped) === newKey.keyId) return null;
      return { ...data, wrappedKey: rewrapKey(keyring, newKey, wrapped).toString('base64') } satisfies MailJobData;
    } catch {
      return null;
    }
  });
}

export const mailJobs: JobDefinition<never>[] = [
  {
    name: MAIL_JOB,
    retry: MAIL_RETRY,
    pollingIntervalSeconds: MAIL_POLLING_SECONDS,
    batchSize: MAIL_BATCH_SIZE,
    run: async (ctx, data: MailJobData, attempt) => deliverQueuedMail(ctx, data, attempt),
  },
];
