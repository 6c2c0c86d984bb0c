// From rows to the Photo DTO of contracts/photos/photos.ts.
import type { Actor } from '../auth/actor.ts';
import {
  photoVariantUrl,
  type Photo,
  type PhotoQuality,
  type PhotoRefusalCode,
  type PhotoStatus,
  type PhotoTag,
  type PhotoVariant,
} from '../../../contracts/photos/photos.ts';
import type { PhotoBlobKind } from './tables.ts';

export interface PhotoRow {
  id: string;
  case_id: string | null;
  appointment_id: string | null;
  uploaded_by: string;
  tag: PhotoTag;
  note: string | null;
  status: PhotoStatus;
  refusal_code: string | null;
  width: number | null;
  height: number | null;
  quality: PhotoQuality | null;
  duplicate_of: string | null;
  created_at: Date;
  processed_at: Date | null;
}

export interface BlobInfoRow {
  photo_id: string;
  kind: PhotoBlobKind;
  content_type: string;
  width: number | null;
  height: number | null;
  bytes: number;
}

const VARIANT_ORDER: PhotoVariant[] = ['thumb', 'preview', 'full'];

/** `canDelete`: decided by the owner's rules (a case draft's requester; an appointment photo's uploader while photos may be added). */
export function toPhotoDto(row: PhotoRow, blobs: BlobInfoRow[], actor: Actor, canDelete: boolean): Photo {
  const byKind = new Map(blobs.filter((b) => b.photo_id === row.id).map((b) => [b.kind as PhotoVariant, b]));
  return {
    id: row.id,
    caseId: row.case_id,
    appointmentId: row.appointment_id,
    tag: row.tag,
    note: row.note,
    status: row.status,
    refusalCode: row.refusal_code as PhotoRefusalCode | null,
    width: row.width,
    height: row.height,
    quality: row.quality,
    duplicateOf: row.duplicate_of,
    variants:
      row.status === 'ready'
        ? VARIANT_ORDER.flatMap((variant) => {
            const blob = byKind.get(variant);
            return blob
              ? [{ variant, contentType: blob.content_type, width: blob.width, height: blob.height, bytes: blob.bytes, url: photoVariantUrl(row.id, variant) }]
              : [];
          })
        : [],
    canDelete,
    uploadedByMe: row.uploaded_by === actor.userId,
    createdAt: row.created_at.toISOString(),
    processedAt: row.processed_at ? row.processed_at.toISOString() : null,
  };
}

export const PHOTO_COLUMNS = [
  'photos.id', 'photos.case_id', 'photos.appointment_id', 'photos.uploaded_by', 'photos.tag', 'photos.note', 'photos.status', 'photos.refusal_code',
  'photos.width', 'photos.height', 'photos.quality', 'photos.duplicate_of', 'photos.created_at', 'photos.processed_at',
] as const;
