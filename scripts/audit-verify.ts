// `npm run audit:verify`: walks the audit trail of the configured database
// (the embedded one in DATA_DIR, or DATABASE_URL) and recomputes every link of
// its hash chain. Exit 0 when intact, 1 at the first broken link, 2 when the
// configuration or the database cannot be read.
import { ConfigError, loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/db/database.ts';
import { verifyAuditChain } from '../server/src/audit/verify-chain.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(2);
}
let database;
try {
  database = config.databaseUrl ? await openDatabase({ url: config.databaseUrl, poolSize: 2 }) : await openDatabase({ dataDir: `${config.dataDir}/db` });
} catch (err) {
  console.error(`audit chain: cannot open the database (${(err as Error).message})`);
  process.exit(2);
}
try {
  const report = await verifyAuditChain(database.db);
  if (report.ok) {
    console.log(`audit chain: ${report.checked} events, intact`);
  } else {
    const b = report.firstBroken!;
    const why = b.reason === 'hash_mismatch' ? 'its content does not match its hash (the row was altered)' : 'it does not point to the previous event (an event was removed or reordered)';
    console.log(`audit chain: BROKEN at seq ${b.seq} (event ${b.id}): ${why}; ${report.checked} events before it are intact`);
    process.exitCode = 1;
  }
} catch (err) {
  console.error(`audit chain: verification failed (${(err as Error).message})`);
  process.exitCode = 2;
} finally {
  await database.close();
}
