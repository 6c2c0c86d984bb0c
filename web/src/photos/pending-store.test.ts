import { describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  isSettled,
  nextToUpload,
  progressShare,
  queueStatus,
  restoreAfterReload,
  type PendingPhoto,
  type PendingState,
} from './pending-store.ts';

let clock = 0;
const photo = (state: PendingState, extra: Partial<PendingPhoto> = {}): PendingPhoto => ({
  id: `p${++clock}`,
  caseId: '00000000-0000-4000-8000-000000000001',
  tag: 'overview',
  note: '',
  blob: new Blob([new Uint8Array(10)], { type: 'image/jpeg' }),
  width: 2048,
  height: 1536,
  analysis: null,
  state,
  createdAt: clock,
  photoId: null,
  errorCode: null,
  serverVerdict: null,
  serverReasons: [],
  ...extra,
});

describe('queue status line', () => {
  it('says nothing is waiting when empty', () => {
    expect(queueStatus([], true)).toEqual({ key: 'empty' });
  });
  it('counts the photos waiting for network when offline', () => {
    expect(queueStatus([photo('waiting'), photo('waiting'), photo('uploading'), photo('processing')], false)).toEqual({ key: 'waitingForNetwork', count: 3 });
  });
  it('says which photo is going ("Uploading 2 of 3")', () => {
    expect(queueStatus([photo('processing'), photo('uploading'), photo('waiting')], true)).toEqual({ key: 'uploading', current: 2, total: 3 });
  });
  it('leaves failed photos out of the count and reports them when nothing else moves', () => {
    expect(queueStatus([photo('failed'), photo('uploading')], true)).toEqual({ key: 'uploading', current: 1, total: 1 });
    expect(queueStatus([photo('failed'), photo('ready')], true)).toEqual({ key: 'failed', count: 1 });
  });
  it('says the server is still checking, then that all photos are sent', () => {
    expect(queueStatus([photo('ready'), photo('processing')], true)).toEqual({ key: 'checking', count: 1 });
    expect(queueStatus([photo('ready'), photo('refused'), photo('ready')], true)).toEqual({ key: 'allSent', count: 3 });
  });
  it('online but not started yet: about to be sent', () => {
    expect(queueStatus([photo('waiting')], true)).toEqual({ key: 'waiting', count: 1 });
  });
});

describe('one upload at a time, oldest first', () => {
  it('picks the oldest waiting photo', () => {
    const a = photo('waiting');
    const b = photo('waiting');
    expect(nextToUpload([b, a])?.id).toBe(a.id);
  });
  it('waits while one is uploading', () => {
    expect(nextToUpload([photo('uploading'), photo('waiting')])).toBeNull();
  });
  it('never picks failed or sent photos', () => {
    expect(nextToUpload([photo('failed'), photo('processing'), photo('ready')])).toBeNull();
  });
});

describe('after a reload', () => {
  it('resumes interrupted uploads, keeps polling sent ones and drops settled ones', () => {
    const uploading = photo('uploading');
    const processing = photo('processing', { photoId: 'x' });
    const ready = photo('ready');
    const { keep, drop } = restoreAfterReload([processing, ready, uploading]);
    expect(drop).toEqual([ready.id]);
    // Oldest first: the interrupted upload goes back to waiting (tus resumes it from the server's offset).
    expect(keep.map((p) => [p.id, p.state])).toEqual([
      [uploading.id, 'waiting'],
      [processing.id, 'processing'],
    ]);
    expect(isSettled(ready)).toBe(true);
    expect(isSettled(processing)).toBe(false);
  });

  it('keeps the queue in a store across sessions (memory store stands in for IndexedDB)', async () => {
    const store = createMemoryStore();
    const p = photo('waiting');
    await store.put(p);
    await store.put({ ...p, state: 'uploading' });
    expect((await store.all()).map((x) => x.state)).toEqual(['uploading']);
    const { keep } = restoreAfterReload(await store.all());
    expect(keep[0]?.state).toBe('waiting');
    await store.remove(p.id);
    expect(await store.all()).toEqual([]);
  });
});

describe('progress', () => {
  it('is a share between 0 and 1', () => {
    expect(progressShare(0, 0)).toBe(0);
    expect(progressShare(50, 200)).toBe(0.25);
    expect(progressShare(300, 200)).toBe(1);
  });
});
