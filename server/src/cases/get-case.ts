// The case page: request, patient, state, deadline, timeline, messages, answer
// and addenda, the patient's earlier cases. Opening an answered case from the
// requester's side records the first reading (stored once, audited).
//
// One statement (bench/queue.ts measures this page under load): the scoped case
// row, the first-reading update and every part of the page as JSON subqueries,
// without BEGIN/COMMIT and a dozen round trips. The audit events (the first
// reading, then the read) are committed, batched with other reads', before the
// page is sent (audit/record-read-audit.ts).
import { sql, type SqlBool } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { CaseDetail } from '../../../contracts/cases/case.ts';
import type { RequestDraftV1 } from '../../../contracts/cases/request-v1.ts';
import type { AnswerDraft } from '../../../contracts/cases/answer.ts';
import { requireActor, type Actor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import { recordReadAudit } from '../audit/record-read-audit.ts';
import {
  addendaQuery,
  answerQuery,
  earlierCasesQuery,
  messagesQuery,
  timelineQuery,
  toAddendum,
  toCaseEvent,
  toCaseMessage,
  toEarlierCase,
  toSignedAnswer,
} from './case-detail-parts.ts';
import { ageOn, deadlineView, iso, priorityFromRank } from './case-view.ts';
import { caseScope } from './case-scope.ts';
import { compiledStatement, statementBuilder, type Args } from '../db/compiled-statement.ts';
import { transitionsFor } from './transition-result.ts';

/** What changes the statement's SQL text: the actor's role and scope (see compiled-statement.ts). */
interface CasePageShape {
  role: Actor['role'];
  hasOrganisation: boolean;
  hasNetwork: boolean;
  hasMembership: boolean;
  locale: Actor['locale'];
}

/** The request's values, sent as parameters. */
interface CasePageArgs extends Record<string, unknown> {
  caseId: string;
  now: Date;
  userId: string;
  sessionId: string;
  organisationId: string | null;
  networkId: string | null;
  membershipId: string | null;
}

const casePageStatement = compiledStatement((shape: CasePageShape, a: Args<CasePageArgs>) => {
  // The actor and context as the statement sees them: real role, values as arguments.
  const actor: Actor = {
    role: shape.role,
    userId: a.userId,
    sessionId: a.sessionId,
    organisationId: shape.hasOrganisation ? a.organisationId : null,
    networkId: shape.hasNetwork ? a.networkId : null,
    membershipId: shape.hasMembership ? a.membershipId : null,
    locale: shape.locale,
  };
  const caseRef = sql.ref<string>('c.id');
  const patientRef = sql.ref<string>('c.patient_id');
  const db = statementBuilder;
  return (
    db
      // The case as the actor may see it (outside the scope: no row, 404).
      .with('found', (qc) => qc.selectFrom('cases').selectAll('cases').where('cases.id', '=', a.caseId).where(caseScope(actor) as never))
      // The requester's side opening an answered case for the first time.
      .with('first_read', (qc) =>
        qc
          .updateTable('cases')
          .from('found')
          .set({ read_by_requester_at: a.now })
          .whereRef('cases.id', '=', 'found.id')
          .where(sql<SqlBool>`${sql.lit(shape.role === 'requester')}`)
          .where('found.state', '=', 'answered')
          .where('cases.read_by_requester_at', 'is', null)
          .returningAll('cases'),
      )
      .with('c', (qc) =>
        qc
          .selectFrom('first_read')
          .selectAll()
          .select(sql<boolean>`true`.as('first_reading'))
          .unionAll(
            qc
              .selectFrom('found')
              .selectAll()
              .select(sql<boolean>`false`.as('first_reading'))
              .where((eb) => eb.not(eb.exists(eb.selectFrom('first_read').select('first_read.id')))),
          ),
      )
      .selectFrom('c')
      .selectAll('c')
      .select((eb) => [
        jsonObjectFrom(eb.selectFrom('patients').select(['id', 'family_name', 'given_name', 'birth_date', 'sex']).whereRef('patients.id', '=', 'c.patient_id')).as('patient'),
        eb.selectFrom('users').select('display_name').whereRef('users.id', '=', 'c.requester_id').as('requester_name'),
        eb.selectFrom('users').select('display_name').whereRef('users.id', '=', 'c.target_dermatologist_id').as('target_name'),
        eb.selectFrom('users').select('display_name').whereRef('users.id', '=', 'c.assigned_dermatologist_id').as('assigned_name'),
        eb.selectFrom('organisations').select('name').whereRef('organisations.id', '=', 'c.requester_org_id').as('requester_org_name'),
        eb.selectFrom('organisations').select('name').whereRef('organisations.id', '=', 'c.service_id').as('service_name'),
        jsonArrayFrom(timelineQuery(db, caseRef)).as('timeline'),
        jsonArrayFrom(messagesQuery(db, caseRef)).as('messages'),
        jsonObjectFrom(answerQuery(db, caseRef)).as('answer'),
        jsonArrayFrom(addendaQuery(db, caseRef)).as('addenda'),
        jsonArrayFrom(earlierCasesQuery(db, actor, patientRef, caseRef)).as('earlier_cases'),
        // As hasCurrentConsent (patients/consent-queries.ts): a current consent covering photos and remote expertise.
        eb
          .exists(
            eb
              .selectFrom('consents')
              .select('consents.id')
              .whereRef('consents.patient_id', '=', 'c.patient_id')
              .where('consents.withdrawn_at', 'is', null)
              .where((ce) => ce.and([ce(ce.val('photos'), '=', ce.fn.any('consents.scope')), ce(ce.val('remote_expertise'), '=', ce.fn.any('consents.scope'))])),
          )
          .as('consent_given'),
      ])
  );
});

export async function getCase(ctx: Ctx, caseId: string): Promise<CaseDetail> {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.read');
  const now = ctx.clock.now();
  const [row] = await casePageStatement(
    ctx.db,
    {
      role: actor.role,
      hasOrganisation: actor.organisationId !== null,
      hasNetwork: actor.networkId !== null,
      hasMembership: actor.membershipId !== null,
      locale: actor.locale,
    },
    {
      caseId,
      now,
      userId: actor.userId,
      sessionId: actor.sessionId,
      organisationId: actor.organisationId,
      networkId: actor.networkId,
      membershipId: actor.membershipId,
    },
  );
  if (!row) throw notFound('case');
  // The first reading (if any) then the read itself, in this order.
  await recordReadAudit(ctx, [
    ...(row.first_reading ? [{ action: 'case.answer_read', resourceType: 'case', resourceId: row.id, patientId: row.patient_id, details: { first: true } }] : []),
    { action: 'case.read', resourceType: 'case', resourceId: row.id, patientId: row.patient_id },
  ]);
  const patient = row.patient!;
  const answer = row.answer ? toSignedAnswer(row.answer) : null;
  const addenda = row.addenda.map(toAddendum);
  // The suspected-cancer hold: the patient does not read the answer before the GP has discussed it.
  const heldFromPatient = actor.role === 'patient' && answer?.gpDiscussesFirst === true && row.state !== 'acknowledged';
  const showAnswerDraft = actor.role === 'dermatologist' && row.assigned_dermatologist_id === actor.userId;
  const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
  return {
    id: row.id,
    state: row.state,
    schemaVersion: row.schema_version,
    request: (row.request ?? {}) as RequestDraftV1,
    patient: {
      id: patient.id,
      familyName: patient.family_name,
      givenName: patient.given_name,
      birthDate: patient.birth_date,
      age: ageOn(patient.birth_date, now),
      sex: patient.sex,
    },
    consentGiven: Boolean(row.consent_given),
    requester: { id: row.requester_id, name: row.requester_name ?? '', organisationId: row.requester_org_id, organisationName: row.requester_org_name ?? '' },
    routing: {
      service: row.service_id ? { id: row.service_id, name: row.service_name ?? '' } : null,
      targetDermatologist: person(row.target_dermatologist_id, row.target_name),
      assignedDermatologist: person(row.assigned_dermatologist_id, row.assigned_name),
    },
    urgency: row.urgency,
    priority: priorityFromRank(row.priority_rank),
    suspectedCancer: row.suspected_cancer,
    sevenPointScore: row.seven_point_score,
    deadline: deadlineView(row, now),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    submittedAt: iso(row.submitted_at),
    claimedAt: iso(row.claimed_at),
    answeredAt: iso(row.answered_at),
    readByRequesterAt: iso(row.read_by_requester_at),
    acknowledgedAt: iso(row.acknowledged_at),
    withdrawal: row.withdrawn_at ? { at: row.withdrawn_at.toISOString(), reason: row.withdrawal_reason ?? null } : null,
    timeline: row.timeline.map(toCaseEvent),
    messages: row.messages.map(toCaseMessage),
    answer: heldFromPatient ? null : answer,
    addenda: heldFromPatient ? [] : addenda,
    answerDraft: showAnswerDraft && row.answer_draft ? (row.answer_draft as AnswerDraft) : null,
    earlierCases: row.earlier_cases.map((r) => toEarlierCase(r, row.body_site)),
    allowedTransitions: transitionsFor(actor, row),
  };
}
