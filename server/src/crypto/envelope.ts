// Envelope encryption of stored blobs (photos, documents). The only module
// that uses node:crypto for data encryption.
//
// Each blob gets its own random 256-bit data key. The content is sealed with
// AES-256-GCM under that data key; the data key is sealed (wrapped) with
// AES-256-GCM under the master key. The wrapped key is small (69 bytes) and
// lives in the blob's database row; the ciphertext lives in the blob store.
// Rotating the master key only rewraps data keys (rewrapKey): the content is
// never re-encrypted.
//
// Formats (version byte first, so a later format can coexist):
//   wrapped key: 0x01 | keyId (8) | iv (12) | sealed data key (32) | tag (16)
//   ciphertext:  0x01 | iv (12) | sealed content | tag (16)
// The version and key id are authenticated as additional data.
//
// No streaming decryption: GCM authenticates only at the end, so a stream
// would release unverified plaintext. Blobs are at most ~40 MB (photos), so
// decrypting a whole buffer in memory is acceptable.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { AppError } from '../errors/app-error.ts';

/** A loaded master key. The key material is a KeyObject so it never shows up in logs. */
export interface MasterKey {
  /** 16 hex characters derived from the key (not secret); recorded in every wrapped key. */
  readonly keyId: string;
  readonly key: KeyObject;
}

/** One master key, or several during a rotation (any of them may unwrap). */
export type MasterKeyring = MasterKey | readonly MasterKey[];

export interface EncryptedBlob {
  ciphertext: Buffer;
  /** To store beside the blob's row; needed (with the master key) to decrypt. */
  wrappedKey: Buffer;
  /** Id of the master key that wrapped the data key. */
  keyId: string;
}

const FORMAT_VERSION = 0x01;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_BYTES = 8;
const WRAPPED_KEY_BYTES = 1 + KEY_ID_BYTES + IV_BYTES + KEY_BYTES + TAG_BYTES;
const CIPHERTEXT_HEADER_BYTES = 1 + IV_BYTES;
// Domain separation: a wrapped key can never be mistaken for a content blob.
const WRAP_CONTEXT = Buffer.from('dermlink/data-key/v1');
const CONTENT_CONTEXT = Buffer.from('dermlink/blob/v1');
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

/** A new random master key, base64 (the form MASTER_KEY expects). */
export function generateMasterKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** Parses a base64 master key of exactly 32 bytes; throws a message saying how to make one otherwise. */
export function loadMasterKey(base64: string): MasterKey {
  const trimmed = base64.trim();
  if (!BASE64_32_BYTES.test(trimmed)) {
    throw new AppError(
      'internal',
      'The master key must be 32 random bytes in base64 (44 characters ending with "="); ' +
        'generate one with: node -e "console.log(require(\'node:crypto\').randomBytes(32).toString(\'base64\'))"',
    );
  }
  const raw = Buffer.from(trimmed, 'base64');
  const keyId = createHmac('sha256', raw).update('dermlink/master-key-id').digest().subarray(0, KEY_ID_BYTES).toString('hex');
  const key = createSecretKey(raw);
  raw.fill(0);
  return { keyId, key };
}

/** Encrypts content under a fresh data key, wrapped with the master key. */
export function encryptBlob(masterKey: MasterKey, plaintext: Uint8Array): EncryptedBlob {
  const dataKey = randomBytes(KEY_BYTES);
  try {
    const iv = randomBytes(IV_BYTES);
    const header = Buffer.concat([Buffer.of(FORMAT_VERSION), iv]);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.concat([CONTENT_CONTEXT, header]));
    const ciphertext = Buffer.concat([header, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { ciphertext, wrappedKey: wrapDataKey(masterKey, dataKey), keyId: masterKey.keyId };
  } finally {
    dataKey.fill(0);
  }
}

/** Decrypts a blob; throws if the content, the wrapped key or the master key is not the right one. */
export function decryptBlob(masterKeys: MasterKeyring, ciphertext: Uint8Array, wrappedKey: Uint8Array): Buffer {
  if (ciphertext.length < CIPHERTEXT_HEADER_BYTES + TAG_BYTES || ciphertext[0] !== FORMAT_VERSION) {
    throw new AppError('internal', 'The encrypted blob is too short or of an unknown format version.');
  }
  const dataKey = unwrapDataKey(masterKeys, wrappedKey);
  try {
    const bytes = Buffer.from(ciphertext.buffer, ciphertext.byteOffset, ciphertext.byteLength);
    const header = bytes.subarray(0, CIPHERTEXT_HEADER_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', dataKey, header.subarray(1), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.concat([CONTENT_CONTEXT, header]));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(CIPHERTEXT_HEADER_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch (error) {
    throw new AppError('internal', 'The encrypted blob failed authentication: it was altered or belongs to another key.', {
      cause: error,
    });
  } finally {
    dataKey.fill(0);
  }
}

/** Rewraps a data key under a new master key (rotation), leaving the content untouched. */
export function rewrapKey(oldMasterKeys: MasterKeyring, newMasterKey: MasterKey, wrappedKey: Uint8Array): Buffer {
  const dataKey = unwrapDataKey(oldMasterKeys, wrappedKey);
  try {
    return wrapDataKey(newMasterKey, dataKey);
  } finally {
    dataKey.fill(0);
  }
}

/** Id of the master key that wrapped this data key (to find rows still to rotate). */
export function wrappedKeyId(wrappedKey: Uint8Array): string {
  checkWrappedKeyShape(wrappedKey);
  return Buffer.from(wrappedKey.subarray(1, 1 + KEY_ID_BYTES)).toString('hex');
}

/** SHA-256 of some bytes, lowercase hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function wrapDataKey(masterKey: MasterKey, dataKey: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const header = Buffer.concat([Buffer.of(FORMAT_VERSION), Buffer.from(masterKey.keyId, 'hex'), iv]);
  const cipher = createCipheriv('aes-256-gcm', masterKey.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([WRAP_CONTEXT, header]));
  return Buffer.concat([header, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
}

function unwrapDataKey(masterKeys: MasterKeyring, wrappedKey: Uint8Array): Buffer {
  const keyId = wrappedKeyId(wrappedKey);
  const keyring: readonly MasterKey[] = Array.isArray(masterKeys) ? masterKeys : [masterKeys as MasterKey];
  const masterKey = keyring.find((candidate) => candidate.keyId === keyId);
  if (!masterKey) {
    throw new AppError('internal', `The blob's data key was wrapped with master key ${keyId}, which is not loaded.`);
  }
  const bytes = Buffer.from(wrappedKey.buffer, wrappedKey.byteOffset, wrappedKey.byteLength);
  const header = bytes.subarray(0, 1 + KEY_ID_BYTES + IV_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey.key, header.subarray(1 + KEY_ID_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.concat([WRAP_CONTEXT, header]));
    decipher.setAuthTag(bytes.subarray(WRAPPED_KEY_BYTES - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(header.length, WRAPPED_KEY_BYTES - TAG_BYTES)), decipher.final()]);
  } catch (error) {
    throw new AppError('internal', 'The wrapped data key failed authentication: it was altered or the master key is wrong.', {
      cause: error,
    });
  }
}

function checkWrappedKeyShape(wrappedKey: Uint8Array): void {
  if (wrappedKey.length !== WRAPPED_KEY_BYTES || wrappedKey[0] !== FORMAT_VERSION) {
    throw new AppError('internal', `A wrapped data key must be ${WRAPPED_KEY_BYTES} bytes of format version ${FORMAT_VERSION}.`);
  }
}
