// `npm run keys:rotate`: re-wraps every photo blob's data key under a new
// master key (content is never re-encrypted). See
// server/src/photos/key-rotation.ts for where the keys come from.
import { ConfigError, loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/db/database.ts';
import { rotateMasterKey } from '../server/src/photos/key-rotation.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const database = config.databaseUrl
  ? await openDatabase({ url: config.databaseUrl, poolSize: 2 })
  : await openDatabase({ dataDir: `${config.dataDir}/db` });
try {
  const result = await rotateMasterKey(database.db, config, { NEW_MASTER_KEY: process.env.NEW_MASTER_KEY }, {
    onBatch: (done) => process.stdout.write(`\r  rewrapped ${done} blob key(s)`),
  });
  console.log(`\nMaster key rotated: ${result.oldKeyIds.join(', ')} -> ${result.newKeyId}; ${result.rewrapped} blob key(s) rewrapped.`);
  for (const line of result.nextSteps) console.log(`  ${line}`);
} catch (error) {
  console.error(`\nKey rotation stopped: ${error instanceof Error ? error.message : String(error)}`);
  console.error('Every blob is still readable (each row is wrapped by the old or the new key); run again to finish.');
  process.exitCode = 1;
} finally {
  await database.close();
}
