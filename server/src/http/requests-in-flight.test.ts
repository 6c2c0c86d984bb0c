// Shutdown waits for a handler whose client has left (requests-in-flight.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../test/test-app.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('requests in flight at shutdown', () => {
  it('app.close() waits for a handler whose client left, so its last statement still runs', async () => {
    const started = deferred();
    const release = deferred();
    let statementResult: string | null = null;
    const t = await createTestApp({
      beforeReady: (app) =>
        app.get('/api/test/slow', async () => {
          started.resolve();
          await release.promise;
          const row = await sql<{ ok: string }>`select 'still open' as ok`.execute(app.services.database.db);
          statementResult = row.rows[0]!.ok;
          return { ok: true };
        }),
    });
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      const request = http.get(`http://127.0.0.1:${port}/api/test/slow`);
      request.on('error', () => {});
      await started.promise;
      request.destroy();
      await new Promise((r) => setTimeout(r, 50));

      let closed = false;
      const closing = t.app.close().then(() => {
        closed = true;
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(closed).toBe(false);
      release.resolve();
      await closing;
      expect(statementResult).toBe('still open');
    } finally {
      release.resolve();
      await t.database.close();
      await rm(t.dataDir, { recursive: true, force: true });
    }
  });

  it('answered, refused and unknown requests do not hold the shutdown', async () => {
    const t = await createTestApp();
    try {
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/queue' })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: '/api/nowhere' })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'x' } })).statusCode).toBe(400);
      // Far below the 8 s drain limit: nothing is left waiting.
      const outcome = await Promise.race([t.app.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('still waiting'), 4_000))]);
      expect(outcome).toBe('closed');
    } finally {
      await t.database.close();
      await rm(t.dataDir, { recursive: true, force: true });
    }
  });
});
