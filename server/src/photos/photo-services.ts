// The long-lived parts of the photo feature, created once per set of Services
// (main.ts through services.ts, or a test app on first use): the master
// key(s), the encrypted blob store, the temporary upload files and the
// processing queue.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Services } from '../context.ts';
import { createLogger } from '../logger.ts';
import { FileBlobStore } from '../images/blob-store.ts';
import { EncryptedBlobs } from '../images/encrypted-blobs.ts';
import { loadMasterKeys, type MasterKeys } from './master-key.ts';
import { PhotoProcessor } from './processing.ts';
import { UploadFiles } from './upload-files.ts';

export interface PhotoServices {
  keys: MasterKeys;
  blobs: EncryptedBlobs;
  uploads: UploadFiles;
  processor: PhotoProcessor;
}

const SERVICE_NAME = 'photos';
const pending = new WeakMap<Services, Promise<PhotoServices>>();

export function getPhotoServices(services: Services): Promise<PhotoServices> {
  const existing = services[SERVICE_NAME] as PhotoServices | undefined;
  if (existing) return Promise.resolve(existing);
  let promise = pending.get(services);
  if (!promise) {
    promise = createPhotoServices(services).then(
      (created) => {
        services[SERVICE_NAME] = created;
        pending.delete(services);
        return created;
      },
      (error: unknown) => {
        pending.delete(services);
        throw error;
      },
    );
    pending.set(services, promise);
  }
  return promise;
}

async function createPhotoServices(services: Services): Promise<PhotoServices> {
  const { config } = services;
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const keys = await loadMasterKeys(config);
  const blobs = new EncryptedBlobs(new FileBlobStore(path.join(config.dataDir, 'blobs')), keys.current, keys.older);
  const uploadDir = path.join(config.dataDir, 'uploads');
  await mkdir(uploadDir, { recursive: true, mode: 0o700 });
  const uploads = new UploadFiles(uploadDir);
  const log = createLogger(config.logLevel).child({ component: 'photos' });
  const processor = new PhotoProcessor({ db: services.database.db, blobs, uploads, clock: services.clock, log, services });
  return { keys, blobs, uploads, processor };
}
