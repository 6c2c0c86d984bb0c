// A coordinator takes back an invitation sent by mistake, or sends it again
// with a fresh link. Mail goes over real SMTP to a catcher started here; the
// tokens are read from the emails, as the invitee would.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { TestApp } from '../test/test-app.ts';
import type { MailCatcher } from '../test/mail-catcher.ts';
import { type TestMailQueue, closeMailingTestApp, createMailingTestApp } from '../test/mail-queue.ts';
import { createClinician, createNetwork, signInAs, type TestSession } from '../test/factories.ts';
import { createClinicianWithTotp, nextIp, signInWithPassword } from './test-helpers.ts';

let t: TestApp;
let mail: MailCatcher;
let mailQueue: TestMailQueue;
let ids: Awaited<ReturnType<typeof createNetwork>>;
let cs: TestSession;
let coordinator: { userId: string; membershipId: string };

beforeAll(async () => {
  ({ t, mail, mailQueue } = await createMailingTestApp());
  ids = await createNetwork(t.database.db);
  const coord = await createClinician(t.database.db, { organisationId: ids.officeId, role: 'coordinator' });
  coordinator = coord;
});
afterAll(async () => {
  await closeMailingTestApp({ t, mail, mailQueue });
});
beforeEach(async () => {
  mail.clear();
  // A fresh session each time: a test moves the clock past the session's idle expiry.
  cs = await signInAs(t, coordinator);
});

const tokenOf = (link: string) => new URL(link).hash.replace(/^#token=/, '');
const flush = () => mailQueue.flush();
const NEW_ACCOUNT = { password: 'lichen planus and friends', displayName: 'Dr Invited', professionalId: '10003456786' };

async function invite(email: string, organisationId = ids.practiceId, role = 'requester') {
  const res = await t.app.inject({ method: 'POST', url: '/api/admin/invitations', headers: cs.headers, payload: { email, organisationId, role, locale: 'en' } });
  expect(res.statusCode).toBe(201);
  const token = tokenOf(mail.linkIn(await mail.next(email)));
  return { id: res.json().id as string, token };
}
const action = (id: string, what: 'revoke' | 'resend', headers = cs.headers) => t.app.inject({ method: 'POST', url: `/api/admin/invitations/${id}/${what}`, headers, payload: {} });
const preview = (token: string) => t.app.inject({ method: 'POST', url: '/api/auth/invitations/preview', payload: { token }, remoteAddress: nextIp() });
const accept = (token: string, body: Record<string, string> = NEW_ACCOUNT) => t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, ...body }, remoteAddress: nextIp() });
const listed = async () => (await t.app.inject({ url: '/api/admin/invitations', headers: cs.headers })).json().invitations as Array<{ id: string; status: string; expiresAt: string }>;
const auditOf = (id: string) => t.database.db.selectFrom('audit_events').select(['action', 'details', 'actor_user_id']).where('resource_id', '=', id).orderBy('seq').execute();
/** What an unknown token gets: a revoked or replaced token must get exactly this. */
const unknownAnswer = async (path: 'preview' | 'accept') => {
  const res = path === 'preview' ? await preview(`unknown-${randomUUID()}`) : await accept(`unknown-${randomUUID()}`);
  return { status: res.statusCode, code: res.json().code, detail: res.json().detail };
};
const answer = (res: Awaited<ReturnType<typeof preview>>) => ({ status: res.statusCode, code: res.json().code, detail: res.json().detail });

describe('revoking an invitation', () => {
  it('stops the link at once (like an unknown link), creates no account, leaves the list, and is audited with ids only', async () => {
    const email = 'wrong.address@practice.test';
    const inv = await invite(email);
    expect((await preview(inv.token)).statusCode).toBe(200);

    const revoked = await action(inv.id, 'revoke');
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toEqual({ id: inv.id, revokedAt: t.clock.now().toISOString() });

    expect(answer(await preview(inv.token))).toEqual(await unknownAnswer('preview'));
    expect(answer(await accept(inv.token))).toEqual(await unknownAnswer('accept'));
    expect((await accept(inv.token)).statusCode).toBe(404);
    expect(await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
    expect((await listed()).map((i) => i.id)).not.toContain(inv.id);

    const events = await auditOf(inv.id);
    expect(events.map((e) => e.action)).toEqual(['auth.invitation_created', 'auth.invitation_revoked']);
    expect(events[1]!.actor_user_id).toBe(coordinator.userId);
    expect(events[1]!.details).toEqual({ organisationId: ids.practiceId, role: 'requester', expired: false });
    expect(JSON.stringify(events)).not.toContain('wrong.address');

    // Nothing left to revoke or resend: 409 problem+json saying why.
    for (const what of ['revoke', 'resend'] as const) {
      const again = await action(inv.id, what);
      expect(again.statusCode).toBe(409);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(again.json()).toMatchObject({ code: 'conflict', invitation: 'revoked' });
    }
    await flush();
    expect(mail.sentTo(email)).toHaveLength(1); // the first invitation only
    expect((await auditOf(inv.id)).map((e) => e.action)).toEqual(['auth.invitation_created', 'auth.invitation_revoked']);
  });

  it('leaves an existing account as it was when its invitation to a second organisation is revoked', async () => {
    const gp = await createClinicianWithTotp(t, { organisationId: ids.practiceId, role: 'requester' });
    const inv = await invite(gp.email, ids.serviceId, 'dermatologist');
    expect((await action(inv.id, 'revoke')).statusCode).toBe(200);
    expect((await accept(inv.token, { password: gp.password })).statusCode).toBe(404);
    const user = await t.database.db.selectFrom('users').select('status').where('id', '=', gp.userId).executeTakeFirstOrThrow();
    expect(user.status).toBe('active');
    expect((await signInWithPassword(t, gp.email, gp.password)).json().next).toBe('second_factor');
    const memberships = await t.database.db.selectFrom('memberships').select('organisation_id').where('user_id', '=', gp.userId).execute();
    expect(memberships.map((m) => m.organisation_id)).toEqual([ids.practiceId]);
  });

  it('refuses once the invitation was accepted (disabling the account is the way then)', async () => {
    const inv = await invite('accepted.first@practice.test');
    expect((await accept(inv.token)).statusCode).toBe(200);
    for (const what of ['revoke', 'resend'] as const) {
      const res = await action(inv.id, what);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'conflict', invitation: 'accepted' });
    }
    expect((await auditOf(inv.id)).map((e) => e.action)).toEqual(['auth.invitation_created', 'auth.invitation_accepted']);
  });
});

describe('resending an invitation', () => {
  it('after the link expired: a fresh link and expiry by email, the old link dead, the new one works; audited', async () => {
    const email = 'lost.email@practice.test';
    const first = await invite(email);
    t.clock.advance(72 * 3600_000 + 1000);
    cs = await signInAs(t, coordinator);
    expect((await listed()).find((i) => i.id === first.id)?.status).toBe('expired');
    expect((await accept(first.token)).json().code).toBe('invitation_expired');

    const resent = await action(first.id, 'resend');
    expect(resent.statusCode).toBe(200);
    const expiresAt = new Date(t.clock.now().getTime() + 72 * 3600_000).toISOString();
    expect(resent.json()).toMatchObject({ id: first.id, email, status: 'pending', expiresAt });
    expect((await listed()).find((i) => i.id === first.id)).toMatchObject({ status: 'pending', expiresAt });

    const message = await mail.next(email);
    expect(message.subject).toBe('You are invited to DermLink');
    const link = mail.linkIn(message);
    expect(link.startsWith('http://dermlink.test:3000/invitation#token=')).toBe(true);
    const second = tokenOf(link);
    expect(second).not.toBe(first.token);

    expect(answer(await preview(first.token))).toEqual(await unknownAnswer('preview'));
    expect(answer(await accept(first.token))).toEqual(await unknownAnswer('accept'));
    expect((await preview(second)).json()).toMatchObject({ email, role: 'requester', existingAccount: false });
    const accepted = await accept(second);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ secondFactorPending: true, role: 'requester' });

    const events = await auditOf(first.id);
    expect(events.map((e) => e.action)).toEqual(['auth.invitation_created', 'auth.invitation_resent', 'auth.invitation_accepted']);
    expect(events[1]!.details).toEqual({ organisationId: ids.practiceId, role: 'requester', expired: true });
    expect(JSON.stringify(events)).not.toContain('lost.email');
  });

  it('before it expired: the first email link stops working at once', async () => {
    const email = 'twice@practice.test';
    const first = await invite(email);
    expect((await action(first.id, 'resend')).statusCode).toBe(200);
    const second = tokenOf(mail.linkIn(await mail.next(email)));
    expect((await preview(first.token)).statusCode).toBe(404);
    expect((await preview(second)).statusCode).toBe(200);
    await flush();
    expect(mail.sentTo(email)).toHaveLength(2);
  });
});

describe('who may revoke or resend', () => {
  it("answers 404 for another network's invitation or an unknown id, 403 for other roles, and changes nothing", async () => {
    const email = 'ours@practice.test';
    const inv = await invite(email);
    const other = await createNetwork(t.database.db);
    const theirCoordinator = await signInAs(t, await createClinician(t.database.db, { organisationId: other.officeId, role: 'coordinator' }));
    const ourGp = await signInAs(t, await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester' }));
    for (const what of ['revoke', 'resend'] as const) {
      const foreign = await action(inv.id, what, theirCoordinator.headers);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().code).toBe('not_found');
      expect((await action(randomUUID(), what)).statusCode).toBe(404);
      expect((await action(inv.id, what, ourGp.headers)).statusCode).toBe(403);
      const noCsrf = await t.app.inject({ method: 'POST', url: `/api/admin/invitations/${inv.id}/${what}`, headers: { cookie: cs.cookie }, payload: {} });
      expect(noCsrf.json().code).toBe('csrf_invalid');
    }
    expect((await t.app.inject({ url: '/api/admin/invitations', headers: theirCoordinator.headers })).json().invitations).toEqual([]);
    expect((await preview(inv.token)).statusCode).toBe(200);
    await flush();
    expect(mail.sentTo(email)).toHaveLength(1);
    expect((await auditOf(inv.id)).map((e) => e.action)).toEqual(['auth.invitation_created']);
  });
});
