// What each case transition means for notifications and deadline clocks.
// Called by cases/transition.ts (applyTransition) in the transition's own
// transaction, after the case event and the audit event are written.
import type { Transaction } from 'kysely';
import type { CaseTransition } from '../../../contracts/clinical/case-state.ts';
import type { NotificationKind } from '../../../contracts/notifications/index.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { scheduleDeadlineClocks, scheduleRequesterReminder } from '../deadlines/clock.ts';
import { publishDomainEvent } from './publish.ts';
import { notifyPatient } from '../patient/notify-patient.ts';

const EVENT_OF: Partial<Record<CaseTransition, NotificationKind>> = {
  submit: 'case_submitted',
  claim: 'case_claimed',
  ask_question: 'question_asked',
  answer_question: 'question_answered',
  sign_answer: 'answer_signed',
  acknowledge: 'answer_acknowledged',
  withdraw: 'case_withdrawn',
  reassign: 'case_reassigned',
};

type Row = { id: string; submitted_at: Date | null; deadline_at: Date | null; paused_ms: number | string; paused_at: Date | null };

export async function publishCaseTransition(
  trx: Transaction<DB>,
  ctx: Pick<Ctx, 'actor' | 'clock' | 'services'>,
  input: { transition: CaseTransition; before: Row; after: Row; eventId: string },
): Promise<void> {
  const kind = EVENT_OF[input.transition];
  if (kind) await publishDomainEvent(trx, ctx, { kind, caseId: input.after.id });
  // The patient hears of their case too (content-free email, patient/notify-patient.ts).
  if (input.transition === 'submit' || input.transition === 'sign_answer') await notifyPatient(trx, ctx, input.after.id, input.transition === 'submit' ? 'submitted' : 'answered');
  const now = ctx.clock.now();
  switch (input.transition) {
    case 'submit':
      await scheduleDeadlineClocks(trx, ctx, input.after);
      break;
    case 'answer_question':
      // A paused clock resumes with a later deadline: the checks move with it.
      if (input.before.paused_at) await scheduleDeadlineClocks(trx, ctx, input.after);
      break;
    case 'ask_question':
      await scheduleRequesterReminder(trx, ctx, { caseId: input.after.id, mark: 'question_waiting', episode: input.eventId, from: now });
      break;
    case 'sign_answer':
      await scheduleRequesterReminder(trx, ctx, { caseId: input.after.id, mark: 'answer_unacknowledged', episode: input.eventId, from: now });
      break;
    default:
      break;
  }
}
