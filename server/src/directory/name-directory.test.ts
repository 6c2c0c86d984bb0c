import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { createWorld, get, submittedCase, type World } from '../cases/test-world.ts';
import { ENTRY_TTL_MS, lookUpNames } from './name-directory.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t.close());

const ctx = () => ({ db: t.database.db, services: t.services });
const rename = (id: string, name: string) => t.database.db.updateTable('organisations').set({ name }).where('id', '=', id).execute();

describe('name directory', () => {
  it('answers from memory once a name is known, and reads again after the time to live', async () => {
    const first = await lookUpNames(ctx(), { users: [w.dermUserId, null], organisations: [w.ids.serviceId] });
    expect(first.user(w.dermUserId)).toBe('Dr Denis Roux');
    expect(first.user(null)).toBeNull();
    const known = first.organisation(w.ids.serviceId)!;

    // Changed behind the app's back: the remembered name is still shown...
    await rename(w.ids.serviceId, 'Renamed in the database');
    expect((await lookUpNames(ctx(), { users: [], organisations: [w.ids.serviceId] })).organisation(w.ids.serviceId)).toBe(known);

    // ...until it is too old.
    const now = performance.now();
    const clock = vi.spyOn(performance, 'now').mockReturnValue(now + ENTRY_TTL_MS + 1);
    try {
      expect((await lookUpNames(ctx(), { users: [], organisations: [w.ids.serviceId] })).organisation(w.ids.serviceId)).toBe('Renamed in the database');
    } finally {
      clock.mockRestore();
      await rename(w.ids.serviceId, known);
    }
  });

  it('an unknown id has no name', async () => {
    const names = await lookUpNames(ctx(), { users: ['00000000-0000-4000-8000-000000000000'], organisations: [] });
    expect(names.user('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('a service renamed by the coordinator shows its new name in the queue at once', async () => {
    await submittedCase(t, w);
    const before = (await get(t, w.derm, '/api/queue')).json() as { items: Array<{ service: { id: string; name: string } }> };
    expect(before.items[0]!.service.id).toBe(w.ids.serviceId);

    const res = await t.app.inject({ method: 'PATCH', url: `/api/admin/organisations/${w.ids.serviceId}`, headers: w.coordinator.headers, payload: { name: 'Dermatologie Nord' } });
    expect(res.statusCode).toBe(200);
    const after = (await get(t, w.derm, '/api/queue')).json() as typeof before;
    expect(after.items.every((i) => i.service.name === 'Dermatologie Nord')).toBe(true);
  });
});
