// Worker thread body: decodes HEVC-coded HEIC (iPhone photos) to RGBA with
// heic-decode (libheif compiled to WebAssembly). Decoding takes about a second
// of synchronous work per photo, hence a worker: the event loop stays free.
// Started by heic-decoder.ts; never imported at run time by other modules.
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

export interface HeicDecodeRequest {
  id: number;
  bytes: Uint8Array;
  maxPixels: number;
}

export type HeicDecodeResponse =
  | { id: number; ok: true; width: number; height: number; rgba: Uint8Array }
  | { id: number; ok: false; reason: 'too_many_pixels' | 'corrupt'; message: string };

interface HeicImage {
  width: number;
  height: number;
  decode(): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
}
interface HeicDecode {
  all(input: { buffer: Uint8Array }): Promise<HeicImage[] & { dispose(): void }>;
}

// heic-decode is CommonJS without type declarations.
const heicDecode = createRequire(import.meta.url)('heic-decode') as HeicDecode;

async function decode(request: HeicDecodeRequest): Promise<HeicDecodeResponse> {
  const { id } = request;
  let images: Awaited<ReturnType<HeicDecode['all']>> | undefined;
  try {
    images = await heicDecode.all({ buffer: request.bytes });
    // The first top-level image is the primary one in camera files; further ones are thumbnails or bursts.
    const primary = images[0];
    if (!primary) return { id, ok: false, reason: 'corrupt', message: 'The HEIC file contains no image.' };
    if (primary.width * primary.height > request.maxPixels) {
      return { id, ok: false, reason: 'too_many_pixels', message: `The HEIC image is ${primary.width}x${primary.height}.` };
    }
    const { width, height, data } = await primary.decode();
    return { id, ok: true, width, height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    return { id, ok: false, reason: 'corrupt', message: error instanceof Error ? error.message : String(error) };
  } finally {
    images?.dispose();
  }
}

const port = parentPort;
if (!port) throw new Error('heic-worker.ts runs only as a worker thread.');
port.on('message', (request: HeicDecodeRequest) => {
  void decode(request).then((response) => {
    // Hand the pixel buffer over instead of copying ~50 MB.
    port.postMessage(response, response.ok ? [response.rgba.buffer as ArrayBuffer] : []);
  });
});
