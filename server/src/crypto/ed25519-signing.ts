// Ed25519 signatures (documents that anyone may verify: prescriptions). The
// only module that uses node:crypto for signing. Keys travel as DER: PKCS#8 for
// the private key (what PRESCRIPTION_SIGNING_KEY holds, base64) and SPKI for
// the public key. A key id names a public key (first 8 bytes of its SHA-256, in
// hex) so that signatures made before a rotation still find their key.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { decryptBlob, encryptBlob, type MasterKey, type MasterKeyring } from './envelope.ts';

export const ED25519_SIGNATURE_BYTES = 64;

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
  /** SPKI DER. */
  publicKey: Buffer;
}

export function signingKeyIdOf(publicKeySpki: Uint8Array): string {
  return createHash('sha256').update(publicKeySpki).digest().subarray(0, 8).toString('hex');
}

function fromPrivateKey(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new AppError('internal', 'The signing key must be an Ed25519 key.');
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { keyId: signingKeyIdOf(publicKey), privateKey, publicKey };
}

/** A new Ed25519 key pair. */
export function generateSigningKey(): SigningKey {
  return fromPrivateKey(generateKeyPairSync('ed25519').privateKey);
}

/** Parses a base64 PKCS#8 Ed25519 private key (PRESCRIPTION_SIGNING_KEY); throws a message saying how to make one. */
export function loadSigningKey(pkcs8Base64: string): SigningKey {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(pkcs8Base64.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new AppError(
      'internal',
      'The signing key must be an Ed25519 private key, PKCS#8 DER in base64; generate one with: ' +
        `node -e "console.log(require('node:crypto').generateKeyPairSync('ed25519').privateKey.export({format:'der',type:'pkcs8'}).toString('base64'))"`,
      { cause: error },
    );
  }
  return fromPrivateKey(key);
}

/** The PKCS#8 DER of a private key (to seal it for storage). */
export function exportPrivateKey(key: SigningKey): Buffer {
  return key.privateKey.export({ format: 'der', type: 'pkcs8' });
}

/** Seals a private key under the master key (envelope encryption) for storage in the database. */
export function sealSigningKey(masterKey: MasterKey, key: SigningKey): { ciphertext: Buffer; wrappedKey: Buffer } {
  const der = exportPrivateKey(key);
  try {
    const { ciphertext, wrappedKey } = encryptBlob(masterKey, der);
    return { ciphertext, wrappedKey };
  } finally {
    der.fill(0);
  }
}

export function openSigningKey(masterKeys: MasterKeyring, ciphertext: Uint8Array, wrappedKey: Uint8Array): SigningKey {
  const der = decryptBlob(masterKeys, ciphertext, wrappedKey);
  try {
    return fromPrivateKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  } finally {
    der.fill(0);
  }
}

export function signBytes(key: SigningKey, payload: Uint8Array): Buffer {
  return sign(null, payload, key.privateKey);
}

/** True only for a valid Ed25519 signature of exactly these bytes by this public key. */
export function verifySignature(publicKeySpki: Uint8Array, payload: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
  try {
    const publicKey = createPublicKey({ key: Buffer.from(publicKeySpki), format: 'der', type: 'spki' });
    return verify(null, payload, publicKey, signature);
  } catch {
    return false;
  }
}
