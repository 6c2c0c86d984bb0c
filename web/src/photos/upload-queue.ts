// The upload queue: photos go one at a time over tus (resumable, 256 KiB
// chunks), wait in IndexedDB while there is no network, resume when `online`
// fires and when the app starts again, then are polled until the server has
// checked them. One queue for the whole app (module singleton), observed by
// React through useSyncExternalStore (see useUploadQueue in PhotoQueue.tsx).
import { Upload, type DetailedError } from 'tus-js-client';
import type { QualityReport } from '../../../contracts/images/quality.ts';
import { SETTLED_PHOTO_STATUSES, type PhotoStatusResponse, type PhotoTag } from '../../../contracts/photos/photos.ts';
import {
  PHOTO_ID_HEADER,
  UPLOAD_CHUNK_BYTES,
  UPLOAD_ENDPOINT,
  UPLOAD_RETRY_DELAYS_MS,
} from '../../../contracts/photos/uploads.ts';
import { getCsrfToken, getInBackground } from '../api/client.ts';
import { nextToUpload, openPendingStore, restoreAfterReload, type PendingPhoto, type PendingStore } from './pending-store.ts';

/** Whose photo it is: a case's (tele-expertise) or an appointment's (teleconsultation). */
export type PhotoOwner = { caseId: string; appointmentId?: undefined } | { appointmentId: string; caseId?: undefined };

export interface QueueEntry extends PendingPhoto {
  bytesSent: number;
  bytesTotal: number;
}

const POLL_INTERVAL_MS = 2000;
/** Gives up polling after this long (the photo list shows the final status anyway). */
const POLL_GIVE_UP_MS = 5 * 60 * 1000;
const CSRF_HEADER = 'x-csrf-token';

type Listener = () => void;

const newId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;

/** The error code of a tus failure: the problem+json `code`, or 'network'. */
function errorCodeOf(error: Error | DetailedError): { code: string } {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (!response) return { code: 'network' };
  const status = response.getStatus();
  let code = status >= 500 ? 'internal' : 'upload_refused';
  try {
    const body = JSON.parse(response.getBody()) as { code?: string };
    if (body.code) code = body.code;
  } catch {
    // not JSON: keep the status-based code
  }
  return { code };
}

export class UploadQueue {
  private entries: QueueEntry[] = [];
  private listeners = new Set<Listener>();
  private store: PendingStore | null = null;
  private ready: Promise<void> | null = null;
  private current: Upload | null = null;
  private polling = new Set<string>();
  private online = typeof navigator === 'undefined' ? true : navigator.onLine;
  private readonly openStore: () => Promise<PendingStore>;

  constructor(openStore: () => Promise<PendingStore> = openPendingStore) {
    this.openStore = openStore;
  }

  /** Loads what a previous visit left and starts sending; safe to call many times. */
  start(): Promise<void> {
    this.ready ??= (async () => {
      this.store = await this.openStore();
      const { keep, drop } = restoreAfterReload(await this.store.all());
      await Promise.all(drop.map((id) => this.store!.remove(id)));
      this.entries = keep.map((p) => ({ ...p, bytesSent: 0, bytesTotal: p.blob.size }));
      this.emit();
      if (typeof window !== 'undefined') {
        window.addEventListener('online', () => this.setOnline(true));
        window.addEventListener('offline', () => this.setOnline(false));
      }
      for (const entry of this.entries) if (entry.state === 'processing' && entry.photoId) this.poll(entry.id);
      this.pump();
    })();
    return this.ready;
  }

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** Immutable snapshot (a new array after every change). */
  getSnapshot = () => this.entries;
  isOnline = () => this.online;

  async enqueue(input: PhotoOwner & { tag: PhotoTag; note: string; blob: Blob; width: number | null; height: number | null; analysis: QualityReport | null }): Promise<string> {
    await this.start();
    const photo: PendingPhoto = {
      id: newId(),
      ...input,
      note: input.note.trim(),
      state: 'waiting',
      createdAt: Date.now(),
      photoId: null,
      errorCode: null,
      serverVerdict: null,
      serverReasons: [],
    };
    await this.store!.put(photo);
    this.entries = [...this.entries, { ...photo, bytesSent: 0, bytesTotal: photo.blob.size }];
    this.emit();
    this.pump();
    return photo.id;
  }

  /** Tries a failed photo again. */
  retry(id: string) {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry || entry.state !== 'failed') return;
    void this.update(id, { state: 'waiting', errorCode: null });
    this.pump();
  }

  /** Drops a photo not sent yet (or no longer wanted in the list); does not delete it on the server. */
  async discard(id: string) {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry) return;
    if (entry.state === 'uploading' && this.current) {
      await this.current.abort(true).catch(() => undefined);
      this.current = null;
    }
    this.entries = this.entries.filter((e) => e.id !== id);
    await this.store?.remove(id);
    this.emit();
    this.pump();
  }

  /** Hides the photos the server has settled (ready or refused) for a case (or an appointment). */
  clearSettled(ownerId: string) {
    this.entries = this.entries.filter((e) => (e.caseId ?? e.appointmentId) !== ownerId || !(e.state === 'ready' || e.state === 'refused'));
    this.emit();
  }

  private setOnline(online: boolean) {
    this.online = online;
    if (online) {
      // Photos that failed for lack of network go again by themselves.
      for (const e of this.entries) if (e.state === 'failed' && e.errorCode === 'network') void this.update(e.id, { state: 'waiting', errorCode: null });
      this.pump();
      for (const e of this.entries) if (e.state === 'processing' && e.photoId) this.poll(e.id);
    }
    this.emit();
  }

  private emit() {
    for (const listener of this.listeners) listener();
  }

  private async update(id: string, patch: Partial<QueueEntry>, persist = true) {
    let updated: QueueEntry | undefined;
    this.entries = this.entries.map((e) => (e.id === id ? (updated = { ...e, ...patch }) : e));
    this.emit();
    if (persist && updated && this.store) {
      const { bytesSent: _sent, bytesTotal: _total, ...stored } = updated;
      await this.store.put(stored);
    }
  }

  private pump() {
    if (!this.store || !this.online || this.current) return;
    const next = nextToUpload(this.entries);
    if (next) void this.upload(next);
  }

  private async upload(entry: QueueEntry) {
    await this.update(entry.id, { state: 'uploading', errorCode: null });
    const owner: Record<string, string> = entry.appointmentId ? { appointmentId: entry.appointmentId } : { caseId: entry.caseId ?? '' };
    const metadata: Record<string, string> = { ...owner, tag: entry.tag, filetype: entry.blob.type || 'application/octet-stream' };
    if (entry.note) metadata.note = entry.note;
    const upload = new Upload(entry.blob, {
      endpoint: UPLOAD_ENDPOINT,
      chunkSize: UPLOAD_CHUNK_BYTES,
      retryDelays: UPLOAD_RETRY_DELAYS_MS,
      metadata,
      // The local id: unique per photo and stable across reloads (the default uses the file name, which a Blob lacks).
      fingerprint: async () => `dermlink-photo-${entry.id}`,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      // The token is read at each request: the session may have been renewed since the queue started.
      onBeforeRequest: (req) => {
        const token = getCsrfToken();
        if (token) req.setHeader(CSRF_HEADER, token);
      },
      onProgress: (sent, total) => void this.update(entry.id, { bytesSent: sent, bytesTotal: total }, false),
      onSuccess: ({ lastResponse }) => {
        this.current = null;
        const photoId = lastResponse.getHeader(PHOTO_ID_HEADER) ?? null;
        void this.update(entry.id, { state: 'processing', photoId, bytesSent: entry.blob.size }).then(() => {
          if (photoId) this.poll(entry.id);
          else void this.update(entry.id, { state: 'ready' }).then(() => this.store?.remove(entry.id));
        });
        this.pump();
      },
      onError: (error) => {
        this.current = null;
        const { code } = errorCodeOf(error);
        // Without network, the photo simply waits for the next `online`; other failures show a Retry button.
        const offline = code === 'network' && !navigator.onLine;
        void this.update(entry.id, offline ? { state: 'waiting' } : { state: 'failed', errorCode: code });
        this.pump();
      },
    });
    this.current = upload;
    try {
      const previous = await upload.findPreviousUploads();
      if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
    } catch {
      // no stored URL: a new upload
    }
    if (this.current !== upload) return; // discarded meanwhile
    if (!this.online) {
      this.current = null;
      await this.update(entry.id, { state: 'waiting' });
      return;
    }
    upload.start();
  }

  private poll(id: string) {
    if (this.polling.has(id)) return;
    this.polling.add(id);
    const started = Date.now();
    const tick = async () => {
      const entry = this.entries.find((e) => e.id === id);
      if (!entry?.photoId) return this.polling.delete(id);
      try {
        const status = await getInBackground<PhotoStatusResponse>(`/api/photos/${entry.photoId}/status`);
        if (SETTLED_PHOTO_STATUSES.includes(status.status)) {
          this.polling.delete(id);
          await this.update(id, {
            state: status.status === 'ready' ? 'ready' : 'refused',
            errorCode: status.refusalCode,
            serverVerdict: status.verdict,
            serverReasons: status.reasons,
          });
          // The server has it for good: nothing left to keep on the device.
          await this.store?.remove(id);
          return;
        }
      } catch {
        // offline or a hiccup: try again on the next tick (or on `online`)
        if (!navigator.onLine) return this.polling.delete(id);
      }
      if (Date.now() - started > POLL_GIVE_UP_MS) return this.polling.delete(id);
      setTimeout(() => void tick(), POLL_INTERVAL_MS);
    };
    void tick();
  }
}

let queue: UploadQueue | null = null;

/** The app's one upload queue (started on first use). */
export function getUploadQueue(): UploadQueue {
  if (!queue) {
    queue = new UploadQueue();
    void queue.start();
  }
  return queue;
}
