// Browser side of bench/images.ts, bundled by it with vite and loaded in
// headless Chromium: prepares photos with the web app's own module
// (web/src/photos/prepare.ts: upright, long edge 2048, JPEG under 5 MB) and
// uploads them with tus-js-client exactly as the app does.
import * as tus from 'tus-js-client';
import { prepareForUpload } from '../web/src/photos/prepare.ts';
import { PHOTO_ID_HEADER, UPLOAD_CHUNK_BYTES, UPLOAD_ENDPOINT } from '../contracts/photos/uploads.ts';

interface UploadOptions {
  caseId: string;
  csrf: string;
  /** Called once when this fraction of the file is acknowledged (to cut the connection then). */
  cutAt?: number;
}

const files = new Map<string, Blob>();

async function load(name: string, url: string): Promise<number> {
  const blob = await (await fetch(url)).blob();
  files.set(name, new Blob([blob], { type: 'image/jpeg' }));
  return blob.size;
}

async function prepare(name: string): Promise<{ bytes: number; originalBytes: number; width: number | null; height: number | null; quality: number | null; ms: number }> {
  const file = files.get(name)!;
  const prepared = await prepareForUpload(file);
  files.set(`${name}#prepared`, prepared.blob);
  return { bytes: prepared.blob.size, originalBytes: file.size, width: prepared.width, height: prepared.height, quality: prepared.quality, ms: prepared.totalMs };
}

function upload(blob: Blob, options: UploadOptions): Promise<{ photoId: string; bytes: number; resent: number }> {
  return new Promise((resolve, reject) => {
    let cut = options.cutAt === undefined;
    let lastSent = 0;
    let resent = 0;
    const upload = new tus.Upload(blob, {
      endpoint: UPLOAD_ENDPOINT,
      chunkSize: UPLOAD_CHUNK_BYTES,
      retryDelays: [200, 500, 1000, 2000, 4000, 8000],
      metadata: { caseId: options.caseId, tag: 'close_up', filename: 'photo.jpg' },
      headers: { 'x-csrf-token': options.csrf },
      storeFingerprintForResuming: false,
      // Bytes sent so far (offset + progress of the chunk in flight): when it goes back after a cut, the difference is sent again.
      onProgress: (bytesSent) => {
        if (bytesSent < lastSent) resent += lastSent - bytesSent;
        lastSent = bytesSent;
      },
      onChunkComplete: (_chunk, accepted, total) => {
        if (!cut && accepted >= total * options.cutAt!) {
          cut = true;
          void (window as unknown as { benchCut(): Promise<void> }).benchCut();
        }
      },
      onError: reject,
      onSuccess: ({ lastResponse }) => resolve({ photoId: lastResponse.getHeader(PHOTO_ID_HEADER) ?? '', bytes: blob.size, resent }),
    });
    upload.start();
  });
}

/** Prepares (unless `original`) then uploads one loaded file; returns the time taken. */
async function send(name: string, mode: 'prepared' | 'original', options: UploadOptions): Promise<{ ms: number; bytes: number; photoId: string; resent: number }> {
  const started = performance.now();
  let blob = files.get(name)!;
  if (mode === 'prepared') blob = (await prepareForUpload(blob)).blob;
  const result = await upload(blob, options);
  return { ms: performance.now() - started, ...result };
}

Object.assign(window, { bench: { load, prepare, send } });
document.body.dataset.ready = 'true';
