// Demo data: the demo dermatologists publish weekly video times from the day
// the demo network is created, so that a newcomer can book at once:
// derm1 mornings (09:00-12:00), derm2 afternoons (14:00-17:00), Monday to
// Friday, 20-minute slots, in the network's zone.
import { seedHooks } from '../seed/seed-demo.ts';
import { localDateKey, toLocal } from '../clinical/zoned-time.ts';
import { ruleFromWeekdays } from './slots.ts';

const DEMO_HOURS: Record<string, { start: string; end: string }> = {
  derm1: { start: '09:00', end: '12:00' },
  derm2: { start: '14:00', end: '17:00' },
};

seedHooks.push(async (trx, users) => {
  for (const [key, hours] of Object.entries(DEMO_HOURS)) {
    const userId = users[key];
    if (!userId) continue;
    const service = await trx
      .selectFrom('memberships')
      .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
      .innerJoin('networks', 'networks.id', 'organisations.network_id')
      .select(['organisations.id', 'networks.time_zone'])
      .where('memberships.user_id', '=', userId)
      .where('memberships.role', '=', 'dermatologist')
      .executeTakeFirst();
    if (!service) continue;
    // Seeds run once, at the first start: the wall clock is the right "today" here.
    const today = localDateKey(toLocal(new Date(), service.time_zone));
    await trx
      .insertInto('availability_rules')
      .values({
        service_id: service.id,
        dermatologist_user_id: userId,
        rrule: ruleFromWeekdays(['MO', 'TU', 'WE', 'TH', 'FR']),
        start_time: hours.start,
        end_time: hours.end,
        slot_minutes: 20,
        time_zone: service.time_zone,
        valid_from: today,
      })
      .execute();
  }
});
