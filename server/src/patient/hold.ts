// The hold: bad news never reaches the patient by app alone. The specialist's
// summary waits for the requester when the outcome (of the answer or of a later
// addendum) is the suspected-cancer pathway, or when the dermatologist ticked
// "the GP discusses this with the patient first", until the requester releases it.
import type { Kysely, Transaction } from 'kysely';
import type { TriageOutcome } from '../../../contracts/clinical/triage.ts';
import type { DB } from '../db/schema.ts';

export interface AnswerForPatient {
  caseId: string;
  signedAt: Date;
  outcome: TriageOutcome;
  patientSummary: string;
  held: boolean;
  releasedAt: Date | null;
}

export function mustHold(outcomes: Array<TriageOutcome | null>, gpDiscussesFirst: boolean): boolean {
  return gpDiscussesFirst || outcomes.includes('suspected_cancer_pathway');
}

/** The signed answers of these cases as the patient may know of them (latest outcome, hold, release). */
export async function answersForPatient(db: Kysely<DB> | Transaction<DB>, caseIds: string[]): Promise<Map<string, AnswerForPatient>> {
  if (caseIds.length === 0) return new Map();
  const answers = await db
    .selectFrom('case_answers as a')
    .leftJoin('case_patient_releases as r', 'r.case_id', 'a.case_id')
    .select(['a.case_id', 'a.signed_at', 'a.outcome', 'a.patient_summary', 'a.gp_discusses_first', 'r.released_at'])
    .where('a.case_id', 'in', caseIds)
    .execute();
  const addenda = await db
    .selectFrom('case_answer_addenda')
    .select(['case_id', 'outcome'])
    .where('case_id', 'in', caseIds)
    .where('outcome', 'is not', null)
    .orderBy('seq')
    .execute();
  const out = new Map<string, AnswerForPatient>();
  for (const a of answers) {
    const later = addenda.filter((x) => x.case_id === a.case_id).map((x) => x.outcome);
    const outcome = (later.at(-1) ?? a.outcome) as TriageOutcome;
    out.set(a.case_id, {
      caseId: a.case_id,
      signedAt: a.signed_at,
      outcome,
      patientSummary: a.patient_summary,
      held: mustHold([a.outcome, ...later], a.gp_discusses_first) && !a.released_at,
      releasedAt: a.released_at ?? null,
    });
  }
  return out;
}
