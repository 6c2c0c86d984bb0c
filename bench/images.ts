// `npm run bench:images`: the photo pipeline against same-run baselines.
//
//   ingest/sharp        our ingestImage per photo (type check, decode, orient,
//                       strip, three derivatives, hashes, quality, perceptual
//                       hash) / a bare sharp pipeline making the same three
//                       derivatives from the same files. Target <= 1.25.
//   imagemagick/ingest  the same three derivatives made by ImageMagick's
//                       convert (one process per photo, clones of one decode)
//                       / our ingest. Target >= 3.
//   upload-bytes        bytes the browser sends for the two mobile/ photos and
//                       a 12-MP JPEG made from the iPhone HEIC, after the web
//                       app's own preparation (web/src/photos/prepare.ts, run
//                       in headless Chromium) / the original bytes. Target <= 0.35.
//   upload-time         preparing and uploading them (tus, 256 KiB chunks) at
//                       1.6 Mbit/s up and 150 ms latency (CDP network
//                       emulation) / uploading the originals unchanged.
//   resend-bytes        bytes the browser sends twice when the server cuts the
//                       connection once mid-chunk (tus-js-client's progress
//                       going back; the tus chunk size bounds it). The server's
//                       socket byte counts of a clean and a cut upload are
//                       printed beside it.
//
// Medians of RUNS interleaved runs per file (after one warm-up), files one
// after the other; the ratios are of the summed medians. Details above the last line; the last line is the summary.
// The baseline imports sharp directly: it is the reference being compared
// with, not application code (server code goes through images/media.ts).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import sharp from 'sharp';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { buildApp } from '../server/src/app.ts';
import { SESSION_COOKIE } from '../server/src/auth/session-tokens.ts';
import { loadConfig } from '../server/src/config.ts';
import { systemClock, type Services } from '../server/src/context.ts';
import { openDatabase } from '../server/src/db/database.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { decodeHeic } from '../server/src/images/heic-decoder.ts';
import { DERIVATIVE_LONG_EDGE, MAX_IMAGE_PIXELS, ingestImage } from '../server/src/images/media.ts';
import { getPhotoServices } from '../server/src/photos/photo-services.ts';
import { createClinician, createNetwork, createPatient, signInAs } from '../server/src/test/factories.ts';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CONVERT = process.env.IMAGEMAGICK_CONVERT ?? '/usr/bin/convert';
const FIXTURES = path.resolve(import.meta.dirname, '../../shared/fixtures/images');
const FILES = [
  'mobile/HMD_Nokia_8.3_5G.jpg',
  'mobile/iphone_hdr.jpg',
  'gps/DSCN0010.jpg',
  'gps/DSCN0040.jpg',
  'orientation/portrait_6.jpg',
  'invalid/image00971.jpg',
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Median time of each function, run interleaved (a, b, c, a, b, c...) after a
 * warm-up, so that load from other processes affects all of them alike.
 */
async function timedInterleaved(fns: Array<(() => Promise<unknown>) | null>): Promise<number[]> {
  for (const fn of fns) await fn?.();
  const times: number[][] = fns.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, fn] of fns.entries()) {
      if (!fn) continue;
      const start = performance.now();
      await fn();
      times[k]!.push(performance.now() - start);
    }
  }
  return times.map((t) => (t.length ? median(t) : Number.NaN));
}

/** The same three derivatives as media.ts, with nothing else: no checks, no hashes, no analysis. */
async function bareSharp(bytes: Buffer): Promise<void> {
  const upright = sharp(bytes).autoOrient();
  const fit = (edge: number) => ({ width: edge, height: edge, fit: 'inside' as const, withoutEnlargement: true });
  await Promise.all([
    upright.clone().resize(fit(DERIVATIVE_LONG_EDGE.full)).jpeg({ quality: 90 }).toBuffer(),
    upright.clone().resize(fit(DERIVATIVE_LONG_EDGE.preview)).jpeg({ quality: 82 }).toBuffer(),
    upright.clone().resize(fit(DERIVATIVE_LONG_EDGE.thumbnail)).webp({ quality: 75, effort: 3 }).toBuffer(),
  ]);
}

async function imageMagick(file: string, outDir: string): Promise<void> {
  const { full, preview, thumbnail } = DERIVATIVE_LONG_EDGE;
  await run(CONVERT, [
    file, '-auto-orient', '-strip', '-colorspace', 'sRGB',
    '(', '+clone', '-resize', `${full}x${full}>`, '-quality', '90', '-write', path.join(outDir, 'full.jpg'), '+delete', ')',
    '(', '+clone', '-resize', `${preview}x${preview}>`, '-quality', '82', '-write', path.join(outDir, 'preview.jpg'), '+delete', ')',
    '-resize', `${thumbnail}x${thumbnail}>`, '-quality', '75', path.join(outDir, 'thumb.webp'),
  ]);
}

const UPLOAD_RUNS = Number(process.env.BENCH_UPLOAD_RUNS ?? 3);
const UPLINK_BYTES_PER_S = 1_600_000 / 8;
const LATENCY_MS = 150;

interface UploadFigures {
  uploadBytes: number;
  uploadTime: number;
  resendBytes: number;
}

/** The browser figures: the web app's preparation and tus uploads in headless Chromium, against a real server. */
async function uploadFigures(): Promise<UploadFigures> {
  const repo = path.resolve(import.meta.dirname, '..');
  const work = await mkdtemp(path.join(tmpdir(), 'dermlink-bench-upload-'));
  const bundleDir = path.join(work, 'bundle');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: repo,
    build: {
      outDir: bundleDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      lib: { entry: path.join(repo, 'bench/images-page.ts'), formats: ['es'], fileName: () => 'bench.js' },
    },
  });
  const bundle = await readFile(path.join(bundleDir, 'bench.js'));

  // The three inputs: two phone JPEGs and a 12-MP JPEG made from the iPhone HEIC.
  const heic = await decodeHeic(await readFile(path.join(FIXTURES, 'heic/iphone_13_pro_max.heic')), MAX_IMAGE_PIXELS);
  const heicJpeg = await sharp(heic.rgba, { raw: { width: heic.width, height: heic.height, channels: 4 } }).flatten().jpeg({ quality: 92 }).toBuffer();
  const inputs = new Map<string, Buffer>([
    ['HMD_Nokia_8.3_5G.jpg', await readFile(path.join(FIXTURES, 'mobile/HMD_Nokia_8.3_5G.jpg'))],
    ['iphone_hdr.jpg', await readFile(path.join(FIXTURES, 'mobile/iphone_hdr.jpg'))],
    ['iphone_13_pro_max-12MP.jpg', heicJpeg],
  ]);

  const database = await openDatabase({ memory: true });
  await migrate(database.db);
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: path.join(work, 'data'), LOG_LEVEL: 'silent' });
  const services: Services = { config, database, clock: systemClock };
  const app = await buildApp(services, { logger: false, webDist: path.join(work, 'no-web-build') });
  app.get('/bench/page.html', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html').send('<!doctype html><html lang="en"><head><title>bench</title><script type="module" src="/bench/bench.js"></script></head><body></body></html>'),
  );
  app.get('/bench/bench.js', { schema: { hide: true } }, async (_request, reply) => reply.type('text/javascript').send(bundle));
  app.get('/bench/file/:name', { schema: { hide: true } }, async (request, reply) =>
    reply.type('image/jpeg').send(inputs.get((request.params as { name: string }).name)),
  );
  // Bytes received on every connection, headers included.
  const sockets = new Set<Socket>();
  let closedBytes = 0;
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      closedBytes += socket.bytesRead;
      sockets.delete(socket);
    });
  });
  // PATCH requests in flight, to cut their connection (a real cut: the server closes the socket mid-chunk).
  const patching = new Set<Socket>();
  app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    if (req.method === 'PATCH') patching.add(req.socket);
    res.on('close', () => {
      patching.delete(req.socket);
      if (process.env.BENCH_DEBUG && req.url?.startsWith('/api/uploads')) {
        console.log(`    ${req.method} ${req.headers['upload-offset'] ?? ''} -> ${res.statusCode} ${res.getHeader('upload-offset') ?? ''} ${res.writableFinished ? '' : '(cut)'} ${Date.now() - started} ms`);
      }
    });
  });
  const bytesReceived = () => closedBytes + [...sockets].reduce((total, socket) => total + socket.bytesRead, 0);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });

  const net = await createNetwork(database.db);
  const gp = await createClinician(database.db, { organisationId: net.practiceId, role: 'requester' });
  const patient = await createPatient(database.db, { organisationId: net.practiceId });
  const kase = await database.db
    .insertInto('cases')
    .values({ patient_id: patient.patientId, requester_id: gp.userId, requester_org_id: net.practiceId, network_id: net.networkId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const session = await signInAs({ database, clock: systemClock } as unknown as Parameters<typeof signInAs>[0], gp);

  // The e2e config makes a data folder when loaded unless told one: give it ours (removed below).
  process.env.E2E_DATA_DIR ??= path.join(work, 'e2e');
  const { CHROMIUM_ARGS } = await import('../e2e/playwright.config.ts');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    await context.addCookies([{ name: SESSION_COOKIE, value: session.cookie.split('=')[1]!, url: base }]);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const throttle = (offline: boolean) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline,
        latency: LATENCY_MS,
        uploadThroughput: UPLINK_BYTES_PER_S,
        downloadThroughput: 10_000_000 / 8,
      });
    const unthrottle = () => cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, uploadThroughput: -1, downloadThroughput: -1 });
    // The page calls this when the cut point is reached: about half a chunk later the connection is cut.
    await page.exposeFunction('benchCut', async () => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      for (const socket of patching) socket.destroy();
    });
    await page.goto(`${base}/bench/page.html`);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    type Bench = {
      load(name: string, url: string): Promise<number>;
      prepare(name: string): Promise<{ bytes: number; originalBytes: number; width: number | null; height: number | null; quality: number | null; ms: number }>;
      send(name: string, mode: 'prepared' | 'original', options: { caseId: string; csrf: string; cutAt?: number }): Promise<{ ms: number; bytes: number; photoId: string; resent: number }>;
    };
    const call = <K extends keyof Bench>(fn: K, ...args: Parameters<Bench[K]>) =>
      page.evaluate(([f, a]) => (window as unknown as { bench: Record<string, (...x: unknown[]) => Promise<unknown>> }).bench[f as string]!(...(a as unknown[])), [fn, args] as const) as ReturnType<Bench[K]>;

    // upload-bytes
    let sent = 0;
    let original = 0;
    console.log('\nbrowser preparation (web/src/photos/prepare.ts in Chromium):');
    for (const name of inputs.keys()) {
      await call('load', name, `/bench/file/${name}`);
      const prepared = await call('prepare', name);
      sent += prepared.bytes;
      original += prepared.originalBytes;
      console.log(`  ${name.padEnd(28)} ${(prepared.originalBytes / 1e6).toFixed(2)} MB -> ${(prepared.bytes / 1e6).toFixed(2)} MB  ${prepared.width}x${prepared.height} q=${prepared.quality ?? '-'}  ${prepared.ms.toFixed(0)} ms`);
    }
    console.log(`  total ${(original / 1e6).toFixed(2)} MB -> ${(sent / 1e6).toFixed(2)} MB`);

    // upload-time
    const photos = await getPhotoServices(services);
    const options = { caseId: kase.id, csrf: session.csrf };
    const ratios: number[] = [];
    console.log(`\nupload at ${UPLINK_BYTES_PER_S * 8 / 1e6} Mbit/s up, ${LATENCY_MS} ms latency (${UPLOAD_RUNS} runs):`);
    for (let run = 0; run < UPLOAD_RUNS; run++) {
      await throttle(false);
      let preparedMs = 0;
      let originalMs = 0;
      for (const name of inputs.keys()) preparedMs += (await call('send', name, 'prepared', options)).ms;
      for (const name of inputs.keys()) originalMs += (await call('send', name, 'original', options)).ms;
      await unthrottle();
      await photos.processor.drain();
      ratios.push(preparedMs / originalMs);
      console.log(`  run ${run + 1}: prepared+upload ${(preparedMs / 1000).toFixed(1)} s, originals ${(originalMs / 1000).toFixed(1)} s, ratio ${(preparedMs / originalMs).toFixed(3)}`);
    }

    // resend-bytes
    const resends: number[] = [];
    const cutFile = 'HMD_Nokia_8.3_5G.jpg';
    console.log(`\nconnection cut once at half of ${cutFile} sent unchanged (${(inputs.get(cutFile)!.length / 1e6).toFixed(2)} MB, ${UPLOAD_RUNS} runs):`);
    for (let run = 0; run < UPLOAD_RUNS; run++) {
      await throttle(false);
      let before = bytesReceived();
      await call('send', cutFile, 'original', options);
      const clean = bytesReceived() - before;
      before = bytesReceived();
      const { resent } = await call('send', cutFile, 'original', { ...options, cutAt: 0.5 });
      const cut = bytesReceived() - before;
      await unthrottle();
      await photos.processor.drain();
      resends.push(resent);
      console.log(`  run ${run + 1}: sent again by the browser ${resent} B; server socket bytes: clean ${clean} B, cut ${cut} B, difference ${cut - clean} B (the server keeps a cut chunk's received part)`);
    }
    return { uploadBytes: sent / original, uploadTime: median(ratios), resendBytes: Math.max(0, Math.round(median(resends))) };
  } finally {
    await browser.close();
    await app.close();
    await (await getPhotoServices(services)).processor.stop();
    await database.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** BENCH_ONLY=upload: only the browser figures (while working on them). */
class SkipServerFigures extends Error {}

async function main() {
  const outDir = await mkdtemp(path.join(tmpdir(), 'dermlink-bench-images-'));
  let imagemagickAvailable = true;
  try {
    await run(CONVERT, ['-version']);
  } catch {
    imagemagickAvailable = false;
  }
  console.log(`images bench: ${FILES.length} photos, median of ${RUNS} runs each (after a warm-up), sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}`);
  console.log('file                              MP     ingest ms   sharp ms  convert ms   ingest/sharp  convert/ingest');
  let ingestTotal = 0;
  let sharpTotal = 0;
  let convertTotal = 0;
  try {
    for (const name of process.env.BENCH_ONLY === 'upload' ? [] : FILES) {
      const file = path.join(FIXTURES, name);
      const bytes = await readFile(file);
      const meta = await sharp(bytes).metadata();
      const [ingestMs, sharpMs, convertMs] = (await timedInterleaved([
        () => ingestImage(bytes),
        () => bareSharp(bytes),
        imagemagickAvailable ? () => imageMagick(file, outDir) : null,
      ])) as [number, number, number];
      ingestTotal += ingestMs;
      sharpTotal += sharpMs;
      convertTotal += convertMs;
      console.log(
        `${name.padEnd(32)} ${(((meta.width ?? 0) * (meta.height ?? 0)) / 1e6).toFixed(1).padStart(4)}  ${ingestMs.toFixed(1).padStart(10)} ${sharpMs.toFixed(1).padStart(10)} ${convertMs.toFixed(1).padStart(11)}  ${(ingestMs / sharpMs).toFixed(2).padStart(13)} ${(convertMs / ingestMs).toFixed(2).padStart(15)}`,
      );
    }
    if (process.env.BENCH_ONLY === 'upload') throw new SkipServerFigures();
    // HEIC: no bare-sharp baseline (the prebuilt libvips has no HEVC decoder); shown for reference.
    const heic = path.join(FIXTURES, 'heic/iphone_13_pro_max.heic');
    const heicBytes = await readFile(heic);
    const [heicIngest, heicConvert] = (await timedInterleaved([
      () => ingestImage(heicBytes),
      imagemagickAvailable ? () => imageMagick(heic, outDir) : null,
    ])) as [number, number];
    console.log(`${'heic/iphone_13_pro_max.heic'.padEnd(32)} 12.2  ${heicIngest.toFixed(1).padStart(10)} ${'-'.padStart(10)} ${heicConvert.toFixed(1).padStart(11)}  ${'-'.padStart(13)} ${(heicConvert / heicIngest).toFixed(2).padStart(15)}  (not in the totals)`);
    const sizes = await Promise.all(FILES.map(async (name) => (await stat(path.join(FIXTURES, name))).size));
    console.log(`totals: ingest ${ingestTotal.toFixed(1)} ms, bare sharp ${sharpTotal.toFixed(1)} ms, convert ${convertTotal.toFixed(1)} ms over ${(sizes.reduce((a, b) => a + b, 0) / 1e6).toFixed(1)} MB`);
  } catch (error) {
    if (!(error instanceof SkipServerFigures)) throw error;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  let upload: UploadFigures | null = null;
  try {
    upload = await uploadFigures();
  } catch (error) {
    console.log(`upload figures not measured: ${error instanceof Error ? error.message : String(error)}`);
  }
  const ratio = (x: number | undefined, digits = 2) => (x !== undefined && Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
  console.log(
    `images: ingest/sharp=${ratio(ingestTotal / sharpTotal)} imagemagick/ingest=${ratio(convertTotal / ingestTotal)} ` +
      `upload-bytes=${ratio(upload?.uploadBytes, 3)} upload-time=${ratio(upload?.uploadTime, 3)} resend-bytes=${upload ? upload.resendBytes : 'n/a'}`,
  );
}

await main();
