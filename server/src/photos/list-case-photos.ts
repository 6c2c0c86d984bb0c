// The photos of a case (all statuses), for those who may see the case.
import { requireActor } from '../auth/actor.ts';
import { caseScope } from '../cases/case-scope.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import type { CasePhotosResponse } from '../../../contracts/photos/photos.ts';
import { toPhotoDto } from './photo-dto.ts';
import { readPhotoList } from './photo-list.ts';
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
    const { rows, blobs } = await readPhotoList(trx, ctx, { kind: 'case', id: caseId, patientId: kase.patient_id });
    const canDelete = kase.state === 'draft' && kase.requester_id === actor.userId && actor.role === 'requester';
    return { photos: rows.map((row) => toPhotoDto(row, blobs, actor, canDelete)), canAdd };
  });
}
