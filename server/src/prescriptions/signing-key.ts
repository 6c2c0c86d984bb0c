// The key prescriptions are signed with.
// - PRESCRIPTION_SIGNING_KEY set (Ed25519 private key, PKCS#8 DER, base64): that
//   key signs; only its public part is stored, so that what it signed stays
//   verifiable after the variable changes (rotation by the operator).
// - Not set: a key is generated once and stored, the private part sealed with
//   the master key (crypto/envelope.ts), so that every instance signs with the
//   same key. A unique index keeps one current key when instances race.
// Each prescription records the id of the key that signed it.
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { authMasterKey, authMasterKeyring } from '../auth/master-key.ts';
import { rewrapKey, wrappedKeyId, type MasterKey } from '../crypto/envelope.ts';
import { generateSigningKey, loadSigningKey, openSigningKey, sealSigningKey, type SigningKey } from '../crypto/ed25519-signing.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** The environment's key (PRESCRIPTION_SIGNING_KEY, validated with the rest of the configuration). */
export function signingKeyFromEnvironment(ctx: Pick<Ctx, 'services'>): string | undefined {
  const value = ctx.services.config.prescriptionSigningKey;
  return value?.trim() || undefined;
}

// Opened keys by id (environment keys by their text): a private key is parsed or unsealed once per process.
const opened = new Map<string, SigningKey>();

export async function currentSigningKey(ctx: Pick<Ctx, 'services'>, db: Db): Promise<SigningKey> {
  const fromEnv = signingKeyFromEnvironment(ctx);
  if (fromEnv) {
    let key = opened.get(`env:${fromEnv}`);
    if (!key) opened.set(`env:${fromEnv}`, (key = loadSigningKey(fromEnv)));
    await db
      .insertInto('prescription_signing_keys')
      .values({ id: key.keyId, public_key: key.publicKey, source: 'environment' })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return key;
  }
  let row = await currentGeneratedRow(db);
  if (!row) {
    const key = generateSigningKey();
    const sealed = sealSigningKey(authMasterKey(ctx.services.config), key);
    // No conflict target: the partial unique index on the current generated key is what may conflict.
    await sql`insert into prescription_signing_keys (id, public_key, source, private_key_ciphertext, private_key_wrapped_key)
      values (${key.keyId}, ${key.publicKey}, 'generated', ${sealed.ciphertext}, ${sealed.wrappedKey}) on conflict do nothing`.execute(db);
    row = await currentGeneratedRow(db);
    if (!row) throw new Error('no current prescription signing key after creating one');
  }
  let key = opened.get(row.id);
  if (!key) {
    key = openSigningKey(authMasterKeyring(ctx.services.config), row.private_key_ciphertext!, row.private_key_wrapped_key!);
    opened.set(row.id, key);
  }
  return key;
}

function currentGeneratedRow(db: Db) {
  return db
    .selectFrom('prescription_signing_keys')
    .select(['id', 'private_key_ciphertext', 'private_key_wrapped_key'])
    .where('source', '=', 'generated')
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/** Retires the current generated key; the next prescription generates a new one. Old signatures stay verifiable. */
export async function retireGeneratedSigningKey(db: Db, now: Date): Promise<number> {
  const res = await db.updateTable('prescription_signing_keys').set({ retired_at: now }).where('source', '=', 'generated').where('retired_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** For master key rotation (npm run keys:rotate): rewraps the stored private keys' data keys to newKey. */
export async function rewrapPrescriptionSigningKeys(db: Kysely<DB>, oldKeys: readonly MasterKey[], newKey: MasterKey): Promise<number> {
  const rows = await db.selectFrom('prescription_signing_keys').select(['id', 'private_key_wrapped_key']).where('private_key_wrapped_key', 'is not', null).execute();
  let changed = 0;
  for (const row of rows) {
    if (wrappedKeyId(row.private_key_wrapped_key!) === newKey.keyId) continue;
    const rewrapped = rewrapKey([newKey, ...oldKeys], newKey, row.private_key_wrapped_key!);
    await db.updateTable('prescription_signing_keys').set({ private_key_wrapped_key: rewrapped }).where('id', '=', row.id).execute();
    changed++;
  }
  return changed;
}
