// Set-up for the prescriptions tests: a network with a dermatology service (two
// dermatologists), a patient with an account, a pharmacy and its pharmacist,
// and another network's dermatologist; appointments written straight into the
// table (booking is another feature's subject).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { createClinician, createNetwork, createOrganisation, createPatient, signInAs, type TestSession } from '../test/factories.ts';
import type { TestApp } from '../test/test-app.ts';

export async function createAppointment(
  db: Kysely<DB>,
  opts: { serviceId: string; dermatologistUserId: string; patientId: string; bookedBy: string; startsAt: Date; status?: 'booked' | 'completed' | 'cancelled' | 'no_show' },
) {
  const status = opts.status ?? 'completed';
  const row = await db
    .insertInto('appointments')
    .values({
      service_id: opts.serviceId,
      dermatologist_user_id: opts.dermatologistUserId,
      patient_id: opts.patientId,
      starts_at: opts.startsAt,
      ends_at: new Date(opts.startsAt.getTime() + 20 * 60_000),
      time_zone: 'Europe/Paris',
      status,
      cancelled_at: status === 'cancelled' ? opts.startsAt : null,
      booked_by_user_id: opts.bookedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface PrescriptionWorld {
  ids: Awaited<ReturnType<typeof createNetwork>>;
  derm: TestSession;
  dermUserId: string;
  derm2: TestSession;
  patient: TestSession;
  patientId: string;
  pharmacist: TestSession;
  pharmacyId: string;
  otherDerm: TestSession;
  otherPatient: TestSession;
  otherAppointmentId: string;
  coordinator: TestSession;
  gp: TestSession;
  appointment(status?: 'booked' | 'completed' | 'cancelled' | 'no_show'): Promise<string>;
  /** New sessions at the test clock's time (moving the clock expires the old ones). */
  resignIn(): Promise<void>;
}

let minute = 0;

export async function createPrescriptionWorld(t: TestApp): Promise<PrescriptionWorld> {
  const db = t.database.db;
  const ids = await createNetwork(db);
  const derm = await createClinician(db, { organisationId: ids.serviceId, role: 'dermatologist', name: 'Dr Hélène Prescrit' });
  await db.updateTable('users').set({ professional_id: '10009876540' }).where('id', '=', derm.userId).execute();
  const derm2 = await createClinician(db, { organisationId: ids.serviceId, role: 'dermatologist' });
  const gp = await createClinician(db, { organisationId: ids.practiceId, role: 'requester' });
  const coordinator = await createClinician(db, { organisationId: ids.officeId, role: 'coordinator' });
  const patient = await createPatient(db, { organisationId: ids.practiceId, givenName: 'Élodie', familyName: 'Zélande', birthDate: '1987-06-21', withAccount: true });
  const pharmacy = await createOrganisation(db, ids.networkId, 'pharmacy', 'Pharmacie du Test');
  const pharmacist = await createClinician(db, { organisationId: pharmacy.id, role: 'pharmacist' });

  const theirs = await createNetwork(db);
  const otherDerm = await createClinician(db, { organisationId: theirs.serviceId, role: 'dermatologist' });
  const otherPatient = await createPatient(db, { organisationId: theirs.practiceId, withAccount: true });
  const otherAppointmentId = await createAppointment(db, {
    serviceId: theirs.serviceId,
    dermatologistUserId: otherDerm.userId,
    patientId: otherPatient.patientId,
    bookedBy: otherDerm.userId,
    startsAt: new Date('2026-03-02T08:00:00Z'),
  });

  const sessions = async () => ({
    derm: await signInAs(t, derm),
    derm2: await signInAs(t, derm2),
    patient: await signInAs(t, { userId: patient.userId! }),
    pharmacist: await signInAs(t, pharmacist),
    otherDerm: await signInAs(t, otherDerm),
    otherPatient: await signInAs(t, { userId: otherPatient.userId! }),
    coordinator: await signInAs(t, coordinator),
    gp: await signInAs(t, gp),
  });
  const world: PrescriptionWorld = {
    ids,
    ...(await sessions()),
    dermUserId: derm.userId,
    patientId: patient.patientId,
    pharmacyId: pharmacy.id,
    otherAppointmentId,
    appointment: (status = 'completed') =>
      createAppointment(db, {
        serviceId: ids.serviceId,
        dermatologistUserId: derm.userId,
        patientId: patient.patientId,
        bookedBy: gp.userId,
        startsAt: new Date(Date.UTC(2026, 2, 2, 7, 0) - ++minute * 30 * 60_000),
        status,
      }),
    resignIn: async () => {
      Object.assign(world, await sessions());
    },
  };
  return world;
}
