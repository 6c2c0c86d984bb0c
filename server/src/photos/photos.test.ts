import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tus from 'tus-js-client';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { createClinician, createNetwork, createPatient, signInAs, type TestSession } from '../test/factories.ts';
import { loadMasterKey } from '../crypto/envelope.ts';
import { FileBlobStore } from '../images/blob-store.ts';
import { EncryptedBlobs } from '../images/encrypted-blobs.ts';
import { MAX_UPLOAD_BYTES, PHOTO_ID_HEADER, UNFINISHED_UPLOAD_TTL_MS } from '../../../contracts/photos/uploads.ts';
import type { CasePhotosResponse } from '../../../contracts/photos/photos.ts';
import { cleanupStaleUploads } from './cleanup-uploads.ts';
import { statementsDuring } from '../test/statements.ts';
import { rotateMasterKey } from './key-rotation.ts';
import { masterKeyFile, oldMasterKeyFile } from './master-key.ts';
import { getPhotoServices, type PhotoServices } from './photo-services.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/images');
const fixture = (name: string) => readFile(path.join(FIXTURES, name));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const CHUNK = 256 * 1024;

let t: TestApp;
let photos: PhotoServices;
let requester: TestSession;
let requesterId: string;
let requesterMembershipId: string;
let outsiderUser: { userId: string; membershipId: string };
let outsider: TestSession;
let outsiderCaseId: string;
let patientId: string;
let caseId: string;
let networkId: string;
let practiceId: string;

async function createCase(opts: { patientId: string; requesterId: string; orgId: string; networkId: string }) {
  const row = await t.database.db
    .insertInto('cases')
    .values({ patient_id: opts.patientId, requester_id: opts.requesterId, requester_org_id: opts.orgId, network_id: opts.networkId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const metadata = (pairs: Record<string, string>) =>
  Object.entries(pairs)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

async function createUpload(session: TestSession, length: number, meta: Record<string, string>, extra: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/uploads',
    headers: { ...session.headers, 'tus-resumable': '1.0.0', 'upload-length': String(length), 'upload-metadata': metadata(meta), ...extra },
  });
}

async function patch(session: TestSession, location: string, offset: number, body: Buffer) {
  return t.app.inject({
    method: 'PATCH',
    url: location,
    headers: { ...session.headers, 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    payload: body,
  });
}

/** Uploads a whole file in CHUNK-sized PATCHes over inject; returns the photo id. */
async function uploadFile(session: TestSession, bytes: Buffer, meta: Record<string, string> = { caseId, tag: 'close_up' }) {
  const created = await createUpload(session, bytes.length, meta);
  expect(created.statusCode, created.body).toBe(201);
  // tus writes its own answers (hijacked): the security headers are still there.
  expect(created.headers['x-content-type-options']).toBe('nosniff');
  const location = created.headers.location as string;
  let offset = 0;
  let photoId: string | undefined;
  while (offset < bytes.length) {
    const res = await patch(session, location, offset, bytes.subarray(offset, offset + CHUNK));
    expect(res.statusCode, res.body).toBe(204);
    offset = Number(res.headers['upload-offset']);
    photoId = res.headers[PHOTO_ID_HEADER] as string | undefined;
  }
  expect(photoId).toBeTruthy();
  return { photoId: photoId!, location };
}

async function listPhotos(session: TestSession, id = caseId) {
  const res = await t.app.inject({ method: 'GET', url: `/api/cases/${id}/photos`, headers: session.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as CasePhotosResponse;
}

async function blobFiles(): Promise<string[]> {
  const root = path.join(t.dataDir, 'blobs');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function uploadDirFiles(): Promise<string[]> {
  return readdir(path.join(t.dataDir, 'uploads')).catch(() => []);
}

beforeAll(async () => {
  t = await createTestApp();
  photos = await getPhotoServices(t.services);
  const a = await createNetwork(t.database.db);
  networkId = a.networkId;
  practiceId = a.practiceId;
  const gp = await createClinician(t.database.db, { organisationId: a.practiceId, role: 'requester' });
  requesterId = gp.userId;
  requesterMembershipId = gp.membershipId;
  requester = await signInAs(t, gp);
  patientId = (await createPatient(t.database.db, { organisationId: a.practiceId })).patientId;
  caseId = await createCase({ patientId, requesterId: gp.userId, orgId: a.practiceId, networkId: a.networkId });

  const b = await createNetwork(t.database.db);
  const otherGp = await createClinician(t.database.db, { organisationId: b.practiceId, role: 'requester' });
  outsiderUser = otherGp;
  outsider = await signInAs(t, otherGp);
  const otherPatient = await createPatient(t.database.db, { organisationId: b.practiceId });
  outsiderCaseId = await createCase({ patientId: otherPatient.patientId, requesterId: otherGp.userId, orgId: b.practiceId, networkId: b.networkId });
});
afterAll(() => t.close());

describe('photo upload and processing', () => {
  let photoId: string;
  let original: Buffer;

  it('uploads a phone JPEG over tus and makes it ready with three derivatives', async () => {
    original = await fixture('mobile/iphone_hdr.jpg');
    ({ photoId } = await uploadFile(requester, original, { caseId, tag: 'close_up', note: 'left forearm', filename: 'IMG_0001.jpg' }));
    await photos.processor.drain();

    const list = await listPhotos(requester);
    const photo = list.photos.find((p) => p.id === photoId)!;
    expect(photo).toMatchObject({ status: 'ready', tag: 'close_up', note: 'left forearm', width: 3264, height: 2448, refusalCode: null, canDelete: true, uploadedByMe: true });
    expect(photo.quality?.verdict).toMatch(/good|retake|unusable/);
    expect(photo.variants.map((v) => v.variant)).toEqual(['thumb', 'preview', 'full']);
    expect(photo.variants.find((v) => v.variant === 'thumb')).toMatchObject({ contentType: 'image/webp' });
    expect(Math.max(photo.variants.find((v) => v.variant === 'preview')!.width!, photo.variants.find((v) => v.variant === 'preview')!.height!)).toBe(1600);
    expect(list.canAdd).toBe(true);

    const row = await t.database.db.selectFrom('photos').selectAll().where('id', '=', photoId).executeTakeFirstOrThrow();
    expect(row.original_sha256).toBe(sha256(original));
    expect(row.phash).toMatch(/^[0-9a-f]{16}$/);
    const blobs = await t.database.db.selectFrom('photo_blobs').selectAll().where('photo_id', '=', photoId).execute();
    expect(blobs.map((b) => b.kind).sort()).toEqual(['full', 'preview', 'thumb']);
    // Each blob its own data key.
    expect(new Set(blobs.map((b) => b.wrapped_key.toString('hex'))).size).toBe(3);
    // The temporary upload file is gone.
    expect(await uploadDirFiles()).toEqual([]);
  });

  it('stores blobs that are not images on disk and decrypt only with the master key', async () => {
    const files = await blobFiles();
    expect(files.length).toBe(3);
    for (const file of files) {
      const bytes = await readFile(file);
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
      expect(bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
      expect(bytes.subarray(0, 4).toString('latin1')).not.toBe('RIFF');
      expect(bytes.includes(Buffer.from('Exif'))).toBe(false);
      expect((await stat(file)).mode & 0o077).toBe(0);
    }
    const row = await t.database.db.selectFrom('photo_blobs').selectAll().where('photo_id', '=', photoId).where('kind', '=', 'full').executeTakeFirstOrThrow();
    const store = new FileBlobStore(path.join(t.dataDir, 'blobs'));
    const decrypted = await photos.blobs.getDecrypted(row.blob_key, row.wrapped_key);
    expect(decrypted.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    // Decrypted, no stored version carries the camera's metadata.
    expect(decrypted.includes(Buffer.from('Exif'))).toBe(false);
    const wrongKey = loadMasterKey(Buffer.alloc(32, 7).toString('base64'));
    await expect(new EncryptedBlobs(store, wrongKey).getDecrypted(row.blob_key, row.wrapped_key)).rejects.toThrow();
  });

  it('serves variants with no-store, the right type, Range on full, and audits each view', async () => {
    const before = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'photo.view').where('resource_id', '=', photoId).execute();
    const thumb = await t.app.inject({ method: 'GET', url: `/api/photos/${photoId}/thumb`, headers: requester.headers });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(thumb.headers['cache-control']).toBe('no-store');
    expect(thumb.rawPayload.subarray(0, 4).toString('latin1')).toBe('RIFF');

    const full = await t.app.inject({ method: 'GET', url: `/api/photos/${photoId}/full`, headers: requester.headers });
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('image/jpeg');
    expect(full.headers['accept-ranges']).toBe('bytes');
    const total = full.rawPayload.length;
    const part = await t.app.inject({ method: 'GET', url: `/api/photos/${photoId}/full`, headers: { ...requester.headers, range: 'bytes=100-1099' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1099/${total}`);
    expect(part.headers['cache-control']).toBe('no-store');
    expect(part.rawPayload.equals(full.rawPayload.subarray(100, 1100))).toBe(true);
    const tail = await t.app.inject({ method: 'GET', url: `/api/photos/${photoId}/full`, headers: { ...requester.headers, range: 'bytes=-10' } });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload.equals(full.rawPayload.subarray(total - 10))).toBe(true);
    const outside = await t.app.inject({ method: 'GET', url: `/api/photos/${photoId}/full`, headers: { ...requester.headers, range: `bytes=${total}-` } });
    expect(outside.statusCode).toBe(416);

    // The uploaded bytes (with the camera's metadata) are not kept, so not served.
    const orig = await t.app.inject({ method: 'GET', url: `/api/photos/${photoId}/original`, headers: requester.headers });
    expect(orig.statusCode).toBe(400);

    const after = await t.database.db
      .selectFrom('audit_events')
      .select(['id', 'patient_id', 'actor_user_id', 'details'])
      .where('action', '=', 'photo.view')
      .where('resource_id', '=', photoId)
      .execute();
    expect(after.length - before.length).toBe(5);
    expect(after.every((e) => e.patient_id === patientId && e.actor_user_id === requesterId)).toBe(true);

    // A view is a read-only statement, then its event through the batched read audit (no transaction of its own).
    let viewed = 0;
    const statements = await statementsDuring(t, async () => {
      viewed = (await t.app.inject({ method: 'GET', url: `/api/photos/${photoId}/preview`, headers: requester.headers })).statusCode;
    });
    expect(viewed).toBe(200);
    if (statements) {
      expect(statements.some((q) => /^\s*(begin|commit)/i.test(q))).toBe(false);
      expect(statements.filter((q) => /insert into "audit_events"/.test(q))).toHaveLength(1);
    }

    const listEventsBefore = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'photo.list').execute();
    await listPhotos(requester);
    const listEventsAfter = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'photo.list').execute();
    expect(listEventsAfter.length - listEventsBefore.length).toBe(1);
  });

  it('answers 404 to someone from another organisation, for the photo and for the upload', async () => {
    for (const variant of ['thumb', 'preview', 'full', 'status']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/photos/${photoId}/${variant}`, headers: outsider.headers });
      expect(res.statusCode, variant).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/photos`, headers: outsider.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/photos/${photoId}`, headers: outsider.headers })).statusCode).toBe(404);
    const created = await createUpload(outsider, 1000, { caseId, tag: 'overview' });
    expect(created.statusCode).toBe(404);
    expect(created.headers['content-type']).toContain('application/problem+json');
    // Their own case is fine; but they cannot touch our uploads.
    const mine = await createUpload(requester, 1000, { caseId, tag: 'overview' });
    expect(mine.statusCode).toBe(201);
    const location = mine.headers.location as string;
    const head = await t.app.inject({ method: 'HEAD', url: location, headers: { ...outsider.headers, 'tus-resumable': '1.0.0' } });
    expect(head.statusCode).toBe(404);
    const theirPatch = await patch(outsider, location, 0, Buffer.alloc(10));
    expect(theirPatch.statusCode).toBe(404);
    const ok = await createUpload(outsider, 1000, { caseId: outsiderCaseId, tag: 'overview' });
    expect(ok.statusCode).toBe(201);
    // Without a session: 401.
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/uploads', headers: { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': metadata({ caseId, tag: 'overview' }) } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('requires the CSRF header on tus requests that change state', async () => {
    const { 'x-csrf-token': _csrf, ...noCsrf } = requester.headers;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/uploads',
      headers: { ...noCsrf, 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': metadata({ caseId, tag: 'overview' }) },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'csrf_invalid' });
    const created = await createUpload(requester, 10, { caseId, tag: 'overview' });
    const noCsrfPatch = await t.app.inject({
      method: 'PATCH',
      url: created.headers.location as string,
      headers: { ...noCsrf, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      payload: Buffer.alloc(10),
    });
    expect(noCsrfPatch.statusCode).toBe(403);
  });

  it('refuses an Upload-Length above 40 MiB with 413 before storing anything', async () => {
    const uploadsBefore = await uploadDirFiles();
    const rowsBefore = await t.database.db.selectFrom('photo_uploads').select('id').execute();
    const res = await createUpload(requester, 41 * 1024 * 1024, { caseId, tag: 'overview' });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'image_too_large', maxBytes: MAX_UPLOAD_BYTES });
    expect(await uploadDirFiles()).toEqual(uploadsBefore);
    expect((await t.database.db.selectFrom('photo_uploads').select('id').execute()).length).toBe(rowsBefore.length);
  });

  it('documents the photo routes in OpenAPI', async () => {
    const spec = (await t.app.inject('/api/openapi.json')).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/uploads', '/api/uploads/{uploadId}', '/api/cases/{caseId}/photos', '/api/photos/{photoId}/{variant}', '/api/photos/{photoId}/status', '/api/photos/{photoId}']),
    );
  });

  it('refuses invalid metadata with the field paths', async () => {
    const res = await createUpload(requester, 100, { caseId, tag: 'selfie' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('metadata.tag');
  });

  it('refuses a truncated JPEG with its code and keeps nothing', async () => {
    const blobsBefore = await blobFiles();
    const { photoId: refusedId } = await uploadFile(requester, await fixture('invalid/corrupted.jpg'));
    await photos.processor.drain();
    const status = await t.app.inject({ method: 'GET', url: `/api/photos/${refusedId}/status`, headers: requester.headers });
    expect(status.json()).toMatchObject({ status: 'refused', refusalCode: 'image_corrupt', verdict: null });
    expect(await t.database.db.selectFrom('photo_blobs').select('kind').where('photo_id', '=', refusedId).execute()).toEqual([]);
    expect(await blobFiles()).toEqual(blobsBefore);
    const files = await uploadDirFiles();
    expect(files.some((f) => f.length === 32 || f.endsWith('.json'))).toBe(files.length > 0);
    const upload = await t.database.db.selectFrom('photo_uploads').select('id').where('photo_id', '=', refusedId).executeTakeFirstOrThrow();
    expect(files.filter((f) => f.startsWith(upload.id))).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/api/photos/${refusedId}/thumb`, headers: requester.headers })).statusCode).toBe(404);
  });

  it('flags the same photo sent twice as a duplicate', async () => {
    const { photoId: again } = await uploadFile(requester, original, { caseId, tag: 'overview' });
    await photos.processor.drain();
    const status = await t.app.inject({ method: 'GET', url: `/api/photos/${again}/status`, headers: requester.headers });
    expect(status.json()).toMatchObject({ status: 'ready', duplicateOf: photoId });
  });

  it('keeps no location or camera metadata in any stored file of a GPS-tagged photo', async () => {
    const file = await fixture('gps/DSCN0010.jpg');
    expect(file.includes(Buffer.from('Exif'))).toBe(true);
    const { photoId: gps } = await uploadFile(requester, file, { caseId, tag: 'overview' });
    await photos.processor.drain();
    const rows = await t.database.db.selectFrom('photo_blobs').selectAll().where('photo_id', '=', gps).execute();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const bytes = await photos.blobs.getDecrypted(row.blob_key, row.wrapped_key);
      expect(bytes.includes(Buffer.from('Exif')), row.kind).toBe(false);
      expect(bytes.includes(Buffer.from('NIKON')), row.kind).toBe(false);
    }
  });

  it('decodes an iPhone HEIC off the main thread and makes it ready', async () => {
    const { photoId: heic } = await uploadFile(requester, await fixture('heic/iphone_13_pro_max.heic'), { caseId, tag: 'dermoscopy' });
    await photos.processor.drain();
    const photo = (await listPhotos(requester)).photos.find((p) => p.id === heic)!;
    expect(photo).toMatchObject({ status: 'ready', width: 3024, height: 4032 });
    expect(photo.variants.find((v) => v.variant === 'full')?.contentType).toBe('image/jpeg');
  });
});

describe('resumable upload with tus-js-client', () => {
  it('resumes an upload interrupted half-way (HEAD gives the offset) and stores the same bytes', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const file = await fixture('mobile/HMD_Nokia_8.3_5G.jpg');
    const headers = { cookie: requester.cookie, 'x-csrf-token': requester.csrf };
    const options = { endpoint: `${address}/api/uploads`, chunkSize: CHUNK, headers, metadata: { caseId, tag: 'overview', filename: 'x.jpg' }, retryDelays: [] };

    // First attempt: abort once half of the file is acknowledged.
    const uploadUrl = await new Promise<string>((resolve, reject) => {
      const upload: tus.Upload = new tus.Upload(file, {
        ...options,
        onChunkComplete: (_chunk, accepted) => {
          if (accepted >= file.length / 2) {
            void upload.abort().then(() => resolve(upload.url!));
          }
        },
        onError: reject,
        onSuccess: () => reject(new Error('should have been aborted')),
      });
      upload.start();
    });
    const head = await t.app.inject({ method: 'HEAD', url: new URL(uploadUrl).pathname, headers: { ...requester.headers, 'tus-resumable': '1.0.0' } });
    expect(head.statusCode).toBe(200);
    const offset = Number(head.headers['upload-offset']);
    expect(offset).toBeGreaterThanOrEqual(file.length / 2);
    expect(offset).toBeLessThan(file.length);

    // Second attempt: resumes from the offset.
    let firstChunkOffset = -1;
    const photoId = await new Promise<string>((resolve, reject) => {
      const upload = new tus.Upload(file, {
        ...options,
        uploadUrl,
        onChunkComplete: (chunk, accepted) => {
          if (firstChunkOffset < 0) firstChunkOffset = accepted - chunk;
        },
        onError: reject,
        onSuccess: ({ lastResponse }) => resolve(lastResponse.getHeader(PHOTO_ID_HEADER)!),
      });
      upload.start();
    });
    expect(firstChunkOffset).toBe(offset);
    await photos.processor.drain();
    const row = await t.database.db.selectFrom('photos').select(['status', 'original_sha256']).where('id', '=', photoId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'ready', original_sha256: sha256(file) });
    // The hash proves the resumed upload arrived whole; the bytes themselves are not kept.
    expect((await t.database.db.selectFrom('photo_blobs').select('kind').where('photo_id', '=', photoId).execute()).length).toBe(3);
  });
});

describe('clean-up, deletion and key rotation', () => {
  it('removes unfinished uploads older than 24 hours', async () => {
    const created = await createUpload(requester, 1_000_000, { caseId, tag: 'overview' });
    const location = created.headers.location as string;
    expect((await patch(requester, location, 0, Buffer.alloc(CHUNK, 1))).statusCode).toBe(204);
    const id = location.split('/').pop()!;
    expect(await uploadDirFiles()).toContain(id);

    t.clock.advance(UNFINISHED_UPLOAD_TTL_MS - 60_000);
    const deps = { db: t.database.db, uploads: photos.uploads, clock: t.clock };
    const early = await cleanupStaleUploads(deps);
    expect(await uploadDirFiles()).toContain(id);
    t.clock.advance(2 * 60_000);
    const late = await cleanupStaleUploads(deps);
    expect(late.removed).toBeGreaterThan(early.removed);
    expect((await uploadDirFiles()).filter((f) => f.startsWith(id))).toEqual([]);
    expect(await t.database.db.selectFrom('photo_uploads').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    // A day later the old session has expired: sign in again.
    requester = await signInAs(t, { userId: requesterId, membershipId: requesterMembershipId });
    outsider = await signInAs(t, outsiderUser);
    const head = await t.app.inject({ method: 'HEAD', url: location, headers: { ...requester.headers, 'tus-resumable': '1.0.0' } });
    expect(head.statusCode).toBe(404);
  });

  it('deletes a photo of a draft case with its blobs, and refuses once the case left draft', async () => {
    const { photoId } = await uploadFile(requester, await fixture('gps/DSCN0010.jpg'), { caseId, tag: 'other' });
    await photos.processor.drain();
    const keys = (await t.database.db.selectFrom('photo_blobs').select('blob_key').where('photo_id', '=', photoId).execute()).map((b) => b.blob_key);
    expect(keys.length).toBe(3);
    const store = new FileBlobStore(path.join(t.dataDir, 'blobs'));
    for (const key of keys) expect(await store.exists(key)).toBe(true);
    // A camera JPEG with GPS: no derivative carries EXIF (or GPS) any more.
    for (const variant of ['thumb', 'preview', 'full']) {
      const served = await t.app.inject({ method: 'GET', url: `/api/photos/${photoId}/${variant}`, headers: requester.headers });
      expect(served.rawPayload.includes(Buffer.from('Exif\0\0')), variant).toBe(false);
      expect(served.rawPayload.includes(Buffer.from('NIKON')), variant).toBe(false);
    }
    const res = await t.app.inject({ method: 'DELETE', url: `/api/photos/${photoId}`, headers: requester.headers });
    expect(res.statusCode, res.body).toBe(200);
    for (const key of keys) expect(await store.exists(key)).toBe(false);
    expect(await t.database.db.selectFrom('photos').select('id').where('id', '=', photoId).executeTakeFirst()).toBeUndefined();
    expect(await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'photo.delete').where('resource_id', '=', photoId).executeTakeFirst()).toBeDefined();

    const other = await createCase({ patientId, requesterId, orgId: practiceId, networkId });
    const { photoId: kept } = await uploadFile(requester, await fixture('gps/DSCN0021.jpg'), { caseId: other, tag: 'other' });
    await photos.processor.drain();
    await t.database.db.updateTable('cases').set({ state: 'withdrawn' }).where('id', '=', other).execute();
    const refused = await t.app.inject({ method: 'DELETE', url: `/api/photos/${kept}`, headers: requester.headers });
    expect(refused.statusCode).toBe(409);
    // No uploads to a case that left draft either.
    expect((await createUpload(requester, 100, { caseId: other, tag: 'other' })).statusCode).toBe(404);
    expect((await listPhotos(requester, other)).canAdd).toBe(false);
  });

  it('rotates the master key: every photo stays readable and the old key no longer works', async () => {
    const oldText = (await readFile(masterKeyFile(t.dataDir), 'utf8')).trim();
    const oldKey = loadMasterKey(oldText);
    const rows = await t.database.db.selectFrom('photo_blobs').select(['blob_key', 'wrapped_key', 'key_id', 'sha256']).execute();
    expect(rows.length).toBeGreaterThan(8);
    expect(rows.every((r) => r.key_id === oldKey.keyId)).toBe(true);
    const ciphertextBefore = await readFile(path.join(t.dataDir, 'blobs', rows[0]!.blob_key.slice(0, 2), rows[0]!.blob_key.slice(2, 4), rows[0]!.blob_key));

    const result = await rotateMasterKey(t.database.db, t.services.config, {}, { batchSize: 3 });
    expect(result.rewrapped).toBe(rows.length);
    const newKey = loadMasterKey((await readFile(masterKeyFile(t.dataDir), 'utf8')).trim());
    expect(newKey.keyId).not.toBe(oldKey.keyId);
    await expect(stat(oldMasterKeyFile(t.dataDir))).rejects.toThrow();

    const after = await t.database.db.selectFrom('photo_blobs').select(['blob_key', 'wrapped_key', 'key_id', 'sha256']).execute();
    const store = new FileBlobStore(path.join(t.dataDir, 'blobs'));
    const withNew = new EncryptedBlobs(store, newKey);
    const withOld = new EncryptedBlobs(store, oldKey);
    for (const row of after) {
      expect(row.key_id).toBe(newKey.keyId);
      expect(sha256(await withNew.getDecrypted(row.blob_key, row.wrapped_key))).toBe(row.sha256);
      await expect(withOld.getDecrypted(row.blob_key, row.wrapped_key)).rejects.toThrow();
    }
    // The content was not re-encrypted.
    const ciphertextAfter = await readFile(path.join(t.dataDir, 'blobs', rows[0]!.blob_key.slice(0, 2), rows[0]!.blob_key.slice(2, 4), rows[0]!.blob_key));
    expect(ciphertextAfter.equals(ciphertextBefore)).toBe(true);

    // A restarted server (new photo services reading the key file) serves them.
    delete t.services.photos;
    const restarted = await getPhotoServices(t.services);
    expect(restarted.keys.current.keyId).toBe(newKey.keyId);
    expect(restarted.keys.older).toEqual([]);
    const photo = (await listPhotos(requester)).photos.find((p) => p.status === 'ready')!;
    const res = await t.app.inject({ method: 'GET', url: `/api/photos/${photo.id}/preview`, headers: requester.headers });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
  });
});

describe('CSRF on hijacked routes', () => {
  it('the session plugin preHandler runs before a handler that hijacks the reply (as the tus routes do)', async () => {
    const probe = await createTestApp({
      beforeReady: (app) => {
        app.post('/api/hijack-probe', { schema: { hide: true } }, async (_request, reply) => {
          reply.hijack();
          reply.raw.writeHead(200, { 'content-type': 'text/plain' });
          reply.raw.end('reached');
        });
      },
    });
    try {
      const net = await createNetwork(probe.database.db);
      const gp = await createClinician(probe.database.db, { organisationId: net.practiceId, role: 'requester' });
      const session = await signInAs(probe, gp);
      const withoutToken = await probe.app.inject({ method: 'POST', url: '/api/hijack-probe', headers: { cookie: session.cookie } });
      expect(withoutToken.statusCode).toBe(403);
      expect(withoutToken.json()).toMatchObject({ code: 'csrf_invalid' });
      const withToken = await probe.app.inject({ method: 'POST', url: '/api/hijack-probe', headers: session.headers });
      expect(withToken.body).toBe('reached');
    } finally {
      await probe.close();
    }
  });
});
