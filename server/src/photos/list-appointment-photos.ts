// The photos of a teleconsultation appointment (all statuses) for those who
// may see the appointment: its patient, its dermatologist (or service), the
// patient's GP practice, the network's coordinators.
import { requireActor } from '../auth/actor.ts';
import { findAppointmentInScope } from '../appointments/appointment-scope.ts';
import type { Ctx } from '../context.ts';
import type { AppointmentPhotosResponse } from '../../../contracts/photos/photos.ts';
import { toPhotoDto } from './photo-dto.ts';
import { readPhotoList } from './photo-list.ts';
import { appointmentPhotoAddScope } from './photo-scope.ts';

export async function listAppointmentPhotos(ctx: Ctx, appointmentId: string): Promise<AppointmentPhotosResponse> {
  const actor = requireActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const appointment = await findAppointmentInScope(trx, actor, appointmentId);
    const canAdd = Boolean(
      await trx
        .selectFrom('appointments')
        .select('appointments.id')
        .where('appointments.id', '=', appointmentId)
        .where(appointmentPhotoAddScope(actor, ctx.clock.now()))
        .executeTakeFirst(),
    );
    const { rows, blobs } = await readPhotoList(trx, ctx, { kind: 'appointment', id: appointmentId, patientId: appointment.patient_id });
    // Who sent a photo may take it back while photos may still be added.
    return { photos: rows.map((row) => toPhotoDto(row, blobs, actor, canAdd && row.uploaded_by === actor.userId)), canAdd };
  });
}
