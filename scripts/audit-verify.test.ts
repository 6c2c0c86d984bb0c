// `npm run audit:verify` end to end on an embedded database folder: intact,
// then altered (exit 1 naming the first broken seq).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../server/src/audit/record-audit.ts';
import { openDatabase } from '../server/src/db/database.ts';
import { migrate } from '../server/src/db/migrate.ts';

const run = promisify(execFile);
const script = path.resolve(import.meta.dirname, 'audit-verify.ts');
let dataDir: string;

async function verify(): Promise<{ code: number; stdout: string }> {
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const { stdout } = await run(process.execPath, [script], { env });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'dermlink-audit-verify-'));
  const database = await openDatabase({ dataDir: path.join(dataDir, 'db') });
  await migrate(database.db);
  const ctx = { actor: null, origin: { ip: null, userAgent: null, requestId: null } };
  for (const action of ['a.one', 'a.two', 'a.three']) await recordAudit(database.db, ctx, { action, resourceType: 'test' });
  await database.close();
}, 60_000);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('npm run audit:verify', () => {
  it('says the chain is intact and exits 0, then names the first broken link and exits 1', async () => {
    const intact = await verify();
    expect(intact).toEqual({ code: 0, stdout: 'audit chain: 3 events, intact\n' });

    const database = await openDatabase({ dataDir: path.join(dataDir, 'db') });
    await sql`alter table audit_events disable trigger user`.execute(database.db);
    await sql`update audit_events set action = 'a.forged' where action = 'a.two'`.execute(database.db);
    await sql`alter table audit_events enable trigger user`.execute(database.db);
    await database.close();

    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^audit chain: BROKEN at seq 2 /);
  }, 60_000);
});
