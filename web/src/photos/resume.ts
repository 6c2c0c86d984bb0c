// Call once at app start (after sign-in is known): when photos were left
// waiting by a previous visit (closed tab, reload, lost network), loads the
// upload queue and resumes them. Costs one IndexedDB read otherwise; the queue
// code (tus-js-client) stays out of the first download.
export async function resumePendingPhotoUploads(): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const count = await new Promise<number>((resolve) => {
    const open = indexedDB.open('dermlink-photos', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('pending', { keyPath: 'id' });
    open.onerror = () => resolve(0);
    open.onsuccess = () => {
      const db = open.result;
      try {
        const req = db.transaction('pending', 'readonly').objectStore('pending').count();
        req.onsuccess = () => {
          resolve(req.result);
          db.close();
        };
        req.onerror = () => resolve(0);
      } catch {
        resolve(0);
      }
    };
  });
  if (count === 0) return;
  const { getUploadQueue } = await import('./upload-queue.ts');
  await getUploadQueue().start();
}
