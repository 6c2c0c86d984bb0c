// API answers travel compressed when the browser accepts it: a GP's phone on a
// weak rural signal gets the case list or a case page in about a fifth of the
// bytes. The web app's own files are compressed once at build time and served
// as they are (web-app.ts); streams that take over the socket (the
// notifications event stream, tus uploads) are left untouched.
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import { constants } from 'node:zlib';

export async function registerCompression(app: FastifyInstance) {
  await app.register(fastifyCompress, {
    global: true,
    // Requests stay uncompressed: nothing sends compressed bodies, and inflating them is a risk to bound.
    globalDecompression: false,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    // Answers are compressed on every request: quality 4 keeps most of brotli's gain at gzip's speed.
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
}
