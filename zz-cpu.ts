// TEMPORARY: CPU per call (postgres backend and node) of the case page and queue functions.
import { readFileSync } from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './server/src/db/schema.ts';
import { getQueue } from './server/src/cases/get-queue.ts';
import { getCase } from './server/src/cases/get-case.ts';
import { getQueue as oldGetQueue } from './server/src/cases/zz-old-get-queue.ts';
import { getCase as oldGetCase } from './server/src/cases/zz-old-get-case.ts';
import { CaseDetailSchema, QueuePageSchema, QueueQuerySchema } from './contracts/cases/case.ts';
import './server/src/db/database.ts';

const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/dermlink_bench', max: 2 });
let captured: { sql: string; parameters: readonly unknown[] } | null = null;
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e) => { captured = { sql: e.query.sql, parameters: e.query.parameters }; } });
const derm = await sql<{ user_id: string; membership_id: string; service_id: string; network_id: string }>`
  select m.user_id, m.id as membership_id, m.organisation_id as service_id, o.network_id from memberships m
  join organisations o on o.id = m.organisation_id where m.role = 'dermatologist' order by o.id, m.user_id limit 1`.execute(db);
const d = derm.rows[0]!;
const caseId = (await sql<{ id: string }>`select id from cases where service_id = ${d.service_id} and state = 'in_review' limit 1`.execute(db)).rows[0]!.id;
const backend = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]!.pid;
const actor = { userId: d.user_id, sessionId: '00000000-0000-4000-8000-000000000000', role: 'dermatologist' as const, organisationId: d.service_id, networkId: d.network_id, membershipId: d.membership_id, locale: 'fr' as const };
const ctx = { db, actor, sessionState: 'active', clock: { now: () => new Date() }, log: console, services: {}, origin: { ip: '127.0.0.1', userAgent: 'x', requestId: 'r' } } as never;
const ticks = () => { const f = readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1]!.split(' '); return Number(f[11]) + Number(f[12]); };
const N = Number(process.env.N ?? 300);
const variants: Record<string, () => Promise<unknown>> = {
  'select1': () => sql`select 1`.execute(db),
  'audit-insert': () => sql`insert into audit_events (action, resource_type, outcome, details) values ('x', 'case', 'success', '{}')`.execute(db),
  'session-lookup': () => sql`select s.id from sessions s join users u on u.id = s.user_id left join memberships m on m.id = s.active_membership_id left join organisations o on o.id = m.organisation_id where s.token_hash = 'nope'`.execute(db),
  'case-old': () => oldGetCase(ctx, caseId),
  'case-new': () => getCase(ctx, caseId),
  'queue-old': () => oldGetQueue(ctx, QueueQuerySchema.parse({})),
  'queue-new': () => getQueue(ctx, QueueQuerySchema.parse({})),
  'case-new+encode': async () => JSON.stringify(CaseDetailSchema.encode((await getCase(ctx, caseId)) as never)),
  'queue-new+encode': async () => JSON.stringify(QueuePageSchema.encode((await getQueue(ctx, QueueQuerySchema.parse({}))) as never)),
};
await getCase(ctx, caseId);
const caseSql = captured!;
await getQueue(ctx, QueueQuerySchema.parse({}));
const queueSql = captured!;
const raw = await pool.connect();
const rawBackend = (await raw.query('select pg_backend_pid() as pid')).rows[0].pid;
variants['case-prepared'] = () => raw.query({ name: 'case', text: caseSql.sql, values: caseSql.parameters as unknown[] });
variants['queue-prepared'] = () => raw.query({ name: 'queue', text: queueSql.sql, values: queueSql.parameters as unknown[] });
variants['case-unnamed-raw'] = () => raw.query({ text: caseSql.sql, values: caseSql.parameters as unknown[] });
variants['queue-unnamed-raw'] = () => raw.query({ text: queueSql.sql, values: queueSql.parameters as unknown[] });
const rawTicks = () => { const f = readFileSync(`/proc/${rawBackend}/stat`, 'utf8').split(') ')[1]!.split(' '); return Number(f[11]) + Number(f[12]); };
for (const name of (process.argv[2] ?? Object.keys(variants).join(',')).split(',')) {
  const fn = variants[name]!;
  for (let i = 0; i < 20; i++) await fn();
  const tk = name.includes('prepared') || name.includes('raw') ? rawTicks : ticks; const t0 = tk(); const c0 = process.cpuUsage(); const w0 = performance.now();
  for (let i = 0; i < N; i++) await fn();
  const c = process.cpuUsage(c0); const t = tk() - t0; const w = performance.now() - w0;
  console.log(`${name.padEnd(18)} pg-cpu=${((t * 10) / N).toFixed(2)}ms node-cpu=${((c.user + c.system) / 1000 / N).toFixed(2)}ms wall=${(w / N).toFixed(2)}ms`);
}
raw.release(); await db.destroy();
