// Where the master key comes from: MASTER_KEY (base64, 32 bytes) from the
// environment, or, for the embedded default, DATA_DIR/master.key, generated
// on first start (mode 0600) with a warning. During a rotation of the embedded
// key (npm run keys:rotate) the previous key waits in master.key.old, and both
// are loaded so that every blob stays readable until the rotation ends; with
// keys from the environment, MASTER_KEY_PREVIOUS plays that part.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateMasterKey, loadMasterKey, type MasterKey } from '../crypto/envelope.ts';
import type { Config } from '../config.ts';

export interface MasterKeys {
  current: MasterKey;
  /** Keys that may still have wrapped some data keys (a rotation in progress). */
  older: MasterKey[];
  source: 'environment' | 'file';
  /** What to print at start (a warning when the key lives beside the data). */
  note: string | null;
}

export const masterKeyFile = (dataDir: string) => path.join(dataDir, 'master.key');
export const oldMasterKeyFile = (dataDir: string) => path.join(dataDir, 'master.key.old');

export async function readKeyFile(file: string): Promise<string | null> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function writeKeyFile(file: string, base64: string): Promise<void> {
  await writeFile(file, `${base64}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

export async function loadMasterKeys(config: Pick<Config, 'masterKey' | 'masterKeyPrevious' | 'dataDir'>): Promise<MasterKeys> {
  const older: MasterKey[] = [];
  if (config.masterKeyPrevious) older.push(loadMasterKey(config.masterKeyPrevious));
  const oldFile = await readKeyFile(oldMasterKeyFile(config.dataDir));
  if (config.masterKey) {
    const current = loadMasterKey(config.masterKey);
    if (oldFile) older.push(loadMasterKey(oldFile));
    return { current, older: older.filter((k) => k.keyId !== current.keyId), source: 'environment', note: null };
  }
  const file = masterKeyFile(config.dataDir);
  let base64 = await readKeyFile(file);
  let created = false;
  if (!base64) {
    base64 = generateMasterKey();
    await writeKeyFile(file, base64);
    created = true;
  }
  const current = loadMasterKey(base64);
  if (oldFile) older.push(loadMasterKey(oldFile));
  return {
    current,
    older: older.filter((k) => k.keyId !== current.keyId),
    source: 'file',
    note:
      `  WARNING: photos are encrypted with a master key ${created ? 'just generated in' : 'read from'} ${file}, beside the data. ` +
      'Set MASTER_KEY (32 random bytes, base64) from a secret store in production, and back it up: without it no photo can be read.',
  };
}
