// Photo routes: the case's (and the appointment's) photo list, status polling, the stored variants
// (no-store, Range on every variant) and deletion from a draft. Uploads: upload-routes.ts.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.ts';
import {
  AppointmentPhotosParamsSchema,
  AppointmentPhotosResponseSchema,
  CasePhotosParamsSchema,
  CasePhotosResponseSchema,
  DeletePhotoResponseSchema,
  PhotoParamsSchema,
  PhotoStatusResponseSchema,
  PhotoVariantParamsSchema,
} from '../../../contracts/photos/photos.ts';
import { ProblemSchema } from '../../../contracts/common/problem.ts';
import { deletePhoto } from './delete-photo.ts';
import { listAppointmentPhotos } from './list-appointment-photos.ts';
import { listCasePhotos } from './list-case-photos.ts';
import { getPhotoStatus, readPhotoVariant } from './read-photo.ts';
import { uploadRoutes } from './upload-routes.ts';
import './actions.ts';

const tags = ['photos'];
const ImageBytesSchema = z.any().describe('Image bytes (thumb: image/webp; preview, full: image/jpeg)');

export async function photoRoutes(app: App) {
  await app.register(uploadRoutes);

  app.get('/api/cases/:caseId/photos', { schema: { tags, params: CasePhotosParamsSchema, response: { 200: CasePhotosResponseSchema } } }, async (request) =>
    listCasePhotos(request.ctx, request.params.caseId),
  );

  app.get(
    '/api/appointments/:appointmentId/photos',
    { schema: { tags, params: AppointmentPhotosParamsSchema, response: { 200: AppointmentPhotosResponseSchema } } },
    async (request) => listAppointmentPhotos(request.ctx, request.params.appointmentId),
  );

  app.get('/api/photos/:photoId/status', { schema: { tags, params: PhotoParamsSchema, response: { 200: PhotoStatusResponseSchema } } }, async (request) =>
    getPhotoStatus(request.ctx, request.params.photoId),
  );

  app.get(
    '/api/photos/:photoId/:variant',
    { schema: { tags, params: PhotoVariantParamsSchema, response: { 200: ImageBytesSchema, 206: ImageBytesSchema, 416: ProblemSchema } } },
    async (request, reply) => {
      const range = typeof request.headers.range === 'string' ? request.headers.range : null;
      const photo = await readPhotoVariant(request.ctx, request.params.photoId, request.params.variant, range);
      return sendBytes(reply, photo.bytes, photo.contentType, photo.sha256, range);
    },
  );

  app.delete('/api/photos/:photoId', { schema: { tags, params: PhotoParamsSchema, response: { 200: DeletePhotoResponseSchema } } }, async (request) => {
    await deletePhoto(request.ctx, request.params.photoId);
    return { deleted: true as const };
  });
}

function sendBytes(reply: FastifyReply, bytes: Buffer, contentType: string, sha256: string, range: string | null) {
  reply
    .header('cache-control', 'no-store')
    .header('accept-ranges', 'bytes')
    .header('etag', `"${sha256}"`)
    .header('content-disposition', 'inline')
    .type(contentType);
  if (range) {
    const parsed = parseRange(range, bytes.length);
    if (parsed === 'unsatisfiable') {
      return reply
        .status(416)
        .header('content-range', `bytes */${bytes.length}`)
        .type('application/problem+json')
        .send({ type: 'https://dermlink.org/problems/range-not-satisfiable', title: 'Range Not Satisfiable', status: 416, code: 'range_not_satisfiable', detail: 'The requested range is outside the image.' });
    }
    if (parsed) {
      const { start, end } = parsed;
      return reply.status(206).header('content-range', `bytes ${start}-${end}/${bytes.length}`).send(bytes.subarray(start, end + 1));
    }
  }
  return reply.status(200).send(bytes);
}

/** One `bytes=` range (suffix and open ranges included); null to ignore (several ranges, other units). */
export function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first, last] = match;
  if (first === '' && last === '') return null;
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
