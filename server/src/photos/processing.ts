// Background processing of uploaded photos: an in-process queue (concurrency
// 2) that turns a completed upload into a ready photo (original and three
// derivatives, each encrypted with its own data key; hashes, quality verdict,
// duplicate flag) or a refused one (the image pipeline's AppError code, no
// blobs kept). The event loop is never blocked: sharp works on its own
// threads and HEIC is decoded in a worker (images/media.ts).
//
// Failure leaves nothing behind: blobs written before a failure are deleted,
// the database rows change in one transaction, and the temporary upload file
// is removed once the photo has settled.
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock, Services } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { EncryptedBlobs, StoredBlob } from '../images/encrypted-blobs.ts';
import { hammingDistance, ingestImage, type IngestedImage } from '../images/media.ts';
import type { PhotoQuality, PhotoRefusalCode } from '../../../contracts/photos/photos.ts';
import type { PhotoBlobKind } from './tables.ts';
import type { UploadFiles } from './upload-files.ts';
import { publishDomainEvent } from '../notifications/publish.ts';

/** Two photos whose perceptual hashes differ in at most this many bits are flagged as duplicates. */
export const DUPLICATE_MAX_DISTANCE = 6;
export const PROCESSING_CONCURRENCY = 2;

const REFUSAL_CODES = new Set<string>(['image_unsupported_type', 'image_corrupt', 'image_too_large', 'image_too_many_pixels']);

export interface ProcessorDeps {
  db: Kysely<DB>;
  blobs: EncryptedBlobs;
  uploads: UploadFiles;
  clock: Clock;
  log?: Pick<FastifyBaseLogger, 'error' | 'warn'>;
  /** For the photo_refused notification's delivery job (issue 7); optional in tests. */
  services?: Services;
}

const SYSTEM_ORIGIN = { actor: null, origin: { ip: null, userAgent: null, requestId: null } };

export class PhotoProcessor {
  readonly #deps: ProcessorDeps;
  readonly #concurrency: number;
  readonly #queue: string[] = [];
  readonly #queued = new Set<string>();
  #running = 0;
  #idleWaiters: Array<() => void> = [];
  #stopped = false;

  constructor(deps: ProcessorDeps, concurrency = PROCESSING_CONCURRENCY) {
    this.#deps = deps;
    this.#concurrency = concurrency;
  }

  /** Queues a photo (status 'received' or 'processing'); a photo already queued is not queued twice. */
  enqueue(photoId: string): void {
    if (this.#stopped || this.#queued.has(photoId)) return;
    this.#queued.add(photoId);
    this.#queue.push(photoId);
    this.#pump();
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  drain(): Promise<void> {
    if (this.#running === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Queues what a previous run left unfinished (the upload files are still there). */
  async resumePending(): Promise<number> {
    const rows = await this.#deps.db
      .selectFrom('photos')
      .select('id')
      .where('status', 'in', ['received', 'processing'])
      .orderBy('created_at')
      .execute();
    for (const row of rows) this.enqueue(row.id);
    return rows.length;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#queue.length = 0;
    await this.drain();
  }

  #pump(): void {
    while (this.#running < this.#concurrency && this.#queue.length > 0) {
      const photoId = this.#queue.shift()!;
      this.#running++;
      void processPhoto(this.#deps, photoId)
        .catch((error: unknown) => this.#deps.log?.error({ err: error, photoId }, 'photo processing failed'))
        .finally(() => {
          this.#queued.delete(photoId);
          this.#running--;
          this.#pump();
          if (this.#running === 0 && this.#queue.length === 0) {
            const waiters = this.#idleWaiters;
            this.#idleWaiters = [];
            for (const resolve of waiters) resolve();
          }
        });
    }
  }
}

/** Processes one photo to 'ready' or 'refused'. Exported for tests and the bench. */
export async function processPhoto(deps: ProcessorDeps, photoId: string): Promise<'ready' | 'refused' | 'skipped'> {
  const { db, blobs, uploads, clock } = deps;
  const photo = await db
    .updateTable('photos')
    .set({ status: 'processing' })
    .where('id', '=', photoId)
    .where('status', 'in', ['received', 'processing'])
    .returning(['id', 'case_id', 'appointment_id', 'uploaded_by'])
    .executeTakeFirst();
  if (!photo) return 'skipped';
  const owner: PhotoOwner = photo.case_id ? { caseId: photo.case_id } : { appointmentId: photo.appointment_id! };
  const upload = await db.selectFrom('photo_uploads').select('id').where('photo_id', '=', photoId).executeTakeFirst();

  let ingested: IngestedImage;
  try {
    if (!upload) throw new AppError('internal', 'The uploaded file of this photo is missing.');
    const bytes = await readFile(uploads.pathOf(upload.id)).catch((error: unknown) => {
      throw new AppError('internal', 'The uploaded file of this photo cannot be read.', { cause: error });
    });
    ingested = await ingestImage(bytes);
    // The uploaded bytes are never stored: they carry the camera's metadata (GPS,
    // serial numbers). Only their SHA-256 is kept; the full derivative (long edge
    // up to 4096 px, metadata stripped) is the highest-resolution stored version.
    const written: StoredBlob[] = [];
    try {
      const parts: Array<{ kind: PhotoBlobKind; bytes: Uint8Array; contentType: string; width: number | null; height: number | null }> = [
        { kind: 'full', bytes: ingested.full.bytes, contentType: ingested.full.mimeType, width: ingested.full.width, height: ingested.full.height },
        { kind: 'preview', bytes: ingested.preview.bytes, contentType: ingested.preview.mimeType, width: ingested.preview.width, height: ingested.preview.height },
        { kind: 'thumb', bytes: ingested.thumbnail.bytes, contentType: ingested.thumbnail.mimeType, width: ingested.thumbnail.width, height: ingested.thumbnail.height },
      ];
      const stored: Array<{ part: (typeof parts)[number]; blob: StoredBlob }> = [];
      for (const part of parts) {
        const blob = await blobs.putEncrypted(part.bytes);
        written.push(blob);
        stored.push({ part, blob });
      }
      const duplicateOf = await findDuplicate(db, owner, photoId, ingested.perceptualHash);
      const quality: PhotoQuality = {
        verdict: ingested.quality.verdict,
        reasons: ingested.quality.reasons,
        sharpness: round(ingested.quality.metrics.sharpness),
        meanLuminance: round(ingested.quality.metrics.meanLuminance),
        underexposedShare: round(ingested.quality.metrics.underexposedShare),
        overexposedShare: round(ingested.quality.metrics.overexposedShare),
        glareShare: round(ingested.quality.metrics.glareShare),
        meetsResolutionFloor: ingested.quality.metrics.meetsResolutionFloor,
      };
      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('photos')
          .set({
            status: 'ready',
            width: ingested.original.width,
            height: ingested.original.height,
            original_sha256: ingested.original.sha256,
            phash: ingested.perceptualHash,
            quality: JSON.stringify(quality),
            verdict: quality.verdict,
            duplicate_of: duplicateOf,
            processed_at: clock.now(),
          })
          .where('id', '=', photoId)
          .where('status', '=', 'processing')
          .returning('id')
          .executeTakeFirst();
        // Deleted meanwhile (a draft photo removed while processing): keep nothing.
        if (!updated) throw new PhotoGone();
        await trx
          .insertInto('photo_blobs')
          .values(
            stored.map(({ part, blob }) => ({
              photo_id: photoId,
              kind: part.kind,
              blob_key: blob.blobKey,
              wrapped_key: blob.wrappedKey,
              key_id: blob.keyId,
              sha256: blob.sha256,
              bytes: blob.size,
              width: part.width,
              height: part.height,
              content_type: part.contentType,
            })),
          )
          .execute();
        await recordAudit(trx, SYSTEM_ORIGIN, {
          action: 'photo.processed',
          resourceType: 'photo',
          resourceId: photoId,
          patientId: await patientOf(trx, owner),
          details: { ...owner, verdict: quality.verdict, duplicateOf },
        });
      });
    } catch (error) {
      await Promise.allSettled(written.map((blob) => blobs.delete(blob.blobKey)));
      throw error;
    }
  } catch (error) {
    if (error instanceof PhotoGone) {
      if (upload) await uploads.remove(upload.id);
      return 'skipped';
    }
    const code: PhotoRefusalCode = error instanceof AppError && REFUSAL_CODES.has(error.code) ? (error.code as PhotoRefusalCode) : 'internal';
    if (code === 'internal') deps.log?.error({ err: error, photoId }, 'photo could not be processed');
    await db.transaction().execute(async (trx) => {
      const refused = await trx
        .updateTable('photos')
        .set({ status: 'refused', refusal_code: code, processed_at: clock.now() })
        .where('id', '=', photoId)
        .where('status', '=', 'processing')
        .returning('id')
        .executeTakeFirst();
      if (!refused) return;
      await recordAudit(trx, SYSTEM_ORIGIN, {
        action: 'photo.refused',
        resourceType: 'photo',
        resourceId: photoId,
        patientId: await patientOf(trx, owner),
        outcome: 'failure',
        details: { ...owner, code },
      });
      // The requester is told to take it again (issue 7 notifications). An appointment's photo
      // is refused in front of the person who sent it (their upload queue shows it, with Retry).
      if ('caseId' in owner) {
        await publishDomainEvent(trx, { actor: null, clock, services: deps.services }, { kind: 'photo_refused', caseId: owner.caseId, actorUserId: null, details: { code } });
      }
    });
    if (upload) await uploads.remove(upload.id);
    return 'refused';
  }
  if (upload) await uploads.remove(upload.id);
  return 'ready';
}

class PhotoGone extends Error {}

type PhotoOwner = { caseId: string } | { appointmentId: string };

async function patientOf(db: Kysely<DB>, owner: PhotoOwner): Promise<string | null> {
  const row =
    'caseId' in owner
      ? await db.selectFrom('cases').select('patient_id').where('id', '=', owner.caseId).executeTakeFirst()
      : await db.selectFrom('appointments').select('patient_id').where('id', '=', owner.appointmentId).executeTakeFirst();
  return row?.patient_id ?? null;
}

/**
 * The earliest ready photo of the same case or appointment, or of another case or
 * appointment of the same patient, that looks the same.
 */
async function findDuplicate(db: Kysely<DB>, owner: PhotoOwner, photoId: string, phash: string): Promise<string | null> {
  const patientId = await patientOf(db, owner);
  const candidates = await db
    .selectFrom('photos')
    .leftJoin('cases', 'cases.id', 'photos.case_id')
    .leftJoin('appointments', 'appointments.id', 'photos.appointment_id')
    .select(['photos.id', 'photos.phash'])
    .where('photos.id', '!=', photoId)
    .where('photos.status', '=', 'ready')
    .where('photos.phash', 'is not', null)
    .where((eb) =>
      eb.or([
        'caseId' in owner ? eb('photos.case_id', '=', owner.caseId) : eb('photos.appointment_id', '=', owner.appointmentId),
        ...(patientId ? [eb('cases.patient_id', '=', patientId), eb('appointments.patient_id', '=', patientId)] : []),
      ]),
    )
    .orderBy('photos.created_at')
    .execute();
  const match = candidates.find((c) => c.phash && hammingDistance(c.phash, phash) <= DUPLICATE_MAX_DISTANCE);
  return match?.id ?? null;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
