// Demo data: a teleconsultation held yesterday by the demo dermatologist
// (derm1) with Léa Lefèvre, notes and prescription still to write, with a FIXED id, so that the demo and the browser
// journey can open its prescription page straight away
// (/appointments/<DEMO_PRESCRIPTION_APPOINTMENT_ID>/prescription).
import { seedHooks } from '../seed/seed-demo.ts';
import { DEMO_NETWORK, DEMO_PATIENTS } from '../seed/demo-data.ts';
import { ensureDemoPatientAccount, insertDemoVideoVisit } from '../visits/demo-visit.ts';

export const DEMO_PRESCRIPTION_APPOINTMENT_ID = '7d3e5c1a-7b9f-4e2a-9c61-5a8e2f4b7d10';
const DEMO_PATIENT = DEMO_PATIENTS.find((p) => p.familyName === 'Lefèvre')!;
const QUARTER = 15 * 60_000;

seedHooks.push(async (trx, users) => {
  const dermatologist = users.derm1;
  const gp = users.gp1;
  if (!dermatologist || !gp) return;
  const patient = await trx.selectFrom('patients').select(['id', 'user_id', 'organisation_id']).where('email', '=', DEMO_PATIENT.email).executeTakeFirst();
  const service = await trx.selectFrom('memberships').select('organisation_id').where('user_id', '=', dermatologist).where('role', '=', 'dermatologist').executeTakeFirst();
  if (!patient || !service) return;
  // Seeds run once, at the first start: the wall clock is the right "now". Yesterday, at a quarter past.
  const startsAt = new Date(Math.floor((Date.now() - 24 * 3_600_000) / QUARTER) * QUARTER + QUARTER);
  await trx
    .insertInto('appointments')
    .values({
      id: DEMO_PRESCRIPTION_APPOINTMENT_ID,
      service_id: service.organisation_id,
      dermatologist_user_id: dermatologist,
      patient_id: patient.id,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 20 * 60_000),
      time_zone: DEMO_NETWORK.timeZone,
      referral_letter: 'Acné inflammatoire du visage, échec des soins locaux. Avis et traitement ?',
      referring_user_id: gp,
      referring_organisation_id: patient.organisation_id,
      coordinated: true,
      booked_by_user_id: gp,
    })
    .execute();
  // The video part happened; the notes and prescription are the demo dermatologist's to write.
  await insertDemoVideoVisit(trx, DEMO_PRESCRIPTION_APPOINTMENT_ID, dermatologist, await ensureDemoPatientAccount(trx, patient, DEMO_PATIENT, 'en'), startsAt);
});
