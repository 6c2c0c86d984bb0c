// One stored variant of a photo, decrypted, for the actor who may see its
// case or appointment (404 otherwise, and for a photo not ready), with its audit
// event (batched with other reads', committed before the bytes are read).
import { requireActor } from '../auth/actor.ts';
import { recordReadAudit } from '../audit/record-read-audit.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import type { PhotoStatusResponse, PhotoVariant } from '../../../contracts/photos/photos.ts';
import { getPhotoServices } from './photo-services.ts';
import { photoScope } from './photo-scope.ts';

export interface PhotoBytes {
  bytes: Buffer;
  contentType: string;
  sha256: string;
}

export async function readPhotoVariant(ctx: Ctx, photoId: string, variant: PhotoVariant, range?: string | null): Promise<PhotoBytes> {
  const actor = requireActor(ctx);
  const { blobs } = await getPhotoServices(ctx.services);
  const blob = await ctx.db
    .selectFrom('photos')
    .innerJoin('photo_blobs', (join) => join.onRef('photo_blobs.photo_id', '=', 'photos.id').on('photo_blobs.kind', '=', variant))
    .leftJoin('cases', 'cases.id', 'photos.case_id')
    .leftJoin('appointments', 'appointments.id', 'photos.appointment_id')
    .select([
      'photos.id', 'photos.case_id', 'photos.appointment_id', 'cases.patient_id as case_patient_id', 'appointments.patient_id as appointment_patient_id',
      'photo_blobs.blob_key', 'photo_blobs.wrapped_key', 'photo_blobs.content_type', 'photo_blobs.sha256',
    ])
    .where('photos.id', '=', photoId)
    .where('photos.status', '=', 'ready')
    .where(photoScope(actor))
    .executeTakeFirst();
  if (!blob) throw notFound('photo');
  // A case page asks for several thumbnails at once: their events share one commit,
  // and no byte is decrypted before this view's event is committed.
  await recordReadAudit(ctx, [
    {
      action: 'photo.view',
      resourceType: 'photo',
      resourceId: photoId,
      patientId: blob.case_patient_id ?? blob.appointment_patient_id,
      details: { ...(blob.case_id ? { caseId: blob.case_id } : { appointmentId: blob.appointment_id }), variant, ...(range ? { range } : {}) },
    },
  ]);
  const bytes = await blobs.getDecrypted(blob.blob_key, blob.wrapped_key);
  return { bytes, contentType: blob.content_type, sha256: blob.sha256 };
}

export async function getPhotoStatus(ctx: Ctx, photoId: string): Promise<PhotoStatusResponse> {
  const actor = requireActor(ctx);
  // Status only (no clinical content, no pixels): polled every few seconds, so not audited one by one;
  // the list and every view of the pixels are.
  const row = await ctx.db
    .selectFrom('photos')
    .select(['photos.id', 'photos.status', 'photos.refusal_code', 'photos.quality', 'photos.duplicate_of'])
    .where('photos.id', '=', photoId)
    .where(photoScope(actor))
    .executeTakeFirst();
  if (!row) throw notFound('photo');
  return {
    id: row.id,
    status: row.status,
    refusalCode: row.refusal_code as PhotoStatusResponse['refusalCode'],
    verdict: row.quality?.verdict ?? null,
    reasons: row.quality?.reasons ?? [],
    duplicateOf: row.duplicate_of,
  };
}
