import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  decryptBlob,
  encryptBlob,
  generateMasterKey,
  loadMasterKey,
  rewrapKey,
  sha256,
  wrappedKeyId,
} from './envelope.ts';

const masterKey = loadMasterKey(generateMasterKey());
const otherMasterKey = loadMasterKey(generateMasterKey());
const content = randomBytes(100_000);

describe('master keys', () => {
  it('loads a base64 key of 32 bytes and derives a stable, non-secret id', () => {
    const encoded = generateMasterKey();
    const a = loadMasterKey(encoded);
    const b = loadMasterKey(`  ${encoded}\n`);
    expect(a.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(b.keyId).toBe(a.keyId);
    expect(a.keyId).not.toBe(masterKey.keyId);
    expect(inspect(a)).not.toContain(encoded);
  });

  it.each([
    ['empty', ''],
    ['too short', randomBytes(16).toString('base64')],
    ['too long', randomBytes(48).toString('base64')],
    ['hex', randomBytes(32).toString('hex')],
    ['base64 with junk', `${generateMasterKey().slice(0, 40)}!!!=`],
  ])('refuses a %s key with a message saying how to make one', (_label, value) => {
    expect(() => loadMasterKey(value)).toThrow(/32 random bytes in base64.*randomBytes\(32\)/);
  });
});

describe('envelope encryption', () => {
  it('round-trips, with a fresh data key and IV per blob', () => {
    const first = encryptBlob(masterKey, content);
    const second = encryptBlob(masterKey, content);
    expect(first.keyId).toBe(masterKey.keyId);
    expect(wrappedKeyId(first.wrappedKey)).toBe(masterKey.keyId);
    expect(first.wrappedKey).toHaveLength(69);
    expect(first.ciphertext).toHaveLength(content.length + 1 + 12 + 16);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
    expect(first.wrappedKey.equals(second.wrappedKey)).toBe(false);
    expect(decryptBlob(masterKey, first.ciphertext, first.wrappedKey).equals(content)).toBe(true);
    expect(decryptBlob(masterKey, second.ciphertext, second.wrappedKey).equals(content)).toBe(true);
  });

  it('round-trips empty content', () => {
    const sealed = encryptBlob(masterKey, new Uint8Array(0));
    expect(decryptBlob(masterKey, sealed.ciphertext, sealed.wrappedKey)).toHaveLength(0);
  });

  it('fails with another master key', () => {
    const sealed = encryptBlob(masterKey, content);
    expect(() => decryptBlob(otherMasterKey, sealed.ciphertext, sealed.wrappedKey)).toThrow(/not loaded/);
  });

  it('fails when the ciphertext, its tag or its header is altered', () => {
    const sealed = encryptBlob(masterKey, content);
    for (const offset of [0, 5, 500, sealed.ciphertext.length - 1]) {
      const tampered = Buffer.from(sealed.ciphertext);
      tampered[offset] = tampered[offset]! ^ 0x01;
      expect(() => decryptBlob(masterKey, tampered, sealed.wrappedKey)).toThrow();
    }
    expect(() => decryptBlob(masterKey, sealed.ciphertext.subarray(0, 20), sealed.wrappedKey)).toThrow();
  });

  it('fails when the wrapped key is altered or belongs to another blob', () => {
    const sealed = encryptBlob(masterKey, content);
    const other = encryptBlob(masterKey, content);
    for (const offset of [10, 30, 68]) {
      const tampered = Buffer.from(sealed.wrappedKey);
      tampered[offset] = tampered[offset]! ^ 0x01;
      expect(() => decryptBlob(masterKey, sealed.ciphertext, tampered)).toThrow(/failed authentication/);
    }
    expect(() => decryptBlob(masterKey, sealed.ciphertext, other.wrappedKey)).toThrow(/failed authentication/);
  });

  it('rewraps a data key for a new master key without touching the content', () => {
    const sealed = encryptBlob(masterKey, content);
    const rewrapped = rewrapKey(masterKey, otherMasterKey, sealed.wrappedKey);
    expect(wrappedKeyId(rewrapped)).toBe(otherMasterKey.keyId);
    expect(decryptBlob(otherMasterKey, sealed.ciphertext, rewrapped).equals(content)).toBe(true);
    expect(() => decryptBlob(masterKey, sealed.ciphertext, rewrapped)).toThrow(/not loaded/);
    // During a rotation both keys are loaded and either wrapping works.
    const keyring = [otherMasterKey, masterKey];
    expect(decryptBlob(keyring, sealed.ciphertext, sealed.wrappedKey).equals(content)).toBe(true);
    expect(decryptBlob(keyring, sealed.ciphertext, rewrapped).equals(content)).toBe(true);
  });
});

describe('sha256', () => {
  it('hashes to lowercase hex', () => {
    expect(sha256(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
