// Removes a photo of a draft case (its requester only): rows in one
// transaction with the audit event, then the encrypted files.
import { requireActor } from '../auth/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { getPhotoServices } from './photo-services.ts';
import { PHOTO_DELETE_STATES, photoScope } from './photo-scope.ts';

export async function deletePhoto(ctx: Ctx, photoId: string): Promise<void> {
  const actor = requireActor(ctx);
  const { blobs, uploads } = await getPhotoServices(ctx.services);
  const removed = await ctx.db.transaction().execute(async (trx) => {
    const photo = await trx
      .selectFrom('photos')
      .innerJoin('cases', 'cases.id', 'photos.case_id')
      .select(['photos.id', 'photos.case_id', 'cases.patient_id', 'cases.state', 'cases.requester_id'])
      .where('photos.id', '=', photoId)
      .where(photoScope(actor))
      .forUpdate()
      .executeTakeFirst();
    if (!photo) throw notFound('photo');
    if (actor.role !== 'requester' || photo.requester_id !== actor.userId || !PHOTO_DELETE_STATES.includes(photo.state)) {
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
      patientId: photo.patient_id,
      details: { caseId: photo.case_id, blobs: blobRows.length },
    });
    return { blobKeys: blobRows.map((b) => b.blob_key), uploadIds: uploadRows.map((u) => u.id) };
  });
  // After the commit: a failed file removal leaves an unreadable orphan (no row, no key), never a dangling row.
  await Promise.allSettled([...removed.blobKeys.map((key) => blobs.delete(key)), ...removed.uploadIds.map((id) => uploads.remove(id))]);
}
