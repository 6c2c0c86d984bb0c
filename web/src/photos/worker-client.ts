// The main thread's side of quality.worker.ts: one worker for the session,
// requests matched by id. Falls back to preparing on the main thread where
// module workers or OffscreenCanvas are missing, or when the worker cannot
// start (its script could not be fetched: offline before it was ever loaded).
// prepare.ts is imported statically so that the fallback works offline too.
import type { QualityReport } from '../../../contracts/images/quality.ts';
import { prepareForUpload, type PreparedPhoto, type PrepareOptions } from './prepare.ts';

type Reply =
  | { id: number; type: 'analysis'; analysis: QualityReport }
  | { id: number; type: 'done'; prepared: PreparedPhoto }
  | { id: number; type: 'error'; message: string };

interface Pending {
  file: Blob;
  options: PrepareOptions;
  resolve: (p: PreparedPhoto) => void;
  reject: (e: unknown) => void;
}

let worker: Worker | null = null;
let broken = false;
let nextId = 1;
const pending = new Map<number, Pending>();

const onMainThread = (entry: Pending) => prepareForUpload(entry.file, entry.options).then(entry.resolve, entry.reject);

function getWorker(): Worker | null {
  if (worker || broken) return worker;
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') {
    broken = true;
    return null;
  }
  try {
    worker = new Worker(new URL('./quality.worker.ts', import.meta.url), { type: 'module', name: 'photo-quality' });
  } catch {
    broken = true;
    return null;
  }
  worker.onmessage = (event: MessageEvent<Reply>) => {
    const reply = event.data;
    const entry = pending.get(reply.id);
    if (!entry) return;
    if (reply.type === 'analysis') entry.options.onAnalysis?.(reply.analysis);
    else {
      pending.delete(reply.id);
      if (reply.type === 'done') entry.resolve(reply.prepared);
      else entry.reject(new Error(reply.message));
    }
  };
  worker.onerror = () => {
    // The worker could not start or crashed: finish what waits on the main thread, and stay there.
    broken = true;
    worker?.terminate();
    worker = null;
    const waiting = [...pending.values()];
    pending.clear();
    for (const entry of waiting) void onMainThread(entry);
  };
  return worker;
}

/** Starts the worker ahead of need (while the network is there to fetch its script). */
export function warmUpPhotoWorker() {
  getWorker();
}

/** Prepares a photo for upload (see prepare.ts), off the main thread when possible. */
export function preparePhoto(file: Blob, options: PrepareOptions = {}): Promise<PreparedPhoto> {
  const w = getWorker();
  return new Promise<PreparedPhoto>((resolve, reject) => {
    const entry: Pending = { file, options, resolve, reject };
    if (!w) return void onMainThread(entry);
    const id = nextId++;
    pending.set(id, entry);
    w.postMessage({ id, file });
  });
}
