// A tus upload has all its bytes: the photo row is created (status
// 'received') for the upload's case or appointment and queued for
// processing. Idempotent: a finished upload gives back the same photo.
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';

export async function completeUpload(ctx: Pick<Ctx, 'db' | 'actor' | 'origin' | 'clock'>, uploadId: string): Promise<{ photoId: string; created: boolean }> {
  return ctx.db.transaction().execute(async (trx) => {
    const upload = await trx
      .selectFrom('photo_uploads')
      .leftJoin('cases', 'cases.id', 'photo_uploads.case_id')
      .leftJoin('appointments', 'appointments.id', 'photo_uploads.appointment_id')
      .select([
        'photo_uploads.id', 'photo_uploads.case_id', 'photo_uploads.appointment_id', 'photo_uploads.user_id', 'photo_uploads.tag', 'photo_uploads.note',
        'photo_uploads.photo_id', 'photo_uploads.upload_length', 'cases.patient_id as case_patient_id', 'appointments.patient_id as appointment_patient_id',
      ])
      .where('photo_uploads.id', '=', uploadId)
      .forUpdate('photo_uploads')
      .executeTakeFirst();
    if (!upload) throw new AppError('not_found', 'The upload does not exist.');
    if (upload.photo_id) return { photoId: upload.photo_id, created: false };
    const now = ctx.clock.now();
    const photo = await trx
      .insertInto('photos')
      .values({
        case_id: upload.case_id,
        appointment_id: upload.appointment_id,
        uploaded_by: upload.user_id,
        tag: upload.tag,
        note: upload.note,
        status: 'received',
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('photo_uploads').set({ completed_at: now, photo_id: photo.id }).where('id', '=', uploadId).execute();
    await recordAudit(trx, ctx, {
      action: 'photo.upload',
      resourceType: 'photo',
      resourceId: photo.id,
      patientId: upload.case_patient_id ?? upload.appointment_patient_id,
      details: { ...(upload.case_id ? { caseId: upload.case_id } : { appointmentId: upload.appointment_id }), tag: upload.tag, bytes: upload.upload_length },
    });
    return { photoId: photo.id, created: true };
  });
}
