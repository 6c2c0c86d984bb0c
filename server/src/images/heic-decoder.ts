// Decodes HEVC-coded HEIC off the main thread, in a small pool of worker
// threads (heic-worker.ts). Workers start on demand, are reused, and stop
// after a minute idle: libheif's WebAssembly memory only grows, so an idle
// worker would hold on to it.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors/app-error.ts';
import type { HeicDecodeRequest, HeicDecodeResponse } from './heic-worker.ts';

export interface DecodedHeic {
  width: number;
  height: number;
  /** 8-bit RGBA, row by row. */
  rgba: Buffer;
}

const MAX_WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));
const IDLE_STOP_MS = 60_000;
// A 12 MP photo takes ~1 s; a decoder stuck far longer is fed something hostile.
const DECODE_TIMEOUT_MS = 60_000;

interface Job {
  request: HeicDecodeRequest;
  transfer: ArrayBuffer[];
  resolve: (image: DecodedHeic) => void;
  reject: (error: unknown) => void;
}

interface PooledWorker {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
  retired: boolean;
}

const idleWorkers: PooledWorker[] = [];
const queue: Job[] = [];
let workerCount = 0;
let nextId = 1;

/** Decodes the primary image of a HEIC file; AppError 'image_corrupt' or 'image_too_many_pixels' when it cannot. */
export function decodeHeic(bytes: Uint8Array, maxPixels: number): Promise<DecodedHeic> {
  // A private copy, so that it can be transferred to the worker, not cloned.
  const copy = new Uint8Array(bytes);
  return new Promise((resolve, reject) => {
    dispatch({ request: { id: nextId++, bytes: copy, maxPixels }, transfer: [copy.buffer], resolve, reject });
  });
}

function dispatch(job: Job): void {
  const idle = idleWorkers.pop();
  if (idle) run(idle, job);
  else if (workerCount < MAX_WORKERS) run(startWorker(), job);
  else queue.push(job);
}

function startWorker(): PooledWorker {
  workerCount++;
  const pooled: PooledWorker = {
    worker: new Worker(new URL('./heic-worker.ts', import.meta.url)),
    retired: false,
  };
  pooled.worker.on('message', (response: HeicDecodeResponse) => settle(pooled, response));
  pooled.worker.on('error', (error) => retire(pooled, error));
  pooled.worker.on('exit', (code) => retire(pooled, new Error(`The HEIC decoder stopped (exit code ${code}).`)));
  return pooled;
}

function run(pooled: PooledWorker, job: Job): void {
  clearTimeout(pooled.timer);
  pooled.job = job;
  // Referenced while busy so that a pending decode keeps the process alive; not while idle.
  pooled.worker.ref();
  pooled.timer = setTimeout(() => {
    retire(pooled, new AppError('image_corrupt', 'The HEIC image could not be decoded in reasonable time.'));
  }, DECODE_TIMEOUT_MS);
  pooled.worker.postMessage(job.request, job.transfer);
}

function settle(pooled: PooledWorker, response: HeicDecodeResponse): void {
  const job = pooled.job;
  if (!job || job.request.id !== response.id) return;
  clearTimeout(pooled.timer);
  pooled.job = undefined;
  if (response.ok) {
    const { width, height, rgba } = response;
    job.resolve({ width, height, rgba: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength) });
  } else if (response.reason === 'too_many_pixels') {
    job.reject(new AppError('image_too_many_pixels', `The photo has too many pixels. ${response.message}`));
  } else {
    job.reject(new AppError('image_corrupt', 'The HEIC photo is damaged or incomplete and cannot be decoded.', { cause: response.message }));
  }
  const next = queue.shift();
  if (next) {
    run(pooled, next);
    return;
  }
  pooled.worker.unref();
  pooled.timer = setTimeout(() => void stopWorker(pooled), IDLE_STOP_MS);
  pooled.timer.unref();
  idleWorkers.push(pooled);
}

/** A worker that failed, hung or exited is discarded; its job fails and the queue moves on. */
function retire(pooled: PooledWorker, error: unknown): void {
  if (!removeWorker(pooled)) return;
  clearTimeout(pooled.timer);
  void pooled.worker.terminate();
  if (pooled.job) {
    pooled.job.reject(
      error instanceof AppError ? error : new AppError('image_corrupt', 'The HEIC photo could not be decoded.', { cause: error }),
    );
    pooled.job = undefined;
  }
  const next = queue.shift();
  if (next) dispatch(next);
}

async function stopWorker(pooled: PooledWorker): Promise<void> {
  if (pooled.job || !removeWorker(pooled)) return;
  await pooled.worker.terminate();
}

/** Forgets a worker once; false if it was already forgotten. */
function removeWorker(pooled: PooledWorker): boolean {
  if (pooled.retired) return false;
  pooled.retired = true;
  const index = idleWorkers.indexOf(pooled);
  if (index >= 0) idleWorkers.splice(index, 1);
  workerCount--;
  return true;
}
