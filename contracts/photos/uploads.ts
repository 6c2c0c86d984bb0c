// Resumable photo uploads: tus 1.0 (https://tus.io/protocols/resumable-upload)
// at UPLOAD_ENDPOINT, driven from the browser with tus-js-client:
//
//   new tus.Upload(file, {
//     endpoint: UPLOAD_ENDPOINT,
//     chunkSize: UPLOAD_CHUNK_BYTES,
//     metadata: { caseId, tag, note },            // UploadMetadataSchema (or appointmentId instead of caseId)
//     headers: { [CSRF_HEADER]: csrfToken },       // REQUIRED on every request
//     retryDelays: UPLOAD_RETRY_DELAYS_MS,
//     removeFingerprintOnSuccess: true,
//     onSuccess: ({ lastResponse }) => lastResponse.getHeader(PHOTO_ID_HEADER),
//   })
//
// - The session cookie authenticates; the x-csrf-token header must be on
//   POST, PATCH and DELETE (HEAD needs only the cookie).
// - POST is refused with problem+json before any byte is stored when the
//   metadata is invalid (400 validation_failed), the case or appointment is not
//   one the caller may add photos to (404 not_found), or Upload-Length is above
//   MAX_UPLOAD_BYTES (413 image_too_large). Upload-Defer-Length is not supported.
// - Only the uploader may HEAD/PATCH/DELETE an upload (404 otherwise).
// - The response that completes the upload (last PATCH, or a POST with the
//   whole body) carries PHOTO_ID_HEADER; the photo then moves on by itself
//   (see contracts/photos/photos.ts).
// - Unfinished uploads are removed UNFINISHED_UPLOAD_TTL_MS after creation.
import { z } from 'zod';
import { PhotoTagSchema } from './photos.ts';

export const UPLOAD_ENDPOINT = '/api/uploads';
/** Largest photo accepted (40 MiB), checked against Upload-Length. */
export const MAX_UPLOAD_BYTES = 40 * 1024 * 1024;
/**
 * Recommended PATCH size. It bounds what a cut connection makes the browser
 * send again (at most one chunk): small enough for a poor mobile uplink.
 */
export const UPLOAD_CHUNK_BYTES = 256 * 1024;
export const UPLOAD_RETRY_DELAYS_MS = [0, 1000, 3000, 5000, 10000, 20000];
/** Header of the completing response: the id of the new photo. */
export const PHOTO_ID_HEADER = 'photo-id';
export const UNFINISHED_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;
export const NOTE_MAX_LENGTH = 500;

/**
 * The tus Upload-Metadata pairs (values are strings on the wire). `filename` is accepted and ignored.
 * The photo belongs to a case (`caseId`) or to a teleconsultation appointment (`appointmentId`):
 * exactly one of the two.
 */
export const UploadMetadataSchema = z
  .object({
    caseId: z.uuid().optional(),
    appointmentId: z.uuid().optional(),
    tag: PhotoTagSchema,
    note: z.string().trim().max(NOTE_MAX_LENGTH).optional(),
    filename: z.string().optional(),
    filetype: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.caseId === undefined) === (value.appointmentId === undefined)) {
      ctx.addIssue({ code: 'custom', path: [value.caseId === undefined ? 'caseId' : 'appointmentId'], message: 'Give either caseId or appointmentId, not both.' });
    }
  })
  .meta({ id: 'UploadMetadata' });
export type UploadMetadata = z.infer<typeof UploadMetadataSchema>;
