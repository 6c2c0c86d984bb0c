// Entry point of `npm start`: configuration, database, migrations, demo seed,
// then the HTTP server. Everything is closed in order on SIGTERM/SIGINT.
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { systemClock, type Services } from './context.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { DEMO_CLINICIANS, DEMO_PASSWORD } from './seed/demo-data.ts';
import { seedDemo } from './seed/seed-demo.ts';
import './seed/demo-hooks.ts';
import { seedDemoCases } from './seed/seed-demo-cases.ts';
import { startFeatureServices, type FeatureServices } from './services.ts';

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

const embedded = !config.databaseUrl;
const database = config.databaseUrl
  ? await openDatabase({ url: config.databaseUrl, poolSize: config.databasePoolSize, preparedStatements: config.databasePreparedStatements })
  : await openDatabase({ dataDir: `${config.dataDir}/db` });
const applied = await migrate(database.db);

const shouldSeed = config.seedDemo === 'true' || (config.seedDemo === 'auto' && embedded && config.env !== 'production');
const seeded = shouldSeed ? await seedDemo(database.db) : false;

const services: Services = { config, database, clock: systemClock };
const features: FeatureServices = await startFeatureServices(services);
// Browser journeys (NODE_ENV=test) start from the demo people only.
const demoCases = seeded && config.env !== 'test' ? await seedDemoCases(services) : 0;
const app = await buildApp(services);
await app.listen({ port: config.port, host: config.host });

const url = config.publicUrl ?? `http://localhost:${(app.server.address() as { port: number }).port}`;
const lines = [
  '',
  `DermLink is running at ${url}`,
  `  database: ${embedded ? `embedded PGlite in ${config.dataDir}/db` : 'PostgreSQL (DATABASE_URL)'}${applied.length ? `, applied ${applied.length} migration(s)` : ''}`,
  ...features.startupNotes,
];
if (shouldSeed) {
  lines.push(`  demo accounts${seeded ? ` (just created, with ${demoCases} submitted demo cases)` : ''}, password "${DEMO_PASSWORD}":`);
  for (const c of DEMO_CLINICIANS) lines.push(`    ${c.role.padEnd(13)} ${c.email}${features.demoAccountNote(c.email)}`);
}
console.log(lines.join('\n') + '\n');

closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  await app.close();
  await features.stop();
  await database.close();
});
