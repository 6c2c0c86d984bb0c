// Photos of a case (or of a teleconsultation appointment) as the API speaks of them. Shared by the server (route
// schemas) and the web app (capture, upload, viewer).
//
// Upload path (the only one): resumable tus 1.0 at UPLOAD_ENDPOINT, see
// contracts/photos/uploads.ts. Once the upload completes the server answers
// with the photo id (header PHOTO_ID_HEADER) and processes the photo in the
// background: status 'received' -> 'processing' -> 'ready' | 'refused'. Poll
// GET /api/photos/:id/status (or the case's photo list) until it settles.
import { z } from 'zod';

export const PHOTO_TAGS = ['overview', 'close_up', 'dermoscopy', 'other'] as const;
export const PhotoTagSchema = z.enum(PHOTO_TAGS);
export type PhotoTag = z.infer<typeof PhotoTagSchema>;

export const PHOTO_STATUSES = ['received', 'processing', 'ready', 'refused'] as const;
export const PhotoStatusSchema = z.enum(PHOTO_STATUSES);
export type PhotoStatus = z.infer<typeof PhotoStatusSchema>;
/** Statuses after which the photo no longer changes by itself (stop polling). */
export const SETTLED_PHOTO_STATUSES: readonly PhotoStatus[] = ['ready', 'refused'];

/**
 * What GET /api/photos/:id/:variant serves.
 * - thumb: WebP, long edge <= 320 px (lists)
 * - preview: JPEG, long edge <= 1600 px (case view, PDF)
 * - full: JPEG, long edge <= 4096 px (viewer zoom; supports Range)
 * The uploaded bytes themselves are not kept (they carry GPS and camera metadata);
 * only their SHA-256 is, as originalSha256.
 */
export const PHOTO_VARIANTS = ['thumb', 'preview', 'full'] as const;
export const PhotoVariantSchema = z.enum(PHOTO_VARIANTS);
export type PhotoVariant = z.infer<typeof PhotoVariantSchema>;

/** The URL of one variant of a photo (same origin, session cookie). */
export const photoVariantUrl = (photoId: string, variant: PhotoVariant) => `/api/photos/${photoId}/${variant}`;

export const QualityVerdictSchema = z.enum(['good', 'retake', 'unusable']);
export const QualityReasonSchema = z.enum(['blurred', 'too_dark', 'too_bright', 'glare', 'low_resolution']);

/** Why a photo was refused: the AppError codes of the image pipeline (translated in errors.json). */
export const PhotoRefusalCodeSchema = z.enum([
  'image_unsupported_type',
  'image_corrupt',
  'image_too_large',
  'image_too_many_pixels',
  'internal',
]);
export type PhotoRefusalCode = z.infer<typeof PhotoRefusalCodeSchema>;

export const PhotoQualitySchema = z
  .object({
    verdict: QualityVerdictSchema,
    /** Empty when the verdict is 'good'. */
    reasons: z.array(QualityReasonSchema),
    /** Variance of the Laplacian (higher is sharper). */
    sharpness: z.number(),
    meanLuminance: z.number(),
    underexposedShare: z.number(),
    overexposedShare: z.number(),
    glareShare: z.number(),
    meetsResolutionFloor: z.boolean(),
  })
  .meta({ id: 'PhotoQuality' });
export type PhotoQuality = z.infer<typeof PhotoQualitySchema>;

export const PhotoVariantInfoSchema = z.object({
  variant: PhotoVariantSchema,
  contentType: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  bytes: z.number().int(),
  url: z.string(),
});

export const PhotoSchema = z
  .object({
    id: z.uuid(),
    /** The owner: a tele-expertise case or a teleconsultation appointment (exactly one is set). */
    caseId: z.uuid().nullable(),
    appointmentId: z.uuid().nullable(),
    tag: PhotoTagSchema,
    note: z.string().nullable(),
    status: PhotoStatusSchema,
    /** Set when status is 'refused'. */
    refusalCode: PhotoRefusalCodeSchema.nullable(),
    /** Upright size of the original; null until processed. */
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    /** Null until processed (and for refused photos). */
    quality: PhotoQualitySchema.nullable(),
    /** Another photo of the same case or patient that looks the same (perceptual hash), if any. */
    duplicateOf: z.uuid().nullable(),
    /** Present when status is 'ready'. */
    variants: z.array(PhotoVariantInfoSchema),
    /** Whether the caller may delete it (a photo of a draft case, by its requester; an appointment's photo, by who sent it, before the visit). */
    canDelete: z.boolean(),
    uploadedByMe: z.boolean(),
    createdAt: z.string(),
    processedAt: z.string().nullable(),
  })
  .meta({ id: 'Photo' });
export type Photo = z.infer<typeof PhotoSchema>;

export const CasePhotosParamsSchema = z.object({ caseId: z.uuid() });
export const CasePhotosResponseSchema = z
  .object({
    photos: z.array(PhotoSchema),
    /** Whether the caller may upload photos to this case now. */
    canAdd: z.boolean(),
  })
  .meta({ id: 'CasePhotos' });
export type CasePhotosResponse = z.infer<typeof CasePhotosResponseSchema>;

export const AppointmentPhotosParamsSchema = z.object({ appointmentId: z.uuid() });
export const AppointmentPhotosResponseSchema = z
  .object({
    photos: z.array(PhotoSchema),
    /** Whether the caller may upload photos to this appointment now (its patient before the visit; its dermatologist). */
    canAdd: z.boolean(),
  })
  .meta({ id: 'AppointmentPhotos' });
export type AppointmentPhotosResponse = z.infer<typeof AppointmentPhotosResponseSchema>;

export const PhotoParamsSchema = z.object({ photoId: z.uuid() });
export const PhotoVariantParamsSchema = z.object({ photoId: z.uuid(), variant: PhotoVariantSchema });

export const PhotoStatusResponseSchema = z
  .object({
    id: z.uuid(),
    status: PhotoStatusSchema,
    refusalCode: PhotoRefusalCodeSchema.nullable(),
    verdict: QualityVerdictSchema.nullable(),
    reasons: z.array(QualityReasonSchema),
    duplicateOf: z.uuid().nullable(),
  })
  .meta({ id: 'PhotoStatus' });
export type PhotoStatusResponse = z.infer<typeof PhotoStatusResponseSchema>;

export const DeletePhotoResponseSchema = z.object({ deleted: z.literal(true) }).meta({ id: 'DeletePhotoResult' });
