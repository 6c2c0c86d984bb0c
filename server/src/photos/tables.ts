// Kysely types of the photo tables (migrations/0005_photos.sql; 0009 gave a
// photo and an upload an appointment as owner instead of a case: exactly one is set).
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json } from '../db/schema.ts';
import type { PhotoQuality, PhotoStatus, PhotoTag } from '../../../contracts/photos/photos.ts';

export type PhotoBlobKind = 'full' | 'preview' | 'thumb';

export interface PhotosTable {
  id: Generated<string>;
  case_id: string | null;
  appointment_id: string | null;
  uploaded_by: string;
  tag: PhotoTag;
  note: string | null;
  status: ColumnType<PhotoStatus, PhotoStatus | undefined, PhotoStatus>;
  refusal_code: string | null;
  width: number | null;
  height: number | null;
  original_sha256: string | null;
  phash: string | null;
  quality: Json<PhotoQuality> | null;
  verdict: 'good' | 'retake' | 'unusable' | null;
  duplicate_of: string | null;
  created_at: CreatedAt;
  processed_at: Date | null;
}

export interface PhotoBlobsTable {
  photo_id: string;
  kind: PhotoBlobKind;
  blob_key: string;
  wrapped_key: Buffer;
  key_id: string;
  sha256: string;
  bytes: number;
  width: number | null;
  height: number | null;
  content_type: string;
  created_at: CreatedAt;
}

export interface PhotoUploadsTable {
  id: string;
  case_id: string | null;
  appointment_id: string | null;
  user_id: string;
  tag: PhotoTag;
  note: string | null;
  upload_length: number;
  created_at: Date | string;
  completed_at: Date | null;
  photo_id: string | null;
}

export interface PhotoTables {
  photos: PhotosTable;
  photo_blobs: PhotoBlobsTable;
  photo_uploads: PhotoUploadsTable;
}
