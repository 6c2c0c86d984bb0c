// Removes a photo of a draft case (its requester only) or of an appointment
// (who sent it, before the visit): rows in one transaction with the audit
// event, then the encrypted files.
import { requireActor } from '../auth/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { getPhotoServices } from './photo-services.ts';
import { PHOTO_DELETE_STATES, appointmentPhotoAddScope, photoScope } from './photo-scope.ts';

export async function deletePhoto(ctx: Ctx, photoId: string): Promise<void> {
  const actor = requireActor(ctx);
  const { blobs, uploads } = await getPhotoServices(ctx.services);
  const removed = await ctx.db.transaction().execute(async (trx) => {
    const photo = await trx
      .selectFrom('photos')
      .leftJoin('cases', 'cases.id', 'photos.case_id')
      .leftJoin('appointments', 'appointments.id', 'photos.appointment_id')
      .select([
        'photos.id', 'photos.case_id', 'photos.appointment_id', 'photos.uploaded_by', 'cases.state', 'cases.requester_id',
        'cases.patient_id as case_patient_id', 'appointments.patient_id as appointment_patient_id',
      ])
      .where('photos.id', '=', photoId)
      .where(photoScope(actor))
      .forUpdate('photos')
      .executeTakeFirst();
    if (!photo) throw notFound('photo');
    if (photo.appointment_id) {
      // An appointment's photo: its sender, while photos may still be added to the appointment.
      const stillOpen = await trx
        .selectFrom('appointments')
        .select('appointments.id')
        .where('appointments.id', '=', photo.appointment_id)
        .where(appointmentPhotoAddScope(actor, ctx.clock.now()))
        .executeTakeFirst();
      if (!stillOpen || photo.uploaded_by !== actor.userId) {
        throw new AppError('photo_locked', 'Only who sent this photo may remove it, and only before the visit.');
      }
    } else if (actor.role !== 'requester' || photo.requester_id !== actor.userId || !PHOTO_DELETE_STATES.includes(photo.state!)) {
      throw new AppError('photo_locked', 'Only the requester may remove a photo, and only while the case is a draft.', { extra: { caseState: photo.state } });
    }
    const blobRows = await trx.selectFrom('photo_blobs').select('blob_key').where('photo_id', '=', photoId).execute();
    const uploadRows = await trx.selectFrom('photo_uploads').select('id').where('photo_id', '=', photoId).execute();
    await trx.updateTable('photos').set({ duplicate_of: null }).where('duplicate_of', '=', photoId).execute();
    await trx.deleteFrom('photo_blobs').where('photo_id', '=', photoId).execute();
    await trx.deleteFrom('photo_uploads').where('photo_id', '=', photoId).execute();
    await trx.deleteFrom('photos').where('id', '=', photoId).execute();
    await recordAudit(trx, ctx, {
      action: 'photo.delete',
      resourceType: 'photo',
      resourceId: photoId,
      patientId: photo.case_patient_id ?? photo.appointment_patient_id,
      details: { ...(photo.case_id ? { caseId: photo.case_id } : { appointmentId: photo.appointment_id }), blobs: blobRows.length },
    });
    return { blobKeys: blobRows.map((b) => b.blob_key), uploadIds: uploadRows.map((u) => u.id) };
  });
  // After the commit: a failed file removal leaves an unreadable orphan (no row, no key), never a dangling row.
  await Promise.allSettled([...removed.blobKeys.map((key) => blobs.delete(key)), ...removed.uploadIds.map((id) => uploads.remove(id))]);
}
