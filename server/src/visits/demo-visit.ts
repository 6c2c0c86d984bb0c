// Demo data: a video visit held two hours before the demo network was created,
// by the demo dermatologist (derm1) with Jean Moreau, referred by the demo GP
// (gp1), whose notes are still to write: the dermatologist's "Visits" page is
// not empty, and browser journeys have a visit to complete without driving a
// real video call. The patient gets an account (found or created by email).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { seedHooks } from '../seed/seed-demo.ts';
import { DEMO_NETWORK, DEMO_PATIENTS } from '../seed/demo-data.ts';

export const DEMO_VISIT_PATIENT = DEMO_PATIENTS.find((p) => p.familyName === 'Moreau')!;
const QUARTER = 15 * 60_000;

seedHooks.push(async (trx, users) => {
  const dermatologist = users.derm1;
  const gp = users.gp1;
  if (!dermatologist || !gp) return;
  const patient = await trx.selectFrom('patients').select(['id', 'user_id', 'organisation_id']).where('email', '=', DEMO_VISIT_PATIENT.email).executeTakeFirst();
  const service = await trx.selectFrom('memberships').select('organisation_id').where('user_id', '=', dermatologist).where('role', '=', 'dermatologist').executeTakeFirst();
  if (!patient || !service) return;
  const patientUserId = await ensureDemoPatientAccount(trx, patient, DEMO_VISIT_PATIENT, 'fr');
  // Seeds run once, at the first start: the wall clock is the right "now" here.
  const startsAt = new Date(Math.floor((Date.now() - 2 * 3_600_000) / QUARTER) * QUARTER);
  const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
  const appointment = await trx
    .insertInto('appointments')
    .values({
      service_id: service.organisation_id,
      dermatologist_user_id: dermatologist,
      patient_id: patient.id,
      starts_at: startsAt,
      ends_at: at(20),
      time_zone: DEMO_NETWORK.timeZone,
      referral_letter: 'Plaques prurigineuses de l’avant-bras depuis 6 semaines, dermocorticoïde peu efficace. Avis et traitement ?',
      referring_user_id: gp,
      referring_organisation_id: patient.organisation_id,
      coordinated: true,
      booked_by_user_id: gp,
      created_at: at(-3 * 24 * 60),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertDemoVideoVisit(trx, appointment.id, dermatologist, patientUserId, startsAt);
});

/** A demo patient's sign-in account (patients sign in by email link), made if missing. */
export async function ensureDemoPatientAccount(
  trx: Kysely<DB>,
  patient: { id: string; user_id: string | null },
  demo: { email: string; givenName: string; familyName: string },
  locale: 'fr' | 'en',
): Promise<string> {
  if (patient.user_id) return patient.user_id;
  const existing = await trx.selectFrom('users').select('id').where('email', '=', demo.email).executeTakeFirst();
  const userId =
    existing?.id ??
    (await trx.insertInto('users').values({ email: demo.email, display_name: `${demo.givenName} ${demo.familyName}`, kind: 'patient', locale }).returning('id').executeTakeFirstOrThrow()).id;
  await trx.updateTable('patients').set({ user_id: userId }).where('id', '=', patient.id).execute();
  return userId;
}

/** The video part of a demo visit: both joined, the patient admitted, both left (so the visit can be completed). */
export async function insertDemoVideoVisit(trx: Kysely<DB>, appointmentId: string, dermatologist: string, patientUserId: string, startsAt: Date) {
  const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
  await trx
    .insertInto('visit_events')
    .values([
      { appointment_id: appointmentId, user_id: dermatologist, kind: 'joined', at: at(-1) },
      { appointment_id: appointmentId, user_id: patientUserId, kind: 'joined', at: at(0) },
      { appointment_id: appointmentId, user_id: patientUserId, kind: 'admitted', at: at(1) },
      { appointment_id: appointmentId, user_id: patientUserId, kind: 'left', at: at(16) },
      { appointment_id: appointmentId, user_id: dermatologist, kind: 'left', at: at(17) },
    ])
    .execute();
}
