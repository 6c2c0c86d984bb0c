// Queries that assemble the parts of the case page (timeline, messages, answer,
// addenda, earlier cases), shared by the case page and the PDF report.
import type { Kysely, Transaction } from 'kysely';
import type { Addendum, SignedAnswer } from '../../../contracts/cases/answer.ts';
import type { CaseEvent, CaseMessage } from '../../../contracts/cases/case.ts';
import type { Actor } from '../auth/actor.ts';
import type { DB } from '../db/schema.ts';
import { caseScope } from './case-scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

export async function timelineOf(db: Db, caseId: string): Promise<CaseEvent[]> {
  const rows = await db
    .selectFrom('case_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .select(['e.id', 'e.transition', 'e.from_state', 'e.to_state', 'e.occurred_at', 'e.actor_user_id', 'e.actor_role', 'u.display_name'])
    .where('e.case_id', '=', caseId)
    .orderBy('e.seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    transition: r.transition,
    fromState: r.from_state,
    toState: r.to_state,
    at: r.occurred_at.toISOString(),
    actor: r.actor_user_id ? { id: r.actor_user_id, name: r.display_name ?? '', role: r.actor_role ?? '' } : null,
  }));
}

export async function messagesOf(db: Db, caseId: string): Promise<CaseMessage[]> {
  const rows = await db
    .selectFrom('case_messages as m')
    .innerJoin('users as u', 'u.id', 'm.author_user_id')
    .select(['m.id', 'm.kind', 'm.body', 'm.created_at', 'm.author_user_id', 'm.author_role', 'u.display_name'])
    .where('m.case_id', '=', caseId)
    .orderBy('m.seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    body: r.body,
    author: { id: r.author_user_id, name: r.display_name, role: r.author_role },
    at: r.created_at.toISOString(),
  }));
}

export async function answerOf(db: Db, caseId: string): Promise<SignedAnswer | null> {
  const r = await db
    .selectFrom('case_answers as a')
    .innerJoin('users as u', 'u.id', 'a.signed_by')
    .selectAll('a')
    .select('u.display_name')
    .where('a.case_id', '=', caseId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    diagnosis: r.diagnosis,
    icd10: r.icd10_code ? { code: r.icd10_code, label: r.icd10_label ?? '' } : null,
    differentials: (r.differentials ?? []).map((d) => ({ text: d.text, icd10: d.icd10 ?? null })),
    managementPlan: r.management_plan,
    treatmentSuggestions: r.treatment_suggestions,
    outcome: r.outcome,
    patientSummary: r.patient_summary,
    gpDiscussesFirst: r.gp_discusses_first,
    signedBy: { id: r.signed_by, name: r.display_name },
    signedAt: r.signed_at.toISOString(),
    contentHash: r.content_hash,
  };
}

export async function addendaOf(db: Db, caseId: string): Promise<Addendum[]> {
  const rows = await db
    .selectFrom('case_answer_addenda as d')
    .innerJoin('users as u', 'u.id', 'd.signed_by')
    .select(['d.id', 'd.text', 'd.outcome', 'd.signed_by', 'd.signed_at', 'd.content_hash', 'u.display_name'])
    .where('d.case_id', '=', caseId)
    .orderBy('d.seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    text: r.text,
    outcome: r.outcome,
    signedBy: { id: r.signed_by, name: r.display_name },
    signedAt: r.signed_at.toISOString(),
    contentHash: r.content_hash,
  }));
}

/** The patient's other cases the actor may see, newest first, same body site flagged. */
export async function earlierCasesOf(db: Db, actor: Actor, patientId: string, caseId: string, bodySite: string | null) {
  const rows = await db
    .selectFrom('cases')
    .leftJoin('case_answers', 'case_answers.case_id', 'cases.id')
    .select(['cases.id', 'cases.state', 'cases.submitted_at', 'cases.reason', 'cases.body_site', 'case_answers.outcome', 'case_answers.diagnosis'])
    .where('cases.patient_id', '=', patientId)
    .where('cases.id', '<>', caseId)
    .where('cases.state', '<>', 'draft')
    .where(caseScope(actor))
    .orderBy('cases.submitted_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    state: r.state,
    submittedAt: r.submitted_at ? r.submitted_at.toISOString() : null,
    reason: (r.reason as never) ?? null,
    bodySite: (r.body_site as never) ?? null,
    sameBodySite: bodySite !== null && r.body_site === bodySite,
    outcome: r.outcome ?? null,
    diagnosis: r.diagnosis ?? null,
  }));
}
