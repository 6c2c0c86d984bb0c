// Routing targets: a dermatology service of the requester's network (a pool),
// or a named dermatologist of such a service.
import type { Kysely, Transaction } from 'kysely';
import type { Routing } from '../../../contracts/cases/case.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';

export async function resolveRouting(
  db: Kysely<DB> | Transaction<DB>,
  networkId: string,
  routing: Routing,
  pathPrefix = 'routing',
): Promise<{ serviceId: string; targetDermatologistId: string | null }> {
  const service = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', '=', routing.serviceId)
    .where('network_id', '=', networkId)
    .where('kind', '=', 'dermatology_service')
    .executeTakeFirst();
  if (!service) {
    throw new AppError('routing_invalid', 'This dermatology service is not part of your network.', {
      fields: [{ path: `${pathPrefix}.serviceId`, message: 'cases.routing.unknownService' }],
    });
  }
  if (routing.kind === 'service') return { serviceId: service.id, targetDermatologistId: null };
  const member = await isServiceDermatologist(db, service.id, routing.dermatologistId);
  if (!member) {
    throw new AppError('routing_invalid', 'This dermatologist does not work for that service.', {
      fields: [{ path: `${pathPrefix}.dermatologistId`, message: 'cases.routing.unknownDermatologist' }],
    });
  }
  return { serviceId: service.id, targetDermatologistId: routing.dermatologistId };
}

export async function isServiceDermatologist(db: Kysely<DB> | Transaction<DB>, serviceId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('memberships.id')
    .where('memberships.organisation_id', '=', serviceId)
    .where('memberships.user_id', '=', userId)
    .where('memberships.role', '=', 'dermatologist')
    .where('users.status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}
