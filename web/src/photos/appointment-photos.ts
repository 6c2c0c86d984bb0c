// Photos of a teleconsultation appointment from code rather than from the
// capture form: e.g. a still taken from the patient's video during the call
// (web/src/video). The still goes through the same path as any photo: checked
// and downsized on the device (quality verdict), queued in IndexedDB (it
// survives a lost network or a reload), sent with tus (resumable), then
// processed, encrypted and served by the server. The server accepts it from
// the appointment's patient (before the visit ends) and from its dermatologist.
//
//   import { uploadAppointmentPhoto } from '../photos/appointment-photos.ts';
//   const { localId, analysis } = await uploadAppointmentPhoto(appointmentId, blob, 'close_up', 'Still from the video');
//
// Show progress with <PhotoQueue appointmentId={...} /> (photos/lazy.tsx) or
// useAppointmentPhotoUploads(appointmentId); the appointment's photo list
// (useAppointmentPhotos in photos/api.ts) refreshes by itself once it arrives.
import type { QualityReport } from '../../../contracts/images/quality.ts';
import type { PhotoTag } from '../../../contracts/photos/photos.ts';
import { getUploadQueue } from './upload-queue.ts';
import { useUploadQueue } from './useUploadQueue.ts';
import { preparePhoto } from './worker-client.ts';

export interface QueuedAppointmentPhoto {
  /** The upload queue's local id (its entry in useAppointmentPhotoUploads). */
  localId: string;
  /** The device's quality verdict (null when the image could not be analysed here; the server checks it anyway). */
  analysis: QualityReport | null;
}

/** Checks, downsizes and queues a picture (a Blob: JPEG, PNG, WebP...) as a photo of the appointment. */
export async function uploadAppointmentPhoto(appointmentId: string, blob: Blob, tag: PhotoTag = 'other', note = ''): Promise<QueuedAppointmentPhoto> {
  const prepared = await preparePhoto(blob);
  const localId = await getUploadQueue().enqueue({
    appointmentId,
    tag,
    note,
    blob: prepared.blob,
    width: prepared.width,
    height: prepared.height,
    analysis: prepared.analysis,
  });
  return { localId, analysis: prepared.analysis };
}

/** The appointment's photos in the upload queue (waiting, sending, being checked, settled), and whether the device is online. */
export function useAppointmentPhotoUploads(appointmentId: string) {
  const { items, online, queue } = useUploadQueue(undefined, appointmentId);
  return { items, online, retry: (localId: string) => queue.retry(localId), discard: (localId: string) => queue.discard(localId) };
}
