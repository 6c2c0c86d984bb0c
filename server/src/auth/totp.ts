// TOTP (RFC 6238, 30 s, 6 digits, SHA-1: what authenticator apps expect) with
// otplib, and the sealed storage of its secret. Codes are checked against the
// app clock (ctx.clock) with one step of tolerance either side, and a step is
// accepted once (replay guard, user_totp.last_used_step).
import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { decryptBlob, encryptBlob } from '../crypto/envelope.ts';
import type { MasterKey, MasterKeyring } from '../crypto/envelope.ts';

export const TOTP_ISSUER = 'DermLink';

export const newTotpSecret = () => generateSecret();

export function totpUri(secret: string, label: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label, secret });
}

export async function totpQrDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

export async function totpCode(secret: string, now: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}

/** The time step the code matched, or null. */
export async function checkTotp(secret: string, code: string, now: Date, afterStep: number | null): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

export function sealSecret(key: MasterKey, secret: string) {
  const sealed = encryptBlob(key, Buffer.from(secret, 'utf8'));
  return { secret_ciphertext: sealed.ciphertext, secret_wrapped_key: sealed.wrappedKey };
}

export function openSecret(key: MasterKeyring, row: { secret_ciphertext: Uint8Array; secret_wrapped_key: Uint8Array }): string {
  return decryptBlob(key, row.secret_ciphertext, row.secret_wrapped_key).toString('utf8');
}
