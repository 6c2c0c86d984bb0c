// What every way of booking shares: the service's notice and zone, the check
// that a slot is really offered and free, and the insert that the database's
// unique index (appointments_one_live_per_slot) makes race-proof.
import { publishAppointmentEvent } from '../notifications/appointment-events.ts';
import { sql, type Insertable, type Transaction } from 'kysely';
import { DEFAULT_NOTICE_HOURS, type Slot } from '../../../contracts/appointments/index.ts';
import type { Ctx, Services } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { AppointmentsTable } from './tables.ts';
import { candidateSlots, freeSlots } from './slots.ts';

type Trx = Transaction<DB>;

export interface ServiceInfo {
  id: string;
  name: string;
  networkId: string;
  timeZone: string;
  noticeHours: number;
}

/** Hours before the start after which a patient or GP may no longer cancel or move (organisations.settings.teleconsultationNoticeHours). */
export function noticeHoursFrom(settings: unknown): number {
  const value = (settings as { teleconsultationNoticeHours?: unknown } | null)?.teleconsultationNoticeHours;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 24 * 14 ? value : DEFAULT_NOTICE_HOURS;
}

export async function serviceInfo(db: Pick<Trx, 'selectFrom'>, serviceId: string): Promise<ServiceInfo | null> {
  const row = await db
    .selectFrom('organisations as o')
    .innerJoin('networks as n', 'n.id', 'o.network_id')
    .select(['o.id', 'o.name', 'o.settings', 'o.network_id', 'n.time_zone'])
    .where('o.id', '=', serviceId)
    .where('o.kind', '=', 'dermatology_service')
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, networkId: row.network_id, timeZone: row.time_zone, noticeHours: noticeHoursFrom(row.settings) } : null;
}

/** Bookings for one dermatologist wait for each other (PostgreSQL); the unique index stays the last word. */
export async function lockDermatologistAgenda(trx: Trx, dermatologistId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`agenda:${dermatologistId}`}, 0))`.execute(trx);
}

/** The next free slots after `from`, offered with a refusal. */
export async function nextFreeSlots(db: Trx, ctx: Pick<Ctx, 'clock'>, q: { serviceId: string; dermatologistId?: string | null; from: Date; ignoreAppointmentId?: string }, count = 5): Promise<Slot[]> {
  const now = ctx.clock.now();
  const from = q.from > now ? q.from : now;
  return freeSlots(db, { ...q, from, to: new Date(from.getTime() + 28 * 24 * 3_600_000), now }, count);
}

/** The slot at `startsAt` of this dermatologist and service, if it is published, not on leave, in the future and free. */
export async function assertSlotBookable(
  trx: Trx,
  ctx: Pick<Ctx, 'clock'>,
  q: { serviceId: string; dermatologistId: string; startsAt: Date; ignoreAppointmentId?: string; offerFrom?: { dermatologistId: string | null } },
): Promise<Slot> {
  const now = ctx.clock.now();
  const offer = async () => nextFreeSlots(trx, ctx, { serviceId: q.serviceId, dermatologistId: q.offerFrom ? q.offerFrom.dermatologistId : q.dermatologistId, from: q.startsAt, ignoreAppointmentId: q.ignoreAppointmentId });
  if (q.startsAt.getTime() <= now.getTime()) {
    throw new AppError('slot_in_past', 'This time has passed. Choose another one.', { extra: { nextSlots: await offer() } });
  }
  const candidates = await candidateSlots(trx, {
    serviceId: q.serviceId,
    dermatologistId: q.dermatologistId,
    from: q.startsAt,
    to: new Date(q.startsAt.getTime() + 1),
    now,
    ignoreAppointmentId: q.ignoreAppointmentId,
  });
  const slot = candidates.find((s) => s.startsAt === q.startsAt.toISOString());
  if (!slot) throw new AppError('slot_unavailable', 'This time is not offered (outside the availability, or on leave).', { extra: { nextSlots: await offer() } });
  if (slot.busy) throw new AppError('slot_taken', 'Someone has just booked this time. Choose another one.', { extra: { nextSlots: await offer() } });
  const { busy: _busy, ...free } = slot;
  return free;
}

const isUniqueSlotViolation = (err: unknown) => {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && (e.constraint === 'appointments_one_live_per_slot' || /appointments_one_live_per_slot/.test(e.message ?? ''));
};

/**
 * Inserts the appointment and tells its dermatologist (in-app, live, email per their preferences);
 * a concurrent booking that won the slot turns into `slot_taken`.
 */
export async function insertAppointment(trx: Trx, ctx: Pick<Ctx, 'clock' | 'actor'> & { services?: Services }, values: Insertable<AppointmentsTable>): Promise<{ id: string }> {
  // A savepoint keeps the transaction usable when the unique index refuses the row.
  await sql`savepoint book_slot`.execute(trx);
  try {
    const row = await trx.insertInto('appointments').values(values).returning('id').executeTakeFirstOrThrow();
    await sql`release savepoint book_slot`.execute(trx);
    await publishAppointmentEvent(trx, ctx, { kind: 'appointment_booked', appointmentId: row.id });
    return row;
  } catch (err) {
    await sql`rollback to savepoint book_slot`.execute(trx);
    if (!isUniqueSlotViolation(err)) throw err;
    const nextSlots = await nextFreeSlots(trx, ctx, { serviceId: values.service_id, dermatologistId: null, from: new Date(values.starts_at) });
    throw new AppError('slot_taken', 'Someone has just booked this time. Choose another one.', { extra: { nextSlots } });
  }
}
