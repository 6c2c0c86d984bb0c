// Queries that assemble the parts of the case page (timeline, messages, answer,
// addenda, earlier cases), shared by the case page and the PDF report. Each part
// is a query builder (so the case page can nest them as JSON subqueries of one
// statement) plus a mapper to the DTO; the `...Of` functions run one part alone.
import type { Expression, Kysely, Transaction } from 'kysely';
import type { Addendum, SignedAnswer } from '../../../contracts/cases/answer.ts';
import type { CaseEvent, CaseMessage } from '../../../contracts/cases/case.ts';
import type { Actor } from '../auth/actor.ts';
import type { DB } from '../db/schema.ts';
import { caseScope } from './case-scope.ts';

type Db = Kysely<DB> | Transaction<DB>;
/** A case id: a value, or a column of the enclosing query when the part is nested. */
type CaseIdOperand = string | Expression<string>;
/** Timestamps are Dates when read directly and ISO strings when nested as JSON. */
type Instant = Date | string;

const isoOf = (d: Instant): string => (typeof d === 'string' ? new Date(d) : d).toISOString();

export function timelineQuery(db: Db, caseId: CaseIdOperand) {
  return db
    .selectFrom('case_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .select(['e.id', 'e.transition', 'e.from_state', 'e.to_state', 'e.occurred_at', 'e.actor_user_id', 'e.actor_role', 'u.display_name'])
    .where('e.case_id', '=', caseId)
    .orderBy('e.seq');
}

export function toCaseEvent(r: {
  id: string;
  transition: string;
  from_state: string | null;
  to_state: string;
  occurred_at: Instant;
  actor_user_id: string | null;
  actor_role: string | null;
  display_name: string | null;
}): CaseEvent {
  return {
    id: r.id,
    transition: r.transition as CaseEvent['transition'],
    fromState: r.from_state as CaseEvent['fromState'],
    toState: r.to_state as CaseEvent['toState'],
    at: isoOf(r.occurred_at),
    actor: r.actor_user_id ? { id: r.actor_user_id, name: r.display_name ?? '', role: r.actor_role ?? '' } : null,
  };
}

export async function timelineOf(db: Db, caseId: string): Promise<CaseEvent[]> {
  return (await timelineQuery(db, caseId).execute()).map(toCaseEvent);
}

export function messagesQuery(db: Db, caseId: CaseIdOperand) {
  return db
    .selectFrom('case_messages as m')
    .innerJoin('users as u', 'u.id', 'm.author_user_id')
    .select(['m.id', 'm.kind', 'm.body', 'm.created_at', 'm.author_user_id', 'm.author_role', 'u.display_name'])
    .where('m.case_id', '=', caseId)
    .orderBy('m.seq');
}

export function toCaseMessage(r: {
  id: string;
  kind: string;
  body: string;
  created_at: Instant;
  author_user_id: string;
  author_role: string;
  display_name: string;
}): CaseMessage {
  return {
    id: r.id,
    kind: r.kind as CaseMessage['kind'],
    body: r.body,
    author: { id: r.author_user_id, name: r.display_name, role: r.author_role },
    at: isoOf(r.created_at),
  };
}

export async function messagesOf(db: Db, caseId: string): Promise<CaseMessage[]> {
  return (await messagesQuery(db, caseId).execute()).map(toCaseMessage);
}

export function answerQuery(db: Db, caseId: CaseIdOperand) {
  return db
    .selectFrom('case_answers as a')
    .innerJoin('users as u', 'u.id', 'a.signed_by')
    .select([
      'a.id',
      'a.diagnosis',
      'a.icd10_code',
      'a.icd10_label',
      'a.differentials',
      'a.management_plan',
      'a.treatment_suggestions',
      'a.outcome',
      'a.patient_summary',
      'a.gp_discusses_first',
      'a.signed_by',
      'a.signed_at',
      'a.content_hash',
      'u.display_name',
    ])
    .where('a.case_id', '=', caseId);
}

export function toSignedAnswer(r: {
  id: string;
  diagnosis: string;
  icd10_code: string | null;
  icd10_label: string | null;
  differentials: Array<{ text: string; icd10?: { code: string; label: string } | null }> | null;
  management_plan: string;
  treatment_suggestions: string | null;
  outcome: string;
  patient_summary: string;
  gp_discusses_first: boolean;
  signed_by: string;
  signed_at: Instant;
  content_hash: string;
  display_name: string;
}): SignedAnswer {
  return {
    id: r.id,
    diagnosis: r.diagnosis,
    icd10: r.icd10_code ? { code: r.icd10_code, label: r.icd10_label ?? '' } : null,
    differentials: (r.differentials ?? []).map((d) => ({ text: d.text, icd10: d.icd10 ?? null })),
    managementPlan: r.management_plan,
    treatmentSuggestions: r.treatment_suggestions,
    outcome: r.outcome as SignedAnswer['outcome'],
    patientSummary: r.patient_summary,
    gpDiscussesFirst: r.gp_discusses_first,
    signedBy: { id: r.signed_by, name: r.display_name },
    signedAt: isoOf(r.signed_at),
    contentHash: r.content_hash,
  };
}

export async function answerOf(db: Db, caseId: string): Promise<SignedAnswer | null> {
  const r = await answerQuery(db, caseId).executeTakeFirst();
  return r ? toSignedAnswer(r) : null;
}

export function addendaQuery(db: Db, caseId: CaseIdOperand) {
  return db
    .selectFrom('case_answer_addenda as d')
    .innerJoin('users as u', 'u.id', 'd.signed_by')
    .select(['d.id', 'd.text', 'd.outcome', 'd.signed_by', 'd.signed_at', 'd.content_hash', 'u.display_name'])
    .where('d.case_id', '=', caseId)
    .orderBy('d.seq');
}

export function toAddendum(r: {
  id: string;
  text: string;
  outcome: string | null;
  signed_by: string;
  signed_at: Instant;
  content_hash: string;
  display_name: string;
}): Addendum {
  return {
    id: r.id,
    text: r.text,
    outcome: r.outcome as Addendum['outcome'],
    signedBy: { id: r.signed_by, name: r.display_name },
    signedAt: isoOf(r.signed_at),
    contentHash: r.content_hash,
  };
}

export async function addendaOf(db: Db, caseId: string): Promise<Addendum[]> {
  return (await addendaQuery(db, caseId).execute()).map(toAddendum);
}

/** The patient's other cases the actor may see (the scope is part of the query), newest first. */
export function earlierCasesQuery(db: Db, actor: Actor, patientId: CaseIdOperand, caseId: CaseIdOperand) {
  return db
    .selectFrom('cases')
    .leftJoin('case_answers', 'case_answers.case_id', 'cases.id')
    .select(['cases.id', 'cases.state', 'cases.submitted_at', 'cases.reason', 'cases.body_site', 'case_answers.outcome', 'case_answers.diagnosis'])
    .where('cases.patient_id', '=', patientId)
    .where('cases.id', '<>', caseId)
    .where('cases.state', '<>', 'draft')
    .where(caseScope(actor))
    .orderBy('cases.submitted_at', 'desc')
    .limit(20);
}

/** An earlier case, with the same body site flagged. */
export function toEarlierCase(
  r: { id: string; state: string; submitted_at: Instant | null; reason: string | null; body_site: string | null; outcome: string | null; diagnosis: string | null },
  bodySite: string | null,
) {
  return {
    id: r.id,
    state: r.state as never,
    submittedAt: r.submitted_at ? isoOf(r.submitted_at) : null,
    reason: (r.reason as never) ?? null,
    bodySite: (r.body_site as never) ?? null,
    sameBodySite: bodySite !== null && r.body_site === bodySite,
    outcome: (r.outcome as never) ?? null,
    diagnosis: r.diagnosis ?? null,
  };
}

/** The patient's other cases the actor may see, newest first, same body site flagged. */
export async function earlierCasesOf(db: Db, actor: Actor, patientId: string, caseId: string, bodySite: string | null) {
  return (await earlierCasesQuery(db, actor, patientId, caseId).execute()).map((r) => toEarlierCase(r, bodySite));
}
