// Inserts the demo network in one transaction. Returns false when users
// already exist (the seed never touches a database in use).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { hashPassword } from '../auth/passwords.ts';
import { DEMO_CLINICIANS, DEMO_NETWORK, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_PATIENTS } from './demo-data.ts';

export type SeedHook = (trx: Kysely<DB>, users: Record<string, string>) => Promise<void>;

/** Features that need demo rows of their own (second factors, cases) add a hook here. */
export const seedHooks: SeedHook[] = [];

export async function seedDemo(db: Kysely<DB>): Promise<boolean> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const network = await trx
      .insertInto('networks')
      .values({ name: DEMO_NETWORK.name, country: DEMO_NETWORK.country, time_zone: DEMO_NETWORK.timeZone })
      .returning('id')
      .executeTakeFirstOrThrow();
    const orgIds: Record<string, string> = {};
    for (const [key, org] of Object.entries(DEMO_ORGANISATIONS)) {
      const row = await trx
        .insertInto('organisations')
        .values({ network_id: network.id, kind: org.kind, name: org.name, settings: JSON.stringify('settings' in org ? org.settings : {}) })
        .returning('id')
        .executeTakeFirstOrThrow();
      orgIds[key] = row.id;
    }
    const users: Record<string, string> = {};
    for (const c of DEMO_CLINICIANS) {
      const user = await trx
        .insertInto('users')
        .values({ email: c.email, display_name: c.name, kind: 'clinician', password_hash: passwordHash, professional_id: c.professionalId, country: 'FR', locale: c.locale })
        .returning('id')
        .executeTakeFirstOrThrow();
      users[c.key] = user.id;
      await trx.insertInto('memberships').values({ user_id: user.id, organisation_id: orgIds[c.org]!, role: c.role }).execute();
    }
    for (const p of DEMO_PATIENTS) {
      await trx
        .insertInto('patients')
        .values({
          organisation_id: orgIds.practice!,
          family_name: p.familyName,
          given_name: p.givenName,
          birth_date: p.birthDate,
          sex: p.sex,
          email: p.email,
          phone: p.phone,
          national_id: p.nationalId,
          national_id_kind: p.nationalIdKind,
          created_by: users.gp1!,
        })
        .execute();
    }
    for (const hook of seedHooks) await hook(trx, users);
  });
  return true;
}
