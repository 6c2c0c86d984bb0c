import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { signInAs } from '../test/factories.ts';
import { seedDemo } from './seed-demo.ts';
import { seedDemoCases } from './seed-demo-cases.ts';

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
