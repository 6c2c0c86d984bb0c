// A fresh, migrated database for one test file, copied from the run's template.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { withDatabase } from './global-setup.ts';

export async function createTestDatabase(): Promise<Database> {
  const spec = inject('testDatabase');
  if (spec.kind === 'pglite') {
    const bytes = await readFile(spec.dumpPath);
    return openDatabase({ memory: true, loadDataDir: new Blob([bytes]) });
  }
  const name = `${spec.filePrefix}${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: spec.serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${spec.template}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: withDatabase(spec.serverUrl, name), poolSize: 5 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: spec.serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
