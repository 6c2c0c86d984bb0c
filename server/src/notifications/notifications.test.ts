// Notifications end to end on one app: case transitions become in-app
// notifications for the people involved, preferences are respected, and
// emails (delivered by a real pg-boss job through the PGlite socket bridge, or
// the PostgreSQL server) reach a real SMTP server without any patient name or
// clinical content.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerBody, createWorld, get, post, submittedCase, type World } from '../cases/test-world.ts';
import { createClinician } from '../test/factories.ts';
import { startMailCatcher, type MailCatcher } from '../test/mail-catcher.ts';
import { flushJobs } from '../test/mail-queue.ts';
import { MAIL_JOB } from '../mail/mail-queue.ts';
import { DELIVER_JOB } from './publish.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { jobCtx } from '../jobs/job-queue.ts';
import { createLogger } from '../logger.ts';
import type { FastifyBaseLogger } from 'fastify';
import { sendDailyDigest } from './deliver.ts';
import { startNotificationServices } from './start-notifications.ts';

let t: TestApp;
let w: World;
let mail: MailCatcher;
let stopJobs: () => Promise<void>;
const log = createLogger('silent') as unknown as FastifyBaseLogger;

beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTestApp({ env: { SMTP_URL: mail.url, PUBLIC_URL: 'http://dermlink.test:3000' } });
  w = await createWorld(t);
  // The real job queue: pg-boss on this test database (PGlite: through the loopback socket bridge).
  stopJobs = (await startNotificationServices(t.services, { pollingIntervalSeconds: 0.5, log })).stop;
});
afterAll(async () => {
  await stopJobs();
  await t.close();
  await mail.close();
});
beforeEach(async () => {
  // Emails of the previous test may still be on their way (delivery job, then mail job).
  await flushJobs(t.database.db, [DELIVER_JOB, MAIL_JOB]);
  mail.clear();
});

const email = async (userId: string) =>
  (await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email;
/** The email to `to` whose link names this case (earlier tests' emails may still be arriving). */
async function mailAbout(to: string, caseId: string) {
  for (;;) {
    const m = await mail.next(to, 15_000);
    if (mail.linkIn(m).includes(caseId)) return m;
  }
}
const listOf = async (s: World['gp']) => (await get(t, s, '/api/notifications')).json();

describe('in-app notifications from case transitions', () => {
  it('tells the service dermatologists about a submitted case, not the requester; then the requester when it is claimed', async () => {
    const before = (await listOf(w.derm)).unread as number;
    const { id } = await submittedCase(t, w);
    const dermList = await listOf(w.derm);
    expect(dermList.unread).toBe(before + 1);
    expect(dermList.items[0]).toMatchObject({ kind: 'case_submitted', caseId: id, link: `/queue/${id}`, readAt: null });
    expect((await listOf(w.derm2)).items[0]).toMatchObject({ kind: 'case_submitted', caseId: id });
    // The other service's dermatologist and the requester hear nothing of it.
    expect((await listOf(w.otherDerm)).items.some((n: { caseId: string }) => n.caseId === id)).toBe(false);
    expect((await listOf(w.gp)).items.some((n: { caseId: string }) => n.caseId === id)).toBe(false);

    expect((await post(t, w.derm, `/api/cases/${id}/claim`)).statusCode).toBe(200);
    const gpList = await listOf(w.gp);
    expect(gpList.items[0]).toMatchObject({ kind: 'case_claimed', caseId: id, link: `/cases/${id}` });
    // The actor is not notified of their own action.
    expect((await listOf(w.derm)).items[0].kind).toBe('case_submitted');
  });

  it('counts unread, marks one and all read, and hides other people’s notifications (404)', async () => {
    await submittedCase(t, w);
    const list = await listOf(w.derm);
    expect(list.unread).toBeGreaterThan(0);
    const count = (await get(t, w.derm, '/api/notifications/unread-count')).json().unread;
    expect(count).toBe(list.unread);
    const first = list.items[0].id as string;
    expect((await post(t, w.gp, `/api/notifications/${first}/read`)).statusCode).toBe(404);
    const afterOne = await post(t, w.derm, `/api/notifications/${first}/read`);
    expect(afterOne.json().unread).toBe(count - 1);
    expect((await post(t, w.derm, '/api/notifications/read-all')).json().unread).toBe(0);
    expect((await get(t, w.derm, '/api/notifications?unreadOnly=true')).json().items).toEqual([]);
  });

  it('follows the question, answer and acknowledgement to the right person', async () => {
    const { id } = await submittedCase(t, w);
    await post(t, w.derm, `/api/cases/${id}/claim`);
    await post(t, w.derm, `/api/cases/${id}/questions`, { body: 'Any bleeding recently?' });
    expect((await listOf(w.gp)).items[0]).toMatchObject({ kind: 'question_asked', caseId: id });
    await post(t, w.gp, `/api/cases/${id}/replies`, { body: 'No bleeding.' });
    expect((await listOf(w.derm)).items[0]).toMatchObject({ kind: 'question_answered', caseId: id });
    expect((await post(t, w.derm, `/api/cases/${id}/answer`, answerBody)).statusCode).toBe(200);
    expect((await listOf(w.gp)).items[0]).toMatchObject({ kind: 'answer_signed', caseId: id });
    await post(t, w.gp, `/api/cases/${id}/acknowledge`);
    expect((await listOf(w.derm)).items[0]).toMatchObject({ kind: 'answer_acknowledged', caseId: id });
  });
});

describe('email', () => {
  it('emails "something waits for you" with a link, and no patient name or clinical content (over SMTP, sent by a pg-boss job)', async () => {
    const { id } = await submittedCase(t, w);
    const message = await mailAbout(await email(w.dermUserId), id);
    expect(message.subject).toBe('DermLink: something is waiting for you');
    expect(mail.linkIn(message)).toBe(`http://dermlink.test:3000/queue/${id}`);
    await post(t, w.derm, `/api/cases/${id}/claim`);
    await post(t, w.derm, `/api/cases/${id}/answer`, answerBody);
    const answered = await mailAbout(await email(w.gpUserId), id);
    expect(mail.linkIn(answered)).toBe(`http://dermlink.test:3000/cases/${id}`);
    for (const m of [message, answered]) {
      for (const part of [m.subject, m.text, m.html]) {
        // Patient (test-world: Lucie Martin, born 1980-06-15), request and answer content.
        expect(part).not.toMatch(/Lucie|Martin|1980|melanoma|keratosis|Seborrh|Reassure|Penicillin|upper.back|harmless/i);
      }
    }
  });

  it('writes in the person’s language', async () => {
    const fr = await createClinician(t.database.db, { organisationId: w.ids.serviceId, role: 'dermatologist', locale: 'fr' });
    await submittedCase(t, w);
    const message = await mail.next(fr.email, 15_000);
    expect(message.subject).toBe('DermLink : un élément vous attend');
    expect(message.text).toContain('Une nouvelle demande attend dans votre file.');
  });
});

describe('preferences', () => {
  it('has defaults, and keeps what the person changes', async () => {
    const prefs = (await get(t, w.derm2, '/api/notifications/preferences')).json();
    expect(prefs.emailDigest).toBe(false);
    expect(prefs.events.case_submitted).toEqual({ inApp: true, email: true, push: true });
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      headers: w.derm2.headers,
      payload: { events: { case_submitted: { inApp: false, email: false, push: false } } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().events.case_submitted).toEqual({ inApp: false, email: false, push: false });
    expect(res.json().events.question_answered).toEqual({ inApp: true, email: true, push: true });
  });

  it('respects them: no bell entry and no email for an event turned off; the digest instead of one email each', async () => {
    // derm2 turned case_submitted off above; derm asks for the daily digest.
    const put = await t.app.inject({ method: 'PUT', url: '/api/notifications/preferences', headers: w.derm.headers, payload: { emailDigest: true } });
    expect(put.statusCode).toBe(200);
    const { id } = await submittedCase(t, w);
    const derm2Rows = await t.database.db.selectFrom('notifications').select('id').where('user_id', '=', w.derm2UserId).where('case_id', '=', id).execute();
    expect(derm2Rows).toEqual([]);
    const dermRow = await t.database.db.selectFrom('notifications').select(['email_status', 'read_at']).where('user_id', '=', w.dermUserId).where('case_id', '=', id).executeTakeFirstOrThrow();
    expect(dermRow).toEqual({ email_status: 'digest', read_at: null });

    // 09:00 UTC is 10:00 in Paris (the network's zone): not the digest's hour.
    t.clock.set('2026-03-02T09:00:00Z');
    await sendDailyDigest(jobCtx(t.services, log));
    expect(await t.database.db.selectFrom('notifications').select('email_status').where('user_id', '=', w.dermUserId).where('case_id', '=', id).executeTakeFirstOrThrow()).toEqual({ email_status: 'digest' });
    // 06:00 UTC is 07:00 in Paris in winter.
    t.clock.set('2026-03-03T06:00:00Z');
    await sendDailyDigest(jobCtx(t.services, log));
    const digest = await mail.next(await email(w.dermUserId), 5000);
    expect(digest.subject).toMatch(/^DermLink: \d+ updates? waiting for you$/);
    expect(mail.linkIn(digest)).toBe('http://dermlink.test:3000/notifications');
    expect(mail.sentTo(await email(w.derm2UserId))).toEqual([]);
    // Sent once: a second run finds nothing left.
    await sendDailyDigest(jobCtx(t.services, log));
    await flushJobs(t.database.db, [DELIVER_JOB, MAIL_JOB]);
    expect(mail.sentTo(await email(w.dermUserId))).toHaveLength(1);
    t.clock.set('2026-03-02T09:00:00Z'); // the sessions of the next tests
  });

  it('sends each network its digest at 07:00 there: London an hour after Paris', async () => {
    const london = await createWorld(t, { country: 'GB', timeZone: 'Europe/London' });
    const put = await t.app.inject({ method: 'PUT', url: '/api/notifications/preferences', headers: london.derm.headers, payload: { emailDigest: true } });
    expect(put.statusCode).toBe(200);
    const { id } = await submittedCase(t, london);
    const status = async () =>
      (await t.database.db.selectFrom('notifications').select('email_status').where('user_id', '=', london.dermUserId).where('case_id', '=', id).executeTakeFirstOrThrow()).email_status;
    expect(await status()).toBe('digest');
    try {
      t.clock.set('2026-03-03T06:00:00Z'); // 07:00 in Paris, 06:00 in London
      await sendDailyDigest(jobCtx(t.services, log));
      expect(await status()).toBe('digest');
      t.clock.set('2026-03-03T07:00:00Z'); // 07:00 in London (GMT)
      await sendDailyDigest(jobCtx(t.services, log));
      expect(await status()).toBe('sent');
      expect((await mail.next(await email(london.dermUserId), 5000)).subject).toMatch(/^DermLink: \d+ updates? waiting for you$/);
    } finally {
      t.clock.set('2026-03-02T09:00:00Z');
    }
  });
});

describe('web push subscription', () => {
  it('gives the VAPID public key and records a clinician’s subscription', async () => {
    const key = (await get(t, w.derm, '/api/notifications/push/public-key')).json().publicKey as string;
    expect(key).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    expect((await get(t, w.derm, '/api/notifications/push/public-key')).json().publicKey).toBe(key);
    const sub = { endpoint: 'https://push.example.test/abc', keys: { p256dh: 'BExample', auth: 'secret' } };
    expect((await post(t, w.derm, '/api/notifications/push/subscribe', sub)).json()).toEqual({ subscribed: true, subscriptions: 1 });
    expect((await post(t, w.derm, '/api/notifications/push/unsubscribe', { endpoint: sub.endpoint })).json()).toEqual({ subscribed: false, subscriptions: 0 });
  });
});
