// Reads one case within the actor's scope: a case they may not see is not found.
import type { Transaction } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { DB } from '../db/schema.ts';
import { notFound } from '../errors/app-error.ts';
import { caseScope } from './case-scope.ts';

export async function findCase(trx: Transaction<DB>, actor: Actor, caseId: string, opts: { forUpdate?: boolean } = {}) {
  let q = trx.selectFrom('cases').selectAll().where('cases.id', '=', caseId).where(caseScope(actor));
  if (opts.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('case');
  return row;
}
