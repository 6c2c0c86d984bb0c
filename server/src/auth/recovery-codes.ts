// Ten single-use recovery codes, shown once, stored as SHA-256 hashes (each
// code carries 60 random bits, so a fast hash is enough; guessing online is
// bounded by the account lockout).
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { RECOVERY_CODE_COUNT } from '../../../contracts/auth/rules.ts';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i

function randomCode(): string {
  const bytes = randomBytes(12);
  let s = '';
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return `${s.slice(0, 6)}-${s.slice(6)}`;
}

export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');
export const hashRecoveryCode = (code: string) => createHash('sha256').update(`dermlink/recovery/${normaliseRecoveryCode(code)}`).digest('hex');

/** Replaces the user's codes with a new set; returns them in clear (show once). */
export async function replaceRecoveryCodes(db: Kysely<DB>, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, randomCode);
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db.insertInto('recovery_codes').values(codes.map((c) => ({ user_id: userId, code_hash: hashRecoveryCode(c) }))).execute();
  return codes;
}

export async function remainingRecoveryCodes(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirst();
  return Number(row?.n ?? 0);
}
