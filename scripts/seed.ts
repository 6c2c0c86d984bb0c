// `npm run seed`: creates the demo network in an empty database (the embedded
// one in DATA_DIR, or DATABASE_URL). It never touches a database that has users.
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/db/database.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { DEMO_CLINICIANS, DEMO_PASSWORD } from '../server/src/seed/demo-data.ts';
import { seedDemo } from '../server/src/seed/seed-demo.ts';
import { seedDemoCases } from '../server/src/seed/seed-demo-cases.ts';
import { systemClock } from '../server/src/context.ts';
import { demoTotpNote } from '../server/src/auth/demo-totp.ts';
import '../server/src/seed/demo-hooks.ts';

const config = loadConfig();
const database = config.databaseUrl ? await openDatabase({ url: config.databaseUrl }) : await openDatabase({ dataDir: `${config.dataDir}/db` });
await migrate(database.db);
const created = await seedDemo(database.db);
const demoCases = created ? await seedDemoCases({ config, database, clock: systemClock }) : 0;
await database.close();
if (!created) {
  console.log(`The database already has users: nothing seeded. For a fresh demo, delete ${config.dataDir} (or set DATA_DIR to a new folder) and run again.`);
} else {
  console.log(`Demo network created, with ${demoCases} submitted demo cases. Password for every account: ${DEMO_PASSWORD}`);
  for (const c of DEMO_CLINICIANS) console.log(`  ${c.role.padEnd(13)} ${c.email}${demoTotpNote(c.email)}`);
}
