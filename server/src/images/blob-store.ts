// Where blob bytes live. BlobStore stores opaque bytes under a key and knows
// nothing of their content (callers encrypt: see encrypted-blobs.ts).
// FileBlobStore keeps them on disk under a root folder (DATA_DIR/blobs),
// sharded by the first characters of the key so that no folder grows huge,
// and writes atomically: a reader sees the old file or the new one, never
// half of one.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors/app-error.ts';

export interface BlobStore {
  /** Stores the bytes under the key, replacing any previous ones. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The stored bytes; AppError 'not_found' when there are none. */
  get(key: string): Promise<Buffer>;
  /** Removes the bytes; does nothing when there are none. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

// Lowercase only, so that keys stay distinct on case-insensitive file systems;
// no dots or slashes, so that a key can never leave the root folder.
const BLOB_KEY = /^[a-z0-9_-]{8,128}$/;

export class FileBlobStore implements BlobStore {
  readonly rootDir: string;

  constructor(rootDir: string) {
    this.rootDir = path.resolve(rootDir);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    const dir = path.dirname(target);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = path.join(dir, `.${key}.${randomUUID()}.tmp`);
    try {
      const file = await open(temp, 'wx', 0o600);
      try {
        await file.writeFile(bytes);
        // Durable before it becomes visible: a crash leaves no empty blob behind.
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await syncDirectory(dir);
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isMissing(error)) throw new AppError('not_found', 'The stored file does not exist.');
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  /** root/ab/cd/abcd…: two levels of 256 folders each for hex keys. */
  private pathOf(key: string): string {
    if (!BLOB_KEY.test(key)) {
      throw new AppError('internal', 'A blob key must be 8 to 128 characters among a-z, 0-9, "_" and "-".');
    }
    return path.join(this.rootDir, key.slice(0, 2), key.slice(2, 4), key);
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable. Not possible on every platform (Windows), so best effort.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The data is written; only the crash-durability of the rename is weaker.
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
