// The case page: request, patient, state, deadline, timeline, messages, answer
// and addenda, the patient's earlier cases. Opening an answered case from the
// requester's side records the first reading (stored once, audited).
import type { CaseDetail } from '../../../contracts/cases/case.ts';
import type { RequestDraftV1 } from '../../../contracts/cases/request-v1.ts';
import type { AnswerDraft } from '../../../contracts/cases/answer.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { hasCurrentConsent } from '../patients/consent-queries.ts';
import { addendaOf, answerOf, earlierCasesOf, messagesOf, timelineOf } from './zz-old-case-detail-parts.ts';
import { ageOn, deadlineView, iso, priorityFromRank } from './case-view.ts';
import { findCase } from './find-case.ts';
import { transitionsFor } from './transition-result.ts';

export async function getCase(ctx: Ctx, caseId: string): Promise<CaseDetail> {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.read');
  return ctx.db.transaction().execute(async (trx) => {
    let row = await findCase(trx, actor, caseId);
    const now = ctx.clock.now();
    if (actor.role === 'requester' && row.state === 'answered' && !row.read_by_requester_at) {
      row = await trx
        .updateTable('cases')
        .set({ read_by_requester_at: now })
        .where('id', '=', caseId)
        .where('read_by_requester_at', 'is', null)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, { action: 'case.answer_read', resourceType: 'case', resourceId: caseId, patientId: row.patient_id, details: { first: true } });
    }
    const patient = await trx
      .selectFrom('patients')
      .select(['id', 'family_name', 'given_name', 'birth_date', 'sex'])
      .where('id', '=', row.patient_id)
      .executeTakeFirstOrThrow();
    const people = await trx
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where(
        'id',
        'in',
        [row.requester_id, row.target_dermatologist_id, row.assigned_dermatologist_id].filter((v): v is string => v !== null),
      )
      .execute();
    const name = (id: string | null) => (id ? { id, name: people.find((p) => p.id === id)?.display_name ?? '' } : null);
    const orgs = await trx
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('id', 'in', [row.requester_org_id, row.service_id].filter((v): v is string => v !== null))
      .execute();
    const orgName = (id: string | null) => (id ? (orgs.find((o) => o.id === id)?.name ?? '') : '');
    const [timeline, messages, answer, addenda, earlierCases, consentGiven] = [
      await timelineOf(trx, caseId),
      await messagesOf(trx, caseId),
      await answerOf(trx, caseId),
      await addendaOf(trx, caseId),
      await earlierCasesOf(trx, actor, row.patient_id, caseId, row.body_site),
      await hasCurrentConsent(trx, row.patient_id),
    ];
    await recordAudit(trx, ctx, { action: 'case.read', resourceType: 'case', resourceId: caseId, patientId: row.patient_id });
    // The suspected-cancer hold: the patient does not read the answer before the GP has discussed it.
    const heldFromPatient = actor.role === 'patient' && answer?.gpDiscussesFirst === true && row.state !== 'acknowledged';
    const showAnswerDraft = actor.role === 'dermatologist' && row.assigned_dermatologist_id === actor.userId;
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
      consentGiven,
      requester: { ...name(row.requester_id)!, organisationId: row.requester_org_id, organisationName: orgName(row.requester_org_id) },
      routing: {
        service: row.service_id ? { id: row.service_id, name: orgName(row.service_id) } : null,
        targetDermatologist: name(row.target_dermatologist_id),
        assignedDermatologist: name(row.assigned_dermatologist_id),
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
      timeline,
      messages,
      answer: heldFromPatient ? null : answer,
      addenda: heldFromPatient ? [] : addenda,
      answerDraft: showAnswerDraft && row.answer_draft ? (row.answer_draft as AnswerDraft) : null,
      earlierCases,
      allowedTransitions: transitionsFor(actor, row),
    };
  });
}
