import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateMasterKey, loadMasterKey } from '../crypto/envelope.ts';
import { FileBlobStore } from './blob-store.ts';
import { EncryptedBlobs } from './encrypted-blobs.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../../shared/fixtures/images');

let rootDir: string;
let store: FileBlobStore;
beforeEach(async () => {
  rootDir = await mkdtemp(path.join(tmpdir(), 'dermlink-blobs-'));
  store = new FileBlobStore(rootDir);
});
afterEach(() => rm(rootDir, { recursive: true, force: true }));

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('FileBlobStore', () => {
  it('puts, gets, replaces and deletes bytes in sharded folders, leaving no temporary file', async () => {
    const key = '0123456789abcdef0123456789abcdef';
    expect(await store.exists(key)).toBe(false);
    await store.put(key, Buffer.from('first'));
    await store.put(key, Buffer.from('second'));
    expect(await store.exists(key)).toBe(true);
    expect((await store.get(key)).toString()).toBe('second');
    expect(await listFiles(rootDir)).toEqual([path.join('01', '23', key)]);
    await store.delete(key);
    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
    await expect(store.get(key)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses keys that could leave the root folder or collide on case-insensitive disks', async () => {
    for (const key of ['../../etc/passwd', 'abc/defghij', 'ABCDEF0123456789', 'short', '..........']) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/blob key/);
    }
  });

  it('writes concurrently to the same key without tearing', async () => {
    const key = 'concurrent-key-1';
    const versions = Array.from({ length: 8 }, (_, i) => Buffer.alloc(64 * 1024, i));
    await Promise.all(versions.map((bytes) => store.put(key, bytes)));
    const stored = await store.get(key);
    expect(versions.some((v) => v.equals(stored))).toBe(true);
    expect(await listFiles(rootDir)).toHaveLength(1);
  });
});

describe('EncryptedBlobs', () => {
  it('stores a photo encrypted on disk and decrypts it only with its key', async () => {
    const masterKey = loadMasterKey(generateMasterKey());
    const blobs = new EncryptedBlobs(store, masterKey);
    const photo = await readFile(path.join(fixtures, 'gps/DSCN0010.jpg'));

    const stored = await blobs.putEncrypted(photo);
    expect(stored.blobKey).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.size).toBe(photo.length);
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.keyId).toBe(masterKey.keyId);

    const [onDiskPath] = await listFiles(rootDir);
    const onDisk = await readFile(path.join(rootDir, onDiskPath!));
    // Not an image: no JPEG, PNG, WebP or ISO-BMFF signature, and the EXIF text is not visible.
    expect(onDisk.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    expect(onDisk.subarray(0, 4).toString('latin1')).not.toBe('RIFF');
    expect(onDisk.subarray(1, 4).toString('latin1')).not.toBe('PNG');
    expect(onDisk.subarray(4, 8).toString('latin1')).not.toBe('ftyp');
    expect(onDisk.includes(Buffer.from('Exif'))).toBe(false);
    expect(onDisk.includes(photo.subarray(1000, 1032))).toBe(false);

    expect((await blobs.getDecrypted(stored.blobKey, stored.wrappedKey)).equals(photo)).toBe(true);
    const stranger = new EncryptedBlobs(store, loadMasterKey(generateMasterKey()));
    await expect(stranger.getDecrypted(stored.blobKey, stored.wrappedKey)).rejects.toThrow();

    await blobs.delete(stored.blobKey);
    expect(await listFiles(rootDir)).toEqual([]);
  });

  it('keeps decrypting blobs of an older master key after a rotation', async () => {
    const oldKey = loadMasterKey(generateMasterKey());
    const newKey = loadMasterKey(generateMasterKey());
    const stored = await new EncryptedBlobs(store, oldKey).putEncrypted(Buffer.from('before rotation'));
    const rotated = new EncryptedBlobs(store, newKey, [oldKey]);
    expect((await rotated.getDecrypted(stored.blobKey, stored.wrappedKey)).toString()).toBe('before rotation');
    expect((await rotated.putEncrypted(Buffer.from('after'))).keyId).toBe(newKey.keyId);
  });
});
