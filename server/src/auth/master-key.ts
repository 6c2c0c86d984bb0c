// The master key that seals TOTP secrets (through server/src/crypto/envelope.ts,
// AES-256-GCM envelope: a data key per secret, wrapped by the master key).
// Same source as the photos' key (server/src/photos/master-key.ts): MASTER_KEY
// from the environment, else DATA_DIR/master.key (created on first use, 0600)
// in development. During a rotation, the previous key (MASTER_KEY_PREVIOUS or
// DATA_DIR/master.key.old) still opens secrets; rewrapTotpSecrets moves them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { generateMasterKey, loadMasterKey, rewrapKey, wrappedKeyId, type MasterKey } from '../crypto/envelope.ts';

type KeyConfig = Pick<Config, 'masterKey' | 'dataDir' | 'env'> & { masterKeyPrevious?: string };

// Parsed keys by their base64 text (already held in the config or the file).
const cache = new Map<string, MasterKey>();
function cached(base64: string): MasterKey {
  let key = cache.get(base64);
  if (!key) cache.set(base64, (key = loadMasterKey(base64)));
  return key;
}

function readIfExists(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null;
}

/** The key new secrets are sealed with. */
export function authMasterKey(config: KeyConfig): MasterKey {
  if (config.masterKey) return cached(config.masterKey.trim());
  if (config.env === 'production') throw new Error('MASTER_KEY is required in production');
  const file = path.join(config.dataDir, 'master.key');
  let base64 = readIfExists(file);
  if (!base64) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, generateMasterKey() + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    base64 = readIfExists(file)!;
  }
  return cached(base64);
}

/** Every key that may open a sealed secret: the current one first, then any previous one. */
export function authMasterKeyring(config: KeyConfig): MasterKey[] {
  const keys = [authMasterKey(config)];
  const previous = config.masterKeyPrevious ?? readIfExists(path.join(config.dataDir, 'master.key.old'));
  if (previous) {
    const old = cached(previous.trim());
    if (old.keyId !== keys[0]!.keyId) keys.push(old);
  }
  return keys;
}

/** For master key rotation: rewraps every TOTP secret's data key to newKey. */
export async function rewrapTotpSecrets(db: Kysely<DB>, oldKeys: readonly MasterKey[], newKey: MasterKey): Promise<number> {
  const rows = await db.selectFrom('user_totp').select(['id', 'secret_wrapped_key']).execute();
  let changed = 0;
  for (const row of rows) {
    if (wrappedKeyId(row.secret_wrapped_key) === newKey.keyId) continue;
    const rewrapped = rewrapKey([newKey, ...oldKeys], newKey, row.secret_wrapped_key);
    await db.updateTable('user_totp').set({ secret_wrapped_key: rewrapped }).where('id', '=', row.id).execute();
    changed++;
  }
  return changed;
}
