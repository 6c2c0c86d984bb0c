// TEMPORARY: explain the queue and case page statements on dermlink_bench.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './server/src/db/schema.ts';
import { getQueue } from './server/src/cases/get-queue.ts';
import { getCase } from './server/src/cases/get-case.ts';
import { QueueQuerySchema } from './contracts/cases/case.ts';
import './server/src/db/database.ts';

const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/dermlink_bench', max: 1 });
const captured: Array<{ sql: string; parameters: readonly unknown[] }> = [];
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e) => { if (e.level === 'query') captured.push({ sql: e.query.sql, parameters: e.query.parameters }); } });
const derm = await sql<{ user_id: string; membership_id: string; service_id: string; network_id: string }>`
  select m.user_id, m.id as membership_id, m.organisation_id as service_id, o.network_id from memberships m
  join organisations o on o.id = m.organisation_id where m.role = 'dermatologist' order by o.id, m.user_id limit 1`.execute(db);
const d = derm.rows[0]!;
const caseId = (await sql<{ id: string }>`select id from cases where service_id = ${d.service_id} and state = 'in_review' limit 1`.execute(db)).rows[0]!.id;
const actor = { userId: d.user_id, sessionId: '00000000-0000-4000-8000-000000000000', role: 'dermatologist' as const, organisationId: d.service_id, networkId: d.network_id, membershipId: d.membership_id, locale: 'fr' as const };
const ctx = { db, actor, sessionState: 'active', clock: { now: () => new Date() }, log: console, services: {}, origin: { ip: '127.0.0.1', userAgent: 'x', requestId: 'r' } } as never;
const which = process.argv[2] ?? 'queue';
const t = performance.now();
if (which === 'queue') await getQueue(ctx, QueueQuerySchema.parse({}));
else await getCase(ctx, caseId);
console.log('ms', (performance.now() - t).toFixed(1));
const q = captured.at(-1)!;
const client = await pool.connect();
await client.query('begin');
const plan = await client.query(`explain (analyze, buffers) ${q.sql}`, q.parameters as unknown[]);
await client.query('rollback');
client.release();
if (process.argv[3] === 'sql') console.log(q.sql);
for (const r of plan.rows) console.log(r['QUERY PLAN']);
await db.destroy();
