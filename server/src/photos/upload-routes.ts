// Resumable uploads (tus 1.0) under /api/uploads, behind the session: Fastify
// authenticates, checks CSRF and authorization, then hands the raw request to
// @tus/server (reply.hijack), which writes into DATA_DIR/uploads. See
// contracts/photos/uploads.ts for the client's side.
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { Server as TusServer, MemoryLocker } from '@tus/server';
import { FileStore } from '@tus/file-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.ts';
import { requireActor } from '../auth/actor.ts';
import { setSecurityHeadersOn } from '../http/security.ts';
import { CSRF_HEADER } from '../auth/session-tokens.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { MAX_UPLOAD_BYTES, PHOTO_ID_HEADER, UPLOAD_ENDPOINT } from '../../../contracts/photos/uploads.ts';
import { completeUpload } from './complete-upload.ts';
import { getPhotoServices } from './photo-services.ts';
import { startUpload } from './start-upload.ts';

const SAFE_METHODS = new Set(['HEAD', 'OPTIONS']);

/** The Fastify request behind a raw request, for tus's hooks (which only see a web Request). */
const requests = new WeakMap<IncomingMessage, { request: FastifyRequest; uploadId?: string }>();

function nodeRequestOf(req: unknown): IncomingMessage | undefined {
  return (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
}

function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

export async function uploadRoutes(app: App) {
  const photos = await getPhotoServices(app.services);

  const tus = new TusServer({
    path: UPLOAD_ENDPOINT,
    datastore: new FileStore({ directory: photos.uploads.directory }),
    locker: new MemoryLocker(),
    relativeLocation: true,
    maxSize: MAX_UPLOAD_BYTES,
    // Same origin only: no CORS headers for other sites.
    allowedOrigins: () => false,
    exposedHeaders: [PHOTO_ID_HEADER],
    disableTerminationForFinishedUploads: true,
    namingFunction: (req) => {
      const uploadId = requests.get(nodeRequestOf(req)!)?.uploadId;
      if (!uploadId) throw { status_code: 500, body: 'Upload id not prepared\n' };
      return uploadId;
    },
    onUploadFinish: async (req, upload) => {
      const entry = requests.get(nodeRequestOf(req)!);
      if (!entry) throw { status_code: 500, body: 'Upload context lost\n' };
      const { photoId, created } = await completeUpload(entry.request.ctx, upload.id);
      if (created) photos.processor.enqueue(photoId);
      return { headers: { [PHOTO_ID_HEADER]: photoId } };
    },
  });

  // tus bodies are streamed to disk by tus itself: leave them unread here.
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = requireActor(request.ctx);
    if (!SAFE_METHODS.has(request.method)) {
      // The session plugin checks it too (preHandler); checked again here because this route bypasses the reply pipeline.
      const sent = header(request, CSRF_HEADER);
      if (!sent || !request.session || !sameToken(sent, request.session.csrfToken)) {
        throw new AppError('csrf_invalid', 'This request was refused because it did not come from the DermLink page. Reload the page and try again.');
      }
    }
    const params = request.params as { uploadId?: string };
    const entry: { request: FastifyRequest; uploadId?: string } = { request };
    if (params.uploadId === undefined) {
      if (request.method === 'POST') {
        const { uploadId } = await startUpload(request.ctx, {
          uploadLength: header(request, 'upload-length'),
          deferLength: header(request, 'upload-defer-length'),
          metadata: header(request, 'upload-metadata'),
        });
        entry.uploadId = uploadId;
      } else if (request.method !== 'OPTIONS') {
        throw notFound('upload');
      }
    } else {
      // Only the uploader may resume, inspect or cancel an upload.
      const upload = await request.ctx.db
        .selectFrom('photo_uploads')
        .select(['id'])
        .where('id', '=', params.uploadId)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst();
      if (!upload) throw notFound('upload');
      if (request.method === 'DELETE') {
        await request.ctx.db.deleteFrom('photo_uploads').where('id', '=', upload.id).where('completed_at', 'is', null).execute();
      }
    }
    requests.set(request.raw, entry);
    reply.hijack();
    setSecurityHeadersOn(reply.raw);
    await tus.handle(request.raw, reply.raw);
  };

  const tusSchema = (summary: string) => ({
    tags: ['photos'],
    summary,
    description: 'tus 1.0 resumable upload endpoint; see contracts/photos/uploads.ts. Answers are tus responses (no JSON body) or problem+json.',
    response: { 204: z.null().describe('tus response (headers only)') },
  });
  app.route({ method: ['POST', 'OPTIONS'], url: UPLOAD_ENDPOINT, schema: tusSchema('Create a resumable photo upload'), handler: handle });
  app.route({
    method: ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'],
    url: `${UPLOAD_ENDPOINT}/:uploadId`,
    schema: { ...tusSchema('Resume, inspect or cancel a resumable photo upload'), params: z.object({ uploadId: z.string().regex(/^[a-f0-9]{32}$/) }) },
    handler: handle,
  });
}
