// The photos of a case (all statuses), one audit event for the whole list
// (the thumbnails of the page are covered by it).
import { requireActor } from '../auth/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { caseScope } from '../cases/case-scope.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import type { CasePhotosResponse } from '../../../contracts/photos/photos.ts';
import { PHOTO_COLUMNS, toPhotoDto } from './photo-dto.ts';
import { photoAddScope } from './photo-scope.ts';

export async function listCasePhotos(ctx: Ctx, caseId: string): Promise<CasePhotosResponse> {
  const actor = requireActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const kase = await trx
      .selectFrom('cases')
      .select(['cases.id', 'cases.patient_id', 'cases.state', 'cases.requester_id'])
      .where('cases.id', '=', caseId)
      .where(caseScope(actor))
      .executeTakeFirst();
    if (!kase) throw notFound('case');
    const canAdd = Boolean(
      await trx.selectFrom('cases').select('cases.id').where('cases.id', '=', caseId).where(photoAddScope(actor)).executeTakeFirst(),
    );
    const rows = await trx.selectFrom('photos').select([...PHOTO_COLUMNS]).where('photos.case_id', '=', caseId).orderBy('photos.created_at').orderBy('photos.id').execute();
    const blobs = rows.length
      ? await trx
          .selectFrom('photo_blobs')
          .select(['photo_id', 'kind', 'content_type', 'width', 'height', 'bytes'])
          .where('photo_id', 'in', rows.map((r) => r.id))
          .execute()
      : [];
    await recordAudit(trx, ctx, {
      action: 'photo.list',
      resourceType: 'case',
      resourceId: caseId,
      patientId: kase.patient_id,
      details: { photoCount: rows.length, photoIds: rows.map((r) => r.id) },
    });
    const canDelete = kase.state === 'draft' && kase.requester_id === actor.userId && actor.role === 'requester';
    return { photos: rows.map((row) => toPhotoDto(row, blobs, actor, canDelete)), canAdd };
  });
}
