// GET /api/me/cases: the patient's own cases (never drafts) as a timeline of
// plain steps computed from the case events and the signed answer. The web app
// renders one short sentence per step kind (web/src/i18n/locales/*/patient.json).
import type { MyCase, MyCases, TimelineStep } from '../../../contracts/patient/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { caseScope } from '../cases/case-scope.ts';
import type { Ctx } from '../context.ts';
import { answersForPatient, type AnswerForPatient } from './hold.ts';
import './actions.ts';

const OPEN = new Set(['submitted', 'in_review', 'awaiting_requester']);

interface EventRow {
  case_id: string;
  transition: string;
  occurred_at: Date;
}

export function timelineOf(
  c: { id: string; state: string; submitted_at: Date | null; deadline_at: Date | null; withdrawn_at: Date | null },
  events: EventRow[],
  answer: AnswerForPatient | undefined,
): MyCase {
  const steps: TimelineStep[] = [];
  const iso = (d: Date) => d.toISOString();
  const open = OPEN.has(c.state);
  const waiting: Record<string, string> = open && c.deadline_at ? { expectedBy: iso(c.deadline_at) } : {};
  let reviewing = false;
  for (const e of events) {
    switch (e.transition) {
      case 'submit':
        steps.push({ kind: 'sent', date: iso(e.occurred_at), params: {} });
        break;
      case 'claim':
        // One "is looking" step, however often the case changed hands.
        if (!reviewing) steps.push({ kind: 'reviewing', date: iso(e.occurred_at), params: {} });
        reviewing = true;
        break;
      case 'ask_question':
        steps.push({ kind: 'question_asked', date: iso(e.occurred_at), params: {} });
        break;
      case 'answer_question':
        steps.push({ kind: 'question_answered', date: iso(e.occurred_at), params: {} });
        break;
      case 'withdraw':
        steps.push({ kind: 'withdrawn', date: iso(e.occurred_at), params: {} });
        break;
      default:
        break;
    }
  }
  // While waiting, the latest step says when the patient will hear from us.
  const last = steps.at(-1);
  if (last && open && (last.kind === 'sent' || last.kind === 'reviewing' || last.kind === 'question_answered')) last.params = { ...waiting };

  let summary: string | null = null;
  let nextStep: MyCase['nextStep'] = null;
  if (answer) {
    if (answer.held) {
      steps.push({ kind: 'answer_with_doctor', date: iso(answer.signedAt), params: {} });
    } else {
      summary = answer.patientSummary;
      nextStep = answer.outcome;
      steps.push({ kind: 'answered', date: iso(answer.releasedAt ?? answer.signedAt), params: { summary, nextStep } });
    }
  }
  const status: MyCase['status'] = c.state === 'withdrawn' ? 'withdrawn' : answer ? (answer.held ? 'held' : 'answered') : 'in_progress';
  return { id: c.id, status, sentOn: iso(c.submitted_at ?? c.withdrawn_at ?? new Date(0)), steps, summary, nextStep };
}

export async function myCases(ctx: Ctx): Promise<MyCases> {
  const actor = requireActor(ctx);
  assertCan(actor, 'patient.my_cases');
  return ctx.db.transaction().execute(async (trx) => {
    const cases = await trx
      .selectFrom('cases')
      .select(['id', 'patient_id', 'state', 'submitted_at', 'deadline_at', 'withdrawn_at'])
      .where(caseScope(actor))
      // A case withdrawn before submission was a draft the patient never heard of.
      .where('submitted_at', 'is not', null)
      .orderBy('submitted_at', 'desc')
      .execute();
    const ids = cases.map((c) => c.id);
    const events = ids.length
      ? await trx.selectFrom('case_events').select(['case_id', 'transition', 'occurred_at']).where('case_id', 'in', ids).orderBy('seq').execute()
      : [];
    const answers = await answersForPatient(trx, ids);
    for (const patientId of new Set(cases.map((c) => c.patient_id))) {
      await recordAudit(trx, ctx, { action: 'patient.my_cases.read', resourceType: 'patient', resourceId: patientId, patientId, details: { cases: cases.filter((c) => c.patient_id === patientId).length } });
    }
    return { cases: cases.map((c) => timelineOf(c, events.filter((e) => e.case_id === c.id), answers.get(c.id))) };
  });
}
