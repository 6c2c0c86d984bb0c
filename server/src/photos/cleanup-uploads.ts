// Unfinished uploads are removed UNFINISHED_UPLOAD_TTL_MS (24 h) after they
// were created: their rows and their temporary files. Run every hour by
// services.ts; tests call it directly with a moved clock.
import type { Kysely } from 'kysely';
import type { Clock } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { UNFINISHED_UPLOAD_TTL_MS } from '../../../contracts/photos/uploads.ts';
import type { UploadFiles } from './upload-files.ts';

export const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;

export async function cleanupStaleUploads(deps: { db: Kysely<DB>; uploads: UploadFiles; clock: Clock }): Promise<{ removed: number }> {
  const cutoff = new Date(deps.clock.now().getTime() - UNFINISHED_UPLOAD_TTL_MS);
  const stale = await deps.db
    .deleteFrom('photo_uploads')
    .where('completed_at', 'is', null)
    .where('created_at', '<', cutoff)
    .returning('id')
    .execute();
  await Promise.allSettled(stale.map((row) => deps.uploads.remove(row.id)));
  return { removed: stale.length };
}
