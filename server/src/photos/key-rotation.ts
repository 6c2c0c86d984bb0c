// Master key rotation: every photo_blobs.wrapped_key is unwrapped with the
// old key and wrapped again with the new one, in batches, each batch in its
// own transaction (a crash leaves every row readable by one of the two keys;
// running again finishes the job). The encrypted content is never touched.
//
// Where the keys come from (scripts/keys-rotate.ts, `npm run keys:rotate`):
// - embedded default (no MASTER_KEY): the server must be stopped (PGlite is
//   one process). The new key (NEW_MASTER_KEY, or a generated one) replaces
//   DATA_DIR/master.key; the old one waits in master.key.old until every row
//   is rewrapped, then is deleted. An interrupted run resumes from those files.
// - MASTER_KEY from the environment: either run with NEW_MASTER_KEY (rewraps to
//   it; then deploy MASTER_KEY=<new>, MASTER_KEY_PREVIOUS=<old> and run again
//   to catch rows the running server wrapped meanwhile), or deploy first with
//   MASTER_KEY=<new>, MASTER_KEY_PREVIOUS=<old> and run without NEW_MASTER_KEY.
import { rm } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import { generateMasterKey, loadMasterKey, rewrapKey, type MasterKey } from '../crypto/envelope.ts';
import type { DB } from '../db/schema.ts';
import { masterKeyFile, oldMasterKeyFile, readKeyFile, writeKeyFile } from './master-key.ts';
import { rewrapTotpSecrets } from '../auth/master-key.ts';
import { rewrapPrescriptionSigningKeys } from '../prescriptions/signing-key.ts';
import { rewrapQueuedMail } from '../mail/mail-queue.ts';

/** Every secret the master key wraps: photo blob keys, TOTP secrets, the generated prescription signing key, queued emails. */
async function rewrapEverything(
  db: Kysely<DB>,
  oldKeys: readonly MasterKey[],
  newKey: MasterKey,
  opts: { batchSize?: number; onBatch?: (done: number) => void },
): Promise<number> {
  const blobs = await rewrapBlobKeys(db, oldKeys, newKey, opts);
  const totp = await rewrapTotpSecrets(db, oldKeys, newKey);
  const signing = await rewrapPrescriptionSigningKeys(db, oldKeys, newKey);
  const mail = await rewrapQueuedMail(db, oldKeys, newKey);
  return blobs + totp + signing + mail;
}

export const ROTATION_BATCH_SIZE = 200;

/** Rewraps every blob key not yet wrapped by newKey. Returns how many rows changed. */
export async function rewrapBlobKeys(
  db: Kysely<DB>,
  oldKeys: readonly MasterKey[],
  newKey: MasterKey,
  opts: { batchSize?: number; onBatch?: (done: number) => void } = {},
): Promise<number> {
  const keyring = [newKey, ...oldKeys];
  const batchSize = opts.batchSize ?? ROTATION_BATCH_SIZE;
  let done = 0;
  for (;;) {
    const changed = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('photo_blobs')
        .select(['photo_id', 'kind', 'wrapped_key'])
        .where('key_id', '<>', newKey.keyId)
        .orderBy('photo_id')
        .orderBy('kind')
        .limit(batchSize)
        .forUpdate()
        .execute();
      for (const row of rows) {
        const wrapped = rewrapKey(keyring, newKey, row.wrapped_key);
        await trx
          .updateTable('photo_blobs')
          .set({ wrapped_key: wrapped, key_id: newKey.keyId })
          .where('photo_id', '=', row.photo_id)
          .where('kind', '=', row.kind)
          .execute();
      }
      return rows.length;
    });
    done += changed;
    opts.onBatch?.(done);
    if (changed < batchSize) return done;
  }
}

export interface RotationResult {
  rewrapped: number;
  oldKeyIds: string[];
  newKeyId: string;
  /** What the operator must do next, if anything. */
  nextSteps: string[];
}

/** The whole rotation as `npm run keys:rotate` runs it (see the header for the key sources). */
export async function rotateMasterKey(
  db: Kysely<DB>,
  config: Pick<Config, 'dataDir' | 'masterKey' | 'masterKeyPrevious'>,
  env: { NEW_MASTER_KEY?: string },
  opts: { batchSize?: number; onBatch?: (done: number) => void } = {},
): Promise<RotationResult> {
  if (config.masterKey) {
    const current = loadMasterKey(config.masterKey);
    const previous = config.masterKeyPrevious ? [loadMasterKey(config.masterKeyPrevious)] : [];
    if (env.NEW_MASTER_KEY) {
      const newKey = loadMasterKey(env.NEW_MASTER_KEY);
      const rewrapped = await rewrapEverything(db, [current, ...previous], newKey, opts);
      return {
        rewrapped,
        oldKeyIds: [current.keyId, ...previous.map((k) => k.keyId)],
        newKeyId: newKey.keyId,
        nextSteps: [
          'Deploy MASTER_KEY=<the NEW_MASTER_KEY value> and MASTER_KEY_PREVIOUS=<the old MASTER_KEY>, restart,',
          'then run `npm run keys:rotate` once more (without NEW_MASTER_KEY) and remove MASTER_KEY_PREVIOUS.',
        ],
      };
    }
    if (!previous.length) {
      throw new Error('Set NEW_MASTER_KEY (the new key), or MASTER_KEY_PREVIOUS (the old key) with MASTER_KEY already the new one.');
    }
    const rewrapped = await rewrapEverything(db, previous, current, opts);
    return {
      rewrapped,
      oldKeyIds: previous.map((k) => k.keyId),
      newKeyId: current.keyId,
      nextSteps: ['Remove MASTER_KEY_PREVIOUS from the environment and restart: no blob uses it any more.'],
    };
  }

  // Embedded default: key files in DATA_DIR.
  const keyFile = masterKeyFile(config.dataDir);
  const oldFile = oldMasterKeyFile(config.dataDir);
  const pendingOld = await readKeyFile(oldFile);
  let oldKey: MasterKey;
  let newKey: MasterKey;
  const currentText = await readKeyFile(keyFile);
  if (pendingOld && currentText) {
    // A previous run stopped half-way: finish it with the same two keys.
    oldKey = loadMasterKey(pendingOld);
    newKey = loadMasterKey(currentText);
    if (env.NEW_MASTER_KEY && loadMasterKey(env.NEW_MASTER_KEY).keyId !== newKey.keyId) {
      throw new Error(`A rotation is unfinished (${oldFile} exists): run again without NEW_MASTER_KEY to finish it first.`);
    }
  } else {
    if (!currentText) throw new Error(`No master key at ${keyFile}: nothing to rotate.`);
    oldKey = loadMasterKey(currentText);
    const newText = env.NEW_MASTER_KEY?.trim() ?? generateMasterKey();
    newKey = loadMasterKey(newText);
    if (newKey.keyId === oldKey.keyId) throw new Error('The new master key is the current one.');
    await writeKeyFile(oldFile, currentText);
    await writeKeyFile(keyFile, newText);
  }
  const rewrapped = await rewrapEverything(db, [oldKey], newKey, opts);
  await rm(oldFile, { force: true });
  return {
    rewrapped,
    oldKeyIds: [oldKey.keyId],
    newKeyId: newKey.keyId,
    nextSteps: [`The new key is in ${keyFile}; back it up (the old one is gone). Start the server again.`],
  };
}
