// The photos of one owner (a case or an appointment), with their blobs, and the
// one audit event that covers the whole list (the page's thumbnails included).
// The caller has already found the owner in the actor's scope.
import type { Transaction } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { PHOTO_COLUMNS } from './photo-dto.ts';

export async function readPhotoList(
  trx: Transaction<DB>,
  ctx: Ctx,
  owner: { kind: 'case' | 'appointment'; id: string; patientId: string },
) {
  const rows = await trx
    .selectFrom('photos')
    .select([...PHOTO_COLUMNS])
    .where(owner.kind === 'case' ? 'photos.case_id' : 'photos.appointment_id', '=', owner.id)
    .orderBy('photos.created_at')
    .orderBy('photos.id')
    .execute();
  const blobs = rows.length
    ? await trx
        .selectFrom('photo_blobs')
        .select(['photo_id', 'kind', 'content_type', 'width', 'height', 'bytes'])
        .where('photo_id', 'in', rows.map((r) => r.id))
        .execute()
    : [];
  await recordAudit(trx, ctx, {
    action: 'photo.list',
    resourceType: owner.kind,
    resourceId: owner.id,
    patientId: owner.patientId,
    details: { photoCount: rows.length, photoIds: rows.map((r) => r.id) },
  });
  return { rows, blobs };
}
