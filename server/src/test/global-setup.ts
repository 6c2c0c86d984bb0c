// Runs once per test run: migrates one database, which every test file then
// copies (PGlite: a data-dir dump restored in ~0.5 s; PostgreSQL: CREATE
// DATABASE ... TEMPLATE). Set TEST_DATABASE_URL to run against a server.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { kind: 'pglite'; dumpPath: string } | { kind: 'postgres'; serverUrl: string; template: string; /** Prefix of this run's per-file databases. */ filePrefix: string };
  }
}

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    // Names of this run only: several runs may share one server (two terminals, two CI jobs),
    // and the clean-up must not drop another run's databases.
    const run = randomBytes(4).toString('hex');
    const template = `dermlink_tpl_${run}`;
    const filePrefix = `dermlink_t_${run}_`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${template}`);
    const database = await openDatabase({ url: withDatabase(serverUrl, template), poolSize: 2 });
    await migrate(database.db);
    await database.close();
    project.provide('testDatabase', { kind: 'postgres', serverUrl, template, filePrefix });
    return async () => {
      // Per-file databases are dropped by their files; the template goes last.
      const rows = await admin.query<{ datname: string }>(
        `select datname from pg_database where starts_with(datname, $1) or datname = $2`,
        [filePrefix, template],
      );
      for (const { datname } of rows.rows) await admin.query(`drop database if exists ${datname} with (force)`);
      await admin.end();
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'dermlink-test-'));
  const database = await openDatabase({ memory: true });
  await migrate(database.db);
  const dump = await database.pglite!.dumpDataDir('none');
  const dumpPath = path.join(dir, 'migrated.tar');
  await writeFile(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('testDatabase', { kind: 'pglite', dumpPath });
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
