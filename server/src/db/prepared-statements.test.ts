// Named prepared statements (pg-dialect.ts, compiled-statement.ts): on a
// PostgreSQL server the case page, the queue and the session lookup are parsed
// once per connection, ordinary queries are not named, and every answer and
// audit event is the same as with DATABASE_PREPARED_STATEMENTS=false. Two extra
// app instances share the test database, each with ONE connection, so
// pg_prepared_statements (which lists the current session's statements only)
// shows everything the prepared instance sent. On PGlite only the statement
// text is checked (PGlite ignores the names).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp, type App } from '../app.ts';
import type { Actor } from '../auth/actor.ts';
import { findSessionByTokenHash } from '../auth/sessions.ts';
import { hashToken } from '../auth/session-tokens.ts';
import { getCase } from '../cases/get-case.ts';
import { answerBody, createWorld, get, post, submittedCase, type World } from '../cases/test-world.ts';
import type { Ctx } from '../context.ts';
import type { TestSession } from '../test/factories.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { compiledStatement, statementBuilder, statementName, type Args } from './compiled-statement.ts';
import { openDatabase, type Database } from './database.ts';

const onServer = inject('testDatabase').kind === 'postgres';
let t: TestApp;
let w: World;
let answeredCaseId: string;
let openCaseId: string;
let prepared: { database: Database; app: App } | null = null;
let unprepared: { database: Database; app: App } | null = null;

async function instance(preparedStatements: boolean) {
  const database = await openDatabase({ url: t.database.url!, poolSize: 1, preparedStatements });
  const app = await buildApp({ config: t.services.config, database, clock: t.clock }, { logger: false });
  await app.ready();
  return { database, app };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  answeredCaseId = (await submittedCase(t, w)).id;
  expect((await post(t, w.derm, `/api/cases/${answeredCaseId}/claim`)).statusCode).toBe(200);
  expect((await post(t, w.derm, `/api/cases/${answeredCaseId}/answer`, answerBody)).statusCode).toBe(200);
  openCaseId = (await submittedCase(t, w)).id;
  await submittedCase(t, w);
  if (onServer) {
    prepared = await instance(true);
    unprepared = await instance(false);
  }
});
afterAll(async () => {
  for (const i of [prepared, unprepared]) {
    await i?.app.close();
    await i?.database.close();
  }
  await t.close();
});

/** The session's own prepared statements (the instance has a single connection). */
async function preparedOn(database: Database) {
  const { rows } = await sql<{ name: string; statement: string; runs: number }>`
    select name, statement, (generic_plans + custom_plans)::int as runs from pg_prepared_statements order by name`.execute(database.db);
  return rows;
}

/** Audit events written since `seq`, without what differs by nature (ids, time). */
async function auditSince(seq: number) {
  const rows = await t.database.db
    .selectFrom('audit_events')
    .select(['seq', 'action', 'actor_user_id', 'actor_role', 'session_id', 'resource_type', 'resource_id', 'patient_id', 'outcome', 'details'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .execute();
  return rows.map(({ seq: _seq, ...rest }) => rest);
}
const lastSeq = async () => Number((await t.database.db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq ?? 0);

describe('statements compiled once', () => {
  it('keeps arguments as parameters and writes constants into the text, under a name derived from the text', async () => {
    const probe = compiledStatement((_shape: null, a: Args<{ userId: string }>) =>
      statementBuilder.selectFrom('memberships').select('id').where('user_id', '=', a.userId).where('role', 'in', ['dermatologist', 'coordinator']).where('id', 'is not', null).limit(2),
    );
    let seen = { sql: '', parameters: [] as readonly unknown[] };
    const spy = new Proxy(t.database.db, {
      get: (target, p, receiver) =>
        p === 'executeQuery'
          ? (q: { sql: string; parameters: readonly unknown[] }) => {
              seen = q;
              return target.executeQuery(q as never);
            }
          : Reflect.get(target, p, receiver),
    });
    const rows = await probe(spy, null, { userId: w.dermUserId });
    expect(rows).toHaveLength(1);
    expect(seen.sql).toBe(`select "id" from "memberships" where "user_id" = $1 and "role" in ('dermatologist', 'coordinator') and "id" is not null limit 2`);
    expect(seen.parameters).toEqual([w.dermUserId]);
    expect(statementName(seen.sql)).toMatch(/^dl_[0-9a-f]{24}$/);
    expect(statementName(seen.sql)).not.toBe(statementName(seen.sql.replace('limit 2', 'limit 3')));
  });
});

describe.skipIf(!onServer)('named prepared statements on PostgreSQL', () => {
  const requests = (): Array<[string, TestSession, string]> => [
    ['case page (dermatologist)', w.derm, `/api/cases/${answeredCaseId}`],
    ['case page (requester, answer already read)', w.gp, `/api/cases/${answeredCaseId}`],
    ['case page out of scope', w.otherDerm, `/api/cases/${openCaseId}`],
    ['queue', w.derm, '/api/queue'],
    ['queue, one routine row', w.derm, '/api/queue?urgency=routine&limit=1'],
    ['queue, mine', w.derm, '/api/queue?mine=true'],
  ];

  it('answers and audits exactly as unnamed statements, also once PostgreSQL plans them generically', async () => {
    // The requester's first reading (an update and two audit events) happens once, here.
    expect((await get(t, w.gp, `/api/cases/${answeredCaseId}`)).statusCode).toBe(200);
    const send = (app: App, session: TestSession, url: string) => app.inject({ method: 'GET', url, headers: session.headers });
    for (const [label, session, url] of requests()) {
      const before = await lastSeq();
      const expected = await send(unprepared!.app, session, url);
      const expectedAudit = await auditSince(before);
      expect(expected.statusCode, label).toBe(label.includes('out of scope') ? 404 : 200);
      // The first five runs are planned for their values, later ones may reuse a generic plan.
      for (let run = 1; run <= 7; run++) {
        const since = await lastSeq();
        const actual = await send(prepared!.app, session, url);
        expect(actual.statusCode, `${label}, run ${run}`).toBe(expected.statusCode);
        expect(actual.json(), `${label}, run ${run}`).toEqual(expected.json());
        expect(await auditSince(since), `${label}, run ${run}`).toEqual(expectedAudit);
      }
    }
    // The queue reads were audited with the ids shown, as before.
    expect((await auditSince(0)).filter((a) => a.action === 'case.queue_read').length).toBeGreaterThanOrEqual(3 * 8);
  });

  it('names only the compiled statements, each parsed once on the connection', async () => {
    await prepared!.database.db.selectFrom('users').select('id').where('email', '=', 'nobody@example.test').execute();
    const statements = await preparedOn(prepared!.database);
    for (const s of statements) expect(s.name).toBe(statementName(s.statement));
    const kinds = (match: string) => statements.filter((s) => s.statement.includes(match));
    // The session lookup: one statement, run for every request above.
    expect(kinds('from "sessions" as "s"')).toHaveLength(1);
    expect(kinds('from "sessions" as "s"')[0]!.runs).toBe(requests().length * 7);
    // The case page per role (dermatologist, requester), the queue per filter set.
    expect(kinds('with "found" as')).toHaveLength(2);
    expect(kinds(`"cases"."state" in ('submitted', 'in_review', 'awaiting_requester')`)).toHaveLength(3);
    expect(statements).toHaveLength(6);
    expect(kinds('nobody@example.test')).toHaveLength(0);
    // Sent unnamed, nothing stays prepared.
    expect(await preparedOn(unprepared!.database)).toHaveLength(0);
  });

  it('parses a statement again when a migration changed its result columns', async () => {
    const page = () => prepared!.app.inject({ method: 'GET', url: `/api/cases/${openCaseId}`, headers: w.derm.headers });
    const expected = (await page()).json();
    const before = (await preparedOn(prepared!.database)).filter((s) => s.statement.includes('with "found" as')).map((s) => s.name);
    // Another instance's migration: `cases.*` in the prepared case page now has one more column.
    await sql`alter table cases add column prepared_statement_probe text`.execute(t.database.db);
    try {
      const after = await page();
      expect(after.statusCode, after.body).toBe(200);
      expect(after.json()).toEqual(expected);
      const names = (await preparedOn(prepared!.database)).map((s) => s.name);
      expect(names.some((n) => before.some((b) => n.startsWith(`${b}_`)))).toBe(true);

      // Inside a transaction the refusal aborts it: the error reaches the caller, the next run is fine.
      const session = await findSessionByTokenHash(prepared!.database.db, hashToken(w.derm.cookie.split('=')[1]!));
      const actor: Actor = {
        userId: session!.user_id,
        sessionId: session!.id,
        role: session!.role!,
        organisationId: session!.organisation_id,
        networkId: session!.network_id,
        membershipId: session!.membership_id,
        locale: session!.locale,
      };
      const ctx = (db: Ctx['db']): Ctx => ({ db, actor, clock: t.clock, log: t.app.log, services: t.services, sessionState: 'active', origin: { ip: null, userAgent: null, requestId: null } });
      expect((await getCase(ctx(prepared!.database.db), openCaseId)).id).toBe(openCaseId);
      await sql`alter table cases drop column prepared_statement_probe`.execute(t.database.db);
      await expect(prepared!.database.db.transaction().execute((trx) => getCase(ctx(trx), openCaseId))).rejects.toThrow(/cached plan must not change result type/);
      expect((await getCase(ctx(prepared!.database.db), openCaseId)).id).toBe(openCaseId);
      expect((await page()).json()).toEqual(expected);
    } finally {
      await sql`alter table cases drop column if exists prepared_statement_probe`.execute(t.database.db);
    }
  });
});
