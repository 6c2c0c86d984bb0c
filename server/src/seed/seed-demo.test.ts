import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { signInAs } from '../test/factories.ts';
import { seedDemo } from './seed-demo.ts';
import { seedDemoCases } from './seed-demo-cases.ts';
import './demo-hooks.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('demo network', () => {
  it('creates the demo people once, then demo cases a dermatologist finds in the queue', async () => {
    expect(await seedDemo(t.database.db)).toBe(true);
    expect(await seedDemo(t.database.db)).toBe(false);
    expect(await seedDemoCases(t.services)).toBe(2);

    // The teleconsultation demo: published video times, a pharmacist, two visits held (notes to write).
    const db = t.database.db;
    expect((await db.selectFrom('availability_rules').select('id').execute()).length).toBeGreaterThanOrEqual(2);
    expect(await db.selectFrom('memberships').select('id').where('role', '=', 'pharmacist').execute()).toHaveLength(1);
    const visits = await db.selectFrom('appointments').select(['id', 'status']).execute();
    expect(visits.map((v) => v.status)).toEqual(['booked', 'booked']);
    const joined = await db.selectFrom('visit_events').select('appointment_id').where('kind', '=', 'joined').execute();
    expect(joined).toHaveLength(4);

    const derm = await t.database.db
      .selectFrom('users')
      .innerJoin('memberships', 'memberships.user_id', 'users.id')
      .select(['users.id as userId', 'memberships.id as membershipId'])
      .where('users.email', '=', 'derm@dermlink.test')
      .executeTakeFirstOrThrow();
    const session = await signInAs(t, derm);
    const queue = await t.app.inject({ url: '/api/queue', headers: session.headers });
    expect(queue.statusCode).toBe(200);
    const items = queue.json().items as Array<{ priority: string; bodySite: { site: string } | null; sevenPointScore: number | null }>;
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ priority: 'suspected_cancer', sevenPointScore: 6 });
  });
});
