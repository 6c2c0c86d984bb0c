// The dermatologist's availability: weekly rules per service (stored as RRULE
// strings over local dates, in the network's zone), leave and exceptions (local
// date ranges), and a preview of the next free slots they produce. A
// dermatologist manages only their own, for services where they are one. Each
// leave carries the visits still booked on its days (leave-conflicts.ts), when
// it is added and each time it is listed, so that none is forgotten.
import type {
  AvailabilityException,
  AvailabilityExceptionBody,
  AvailabilityRule,
  AvailabilityRuleBody,
  LeaveAffectedAppointment,
  MyAvailability,
  SlotList,
  SlotsQuery,
} from '../../../contracts/appointments/index.ts';
import { requireActor, type Actor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { lockDermatologistAgenda, noticeHoursFrom } from './booking-core.ts';
import { bookedVisitsInLeave } from './leave-conflicts.ts';
import { freeSlots, ruleFromWeekdays, weekdaysOf } from './slots.ts';
import type { AvailabilityExceptionsTable, AvailabilityRulesTable } from './tables.ts';
import './actions.ts';

type Db = Kysely<DB> | Transaction<DB>;
const PREVIEW_DAYS = 14;

async function myServices(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .innerJoin('networks as n', 'n.id', 'o.network_id')
    .select(['o.id', 'o.name', 'o.settings', 'n.time_zone'])
    .where('m.user_id', '=', actor.userId)
    .where('m.role', '=', 'dermatologist')
    .where('o.kind', '=', 'dermatology_service')
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, timeZone: r.time_zone, noticeHours: noticeHoursFrom(r.settings) }));
}

function ruleDto(row: Selectable<AvailabilityRulesTable>, serviceName: string): AvailabilityRule {
  const { weekdays, everyWeeks } = weekdaysOf(row.rrule);
  return {
    id: row.id,
    serviceId: row.service_id,
    serviceName,
    rrule: row.rrule,
    weekdays,
    everyWeeks,
    startTime: row.start_time,
    endTime: row.end_time,
    slotMinutes: row.slot_minutes,
    timeZone: row.time_zone,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
  };
}

function exceptionDto(row: Selectable<AvailabilityExceptionsTable>, affectedAppointments: LeaveAffectedAppointment[]): AvailabilityException {
  return { id: row.id, kind: row.kind, startsOn: row.starts_on, endsOn: row.ends_on, serviceId: row.service_id, note: row.note, affectedAppointments };
}

export async function getMyAvailability(ctx: Ctx): Promise<MyAvailability> {
  const actor = requireActor(ctx);
  assertCan(actor, 'availability.manage');
  const now = ctx.clock.now();
  const services = await myServices(ctx.db, actor);
  const rules = await ctx.db.selectFrom('availability_rules').selectAll().where('dermatologist_user_id', '=', actor.userId).orderBy('valid_from').orderBy('start_time').execute();
  const today = now.toISOString().slice(0, 10);
  const { exceptions, affected } = await ctx.db.transaction().execute(async (trx) => {
    const exceptions = await trx
      .selectFrom('availability_exceptions')
      .selectAll()
      .where('dermatologist_user_id', '=', actor.userId)
      .where('ends_on', '>=', today)
      .orderBy('starts_on')
      .execute();
    const affected = await bookedVisitsInLeave(trx, actor.userId, exceptions, now);
    const ids = [...new Set([...affected.values()].flat().map((a) => a.id))];
    // Visits (times and initials) of patients were read: one list read, as the agenda's.
    if (ids.length > 0) {
      await recordAudit(trx, ctx, { action: 'appointment.list', resourceType: 'appointment', details: { count: ids.length, reason: 'booked_in_leave', appointmentIds: ids } });
    }
    return { exceptions, affected };
  });
  const preview = [];
  for (const service of services) {
    preview.push(...(await freeSlots(ctx.db, { serviceId: service.id, dermatologistId: actor.userId, from: now, to: new Date(now.getTime() + PREVIEW_DAYS * 86_400_000), now }, 40)));
  }
  preview.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const nameOf = (id: string) => services.find((s) => s.id === id)?.name ?? '';
  return { services, rules: rules.map((r) => ruleDto(r, nameOf(r.service_id))), exceptions: exceptions.map((e) => exceptionDto(e, affected.get(e.id) ?? [])), preview: preview.slice(0, 40) };
}

export async function addAvailabilityRule(ctx: Ctx, body: AvailabilityRuleBody): Promise<AvailabilityRule> {
  const actor = requireActor(ctx);
  assertCan(actor, 'availability.manage');
  const service = (await myServices(ctx.db, actor)).find((s) => s.id === body.serviceId);
  if (!service) throw new AppError('validation_failed', 'Choose one of your services.', { fields: [{ path: 'serviceId', message: 'Not one of your services.' }] });
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('availability_rules')
      .values({
        service_id: service.id,
        dermatologist_user_id: actor.userId,
        rrule: ruleFromWeekdays(body.weekdays, body.everyWeeks ?? 1),
        start_time: body.startTime,
        end_time: body.endTime,
        slot_minutes: body.slotMinutes,
        time_zone: service.timeZone,
        valid_from: body.validFrom,
        valid_until: body.validUntil ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'availability.rule_add', resourceType: 'availability_rule', resourceId: row.id, details: { serviceId: service.id, rrule: row.rrule } });
    return ruleDto(row, service.name);
  });
}

export async function deleteAvailabilityRule(ctx: Ctx, ruleId: string): Promise<{ id: string }> {
  const actor = requireActor(ctx);
  assertCan(actor, 'availability.manage');
  return ctx.db.transaction().execute(async (trx) => {
    // Booked appointments stay: removing a rule only stops offering new slots.
    const row = await trx.deleteFrom('availability_rules').where('id', '=', ruleId).where('dermatologist_user_id', '=', actor.userId).returning('id').executeTakeFirst();
    if (!row) throw new AppError('not_found', 'Availability not found.');
    await recordAudit(trx, ctx, { action: 'availability.rule_delete', resourceType: 'availability_rule', resourceId: ruleId });
    return row;
  });
}

export async function addAvailabilityException(ctx: Ctx, body: AvailabilityExceptionBody): Promise<AvailabilityException> {
  const actor = requireActor(ctx);
  assertCan(actor, 'availability.manage');
  if (body.serviceId && !(await myServices(ctx.db, actor)).some((s) => s.id === body.serviceId)) {
    throw new AppError('validation_failed', 'Choose one of your services.', { fields: [{ path: 'serviceId', message: 'Not one of your services.' }] });
  }
  return ctx.db.transaction().execute(async (trx) => {
    // Waits for a booking of this dermatologist in progress: it either lands before (and is reported
    // below) or after (and then sees the leave and is refused).
    await lockDermatologistAgenda(trx, actor.userId);
    const row = await trx
      .insertInto('availability_exceptions')
      .values({ dermatologist_user_id: actor.userId, service_id: body.serviceId ?? null, kind: body.kind, starts_on: body.startsOn, ends_on: body.endsOn, note: body.note || null })
      .returningAll()
      .executeTakeFirstOrThrow();
    // Visits already booked in that range stay booked: they are reported so that the dermatologist
    // cancels them (the patients are emailed, as for any cancellation) or keeps them knowingly.
    const affected = (await bookedVisitsInLeave(trx, actor.userId, [row], ctx.clock.now())).get(row.id) ?? [];
    await recordAudit(trx, ctx, {
      action: 'availability.exception_add',
      resourceType: 'availability_exception',
      resourceId: row.id,
      details: { kind: row.kind, bookedInLeave: affected.length, appointmentIds: affected.map((a) => a.id) },
    });
    return exceptionDto(row, affected);
  });
}

export async function deleteAvailabilityException(ctx: Ctx, exceptionId: string): Promise<{ id: string }> {
  const actor = requireActor(ctx);
  assertCan(actor, 'availability.manage');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('availability_exceptions').where('id', '=', exceptionId).where('dermatologist_user_id', '=', actor.userId).returning('id').executeTakeFirst();
    if (!row) throw new AppError('not_found', 'Leave not found.');
    await recordAudit(trx, ctx, { action: 'availability.exception_delete', resourceType: 'availability_exception', resourceId: exceptionId });
    return row;
  });
}

/** Free slots of a service of the actor's network (GP booking, dermatologist moving an appointment, patient moving their own). */
export async function listSlots(ctx: Ctx, q: SlotsQuery & { days: number; limit: number }): Promise<SlotList> {
  const actor = requireActor(ctx);
  assertCan(actor, 'slots.read');
  const networkId =
    actor.role === 'patient'
      ? (
          await ctx.db
            .selectFrom('patients')
            .innerJoin('organisations', 'organisations.id', 'patients.organisation_id')
            .select('organisations.network_id')
            .where('patients.user_id', '=', actor.userId)
            .executeTakeFirst()
        )?.network_id
      : actor.networkId;
  const service = await ctx.db.selectFrom('organisations').select(['id']).where('id', '=', q.serviceId).where('kind', '=', 'dermatology_service').where('network_id', '=', networkId ?? '00000000-0000-0000-0000-000000000000').executeTakeFirst();
  if (!service) throw new AppError('not_found', 'Service not found.');
  const now = ctx.clock.now();
  const from = q.from && new Date(q.from) > now ? new Date(q.from) : now;
  return { slots: await freeSlots(ctx.db, { serviceId: q.serviceId, dermatologistId: q.dermatologistId, from, to: new Date(from.getTime() + q.days * 86_400_000), now }, q.limit) };
}
