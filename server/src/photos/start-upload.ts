// Creation of a tus upload (POST /api/uploads), decided before tus stores a
// byte: valid metadata, an acceptable length, and a case the actor may add
// photos to, or an appointment (else 404, as for one that does not exist).
import { randomBytes } from 'node:crypto';
import { requireActor } from '../auth/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { MAX_UPLOAD_BYTES, UploadMetadataSchema, type UploadMetadata } from '../../../contracts/photos/uploads.ts';
import { appointmentPhotoAddScope, photoAddScope } from './photo-scope.ts';

export interface StartUploadInput {
  uploadLength: string | undefined;
  deferLength: string | undefined;
  metadata: string | undefined;
}

/** Checks the request and records the upload; returns the id tus will use. */
export async function startUpload(ctx: Ctx, input: StartUploadInput): Promise<{ uploadId: string }> {
  const actor = requireActor(ctx);
  if (input.deferLength !== undefined) {
    throw new AppError('bad_request', 'Uploads must declare their length (Upload-Defer-Length is not supported).');
  }
  const length = input.uploadLength === undefined ? Number.NaN : Number(input.uploadLength);
  if (!/^\d+$/.test(input.uploadLength ?? '') || !Number.isSafeInteger(length) || length <= 0) {
    throw new AppError('bad_request', 'Upload-Length must be a positive whole number of bytes.');
  }
  if (length > MAX_UPLOAD_BYTES) {
    throw new AppError('image_too_large', `The photo is ${(length / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB.`, {
      extra: { maxBytes: MAX_UPLOAD_BYTES },
    });
  }
  const metadata = parseMetadata(input.metadata);
  return ctx.db.transaction().execute(async (trx) => {
    // The owner of the photo to be: a case the actor may add photos to, or an appointment.
    const owner = metadata.appointmentId
      ? await trx
          .selectFrom('appointments')
          .select(['appointments.id', 'appointments.patient_id'])
          .where('appointments.id', '=', metadata.appointmentId)
          .where(appointmentPhotoAddScope(actor, ctx.clock.now()))
          .executeTakeFirst()
          .then((row) => (row ? { caseId: null, appointmentId: row.id, patientId: row.patient_id } : null))
      : await trx
          .selectFrom('cases')
          .select(['cases.id', 'cases.patient_id'])
          .where('cases.id', '=', metadata.caseId!)
          .where(photoAddScope(actor))
          .executeTakeFirst()
          .then((row) => (row ? { caseId: row.id, appointmentId: null, patientId: row.patient_id } : null));
    if (!owner) throw notFound(metadata.appointmentId ? 'appointment' : 'case');
    const uploadId = randomBytes(16).toString('hex');
    await trx
      .insertInto('photo_uploads')
      .values({
        id: uploadId,
        case_id: owner.caseId,
        appointment_id: owner.appointmentId,
        user_id: actor.userId,
        tag: metadata.tag,
        note: metadata.note ? metadata.note : null,
        upload_length: length,
        created_at: ctx.clock.now(),
      })
      .execute();
    await recordAudit(trx, ctx, {
      action: 'photo.upload_started',
      resourceType: owner.appointmentId ? 'appointment' : 'case',
      resourceId: owner.appointmentId ?? owner.caseId,
      patientId: owner.patientId,
      details: { uploadId, bytes: length, tag: metadata.tag },
    });
    return { uploadId };
  });
}

/** tus Upload-Metadata: comma-separated `key base64value` pairs. */
export function parseMetadata(header: string | undefined): UploadMetadata {
  const pairs: Record<string, string> = {};
  for (const item of (header ?? '').split(',')) {
    const trimmed = item.trim();
    if (!trimmed) continue;
    const [key, value] = trimmed.split(' ');
    if (!key) continue;
    pairs[key] = value === undefined ? '' : Buffer.from(value, 'base64').toString('utf8');
  }
  const parsed = UploadMetadataSchema.safeParse(pairs);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'The upload metadata is missing or invalid.', {
      fields: parsed.error.issues.map((issue) => ({ path: ['metadata', ...issue.path.map(String)].join('.'), message: issue.message })),
    });
  }
  return parsed.data;
}
