// The photos of a teleconsultation appointment (all statuses) for those who
// may see the appointment: its patient, its dermatologist (or service), the
// patient's GP practice, the network's coordinators. One audit event for the
// whole list, as for a case's photos.
import { requireActor } from '../auth/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { appointmentScope } from '../appointments/appointment-scope.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import type { AppointmentPhotosResponse } from '../../../contracts/photos/photos.ts';
import { PHOTO_COLUMNS, toPhotoDto } from './photo-dto.ts';
import { appointmentPhotoAddScope } from './photo-scope.ts';

export async function listAppointmentPhotos(ctx: Ctx, appointmentId: string): Promise<AppointmentPhotosResponse> {
  const actor = requireActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const appointment = await trx
      .selectFrom('appointments')
      .select(['appointments.id', 'appointments.patient_id'])
      .where('appointments.id', '=', appointmentId)
      .where(appointmentScope(actor))
      .executeTakeFirst();
    if (!appointment) throw notFound('appointment');
    const canAdd = Boolean(
      await trx
        .selectFrom('appointments')
        .select('appointments.id')
        .where('appointments.id', '=', appointmentId)
        .where(appointmentPhotoAddScope(actor, ctx.clock.now()))
        .executeTakeFirst(),
    );
    const rows = await trx
      .selectFrom('photos')
      .select([...PHOTO_COLUMNS])
      .where('photos.appointment_id', '=', appointmentId)
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
      resourceType: 'appointment',
      resourceId: appointmentId,
      patientId: appointment.patient_id,
      details: { photoCount: rows.length, photoIds: rows.map((r) => r.id) },
    });
    // Who sent a photo may take it back while photos may still be added.
    return { photos: rows.map((row) => toPhotoDto(row, blobs, actor, canAdd && row.uploaded_by === actor.userId)), canAdd };
  });
}
