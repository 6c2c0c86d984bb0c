// Flows that go through email: patient link and code, password reset,
// invitations. Mail goes as mail jobs, over real SMTP, to a catcher started here.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../test/test-app.ts';
import type { MailCatcher } from '../test/mail-catcher.ts';
import { type TestMailQueue, closeMailingTestApp, createMailingTestApp } from '../test/mail-queue.ts';
import { createClinician, createNetwork, createPatient, signInAs } from '../test/factories.ts';
import { createClinicianWithTotp, nextIp, sessionFrom, signInWithPassword } from './test-helpers.ts';
import { totpCode } from './totp.ts';

let t: TestApp;
let mail: MailCatcher;
let mailQueue: TestMailQueue;
let ids: Awaited<ReturnType<typeof createNetwork>>;

beforeAll(async () => {
  ({ t, mail, mailQueue } = await createMailingTestApp());
  ids = await createNetwork(t.database.db);
});
afterAll(async () => {
  await closeMailingTestApp({ t, mail, mailQueue });
});
beforeEach(() => mail.clear());

const tokenOf = (link: string) => new URL(link).hash.replace(/^#token=/, '');
const codeOf = (text: string) => /\b(\d{6})\b/.exec(text)![1]!;
const flush = () => mailQueue.flush();

describe('patient sign-in by email', () => {
  it('signs in with the link once, creating the patient user on first sign-in; the email has no patient name', async () => {
    const p = await createPatient(t.database.db, { organisationId: ids.practiceId, givenName: 'Zéphyrine', familyName: 'Quatremare', email: 'zephyrine@patient.test' });
    const req = await t.app.inject({ method: 'POST', url: '/api/auth/patient/request', payload: { email: 'Zephyrine@Patient.test', locale: 'fr' }, remoteAddress: nextIp() });
    expect(req.statusCode).toBe(200);
    const message = await mail.next('zephyrine@patient.test');
    expect(message.subject).toBe('Votre lien de connexion DermLink');
    for (const part of [message.text, message.html, message.subject]) {
      expect(part).not.toMatch(/Zéphyrine|Quatremare/i);
    }
    const link = mail.linkIn(message);
    expect(link.startsWith('http://dermlink.test:3000/patient/sign-in/link#token=')).toBe(true);

    const res = await t.app.inject({ method: 'POST', url: '/api/auth/patient/link', payload: { token: tokenOf(link) } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'patient', secondFactorPending: false, organisation: null });
    const s = sessionFrom(res);
    const patient = await t.database.db.selectFrom('patients').select('user_id').where('id', '=', p.patientId).executeTakeFirstOrThrow();
    expect(patient.user_id).toBe(res.json().user.id);
    expect((await t.app.inject({ url: '/api/auth/session', headers: s.headers })).json().role).toBe('patient');

    const reused = await t.app.inject({ method: 'POST', url: '/api/auth/patient/link', payload: { token: tokenOf(link) } });
    expect(reused.statusCode).toBe(410);
    expect(reused.json().code).toBe('link_used');
  });

  it('signs in with the code on another device; wrong codes are limited; the link expires after 15 minutes', async () => {
    await createPatient(t.database.db, { organisationId: ids.practiceId, email: 'code-user@patient.test', withAccount: true });
    const req = await t.app.inject({ method: 'POST', url: '/api/auth/patient/request', payload: { email: 'code-user@patient.test' }, remoteAddress: nextIp() });
    const { requestId } = req.json();
    const message = await mail.next('code-user@patient.test');
    expect(message.subject).toBe('Your DermLink sign-in link');
    const code = codeOf(message.text);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/patient/code', payload: { requestId, code: code === '000000' ? '000001' : '000000' } });
    expect(wrong.json().code).toBe('invalid_code');
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/patient/code', payload: { requestId, code } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().role).toBe('patient');

    // Attempts are limited.
    const req2 = await t.app.inject({ method: 'POST', url: '/api/auth/patient/request', payload: { email: 'code-user@patient.test' }, remoteAddress: nextIp() });
    const code2 = codeOf((await mail.next('code-user@patient.test')).text);
    const bad = code2 === '111111' ? '222222' : '111111';
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) answers.push((await t.app.inject({ method: 'POST', url: '/api/auth/patient/code', payload: { requestId: req2.json().requestId, code: bad } })).json().code);
    expect(answers).toEqual(['invalid_code', 'invalid_code', 'invalid_code', 'invalid_code', 'code_attempts_exceeded']);
    const tooLate = await t.app.inject({ method: 'POST', url: '/api/auth/patient/code', payload: { requestId: req2.json().requestId, code: code2 } });
    expect(tooLate.json().code).toBe('code_attempts_exceeded');

    // Expiry.
    await t.app.inject({ method: 'POST', url: '/api/auth/patient/request', payload: { email: 'code-user@patient.test' }, remoteAddress: nextIp() });
    const link = mail.linkIn(await mail.next('code-user@patient.test'));
    t.clock.advance(15 * 60_000 + 1000);
    const expired = await t.app.inject({ method: 'POST', url: '/api/auth/patient/link', payload: { token: tokenOf(link) } });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe('link_expired');
  });

  it('answers an unknown address the same way and sends nothing', async () => {
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/patient/request', payload: { email: 'nobody@patient.test' }, remoteAddress: nextIp() });
    expect(unknown.statusCode).toBe(200);
    expect(Object.keys(unknown.json()).sort()).toEqual(['expiresAt', 'requestId']);
    const code = await t.app.inject({ method: 'POST', url: '/api/auth/patient/code', payload: { requestId: unknown.json().requestId, code: '123456' } });
    expect(code.json().code).toBe('invalid_code');
    await flush();
    expect(mail.sentTo('nobody@patient.test')).toHaveLength(0);
  });
});

describe('password reset', () => {
  it('resets with the emailed link, signs out everywhere, keeps the second factor; same answer for unknown emails and no email', async () => {
    const gp = await createClinicianWithTotp(t, { organisationId: ids.practiceId, role: 'requester', locale: 'en' });
    const old = await signInAs(t, gp);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: 'not-a-user@test.dermlink' }, remoteAddress: nextIp() });
    const known = await t.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: gp.email }, remoteAddress: nextIp() });
    expect(unknown.statusCode).toBe(200);
    expect(known.statusCode).toBe(200);
    expect(unknown.body).toBe(known.body);
    const message = await mail.next(gp.email);
    await flush();
    expect(mail.messages).toHaveLength(1);
    const token = tokenOf(mail.linkIn(message));

    const weak = await t.app.inject({ method: 'POST', url: '/api/auth/password-reset/complete', payload: { token, password: 'short' } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json()).toMatchObject({ code: 'weak_password', rule: 'too_short', errors: [{ path: 'password' }] });
    const common = await t.app.inject({ method: 'POST', url: '/api/auth/password-reset/complete', payload: { token, password: 'password1234' } });
    expect(common.json()).toMatchObject({ code: 'weak_password', rule: 'common' });

    const done = await t.app.inject({ method: 'POST', url: '/api/auth/password-reset/complete', payload: { token, password: 'a much better passphrase' } });
    expect(done.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/session', headers: old.headers })).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/password-reset/complete', payload: { token, password: 'another good passphrase' } });
    expect(again.json().code).toBe('link_used');

    const signIn = await signInWithPassword(t, gp.email, 'a much better passphrase');
    expect(signIn.json().next).toBe('second_factor');
    const events = await t.database.db.selectFrom('audit_events').select('action').where('resource_id', '=', gp.userId).where('action', '=', 'auth.password_reset').execute();
    expect(events).toHaveLength(1);
  });
});

describe('invitations', () => {
  it('coordinator invites; the invitee sets a password and professional id, enrols TOTP, then gets in', async () => {
    const coord = await createClinician(t.database.db, { organisationId: ids.officeId, role: 'coordinator' });
    const cs = await signInAs(t, coord);
    const created = await t.app.inject({ method: 'POST', url: '/api/admin/invitations', headers: cs.headers, payload: { email: 'new.derm@hospital.test', organisationId: ids.serviceId, role: 'dermatologist', locale: 'en' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'new.derm@hospital.test', role: 'dermatologist', organisationId: ids.serviceId });
    const list = await t.app.inject({ url: '/api/admin/invitations', headers: cs.headers });
    expect(list.json().invitations.map((i: { id: string }) => i.id)).toContain(created.json().id);

    const message = await mail.next('new.derm@hospital.test');
    expect(message.subject).toBe('You are invited to DermLink');
    const token = tokenOf(mail.linkIn(message));
    const preview = await t.app.inject({ method: 'POST', url: '/api/auth/invitations/preview', payload: { token } });
    expect(preview.json()).toMatchObject({ role: 'dermatologist', country: 'FR', existingAccount: false });

    const weak = await t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, password: 'qwertyuiop123', displayName: 'Dr New', professionalId: '10003456786' } });
    expect(weak.json()).toMatchObject({ code: 'weak_password', rule: 'common' });
    const badId = await t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, password: 'lichen planus and friends', displayName: 'Dr New', professionalId: '1234567' } });
    expect(badId.statusCode).toBe(422);
    expect(badId.json()).toMatchObject({ code: 'invalid_professional_id', errors: [{ path: 'professionalId' }] });

    const accepted = await t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, password: 'lichen planus and friends', displayName: 'Dr New', professionalId: '100 0345 6786' } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ secondFactorPending: true, role: 'dermatologist', hasTotp: false, passkeyCount: 0 });
    const pending = sessionFrom(accepted);
    // Nothing else until a second factor is enrolled.
    expect((await t.app.inject({ url: '/api/auth/sessions', headers: pending.headers })).json().code).toBe('second_factor_required');
    const start = await t.app.inject({ method: 'POST', url: '/api/auth/enrolment/totp', headers: pending.headers, payload: {} });
    const verify = await t.app.inject({ method: 'POST', url: '/api/auth/enrolment/totp/verify', headers: pending.headers, payload: { code: await totpCode(start.json().secret, t.clock.now()) } });
    expect(verify.statusCode).toBe(200);
    const full = sessionFrom(verify);
    expect((await t.app.inject({ url: '/api/auth/sessions', headers: full.headers })).statusCode).toBe(200);
    const user = await t.database.db.selectFrom('users').select(['professional_id', 'display_name']).where('email', '=', 'new.derm@hospital.test').executeTakeFirstOrThrow();
    expect(user).toEqual({ professional_id: '10003456786', display_name: 'Dr New' });

    const reused = await t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, password: 'lichen planus and friends', displayName: 'Dr New', professionalId: '10003456786' } });
    expect(reused.statusCode).toBe(410);
    expect(reused.json().code).toBe('invitation_used');
    const actions = (await t.database.db.selectFrom('audit_events').select('action').where('resource_id', '=', created.json().id).execute()).map((e) => e.action);
    expect(actions).toEqual(['auth.invitation_created', 'auth.invitation_accepted']);
  });

  it('adds a membership to an existing account, which then confirms with its own password and second factor', async () => {
    const coord = await createClinician(t.database.db, { organisationId: ids.officeId, role: 'coordinator' });
    const cs = await signInAs(t, coord);
    const gp = await createClinicianWithTotp(t, { organisationId: ids.practiceId, role: 'requester' });
    const other = await t.database.db.insertInto('organisations').values({ network_id: ids.networkId, kind: 'gp_practice', name: 'Second practice' }).returning('id').executeTakeFirstOrThrow();
    const created = await t.app.inject({ method: 'POST', url: '/api/admin/invitations', headers: cs.headers, payload: { email: gp.email, organisationId: other.id, role: 'requester' } });
    expect(created.statusCode).toBe(201);
    const token = tokenOf(mail.linkIn(await mail.next(gp.email)));
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/invitations/preview', payload: { token } })).json().existingAccount).toBe(true);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, password: 'not my password at all' } });
    expect(wrong.json().code).toBe('invalid_credentials');
    const accepted = await t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, password: gp.password } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ secondFactorPending: true, hasTotp: true, organisation: { id: other.id } });
    const pending = sessionFrom(accepted);
    const done = await t.app.inject({ method: 'POST', url: '/api/auth/second-factor/totp', headers: pending.headers, payload: { code: await totpCode(gp.secret, t.clock.now()) } });
    expect(done.statusCode).toBe(200);
    expect(done.json().memberships.map((m: { organisationId: string }) => m.organisationId).sort()).toEqual([ids.practiceId, other.id].sort());
    expect(done.json().organisation.id).toBe(other.id);
  });

  it('expires after 72 hours', async () => {
    const coord = await createClinician(t.database.db, { organisationId: ids.officeId, role: 'coordinator' });
    const cs = await signInAs(t, coord);
    await t.app.inject({ method: 'POST', url: '/api/admin/invitations', headers: cs.headers, payload: { email: 'late.gp@practice.test', organisationId: ids.practiceId, role: 'requester' } });
    const token = tokenOf(mail.linkIn(await mail.next('late.gp@practice.test')));
    t.clock.advance(72 * 3600_000 + 1000);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, password: 'lichen planus and friends', displayName: 'Dr Late', professionalId: '10101010102' } });
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe('invitation_expired');
  });

  it('only coordinators invite, only into their network, with a role that fits', async () => {
    const gp = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester' });
    const gs = await signInAs(t, gp);
    const refused = await t.app.inject({ method: 'POST', url: '/api/admin/invitations', headers: gs.headers, payload: { email: 'x@y.test', organisationId: ids.practiceId, role: 'requester' } });
    expect(refused.statusCode).toBe(403);
    const coord = await createClinician(t.database.db, { organisationId: ids.officeId, role: 'coordinator' });
    const cs = await signInAs(t, coord);
    const other = await createNetwork(t.database.db);
    const foreign = await t.app.inject({ method: 'POST', url: '/api/admin/invitations', headers: cs.headers, payload: { email: 'x@y.test', organisationId: other.practiceId, role: 'requester' } });
    expect(foreign.statusCode).toBe(404);
    const misfit = await t.app.inject({ method: 'POST', url: '/api/admin/invitations', headers: cs.headers, payload: { email: 'x@y.test', organisationId: ids.practiceId, role: 'dermatologist' } });
    expect(misfit.statusCode).toBe(422);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/admin/invitations', headers: { cookie: cs.cookie }, payload: { email: 'x@y.test', organisationId: ids.practiceId, role: 'requester' } });
    expect(noCsrf.json().code).toBe('csrf_invalid');
  });
});
