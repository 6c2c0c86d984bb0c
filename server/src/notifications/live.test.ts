// Live notifications over Server-Sent Events, fed by PostgreSQL LISTEN/NOTIFY:
// a notification created through one app instance reaches a stream opened on
// another (two apps on one PostgreSQL server database with TEST_DATABASE_URL;
// on PGlite, one instance). The stream does not keep the session alive.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp, type App } from '../app.ts';
import { createWorld, post, submittedCase, type World } from '../cases/test-world.ts';
import type { Services } from '../context.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';

const onServer = inject('testDatabase').kind === 'postgres';
let t: TestApp;
let w: World;
let streamApp: App;
let otherDb: Database | null = null;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  if (onServer) {
    // A second instance: its own pool and services on the same database.
    otherDb = await openDatabase({ url: t.database.url!, poolSize: 3 });
    const services: Services = { config: t.services.config, database: otherDb, clock: t.clock };
    streamApp = await buildApp(services, { logger: false });
  } else {
    streamApp = t.app;
  }
  await streamApp.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  if (streamApp !== t.app) await streamApp.close();
  await otherDb?.close();
  await t.close();
});

interface Stream {
  /** Resolves with the parsed data of the first event of this name still to come (or already received and not taken). */
  next(event: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): void;
}

function openStream(cookie: string): Promise<Stream> {
  const { port } = streamApp.server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/notifications/stream', headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      // The stream is written by its handler (hijacked): the security headers are still there.
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      const events: Array<{ event: string; data: Record<string, unknown> }> = [];
      const waiters: Array<{ event: string; resolve: (d: Record<string, unknown>) => void }> = [];
      let buffer = '';
      const offer = () => {
        for (const w of [...waiters]) {
          const i = events.findIndex((e) => e.event === w.event);
          if (i >= 0) {
            const [e] = events.splice(i, 1);
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(e!.data);
          }
        }
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        }
        offer();
      });
      resolve({
        next(event, timeoutMs = 10_000) {
          return new Promise((res2, rej2) => {
            const timer = setTimeout(() => rej2(new Error(`no "${event}" event within ${timeoutMs} ms`)), timeoutMs);
            waiters.push({ event, resolve: (d) => (clearTimeout(timer), res2(d)) });
            offer();
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

describe('live notifications', () => {
  it(`reach a stream opened on ${onServer ? 'another app instance (same PostgreSQL database)' : 'the app (PGlite: one instance)'}`, async () => {
    const { id } = await submittedCase(t, w);
    const stream = await openStream(w.gp.cookie);
    try {
      const ready = await stream.next('ready');
      expect(typeof ready.unread).toBe('number');
      const claimed = await post(t, w.derm, `/api/cases/${id}/claim`);
      expect(claimed.statusCode).toBe(200);
      const message = await stream.next('notification');
      expect(message).toMatchObject({ type: 'notification', kind: 'case_claimed', unread: (ready.unread as number) + 1 });
      // Only the person's own notifications: nothing about the dermatologist's events.
      const stored = await t.database.db.selectFrom('notifications').select('user_id').where('id', '=', message.id as string).executeTakeFirstOrThrow();
      expect(stored.user_id).toBe(w.gpUserId);
    } finally {
      stream.close();
    }
  });

  it('does not keep the session alive', async () => {
    const before = await t.database.db.selectFrom('sessions').select('idle_expires_at').where('id', '=', w.derm2.sessionId).executeTakeFirstOrThrow();
    t.clock.advance(60_000);
    const stream = await openStream(w.derm2.cookie);
    try {
      await stream.next('ready');
      const after = await t.database.db.selectFrom('sessions').select('idle_expires_at').where('id', '=', w.derm2.sessionId).executeTakeFirstOrThrow();
      expect(after.idle_expires_at.getTime()).toBe(before.idle_expires_at.getTime());
    } finally {
      stream.close();
    }
  });

  it('refuses a request without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/notifications/stream' });
    expect(res.statusCode).toBe(401);
  });
});
