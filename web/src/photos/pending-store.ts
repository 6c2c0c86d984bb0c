// Photos waiting to be sent survive a reload or a closed tab: they are kept in
// IndexedDB until the server has them and has checked them. The IndexedDB part
// is a thin key-value wrapper; the rules (what to resume, what the status line
// says) are pure functions tested in Node with the in-memory store.
import type { QualityReport } from '../../../contracts/images/quality.ts';
import type { PhotoRefusalCode, PhotoTag, QualityReasonSchema, QualityVerdictSchema } from '../../../contracts/photos/photos.ts';
import type { z } from 'zod';

/**
 * - waiting: not sent yet (no network, or not started)
 * - uploading: bytes are going
 * - processing: sent; the server is checking it
 * - ready / refused: the server's last word
 * - failed: refused at upload (too large, case closed...) or gave up after retries; Retry available
 */
export type PendingState = 'waiting' | 'uploading' | 'processing' | 'ready' | 'refused' | 'failed';

export interface PendingPhoto {
  /** Local id (also the tus fingerprint, so a reload resumes the same upload). */
  id: string;
  /** The photo's owner: a tele-expertise case or a teleconsultation appointment (exactly one is set). */
  caseId?: string;
  appointmentId?: string;
  tag: PhotoTag;
  note: string;
  blob: Blob;
  /** Upright size of what is sent, when known. */
  width: number | null;
  height: number | null;
  /** The browser's quality verdict (null when it could not be checked here). */
  analysis: QualityReport | null;
  state: PendingState;
  createdAt: number;
  /** Set once the server has the whole file. */
  photoId: string | null;
  /** Why it failed or was refused: an API error code (translated), or 'network'. */
  errorCode: string | PhotoRefusalCode | null;
  /** The server's verdict once checked. */
  serverVerdict: z.infer<typeof QualityVerdictSchema> | null;
  serverReasons: z.infer<typeof QualityReasonSchema>[];
}

export interface PendingStore {
  all(): Promise<PendingPhoto[]>;
  put(photo: PendingPhoto): Promise<void>;
  remove(id: string): Promise<void>;
}

// ---------- rules ----------

const SETTLED: readonly PendingState[] = ['ready', 'refused'];
export const isSettled = (photo: Pick<PendingPhoto, 'state'>) => SETTLED.includes(photo.state);

/**
 * After a reload: what was uploading goes back to waiting (tus resumes it from
 * the server's offset); processing photos are polled again; settled ones are dropped.
 */
export function restoreAfterReload(stored: PendingPhoto[]): { keep: PendingPhoto[]; drop: string[] } {
  const keep: PendingPhoto[] = [];
  const drop: string[] = [];
  for (const photo of stored) {
    if (isSettled(photo)) drop.push(photo.id);
    else keep.push(photo.state === 'uploading' ? { ...photo, state: 'waiting' } : photo);
  }
  keep.sort((a, b) => a.createdAt - b.createdAt);
  return { keep, drop };
}

/** The next photo to send: the oldest waiting one (one at a time, for a poor uplink). */
export function nextToUpload<T extends Pick<PendingPhoto, 'state' | 'createdAt'>>(photos: T[]): T | null {
  if (photos.some((p) => p.state === 'uploading')) return null;
  return [...photos].sort((a, b) => a.createdAt - b.createdAt).find((p) => p.state === 'waiting') ?? null;
}

export type QueueStatus =
  | { key: 'empty' }
  | { key: 'waitingForNetwork'; count: number }
  | { key: 'uploading'; current: number; total: number }
  | { key: 'waiting'; count: number }
  | { key: 'checking'; count: number }
  | { key: 'failed'; count: number }
  | { key: 'allSent'; count: number };

/** The plain status line of the queue ("3 photos waiting for network", "Uploading 2 of 3", "All photos sent"). */
export function queueStatus(photos: Pick<PendingPhoto, 'state'>[], online: boolean): QueueStatus {
  if (photos.length === 0) return { key: 'empty' };
  const count = (...states: PendingState[]) => photos.filter((p) => states.includes(p.state)).length;
  const unsent = count('waiting', 'uploading');
  if (unsent > 0 && !online) return { key: 'waitingForNetwork', count: unsent };
  const failed = count('failed');
  if (count('uploading') > 0) {
    const total = photos.length - failed;
    return { key: 'uploading', current: total - unsent + 1, total };
  }
  if (unsent > 0) return { key: 'waiting', count: unsent };
  if (failed > 0) return { key: 'failed', count: failed };
  const checking = count('processing');
  if (checking > 0) return { key: 'checking', count: checking };
  return { key: 'allSent', count: photos.length };
}

/** Share (0-1) of a photo's bytes sent, for its progress bar. */
export const progressShare = (sent: number, total: number) => (total > 0 ? Math.min(1, Math.max(0, sent / total)) : 0);

// ---------- stores ----------

/** For tests and browsers without IndexedDB (private modes): nothing survives a reload. */
export function createMemoryStore(initial: PendingPhoto[] = []): PendingStore {
  const rows = new Map(initial.map((p) => [p.id, p]));
  return {
    all: async () => [...rows.values()],
    put: async (photo) => void rows.set(photo.id, photo),
    remove: async (id) => void rows.delete(id),
  };
}

const DB_NAME = 'dermlink-photos';
const STORE = 'pending';

const request = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });

/** The IndexedDB store (one object store keyed by id); falls back to memory when IndexedDB cannot open. */
export async function openPendingStore(): Promise<PendingStore> {
  if (typeof indexedDB === 'undefined') return createMemoryStore();
  let db: IDBDatabase;
  try {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
    db = await request(open);
  } catch {
    return createMemoryStore();
  }
  const tx = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  return {
    all: () => request(tx('readonly').getAll() as IDBRequest<PendingPhoto[]>),
    put: async (photo) => void (await request(tx('readwrite').put(photo))),
    remove: async (id) => void (await request(tx('readwrite').delete(id))),
  };
}
