// What the signature covers (canonical payload, items digest) and the code format.
import { describe, expect, it } from 'vitest';
import type { PrescriptionItem } from '../../../contracts/prescriptions/index.ts';
import { generateSigningKey, signBytes, verifySignature } from '../crypto/ed25519-signing.ts';
import { canonicalJson, decodeVerificationCode, encodeVerificationCode, itemsDigest, signedPayload, verificationUrl } from './canonical.ts';

const item: PrescriptionItem = {
  productCode: 'urea-10pct-cream',
  name: { en: 'Urea', fr: 'Urée' },
  strength: '10%',
  form: 'cream',
  route: 'cutaneous',
  dosage: 'Twice a day',
  durationDays: 30,
  quantity: 2,
  renewals: 1,
};
const fields = {
  id: '0f8b8c1e-5d1a-4c39-9d57-6f8f6e9b2a10',
  prescriberUserId: 'a3c9a0a2-8f7c-4c55-8e1e-0b7d2a3b4c5d',
  prescriberProfessionalId: '10009876540',
  issuedAt: new Date('2026-03-02T10:15:30.123Z'),
  itemsDigest: itemsDigest([item]),
};

describe('canonical payload', () => {
  it('sorts keys at every depth and drops no content', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 'é' }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":"é","z":1}]},"b":1}');
    const reordered = Object.fromEntries(Object.entries(item).reverse()) as unknown as PrescriptionItem;
    expect(itemsDigest([reordered])).toBe(itemsDigest([item]));
    expect(itemsDigest([{ ...item, dosage: 'Twice a day.' }])).not.toBe(itemsDigest([item]));
    expect(itemsDigest([item, { ...item, productCode: 'x' }])).not.toBe(itemsDigest([{ ...item, productCode: 'x' }, item]));
  });

  it('is one field a line under a versioned header', () => {
    expect(signedPayload(fields).toString('utf8')).toBe(
      ['dermlink-prescription/v1', fields.id, fields.prescriberUserId, '10009876540', '2026-03-02T10:15:30.123Z', fields.itemsDigest].join('\n'),
    );
    expect(signedPayload({ ...fields, prescriberProfessionalId: null }).toString('utf8').split('\n')[3]).toBe('');
    expect(() => signedPayload({ ...fields, prescriberProfessionalId: '1\n2' })).toThrow();
  });

  it('signs so that any change of id, prescriber, date or items fails verification', () => {
    const key = generateSigningKey();
    const signature = signBytes(key, signedPayload(fields));
    expect(verifySignature(key.publicKey, signedPayload(fields), signature)).toBe(true);
    for (const changed of [
      { ...fields, id: '0f8b8c1e-5d1a-4c39-9d57-6f8f6e9b2a11' },
      { ...fields, prescriberUserId: fields.id },
      { ...fields, prescriberProfessionalId: '10001234565' },
      { ...fields, issuedAt: new Date('2026-03-02T10:15:30.124Z') },
      { ...fields, itemsDigest: itemsDigest([{ ...item, quantity: 3 }]) },
    ]) {
      expect(verifySignature(key.publicKey, signedPayload(changed), signature)).toBe(false);
    }
    expect(verifySignature(generateSigningKey().publicKey, signedPayload(fields), signature)).toBe(false);
    expect(verifySignature(key.publicKey, signedPayload(fields), signature.subarray(1))).toBe(false);
  });
});

describe('verification code', () => {
  it('round-trips id and signature in 108 base64url characters, and refuses anything else', () => {
    const signature = Buffer.alloc(64, 7);
    const code = encodeVerificationCode(fields.id, signature);
    expect(code).toMatch(/^[A-Za-z0-9_-]{108}$/);
    expect(decodeVerificationCode(code)).toEqual({ id: fields.id, signature });
    expect(verificationUrl('https://dermlink.example/', code)).toBe(`https://dermlink.example/verify/${code}`);
    for (const bad of ['', 'abc', fields.id, code.slice(0, -1), `${code}A`, `${code.slice(0, -2)}==`, `B${code.slice(1)}`, code.replace(/^./, '!')]) {
      expect(decodeVerificationCode(bad), bad).toBeNull();
    }
  });
});
