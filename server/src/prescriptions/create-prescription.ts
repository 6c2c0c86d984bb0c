// The dermatologist of an appointment writes and signs a prescription. Items
// are checked against the formulary (field paths for the editor), then the
// prescription is created once, immutable, with an Ed25519 signature over its
// id, prescriber, date and items digest (canonical.ts). Audited.
import { randomUUID } from 'node:crypto';
import type { CreatePrescriptionBody, Prescription, PrescriptionItem } from '../../../contracts/prescriptions/index.ts';
import { appointmentScope } from '../appointments/appointment-scope.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { signBytes } from '../crypto/ed25519-signing.ts';
import { AppError, notFound, type FieldError } from '../errors/app-error.ts';
import { itemsDigest, signedPayload } from './canonical.ts';
import { formularyProduct } from './formulary-data.ts';
import { PRESCRIPTION_COLUMNS, prescriptionDto, type PrescriptionRow } from './prescription-view.ts';
import { currentSigningKey } from './signing-key.ts';
import './actions.ts';

/** Checks the items against the formulary; the signed copy of each product is returned with them. */
export function checkItems(body: CreatePrescriptionBody): PrescriptionItem[] {
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  const items: PrescriptionItem[] = [];
  body.items.forEach((item, i) => {
    const product = formularyProduct(item.productCode);
    if (!product) {
      fields.push({ path: `items.${i}.productCode`, message: 'prescriptions.unknownProduct' });
      return;
    }
    if (seen.has(product.code)) fields.push({ path: `items.${i}.productCode`, message: 'prescriptions.duplicateProduct' });
    seen.add(product.code);
    if (product.maxDurationDays !== null && item.durationDays > product.maxDurationDays) {
      fields.push({ path: `items.${i}.durationDays`, message: 'prescriptions.durationOverProductLimit' });
    }
    if (!product.renewable && item.renewals > 0) fields.push({ path: `items.${i}.renewals`, message: 'prescriptions.notRenewable' });
    items.push({
      productCode: product.code,
      name: { ...product.name },
      strength: product.strength,
      form: product.form,
      route: product.route,
      dosage: item.dosage.replace(/\s+/g, ' ').trim(),
      durationDays: item.durationDays,
      quantity: item.quantity,
      renewals: item.renewals,
    });
  });
  if (fields.length) throw new AppError('validation_failed', 'Some items of the prescription are invalid.', { fields });
  return items;
}

export async function createPrescription(ctx: Ctx, appointmentId: string, body: CreatePrescriptionBody): Promise<Prescription> {
  const actor = requireActor(ctx);
  assertCan(actor, 'prescription.write');
  const items = checkItems(body);
  return ctx.db.transaction().execute(async (trx) => {
    const appointment = await trx
      .selectFrom('appointments')
      .innerJoin('organisations as service', 'service.id', 'appointments.service_id')
      .innerJoin('users as derm', 'derm.id', 'appointments.dermatologist_user_id')
      .select([
        'appointments.id',
        'appointments.patient_id',
        'appointments.status',
        'appointments.service_id',
        'appointments.dermatologist_user_id',
        'service.name as service_name',
        'derm.display_name',
        'derm.professional_id',
        'derm.country',
      ])
      .where('appointments.id', '=', appointmentId)
      .where(appointmentScope(actor))
      .executeTakeFirst();
    if (!appointment) throw notFound('appointment');
    if (appointment.dermatologist_user_id !== actor.userId) {
      throw new AppError('not_assigned', 'Only the dermatologist who sees the patient at this appointment may prescribe.');
    }
    if (appointment.status === 'cancelled' || appointment.status === 'no_show') {
      throw new AppError('conflict', 'This appointment did not take place: there is nothing to prescribe for.', { extra: { appointmentStatus: appointment.status } });
    }

    const key = await currentSigningKey(ctx, trx);
    const id = randomUUID();
    const issuedAt = ctx.clock.now();
    const digest = itemsDigest(items);
    const professionalId = appointment.professional_id;
    const signature = signBytes(key, signedPayload({ id, prescriberUserId: actor.userId, prescriberProfessionalId: professionalId, issuedAt, itemsDigest: digest }));
    await trx
      .insertInto('prescriptions')
      .values({
        id,
        appointment_id: appointment.id,
        patient_id: appointment.patient_id,
        prescriber_user_id: actor.userId,
        service_id: appointment.service_id,
        prescriber_name: appointment.display_name,
        prescriber_professional_id: professionalId,
        prescriber_professional_id_kind: professionalId ? (appointment.country === 'GB' ? 'gmc' : 'rpps') : null,
        service_name: appointment.service_name,
        issued_at: issuedAt,
        items: JSON.stringify(items),
        items_digest: digest,
        signing_key_id: key.keyId,
        signature,
      })
      .execute();
    const row: PrescriptionRow = await trx.selectFrom('prescriptions').select(PRESCRIPTION_COLUMNS).where('prescriptions.id', '=', id).executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'prescription.create',
      resourceType: 'prescription',
      resourceId: id,
      patientId: appointment.patient_id,
      details: { appointmentId: appointment.id, items: items.length, signingKeyId: key.keyId },
    });
    return prescriptionDto(row);
  });
}
