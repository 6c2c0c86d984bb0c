// Who a domain event concerns, from the case's routing at the time of the event:
//   requester      -> the case's requester
//   expert         -> the assigned dermatologist; when unclaimed, the named
//                     target dermatologist, else every active dermatologist of
//                     the service
//   coordinators   -> the active coordinators of the case's network
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

export type Audience = 'requester' | 'expert' | 'coordinators';
export type RecipientRole = 'requester' | 'dermatologist' | 'coordinator';
export interface Recipient {
  userId: string;
  role: RecipientRole;
}

export interface CaseRouting {
  id: string;
  requester_id: string;
  network_id: string;
  service_id: string | null;
  target_dermatologist_id: string | null;
  assigned_dermatologist_id: string | null;
}

export async function caseRouting(db: Kysely<DB> | Transaction<DB>, caseId: string): Promise<CaseRouting | undefined> {
  return db
    .selectFrom('cases')
    .select(['id', 'requester_id', 'network_id', 'service_id', 'target_dermatologist_id', 'assigned_dermatologist_id'])
    .where('id', '=', caseId)
    .executeTakeFirst();
}

export async function recipientsFor(db: Kysely<DB> | Transaction<DB>, routing: CaseRouting, audiences: Audience[]): Promise<Recipient[]> {
  const out = new Map<string, Recipient>();
  const add = (userId: string, role: RecipientRole) => {
    if (!out.has(userId)) out.set(userId, { userId, role });
  };
  for (const audience of audiences) {
    if (audience === 'requester') add(routing.requester_id, 'requester');
    if (audience === 'expert') {
      const named = routing.assigned_dermatologist_id ?? routing.target_dermatologist_id;
      if (named) add(named, 'dermatologist');
      else if (routing.service_id) {
        const rows = await db
          .selectFrom('memberships')
          .innerJoin('users', 'users.id', 'memberships.user_id')
          .select('users.id')
          .where('memberships.organisation_id', '=', routing.service_id)
          .where('memberships.role', '=', 'dermatologist')
          .where('users.status', '=', 'active')
          .execute();
        for (const r of rows) add(r.id, 'dermatologist');
      }
    }
    if (audience === 'coordinators') {
      const rows = await db
        .selectFrom('memberships')
        .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select('users.id')
        .where('organisations.network_id', '=', routing.network_id)
        .where('memberships.role', '=', 'coordinator')
        .where('users.status', '=', 'active')
        .execute();
      for (const r of rows) add(r.id, 'coordinator');
    }
  }
  return [...out.values()];
}
