// Visits still booked inside leave. Leave (and a one-off exception) only stops
// new bookings (slots.ts); a visit booked before it stays booked, and its
// patient would join a video visit with nobody there. This finds, for ranges
// of one dermatologist's leave, their own visits still booked and not yet over
// whose local day falls in the range: the day of the start in the
// appointment's zone (the network's, copied from the rule), the same
// convention as the slots; a leave naming a service only covers that
// service's visits. The dermatologist cancels them all at once
// (cancel-leave-visits.ts: one transaction, each by the ordinary cancellation,
// the patient's email, notification and audit as for any other) or one by one
// (POST /api/appointments/:id/cancel).
import type { Kysely, Transaction } from 'kysely';
import type { LeaveAffectedAppointment } from '../../../contracts/appointments/index.ts';
import { localDateKey, toLocal } from '../clinical/zoned-time.ts';
import type { DB } from '../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface LeaveRange {
  id: string;
  starts_on: string;
  ends_on: string;
  service_id: string | null;
}

const DAY_MS = 86_400_000;

/** First letters of the given and family names ("AM"): enough to tell visits apart, no name. */
export function patientInitials(givenName: string, familyName: string): string {
  const first = (s: string) => (s.trim().normalize('NFC').match(/\p{L}/u)?.[0] ?? '').toUpperCase();
  return `${first(givenName)}${first(familyName)}`;
}

/** For each leave range (by id), the dermatologist's booked visits on its days, soonest first. */
export async function bookedVisitsInLeave(db: Db, dermatologistId: string, leaves: readonly LeaveRange[], now: Date): Promise<Map<string, LeaveAffectedAppointment[]>> {
  const out = new Map<string, LeaveAffectedAppointment[]>(leaves.map((l) => [l.id, []]));
  if (leaves.length === 0) return out;
  const first = leaves.reduce((min, l) => (l.starts_on < min ? l.starts_on : min), leaves[0]!.starts_on);
  const last = leaves.reduce((max, l) => (l.ends_on > max ? l.ends_on : max), leaves[0]!.ends_on);
  // A day of margin either side: a local date differs from the UTC date by at most one.
  const from = new Date(Date.parse(`${first}T00:00:00Z`) - DAY_MS);
  const to = new Date(Date.parse(`${last}T00:00:00Z`) + 2 * DAY_MS);
  const rows = await db
    .selectFrom('appointments')
    .innerJoin('patients as p', 'p.id', 'appointments.patient_id')
    .select(['appointments.id', 'appointments.service_id', 'appointments.starts_at', 'appointments.ends_at', 'appointments.time_zone', 'p.given_name', 'p.family_name'])
    .where('appointments.dermatologist_user_id', '=', dermatologistId)
    .where('appointments.status', '=', 'booked')
    .where('appointments.ends_at', '>', now)
    .where('appointments.starts_at', '>=', from)
    .where('appointments.starts_at', '<', to)
    .orderBy('appointments.starts_at')
    .orderBy('appointments.id')
    .execute();
  for (const row of rows) {
    const localDate = localDateKey(toLocal(row.starts_at, row.time_zone));
    for (const leave of leaves) {
      if (leave.starts_on > localDate || localDate > leave.ends_on) continue;
      if (leave.service_id !== null && leave.service_id !== row.service_id) continue;
      out.get(leave.id)!.push({
        id: row.id,
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
        timeZone: row.time_zone,
        serviceId: row.service_id,
        patientInitials: patientInitials(row.given_name, row.family_name),
      });
    }
  }
  return out;
}
