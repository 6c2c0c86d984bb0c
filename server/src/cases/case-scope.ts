// Row-level scope of cases: which rows of `cases` an actor may see. Queries put
// it in their WHERE clause, so a case outside it is simply not found (404).
//   requester     -> cases of their organisation (drafts included)
//   dermatologist -> non-draft cases routed to a service where they hold a
//                    dermatologist membership, or routed / assigned to them
//   coordinator   -> cases of their network (administration)
//   patient       -> their own cases, drafts excluded
// It also registers the dermatologist branch of patientScope (policy.ts).
// The case page compiles caseScope once per shape (get-case.ts: the role and
// which of the actor's ids are null; compiled-statement.ts): use the actor's ids
// only as query values; a new choice made in JS must be added to that shape.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import { registerPatientScope } from '../auth/policy.ts';
import type { DB } from '../db/schema.ts';
import './actions.ts';

const NONE = '00000000-0000-0000-0000-000000000000';

type CasesEB = ExpressionBuilder<DB, 'cases'>;

/** Organisations where the user is a dermatologist (any membership, not only the active one). */
function dermatologyServicesOf(eb: ExpressionBuilder<DB, keyof DB>, userId: string) {
  return eb
    .selectFrom('memberships')
    .select('memberships.organisation_id')
    .where('memberships.user_id', '=', userId)
    .where('memberships.role', '=', 'dermatologist');
}

export function caseScope(actor: Actor) {
  return (eb: CasesEB): Expression<SqlBool> => {
    switch (actor.role) {
      case 'requester':
        return eb('cases.requester_org_id', '=', actor.organisationId ?? NONE);
      case 'coordinator':
        return eb('cases.network_id', '=', actor.networkId ?? NONE);
      case 'patient':
        return eb.and([
          eb('cases.state', '<>', 'draft'),
          eb('cases.patient_id', 'in', eb.selectFrom('patients').select('patients.id').where('patients.user_id', '=', actor.userId)),
        ]);
      case 'dermatologist':
        return eb.and([
          eb('cases.state', '<>', 'draft'),
          eb.or([
            eb('cases.service_id', 'in', dermatologyServicesOf(eb as never, actor.userId)),
            eb('cases.target_dermatologist_id', '=', actor.userId),
            eb('cases.assigned_dermatologist_id', '=', actor.userId),
          ]),
        ]);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

registerPatientScope('dermatologist', (eb, actor) =>
  eb(
    'patients.id',
    'in',
    eb
      .selectFrom('cases')
      .select('cases.patient_id')
      .where('cases.state', '<>', 'draft')
      .where((inner) =>
        inner.or([
          inner('cases.service_id', 'in', dermatologyServicesOf(inner as never, actor.userId)),
          inner('cases.target_dermatologist_id', '=', actor.userId),
          inner('cases.assigned_dermatologist_id', '=', actor.userId),
        ]),
      ),
  ),
);
