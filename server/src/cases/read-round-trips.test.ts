// The case page and the queue are read under load (bench/queue.ts): each is ONE
// statement after the session lookup, then its audit event (one INSERT, shared
// with concurrent reads: audit/record-read-audit.test.ts). A change that adds
// round trips (a query per part, BEGIN/COMMIT) fails here rather than in the
// benchmark. Counted on embedded PGlite, where every statement goes through
// one object.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { statementsDuring } from '../test/statements.ts';
import { answerBody, createWorld, get, post, submittedCase, type World } from './test-world.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t.close());

describe('round trips of the reads under load', () => {
  it('the case page is the session lookup, one statement and its audit insert', async () => {
    const { id } = await submittedCase(t, w);
    expect((await post(t, w.derm, `/api/cases/${id}/claim`)).statusCode).toBe(200);
    expect((await post(t, w.derm, `/api/cases/${id}/answer`, answerBody)).statusCode).toBe(200);
    for (const session of [w.derm, w.gp, w.gp]) {
      let status = 0;
      const statements = await statementsDuring(t, async () => {
        status = (await get(t, session, `/api/cases/${id}`)).statusCode;
      });
      expect(status).toBe(200);
      if (statements) {
        expect(statements).toHaveLength(3);
        expect(statements[1]).not.toMatch(/insert into|begin/i);
        expect(statements[2]).toMatch(/insert into "audit_events"/);
      }
    }
    // The requester's first reading and the reads were each audited once.
    const actions = await t.database.db.selectFrom('audit_events').select('action').where('resource_id', '=', id).where('action', 'in', ['case.read', 'case.answer_read']).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['case.read', 'case.answer_read', 'case.read', 'case.read']);
  });

  it('the queue is the session lookup, one statement and its audit insert, once the names are known', async () => {
    await submittedCase(t, w);
    let body: { items: Array<{ id: string; requester: { name: string; organisationName: string }; service: { name: string } }> } = { items: [] };
    // The first read also looks up the names it has not seen (one query).
    const first = await statementsDuring(t, async () => {
      body = (await get(t, w.derm, '/api/queue')).json();
    });
    if (first) {
      expect(first).toHaveLength(4);
      expect(first[3]).toMatch(/from "users".*union all.*from "organisations"/s);
    }
    const statements = await statementsDuring(t, async () => {
      body = (await get(t, w.derm, '/api/queue')).json();
    });
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items[0]!.requester.name).not.toBe('');
    expect(body.items[0]!.requester.organisationName).not.toBe('');
    expect(body.items[0]!.service.name).not.toBe('');
    if (statements) {
      expect(statements).toHaveLength(3);
      expect(statements[1]).not.toMatch(/insert into|begin/i);
      expect(statements[2]).toMatch(/insert into "audit_events"/);
    }
    const audit = await t.database.db.selectFrom('audit_events').select('details').where('action', '=', 'case.queue_read').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ count: body.items.length, caseIds: body.items.map((i) => i.id) });
  });

  it('a case outside the scope is not found and not audited as read', async () => {
    const { id } = await submittedCase(t, w);
    expect((await get(t, w.otherDerm, `/api/cases/${id}`)).statusCode).toBe(404);
    const reads = await t.database.db.selectFrom('audit_events').select('id').where('resource_id', '=', id).where('action', '=', 'case.read').execute();
    expect(reads).toHaveLength(0);
  });
});
