// What the photo feature starts beside the HTTP server (services.ts): the
// processing queue picks up photos a previous run left unfinished, and the
// hourly clean-up of abandoned uploads.
import type { Services } from '../context.ts';
import { CLEANUP_INTERVAL_MS, cleanupStaleUploads } from './cleanup-uploads.ts';
import { getPhotoServices } from './photo-services.ts';

export async function startPhotoServices(services: Services): Promise<{ notes: string[]; stop: () => Promise<void> }> {
  const photos = await getPhotoServices(services);
  const deps = { db: services.database.db, uploads: photos.uploads, clock: services.clock };
  const resumed = await photos.processor.resumePending();
  await cleanupStaleUploads(deps).catch(() => undefined);
  const timer = setInterval(() => void cleanupStaleUploads(deps).catch(() => undefined), CLEANUP_INTERVAL_MS);
  timer.unref();
  const notes: string[] = [];
  if (photos.keys.note) notes.push(photos.keys.note);
  if (photos.keys.older.length) notes.push('  master key rotation in progress (run npm run keys:rotate to finish it)');
  if (resumed) notes.push(`  photos: resumed processing of ${resumed} photo(s)`);
  return {
    notes,
    stop: async () => {
      clearInterval(timer);
      await photos.processor.stop();
    },
  };
}
