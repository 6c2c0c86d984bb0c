// Public verification of a prescription from the code its QR code carries.
// Anyone learns whether it is authentic, who prescribed it, when, and whether
// it was dispensed: never patient data. A signed-in pharmacist also gets the
// items and the patient's initials and birth year (to check the person at the
// counter); that view is audited. Refusals each have their own code:
//   prescription_code_malformed (not a code), prescription_unknown (no such
//   prescription), prescription_not_authentic (the signature does not match).
import type { Kysely, Transaction } from 'kysely';
import type { Verification } from '../../../contracts/prescriptions/index.ts';
import type { Actor } from '../auth/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { verifySignature } from '../crypto/ed25519-signing.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { decodeVerificationCode, itemsDigest, signedPayload } from './canonical.ts';
import { PRESCRIPTION_COLUMNS, prescriberOf, type PrescriptionRow } from './prescription-view.ts';
import './actions.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** The prescription a code names, once its signature is checked; throws the specific refusal otherwise. */
export async function authenticPrescription(db: Db, code: string) {
  const decoded = decodeVerificationCode(code);
  if (!decoded) throw new AppError('prescription_code_malformed', 'This is not a prescription verification code: check that it was copied whole.');
  const row = await db
    .selectFrom('prescriptions')
    .innerJoin('prescription_signing_keys as key', 'key.id', 'prescriptions.signing_key_id')
    .innerJoin('patients', 'patients.id', 'prescriptions.patient_id')
    .leftJoin('organisations as pharmacy', 'pharmacy.id', 'prescriptions.dispensed_by_organisation_id')
    .select([...PRESCRIPTION_COLUMNS, 'key.public_key', 'patients.given_name', 'patients.family_name', 'patients.birth_date', 'pharmacy.name as pharmacy_name'])
    .where('prescriptions.id', '=', decoded.id)
    .executeTakeFirst();
  if (!row) throw new AppError('prescription_unknown', 'No prescription has this code.');
  // The digest is computed again from the stored items: items changed behind the application's back fail too.
  const payload = signedPayload({
    id: row.id,
    prescriberUserId: row.prescriber_user_id,
    prescriberProfessionalId: row.prescriber_professional_id,
    issuedAt: row.issued_at,
    itemsDigest: itemsDigest(row.items),
  });
  if (!verifySignature(row.public_key, payload, decoded.signature)) {
    throw new AppError('prescription_not_authentic', 'The signature does not match this prescription: the code was altered or forged.');
  }
  return row;
}

type VerifiedRow = Awaited<ReturnType<typeof authenticPrescription>>;

const initial = (name: string) => (name.trim().normalize('NFC').match(/\p{L}/u)?.[0] ?? '?').toUpperCase();

export function verificationDto(row: VerifiedRow & PrescriptionRow, actor: Actor | null): Verification {
  const pharmacist = actor?.role === 'pharmacist';
  return {
    authentic: true,
    prescriptionId: row.id,
    issuedAt: row.issued_at.toISOString(),
    prescriber: prescriberOf(row),
    dispensed: row.dispensed_at ? { at: row.dispensed_at.toISOString(), pharmacy: pharmacist ? row.pharmacy_name : null } : null,
    signingKeyId: row.signing_key_id,
    forPharmacist: pharmacist
      ? { items: row.items, patientInitials: `${initial(row.given_name)}. ${initial(row.family_name)}.`, patientBirthYear: Number(row.birth_date.slice(0, 4)) }
      : null,
  };
}

export async function verifyPrescription(ctx: Ctx, code: string): Promise<Verification> {
  const actor = ctx.actor;
  if (actor?.role !== 'pharmacist') return verificationDto(await authenticPrescription(ctx.db, code), actor);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await authenticPrescription(trx, code);
    await recordAudit(trx, ctx, { action: 'prescription.verify', resourceType: 'prescription', resourceId: row.id, patientId: row.patient_id });
    return verificationDto(row, actor);
  });
}
