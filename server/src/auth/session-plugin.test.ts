import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { statementsDuring } from '../test/statements.ts';
import { createClinician, createNetwork, signInAs } from '../test/factories.ts';
import type { App } from '../app.ts';
import { requireActor } from './actor.ts';

let t: TestApp;
let ids: Awaited<ReturnType<typeof createNetwork>>;

// A probe route that needs an actor, registered for this test only.
async function probeRoutes(app: App) {
  app.get('/api/test/whoami', async (request) => {
    const actor = requireActor(request.ctx);
    return { userId: actor.userId, role: actor.role };
  });
  app.post('/api/test/echo', async (request) => {
    requireActor(request.ctx);
    return { ok: true };
  });
}

beforeAll(async () => {
  t = await createTestApp({ beforeReady: (app) => app.register(probeRoutes) });
  ids = await createNetwork(t.database.db);
});
afterAll(() => t.close());

describe('sessions', () => {
  it('resolves the cookie into an actor', async () => {
    const gp = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester' });
    const s = await signInAs(t, gp);
    const res = await t.app.inject({ url: '/api/test/whoami', headers: s.headers });
    expect(res.json()).toEqual({ userId: gp.userId, role: 'requester' });
  });

  it('lets concurrent reads with the same token share one lookup; changes look theirs up alone', async () => {
    const gp = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester' });
    const s = await signInAs(t, gp);
    const lookups = (statements: string[] | null) => statements && statements.filter((text) => /from "sessions" as "s"/.test(text)).length;
    let reads: Awaited<ReturnType<typeof t.app.inject>>[] = [];
    const duringReads = await statementsDuring(t, async () => {
      reads = await Promise.all(Array.from({ length: 6 }, () => t.app.inject({ url: '/api/test/whoami', headers: s.headers })));
    });
    expect(reads.map((r) => r.json())).toEqual(Array.from({ length: 6 }, () => ({ userId: gp.userId, role: 'requester' })));
    if (duringReads) expect(lookups(duringReads)).toBeLessThan(6);
    let writes: Awaited<ReturnType<typeof t.app.inject>>[] = [];
    const duringWrites = await statementsDuring(t, async () => {
      writes = await Promise.all(Array.from({ length: 3 }, () => t.app.inject({ method: 'POST', url: '/api/test/echo', headers: s.headers, payload: {} })));
    });
    expect(writes.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    if (duringWrites) expect(lookups(duringWrites)).toBe(3);
    // Nothing is kept: once signed out, the next read is refused.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: s.headers, payload: {} })).statusCode).toBeLessThan(300);
    expect((await t.app.inject({ url: '/api/test/whoami', headers: s.headers })).statusCode).toBe(401);
  });

  it('answers 401 without a session and with a second factor pending', async () => {
    expect((await t.app.inject('/api/test/whoami')).json().code).toBe('unauthenticated');
    const gp = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester' });
    const s = await signInAs(t, gp, { secondFactorVerified: false });
    const res = await t.app.inject({ url: '/api/test/whoami', headers: s.headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('second_factor_required');
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const gp = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester' });
    const s = await signInAs(t, gp);
    const refused = await t.app.inject({ method: 'POST', url: '/api/test/echo', headers: { cookie: s.cookie }, payload: {} });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('csrf_invalid');
    const ok = await t.app.inject({ method: 'POST', url: '/api/test/echo', headers: s.headers, payload: {} });
    expect(ok.statusCode).toBe(200);
  });

  it('expires after 30 idle minutes and audits the expiry once', async () => {
    const gp = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester' });
    const s = await signInAs(t, gp);
    t.clock.advance(29 * 60 * 1000);
    expect((await t.app.inject({ url: '/api/test/whoami', headers: s.headers })).statusCode).toBe(200);
    t.clock.advance(29 * 60 * 1000); // activity slid the expiry
    expect((await t.app.inject({ url: '/api/test/whoami', headers: s.headers })).statusCode).toBe(200);
    t.clock.advance(31 * 60 * 1000);
    const expired = await t.app.inject({ url: '/api/test/whoami', headers: s.headers });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('session_expired');
    await t.app.inject({ url: '/api/test/whoami', headers: s.headers });
    const events = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'session.expired').where('resource_id', '=', s.sessionId).execute();
    expect(events).toHaveLength(1);
  });
});
