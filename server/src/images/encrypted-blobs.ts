// Encrypted blob storage: every blob is envelope-encrypted (crypto/envelope.ts)
// before it reaches the BlobStore, so files on disk or in a backup are
// useless without the master key. The caller keeps what putEncrypted returns
// (blob key, wrapped key, key id, digest, size) in the blob's database row.
import { randomBytes } from 'node:crypto';
import { decryptBlob, encryptBlob, sha256, type MasterKey } from '../crypto/envelope.ts';
import type { BlobStore } from './blob-store.ts';

export interface StoredBlob {
  /** Random key of the encrypted bytes in the BlobStore. */
  blobKey: string;
  /** The blob's data key wrapped by the master key: store it beside the row. */
  wrappedKey: Buffer;
  /** Id of the master key that wrapped it (to find rows still to rotate). */
  keyId: string;
  /** SHA-256 of the plaintext, lowercase hex. */
  sha256: string;
  /** Size of the plaintext in bytes. */
  size: number;
}

export class EncryptedBlobs {
  readonly #store: BlobStore;
  readonly #currentKey: MasterKey;
  readonly #keyring: readonly MasterKey[];

  /** New blobs use currentKey; blobs wrapped by an older key still decrypt until rewrapped. */
  constructor(store: BlobStore, currentKey: MasterKey, olderKeys: readonly MasterKey[] = []) {
    this.#store = store;
    this.#currentKey = currentKey;
    this.#keyring = [currentKey, ...olderKeys];
  }

  async putEncrypted(bytes: Uint8Array): Promise<StoredBlob> {
    // Random rather than content-addressed: equal photos of two patients must not share a file.
    const blobKey = randomBytes(16).toString('hex');
    const { ciphertext, wrappedKey, keyId } = encryptBlob(this.#currentKey, bytes);
    await this.#store.put(blobKey, ciphertext);
    return { blobKey, wrappedKey, keyId, sha256: sha256(bytes), size: bytes.byteLength };
  }

  async getDecrypted(blobKey: string, wrappedKey: Uint8Array): Promise<Buffer> {
    return decryptBlob(this.#keyring, await this.#store.get(blobKey), wrappedKey);
  }

  async delete(blobKey: string): Promise<void> {
    await this.#store.delete(blobKey);
  }
}
