// Outgoing email is durable (mail/mail-queue.ts): a message the SMTP server
// refuses is delivered when pg-boss retries its job; the job rows hold only a
// ciphertext and a kind label, never an address, a link or a code; a change
// that rolls back queues nothing; the last failure is logged without content.
// Real app (Fastify inject), real database, real pg-boss, real SMTP server.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerBody, completeRequest, createWorld, draftCase, post, type World } from '../cases/test-world.ts';
import { createClinician, createPatient, signInAs } from '../test/factories.ts';
import type { MailCatcher } from '../test/mail-catcher.ts';
import { type TestMailQueue, closeMailingTestApp, createMailingTestApp } from '../test/mail-queue.ts';
import type { TestApp } from '../test/test-app.ts';
import { nextIp } from '../auth/test-helpers.ts';
import { authMasterKey } from '../auth/master-key.ts';
import { decryptBlob, generateMasterKey, loadMasterKey, wrappedKeyId } from '../crypto/envelope.ts';
import { enqueue, jobCtx } from '../jobs/job-queue.ts';
import { deliverQueuedMail, MAIL_JOB, MAIL_RETRY, openMailJob, rewrapQueuedMail, sealMailJob, type MailJobData } from './mail-queue.ts';
import { MailDeliveryError } from './mailer.ts';

let t: TestApp;
let w: World;
let mail: MailCatcher;
let mailQueue: TestMailQueue;

beforeAll(async () => {
  ({ t, mail, mailQueue } = await createMailingTestApp());
  w = await createWorld(t);
});
afterAll(async () => {
  await closeMailingTestApp({ t, mail, mailQueue });
});
beforeEach(() => mail.clear());

interface MailJobRow {
  id: string;
  state: string;
  retry_count: number;
  retry_limit: number;
  wait_seconds: number;
  data: string;
  output: string | null;
}
const mailJobs = async () =>
  (
    await sql<MailJobRow>`
      select id, state::text as state, retry_count, retry_limit,
        extract(epoch from (start_after - now()))::float8 as wait_seconds, data::text as data, output::text as output
      from pgboss.job where name = ${MAIL_JOB} order by created_on`.execute(t.database.db)
  ).rows;

async function patientWithAccount() {
  const p = await createPatient(t.database.db, { organisationId: w.ids.practiceId, familyName: 'Vasseur', givenName: 'Solène', withAccount: true });
  return { patientId: p.patientId, email: p.email! };
}
const requestLink = (email: string) => t.app.inject({ method: 'POST', url: '/api/auth/patient/request', payload: { email }, remoteAddress: nextIp() });
const tokenOf = (link: string) => new URL(link).hash.replace(/^#token=/, '');

/** The first mail job queued after the `before` first ones, once its first attempt has failed and it waits for its retry. */
async function jobWaitingForRetry(before: number): Promise<MailJobRow> {
  let job: MailJobRow | undefined;
  await vi.waitFor(
    async () => {
      job = (await mailJobs()).slice(before).find((j) => j.state === 'retry');
      expect(job).toBeDefined();
    },
    { timeout: 10_000, interval: 100 },
  );
  return job!;
}

/** A job context whose log lines (JSON) are kept for the test to read. */
function capturingCtx() {
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }) as unknown as FastifyBaseLogger;
  return { ctx: jobCtx(t.services, log, 'job-under-test'), lines };
}

describe('an email the SMTP server refuses', () => {
  it('is delivered when its job is retried, once, and the failure stored in the job names no one', async () => {
    const p = await patientWithAccount();
    const before = (await mailJobs()).length;
    mail.refuseNext(1);
    expect((await requestLink(p.email)).statusCode).toBe(200);

    // The first attempt is refused (451): the job waits for its retry, about a minute later.
    const job = await jobWaitingForRetry(before);
    expect(mail.refused).toEqual([p.email]);
    expect(mail.sentTo(p.email)).toEqual([]);
    expect(job.retry_limit).toBe(MAIL_RETRY.limit);
    // retryDelay * 2^0 * (1 + random): between 60 and 120 s from the failure.
    expect(job.wait_seconds).toBeGreaterThan(MAIL_RETRY.delaySeconds - 10);
    expect(job.wait_seconds).toBeLessThanOrEqual(MAIL_RETRY.delaySeconds * 2);
    // The server's reply named the recipient; the stored error does not.
    expect(job.output).toContain('MailDeliveryError');
    expect(job.output).toContain('451');
    expect(job.output!.toLowerCase()).not.toContain(p.email);

    // The retry's time comes (pg-boss reads the database's clock: move the job, not the TestClock).
    await sql`update pgboss.job set start_after = now() where id = ${job.id}`.execute(t.database.db);
    const message = await mail.next(p.email, 10_000);
    expect(message.subject).toBe('Your DermLink sign-in link');
    const signedIn = await t.app.inject({ method: 'POST', url: '/api/auth/patient/link', payload: { token: tokenOf(mail.linkIn(message)) } });
    expect(signedIn.statusCode).toBe(200);

    await mailQueue.flush();
    expect(mail.sentTo(p.email)).toHaveLength(1);
    await vi.waitFor(async () => expect((await mailJobs()).find((j) => j.id === job.id)?.state).toBe('completed'), { timeout: 10_000, interval: 100 });
  });
});

describe('an email whose link expires before a retry can send it', () => {
  it('is dropped, not delivered dead', async () => {
    const p = await patientWithAccount();
    const before = (await mailJobs()).length;
    mail.refuseNext(1);
    const requested = await requestLink(p.email);
    expect(requested.statusCode).toBe(200);
    const { expiresAt } = requested.json() as { expiresAt: string };
    const job = await jobWaitingForRetry(before);
    expect((JSON.parse(job.data) as MailJobData).expiresAt).toBe(expiresAt);

    // The retry's time comes only after the link's 15 minutes: the job ends without sending.
    const was = t.clock.now();
    t.clock.set(new Date(Date.parse(expiresAt) + 1000));
    try {
      await sql`update pgboss.job set start_after = now() where id = ${job.id}`.execute(t.database.db);
      await vi.waitFor(async () => expect((await mailJobs()).find((j) => j.id === job.id)?.state).toBe('completed'), { timeout: 10_000, interval: 100 });
      await mailQueue.flush();
      expect(mail.sentTo(p.email)).toEqual([]);

      // What it logs: the kind and the job, not the address.
      const logged = capturingCtx();
      await deliverQueuedMail(logged.ctx, JSON.parse(job.data) as MailJobData, { id: job.id, retryCount: 1, retryLimit: MAIL_RETRY.limit });
      expect(JSON.parse(logged.lines[0]!)).toMatchObject({ mail: 'patient_sign_in', jobId: job.id, msg: 'the link in this queued email has expired: dropped, not sent' });
      expect(logged.lines.join('\n').toLowerCase()).not.toContain(p.email);
      expect(mail.sentTo(p.email)).toEqual([]);
    } finally {
      t.clock.set(was);
    }
  });
});

describe('the job rows', () => {
  it('hold a ciphertext, a kind label and the link\u2019s expiry only: no address, link, code, subject or organisation name', async () => {
    const p = await patientWithAccount();
    const coordinator = await signInAs(t, await createClinician(t.database.db, { organisationId: w.ids.officeId, role: 'coordinator' }));
    const invitee = 'new.colleague@practice.test';
    const before = (await mailJobs()).length;

    expect((await requestLink(p.email)).statusCode).toBe(200);
    const invited = await t.app.inject({ method: 'POST', url: '/api/admin/invitations', headers: coordinator.headers, payload: { email: invitee, organisationId: w.ids.practiceId, role: 'requester', locale: 'en' } });
    expect(invited.statusCode).toBe(201);
    const signIn = await mail.next(p.email);
    const invitation = await mail.next(invitee);
    const secrets = [
      p.email,
      invitee,
      tokenOf(mail.linkIn(signIn)),
      tokenOf(mail.linkIn(invitation)),
      /\b(\d{6})\b/.exec(signIn.text)![1]!,
      'dermlink.test',
      'http',
      signIn.subject,
      invitation.subject,
      'Test practice',
    ];

    const rows = (await mailJobs()).slice(before);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const data = JSON.parse(row.data) as MailJobData;
      expect(Object.keys(data).sort()).toEqual(['ciphertext', 'expiresAt', 'kind', 'wrappedKey']);
      expect(data.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // Besides the label, only base64 (no "@", ".", ":" or space: no address, link or subject fits)...
      expect(data.ciphertext).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(data.wrappedKey).toMatch(/^[A-Za-z0-9+/]+=*$/);
      // ...of bytes that are not the message in clear either.
      const stored = [
        row.data.replace(data.ciphertext, '').replace(data.wrappedKey, ''),
        Buffer.from(data.ciphertext, 'base64').toString('latin1'),
        Buffer.from(data.wrappedKey, 'base64').toString('latin1'),
        row.output ?? '',
      ];
      for (const secret of secrets) {
        for (const text of stored) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
      }
    }
    const [first, second] = rows.map((r) => JSON.parse(r.data) as MailJobData);
    expect([first!.kind, second!.kind]).toEqual(['patient_sign_in', 'invitation']);
    // The ciphertext is the message itself, opened with the master key.
    expect(openMailJob(t.services, first!)).toMatchObject({ to: p.email, subject: signIn.subject });
    expect(openMailJob(t.services, second!).text).toContain(tokenOf(mail.linkIn(invitation)));
  });
});

describe('a change that rolls back', () => {
  it('queues no email: the answer fails after the patient\u2019s "news" email was asked for, and nothing goes out', async () => {
    const p = await patientWithAccount();
    const consent = await post(t, w.gp, `/api/patients/${p.patientId}/consents`, { method: 'oral_in_consultation', scope: ['photos', 'remote_expertise'] });
    expect(consent.statusCode, consent.body).toBe(201);
    const id = await draftCase(t, w, p.patientId, completeRequest);
    expect((await post(t, w.gp, `/api/cases/${id}/submit`, {})).statusCode).toBe(200);
    await mail.next(p.email, 10_000); // "news": the case was sent
    expect((await post(t, w.derm, `/api/cases/${id}/claim`)).statusCode).toBe(200);
    const before = (await mailJobs()).length;

    // Signing runs the transition (which asks for the patient's email), then stores the answer:
    // the database refuses the answer, so the whole transaction rolls back.
    await sql`create function test_refuse_answers() returns trigger language plpgsql as $$ begin raise exception 'answers refused by the test'; end $$`.execute(t.database.db);
    await sql`create trigger test_refuse_answers before insert on case_answers for each row execute function test_refuse_answers()`.execute(t.database.db);
    try {
      const refused = await post(t, w.derm, `/api/cases/${id}/answer`, answerBody);
      expect(refused.statusCode).toBe(500);
    } finally {
      await sql`drop trigger test_refuse_answers on case_answers`.execute(t.database.db);
      await sql`drop function test_refuse_answers()`.execute(t.database.db);
    }
    expect(await mailJobs()).toHaveLength(before);
    // A later email to the same patient is the next one they get: nothing was on its way before it.
    expect((await requestLink(p.email)).statusCode).toBe(200);
    expect((await mail.next(p.email, 10_000)).subject).toBe('Your DermLink sign-in link');
    await mailQueue.flush();
    expect(mail.sentTo(p.email).map((m) => m.subject)).toEqual([expect.stringContaining('There is news about your care'), 'Your DermLink sign-in link']);

    // The same answer, committed this time: its email goes out.
    expect((await post(t, w.derm, `/api/cases/${id}/answer`, answerBody)).statusCode).toBe(200);
    expect((await mail.next(p.email, 10_000)).subject).toContain('There is news about your care in DermLink');
  });
});

describe('the last failure', () => {
  it('is logged as given up, with the kind and the SMTP code but no address, subject or link', async () => {
    const to = 'refused.twice@patient.test';
    const link = 'http://dermlink.test:3000/patient/sign-in/link#token=secret-token-value';
    const data = sealMailJob(t.services, 'patient_sign_in', { to, subject: 'Subject with Solène Vasseur', text: `Open ${link}`, html: `<a href="${link}">x</a>` });

    const early = capturingCtx();
    mail.refuseNext(1);
    await expect(deliverQueuedMail(early.ctx, data, { id: 'job-under-test', retryCount: 0, retryLimit: MAIL_RETRY.limit })).rejects.toBeInstanceOf(MailDeliveryError);
    expect(early.lines.join('\n')).toContain('will retry');

    const last = capturingCtx();
    mail.refuseNext(1);
    const error = await deliverQueuedMail(last.ctx, data, { id: 'job-under-test', retryCount: MAIL_RETRY.limit, retryLimit: MAIL_RETRY.limit }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).responseCode).toBe(451);
    expect(String((error as Error).message)).not.toContain(to);
    const logged = last.lines.join('\n');
    expect(logged).toContain('will not be retried');
    expect(JSON.parse(last.lines[0]!)).toMatchObject({ mail: 'patient_sign_in', jobId: 'job-under-test', attempt: MAIL_RETRY.limit + 1, smtp: { responseCode: 451 } });
    for (const secret of [to, 'Solène', 'Vasseur', 'secret-token-value', 'dermlink.test']) expect(logged).not.toContain(secret);
    expect(mail.refused).toEqual([to, to]);
    expect(mail.sentTo(to)).toEqual([]);
  });
});

describe('master key rotation', () => {
  it('rewraps the key of an email still waiting, which then opens with the new master key only', async () => {
    const current = authMasterKey(t.services.config);
    const next = loadMasterKey(generateMasterKey());
    const message = { to: 'waiting@patient.test', subject: 'Waiting', text: 'still waiting', html: '<p>still waiting</p>' };
    // Due in a day: it stays waiting while the rotation runs.
    await enqueue(t.database.db, t.services, MAIL_JOB, sealMailJob(t.services, 'patient_news', message), { startAfter: new Date(Date.now() + 86_400_000) });
    const waiting = async () => JSON.parse((await mailJobs()).find((j) => j.state === 'created')!.data) as MailJobData;
    const before = await waiting();
    expect(wrappedKeyId(Buffer.from(before.wrappedKey, 'base64'))).toBe(current.keyId);

    expect(await rewrapQueuedMail(t.database.db, [current], next)).toBe(1);
    const after = await waiting();
    expect(after.ciphertext).toBe(before.ciphertext);
    expect(wrappedKeyId(Buffer.from(after.wrappedKey, 'base64'))).toBe(next.keyId);
    const opened = decryptBlob(next, Buffer.from(after.ciphertext, 'base64'), Buffer.from(after.wrappedKey, 'base64'));
    expect(JSON.parse(opened.toString('utf8'))).toMatchObject(message);
    expect(() => decryptBlob(current, Buffer.from(after.ciphertext, 'base64'), Buffer.from(after.wrappedKey, 'base64'))).toThrow();
    // Delivered and completed emails are not touched; a second run has nothing left to do.
    expect(await rewrapQueuedMail(t.database.db, [current], next)).toBe(0);
  });
});
