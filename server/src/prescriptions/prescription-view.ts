// Rows of `prescriptions` an actor may see, and the DTO the API answers with.
// Scope: the prescription's appointment must be in the actor's appointment
// scope (appointments/appointment-scope.ts). Pharmacists have no scope here:
// they reach a prescription only through its verification code.
import type { Kysely, Transaction } from 'kysely';
import type { Prescription, PrescriptionItem } from '../../../contracts/prescriptions/index.ts';
import type { Actor } from '../auth/actor.ts';
import { appointmentScope } from '../appointments/appointment-scope.ts';
import type { DB } from '../db/schema.ts';
import { encodeVerificationCode } from './canonical.ts';

type Db = Kysely<DB> | Transaction<DB>;

export const PRESCRIPTION_COLUMNS = [
  'prescriptions.id',
  'prescriptions.appointment_id',
  'prescriptions.patient_id',
  'prescriptions.prescriber_user_id',
  'prescriptions.prescriber_name',
  'prescriptions.prescriber_professional_id',
  'prescriptions.prescriber_professional_id_kind',
  'prescriptions.service_name',
  'prescriptions.issued_at',
  'prescriptions.items',
  'prescriptions.items_digest',
  'prescriptions.signing_key_id',
  'prescriptions.signature',
  'prescriptions.dispensed_at',
] as const;

export function prescriptionsInScope(db: Db, actor: Actor) {
  return db
    .selectFrom('prescriptions')
    .select(PRESCRIPTION_COLUMNS)
    .where('prescriptions.appointment_id', 'in', db.selectFrom('appointments').select('appointments.id').where(appointmentScope(actor)));
}

export interface PrescriptionRow {
  id: string;
  appointment_id: string;
  patient_id: string;
  prescriber_user_id: string;
  prescriber_name: string;
  prescriber_professional_id: string | null;
  prescriber_professional_id_kind: 'rpps' | 'gmc' | null;
  service_name: string;
  issued_at: Date;
  items: PrescriptionItem[];
  items_digest: string;
  signing_key_id: string;
  signature: Buffer;
  dispensed_at: Date | null;
}

export const prescriberOf = (row: PrescriptionRow) => ({
  name: row.prescriber_name,
  professionalId: row.prescriber_professional_id,
  professionalIdKind: row.prescriber_professional_id_kind,
  service: row.service_name,
});

export function prescriptionDto(row: PrescriptionRow): Prescription {
  return {
    id: row.id,
    appointmentId: row.appointment_id,
    issuedAt: row.issued_at.toISOString(),
    prescriber: prescriberOf(row),
    items: row.items,
    code: encodeVerificationCode(row.id, row.signature),
    dispensedAt: row.dispensed_at?.toISOString() ?? null,
  };
}
