// The one place that decides who may do what to which resource.
//
// Two questions, answered here and nowhere else:
// 1. May this role perform this action at all?           -> `can` / `assertCan`
// 2. Which rows may this actor see?                      -> the `*Scope` functions,
//    expression builders that queries put in their WHERE clause, so a list can
//    never leak and a forbidden id is simply not found (404, like a missing one).
// Handlers never look at roles; domain functions call these.
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import { AppError } from '../errors/app-error.ts';
import type { DB } from '../db/schema.ts';
import type { Actor, Role } from './actor.ts';

export const ACTIONS = {
  'patient.read': ['requester', 'dermatologist', 'coordinator', 'patient'],
  'patient.create': ['requester'],
  'patient.update': ['requester'],
  'audit.search': ['coordinator'],
  'audit.verify': ['coordinator'],
  'audit.read_own_record': ['patient'],
  'admin.manage_network': ['coordinator'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTIONS;

/** Features register their actions here (one map for the whole app). */
const extraActions = new Map<string, readonly Role[]>();
export function defineActions(actions: Record<string, readonly Role[]>) {
  for (const [name, roles] of Object.entries(actions)) extraActions.set(name, roles);
}

export function can(actor: Actor, action: Action | (string & {})): boolean {
  const roles: readonly Role[] | undefined = (ACTIONS as Record<string, readonly Role[]>)[action] ?? extraActions.get(action);
  if (!roles) throw new Error(`unknown action ${action}`);
  return roles.includes(actor.role);
}

/** Role-level refusal: 403 for actions the role never has (not for single resources, which are 404). */
export function assertCan(actor: Actor, action: Action | (string & {})): void {
  if (!can(actor, action)) throw new AppError('forbidden', 'Your role does not allow this action.');
}

type PatientsEB = ExpressionBuilder<DB, 'patients'>;

/**
 * Rows of `patients` the actor may see. Dermatologists see the patients of
 * cases routed to them or to their service; that branch is added by the cases
 * feature through `registerPatientScope` so that this module stays the one
 * entry point.
 */
export function patientScope(actor: Actor) {
  return (eb: PatientsEB): Expression<SqlBool> => {
    switch (actor.role) {
      case 'requester':
        return eb('patients.organisation_id', '=', actor.organisationId ?? '00000000-0000-0000-0000-000000000000');
      case 'coordinator':
        return eb(
          'patients.organisation_id',
          'in',
          eb.selectFrom('organisations').select('organisations.id').where('organisations.network_id', '=', actor.networkId ?? '00000000-0000-0000-0000-000000000000'),
        );
      case 'patient':
        return eb('patients.user_id', '=', actor.userId);
      case 'dermatologist': {
        const extension = patientScopeExtensions.dermatologist;
        return extension ? extension(eb, actor) : sql<SqlBool>`false`;
      }
    }
  };
}

type ScopeExtension = (eb: PatientsEB, actor: Actor) => Expression<SqlBool>;
const patientScopeExtensions: Partial<Record<Role, ScopeExtension>> = {};
export function registerPatientScope(role: 'dermatologist', extension: ScopeExtension) {
  patientScopeExtensions[role] = extension;
}
