import { sql } from 'kysely';
import { HealthSchema, ReadySchema } from '../../../contracts/common/health.ts';
import { migrationsPending } from '../db/migrate.ts';
import type { App } from '../app.ts';

export async function healthRoutes(app: App) {
  app.get('/healthz', { schema: { tags: ['health'], security: [], response: { 200: HealthSchema } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/readyz',
    { schema: { tags: ['health'], security: [], response: { 200: ReadySchema, 503: ReadySchema } } },
    async (_request, reply) => {
      const { database } = app.services;
      let pending: string[] = ['unknown'];
      try {
        await sql`select 1`.execute(database.db);
        pending = await migrationsPending(database.db);
      } catch {
        // unreachable database: reported as not ready below
      }
      const body = { status: pending.length === 0 ? ('ready' as const) : ('not_ready' as const), database: database.kind, pendingMigrations: pending };
      return reply.status(pending.length === 0 ? 200 : 503).send(body);
    },
  );
}
