// What a prescription's signature covers, and the verification code.
//
// Signed payload (UTF-8, one field a line, none of which can hold a newline):
//   dermlink-prescription/v1
//   <prescription id>
//   <prescriber user id>
//   <prescriber professional id, or empty>
//   <issued at, ISO 8601 UTC with milliseconds>
//   <items digest: SHA-256 hex of the items' canonical JSON>
// Canonical JSON: object keys sorted, no insignificant whitespace, so the same
// items always give the same digest whatever order they were built in.
//
// Verification code (what the QR code's URL carries, no patient data):
//   base64url( 0x01 | prescription id (16 bytes) | Ed25519 signature (64 bytes) )
import { sha256 } from '../crypto/envelope.ts';
import { ED25519_SIGNATURE_BYTES } from '../crypto/ed25519-signing.ts';
import type { PrescriptionItem } from '../../../contracts/prescriptions/index.ts';

const PAYLOAD_HEADER = 'dermlink-prescription/v1';
const CODE_VERSION = 0x01;
const UUID_BYTES = 16;
const CODE_BYTES = 1 + UUID_BYTES + ED25519_SIGNATURE_BYTES;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonical JSON has no place for non-finite numbers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function itemsDigest(items: readonly PrescriptionItem[]): string {
  return sha256(Buffer.from(canonicalJson(items), 'utf8'));
}

export interface SignedFields {
  id: string;
  prescriberUserId: string;
  prescriberProfessionalId: string | null;
  issuedAt: Date;
  itemsDigest: string;
}

export function signedPayload(f: SignedFields): Buffer {
  const lines = [PAYLOAD_HEADER, f.id.toLowerCase(), f.prescriberUserId.toLowerCase(), f.prescriberProfessionalId ?? '', f.issuedAt.toISOString(), f.itemsDigest];
  if (lines.some((line) => /[\r\n]/.test(line))) throw new Error('a signed field cannot hold a line break');
  return Buffer.from(lines.join('\n'), 'utf8');
}

export function encodeVerificationCode(id: string, signature: Uint8Array): string {
  if (!UUID.test(id.toLowerCase()) || signature.length !== ED25519_SIGNATURE_BYTES) throw new Error('bad prescription id or signature');
  return Buffer.concat([Buffer.of(CODE_VERSION), Buffer.from(id.replace(/-/g, ''), 'hex'), Buffer.from(signature)]).toString('base64url');
}

/** The id and signature a code carries, or null when it is not a code at all (length, alphabet, version). */
export function decodeVerificationCode(code: string): { id: string; signature: Buffer } | null {
  const trimmed = code.trim();
  if (!/^[A-Za-z0-9_-]+$/.test(trimmed)) return null;
  const bytes = Buffer.from(trimmed, 'base64url');
  // Re-encoding must give the same text: no padding tricks, no trailing bits.
  if (bytes.length !== CODE_BYTES || bytes.toString('base64url') !== trimmed || bytes[0] !== CODE_VERSION) return null;
  const hex = bytes.subarray(1, 1 + UUID_BYTES).toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, signature: Buffer.from(bytes.subarray(1 + UUID_BYTES)) };
}

/** The verification page's address for a code. */
export const verificationUrl = (origin: string, code: string) => `${origin.replace(/\/+$/, '')}/verify/${code}`;
