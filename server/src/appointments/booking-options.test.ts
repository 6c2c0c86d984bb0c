// GET /api/booking-options: the GP's choice of service and dermatologist, with
// each service's notice (organisations.settings.teleconsultationNoticeHours,
// default 24 h), so that the GP's booking page warns before booking a time that
// neither the GP nor the patient could move or cancel online any more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOTICE_HOURS } from '../../../contracts/appointments/index.ts';
import { createWorld, get, type World } from '../cases/test-world.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => {
  await t.close();
});

interface OptionsService {
  id: string;
  name: string;
  timeZone: string;
  noticeHours: number;
  dermatologists: Array<{ id: string; name: string }>;
}

async function options(): Promise<OptionsService[]> {
  const res = await get(t, w.gp, '/api/booking-options');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().services as OptionsService[];
}

async function setNotice(serviceId: string, hours: unknown) {
  const db = t.database.db;
  const row = await db.selectFrom('organisations').select('settings').where('id', '=', serviceId).executeTakeFirstOrThrow();
  const settings = (typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings) as Record<string, unknown>;
  await db
    .updateTable('organisations')
    .set({ settings: JSON.stringify({ ...settings, teleconsultationNoticeHours: hours }) })
    .where('id', '=', serviceId)
    .execute();
}

describe('the GP booking options', () => {
  it("give each service its notice: the default, the service's own setting, the default again when the setting is not usable", async () => {
    const before = await options();
    expect(before.find((s) => s.id === w.ids.serviceId)).toMatchObject({ noticeHours: DEFAULT_NOTICE_HOURS, timeZone: 'Europe/Paris' });
    expect(before.find((s) => s.id === w.otherServiceId)).toMatchObject({ noticeHours: DEFAULT_NOTICE_HOURS });

    await setNotice(w.ids.serviceId, 48);
    const after = await options();
    const service = after.find((s) => s.id === w.ids.serviceId)!;
    expect(service.noticeHours).toBe(48);
    // One entry per service whatever the number of dermatologists (the notice is the service's).
    expect(after.filter((s) => s.id === w.ids.serviceId)).toHaveLength(1);
    expect(service.dermatologists.map((d) => d.id).sort()).toEqual([w.dermUserId, w.derm2UserId].sort());
    expect(after.find((s) => s.id === w.otherServiceId)!.noticeHours).toBe(DEFAULT_NOTICE_HOURS);

    await setNotice(w.ids.serviceId, 'soon');
    expect((await options()).find((s) => s.id === w.ids.serviceId)!.noticeHours).toBe(DEFAULT_NOTICE_HOURS);
  });
});
