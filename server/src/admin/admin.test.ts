import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { createClinician, createNetwork, signInAs, type TestSession } from '../test/factories.ts';

let t: TestApp;
let net: Awaited<ReturnType<typeof createNetwork>>;
let other: Awaited<ReturnType<typeof createNetwork>>;
let coordinator: Awaited<ReturnType<typeof createClinician>>;
let s: TestSession;

const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, session = s) =>
  t.app.inject({ method, url, headers: session.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const lastAudit = (action: string) =>
  t.database.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('seq', 'desc').executeTakeFirst();

beforeAll(async () => {
  t = await createTestApp();
  net = await createNetwork(t.database.db);
  other = await createNetwork(t.database.db, { country: 'GB', timeZone: 'Europe/London' });
  coordinator = await createClinician(t.database.db, { organisationId: net.officeId, role: 'coordinator' });
  s = await signInAs(t, coordinator);
});
afterAll(() => t.close());

describe('organisations', () => {
  it('lists the organisations of my network with service settings', async () => {
    const res = await req('GET', '/api/admin/organisations');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.network).toMatchObject({ id: net.networkId, country: 'FR' });
    expect(body.organisations.map((o: { id: string }) => o.id).sort()).toEqual([net.practiceId, net.serviceId, net.officeId].sort());
    const service = body.organisations.find((o: { id: string }) => o.id === net.serviceId);
    expect(service.settings).toEqual({ routineCalendarDays: 7, urgentWorkingDays: 2, pauseClockWhileAwaitingRequester: true, holidayCalendar: 'fr' });
    expect(body.organisations.find((o: { id: string }) => o.id === net.practiceId).settings).toBeNull();
  });

  it('creates a service with the country defaults and a practice, audited', async () => {
    const service = await req('POST', '/api/admin/organisations', { kind: 'dermatology_service', name: 'Dermatologie — CH de Rodez' });
    expect(service.statusCode).toBe(201);
    expect(service.json().settings).toMatchObject({ routineCalendarDays: 7, urgentWorkingDays: 2, holidayCalendar: 'fr' });
    const practice = await req('POST', '/api/admin/organisations', { kind: 'gp_practice', name: 'Cabinet de Capdenac' });
    expect(practice.json()).toMatchObject({ kind: 'gp_practice', settings: null, memberCount: 0 });
    expect(await lastAudit('admin.organisation.create')).toMatchObject({ resource_id: practice.json().id, actor_user_id: coordinator.userId });
  });

  it('validates settings and names with field paths', async () => {
    const bad = await req('POST', '/api/admin/organisations', {
      kind: 'dermatology_service',
      name: 'X',
      settings: { routineCalendarDays: 0, urgentWorkingDays: 2.5, pauseClockWhileAwaitingRequester: true, holidayCalendar: 'de' },
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'settings.routineCalendarDays', 'settings.urgentWorkingDays', 'settings.holidayCalendar']));
    const office = await req('POST', '/api/admin/organisations', { kind: 'network_office', name: 'Second office' });
    expect(office.statusCode).toBe(400);
    const urgentLater = await req('PATCH', `/api/admin/organisations/${net.serviceId}`, {
      settings: { routineCalendarDays: 3, urgentWorkingDays: 5, pauseClockWhileAwaitingRequester: false, holidayCalendar: 'fr' },
    });
    expect(urgentLater.statusCode).toBe(400);
    expect(urgentLater.json().errors[0]).toEqual({ path: 'settings.urgentWorkingDays', message: 'validation.urgentNotAfterRoutine' });
  });

  it("changes a service's deadline settings, keeps other settings keys, and audits before and after", async () => {
    await t.database.db.updateTable('organisations').set({ settings: JSON.stringify({ routineCalendarDays: 7, urgentWorkingDays: 2, pauseClockWhileAwaitingRequester: true, holidayCalendar: 'fr', routing: 'pool' }) }).where('id', '=', net.serviceId).execute();
    const settings = { routineCalendarDays: 10, urgentWorkingDays: 1, pauseClockWhileAwaitingRequester: false, holidayCalendar: 'fr' };
    const res = await req('PATCH', `/api/admin/organisations/${net.serviceId}`, { settings });
    expect(res.statusCode).toBe(200);
    expect(res.json().settings).toEqual(settings);
    const row = await t.database.db.selectFrom('organisations').select('settings').where('id', '=', net.serviceId).executeTakeFirstOrThrow();
    expect(row.settings).toMatchObject({ ...settings, routing: 'pool' });
    expect((await lastAudit('admin.organisation.update'))?.details).toMatchObject({ before: { routineCalendarDays: 7 }, after: { routineCalendarDays: 10 } });
    const practice = await req('PATCH', `/api/admin/organisations/${net.practiceId}`, { settings });
    expect(practice.statusCode).toBe(400);
    expect(practice.json().errors[0].path).toBe('settings');
  });

  it("answers 404 for another network's organisation", async () => {
    const res = await req('PATCH', `/api/admin/organisations/${other.serviceId}`, { name: 'Taken over' });
    expect(res.statusCode).toBe(404);
  });
});

describe('people', () => {
  it('lists the clinicians of my network only, with their memberships', async () => {
    const derm = await createClinician(t.database.db, { organisationId: net.serviceId, role: 'dermatologist', name: 'Dr Sophie Laurent' });
    await createClinician(t.database.db, { organisationId: other.serviceId, role: 'dermatologist', name: 'Dr Elsewhere' });
    const res = await req('GET', '/api/admin/users');
    const users = res.json().users as Array<{ id: string; displayName: string; memberships: unknown[] }>;
    expect(users.some((u) => u.displayName === 'Dr Elsewhere')).toBe(false);
    expect(users.find((u) => u.id === derm.userId)?.memberships).toEqual([{ id: derm.membershipId, organisationId: net.serviceId, organisationName: 'Test dermatology service', role: 'dermatologist' }]);
    const found = await req('GET', '/api/admin/users?q=sophie');
    expect(found.json().users.map((u: { id: string }) => u.id)).toEqual([derm.userId]);
  });

  it('adds and removes a membership as security events; sessions of a removed role end', async () => {
    const gp = await createClinician(t.database.db, { organisationId: net.practiceId, role: 'requester' });
    const service = await req('POST', '/api/admin/organisations', { kind: 'dermatology_service', name: 'Service two' });
    const wrongRole = await req('POST', `/api/admin/users/${gp.userId}/memberships`, { organisationId: service.json().id, role: 'requester' });
    expect(wrongRole.statusCode).toBe(400);
    expect(wrongRole.json().errors[0].path).toBe('role');

    const added = await req('POST', `/api/admin/users/${gp.userId}/memberships`, { organisationId: service.json().id, role: 'dermatologist' });
    expect(added.statusCode).toBe(201);
    expect(added.json().memberships).toHaveLength(2);
    expect(await lastAudit('admin.membership.add')).toMatchObject({ outcome: 'success', details: expect.objectContaining({ userId: gp.userId, role: 'dermatologist', security: true }) });
    const again = await req('POST', `/api/admin/users/${gp.userId}/memberships`, { organisationId: service.json().id, role: 'dermatologist' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('membership_exists');

    const gpSession = await signInAs(t, gp);
    const removed = await req('DELETE', `/api/admin/memberships/${gp.membershipId}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().memberships.map((m: { role: string }) => m.role)).toEqual(['dermatologist']);
    expect((await lastAudit('admin.membership.remove'))?.details).toMatchObject({ userId: gp.userId, role: 'requester', sessionsRevoked: 1 });
    expect((await t.app.inject({ url: '/api/admin/users', headers: gpSession.headers })).statusCode).toBe(401);

    const last = added.json().memberships[0].id as string;
    const lastOne = await req('DELETE', `/api/admin/memberships/${last}`);
    expect(lastOne.statusCode).toBe(409);
    expect(lastOne.json().code).toBe('admin_last_membership');
  });

  it('refuses to touch my own role or account, and other networks', async () => {
    expect((await req('DELETE', `/api/admin/memberships/${coordinator.membershipId}`)).json().code).toBe('admin_self_change');
    expect((await req('PATCH', `/api/admin/users/${coordinator.userId}/status`, { status: 'disabled' })).json().code).toBe('admin_self_change');
    const foreign = await createClinician(t.database.db, { organisationId: other.practiceId, role: 'requester' });
    expect((await req('PATCH', `/api/admin/users/${foreign.userId}/status`, { status: 'disabled' })).statusCode).toBe(404);
    expect((await req('DELETE', `/api/admin/memberships/${foreign.membershipId}`)).statusCode).toBe(404);
    expect((await req('POST', `/api/admin/users/${foreign.userId}/memberships`, { organisationId: net.practiceId, role: 'requester' })).statusCode).toBe(404);
    const mine = await createClinician(t.database.db, { organisationId: net.practiceId, role: 'requester' });
    expect((await req('POST', `/api/admin/users/${mine.userId}/memberships`, { organisationId: other.practiceId, role: 'requester' })).statusCode).toBe(404);
  });

  it('disables an account (its sessions end at once) and enables it again, audited', async () => {
    const gp = await createClinician(t.database.db, { organisationId: net.practiceId, role: 'requester', passwordHash: 'x' });
    const gpSession = await signInAs(t, gp);
    const off = await req('PATCH', `/api/admin/users/${gp.userId}/status`, { status: 'disabled' });
    expect(off.json().status).toBe('disabled');
    expect((await t.app.inject({ url: '/api/admin/users', headers: gpSession.headers })).statusCode).toBe(401);
    expect(await lastAudit('admin.user.disable')).toMatchObject({ resource_id: gp.userId, details: expect.objectContaining({ sessionsRevoked: 1 }) });
    const on = await req('PATCH', `/api/admin/users/${gp.userId}/status`, { status: 'active' });
    expect(on.json().status).toBe('active');
    expect(await lastAudit('admin.user.enable')).toMatchObject({ resource_id: gp.userId });
  });

  it('is for coordinators only', async () => {
    const derm = await createClinician(t.database.db, { organisationId: net.serviceId, role: 'dermatologist' });
    const ds = await signInAs(t, derm);
    expect((await req('GET', '/api/admin/users', undefined, ds)).statusCode).toBe(403);
    expect((await req('PATCH', `/api/admin/organisations/${net.serviceId}`, { name: 'Mine now' }, ds)).statusCode).toBe(403);
  });
});
