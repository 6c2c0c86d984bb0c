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
      case 'pharmacist':
        // A pharmacist sees a prescription through its verification code, never a patient record.
        return sql<SqlBool>`false`;
    }
  };
}

type ScopeExtension = (eb: PatientsEB, actor: Actor) => Expression<SqlBool>;
const patientScopeExtensions: Partial<Record<Role, ScopeExtension>> = {};
export function registerPatientScope(role: 'dermatologist', extension: ScopeExtension) {
  patientScopeExtensions[role] = extension;
}

// --- Network administration and the audit trail (coordinator, patient) ---
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Organisations the coordinator administers: those of their network. */
export function organisationScope(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'organisations'>): Expression<SqlBool> =>
    actor.role === 'coordinator' ? eb('organisations.network_id', '=', actor.networkId ?? NO_ID) : sql<SqlBool>`false`;
}

/** Users the coordinator administers: anyone holding a membership in their network. */
export function networkUserScope(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'users'>): Expression<SqlBool> =>
    actor.role === 'coordinator'
      ? eb(
          'users.id',
          'in',
          eb
            .selectFrom('memberships as scope_m')
            .innerJoin('organisations as scope_o', 'scope_o.id', 'scope_m.organisation_id')
            .select('scope_m.user_id')
            .where('scope_o.network_id', '=', actor.networkId ?? NO_ID),
        )
      : sql<SqlBool>`false`;
}

/**
 * Audit events the actor may read. Coordinator: events whose actor acted for an
 * organisation of the network, or about a patient of the network, or (security
 * events without an organisation) by a member of the network. Patient: events
 * about their own records, by someone else.
 */
export function auditEventScope(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'audit_events'>): Expression<SqlBool> => {
    if (actor.role === 'coordinator') {
      const networkOrgs = eb.selectFrom('organisations as scope_o').select('scope_o.id').where('scope_o.network_id', '=', actor.networkId ?? NO_ID);
      return eb.or([
        eb('audit_events.actor_organisation_id', 'in', networkOrgs),
        eb('audit_events.patient_id', 'in', eb.selectFrom('patients as scope_p').select('scope_p.id').where('scope_p.organisation_id', 'in', networkOrgs)),
        eb.and([
          eb('audit_events.actor_organisation_id', 'is', null),
          eb('audit_events.actor_user_id', 'in', eb.selectFrom('memberships as scope_m').select('scope_m.user_id').where('scope_m.organisation_id', 'in', networkOrgs)),
        ]),
      ]);
    }
    if (actor.role === 'patient') {
      return eb.and([
        eb('audit_events.patient_id', 'in', eb.selectFrom('patients as scope_p').select('scope_p.id').where('scope_p.user_id', '=', actor.userId)),
        // Null actors (system jobs) are left out too: `!=` is not true for null.
        eb('audit_events.actor_user_id', '!=', actor.userId),
      ]);
    }
    return sql<SqlBool>`false`;
  };
}
