// The patient (or their GP practice on their behalf) saves the questionnaire
// as they type, then sends it. A draft save keeps whatever was typed (and
// makes a sent questionnaire a draft again until it is sent anew); sending
// checks the answers strictly (422 with the field paths). Refused (409) once
// the appointment is cancelled, over or past. Audited without the answers.
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { findAppointmentInScope } from '../appointments/appointment-scope.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import {
  normaliseAnswers,
  submissionIssues,
  type QuestionnaireDraft,
  type QuestionnaireState,
} from '../../../contracts/appointments/questionnaire.ts';
import { questionnaireOpen } from './questionnaire-rules.ts';
import { readQuestionnaire, toStored } from './questionnaire-state.ts';
import './actions.ts';

export async function saveQuestionnaire(ctx: Ctx, appointmentId: string, input: { answers: QuestionnaireDraft; submit: boolean }): Promise<QuestionnaireState> {
  const actor = requireActor(ctx);
  assertCan(actor, 'appointment.questionnaire.save');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const appointment = await findAppointmentInScope(trx, actor, appointmentId, { forUpdate: true });
    if (!questionnaireOpen(appointment, now)) {
      throw new AppError('appointment_closed', 'This appointment is cancelled or over: its questionnaire can no longer change.', {
        extra: { appointmentStatus: appointment.status },
      });
    }
    const answers = normaliseAnswers(input.answers);
    if (input.submit) {
      const issues = submissionIssues(answers);
      if (issues.length) {
        throw new AppError('questionnaire_incomplete', 'Some answers are missing.', {
          fields: issues.map((issue) => ({ path: `answers.${issue.path}`, message: issue.message })),
        });
      }
    }
    const stored = toStored(answers, now, actor.role === 'patient' ? 'patient' : 'practice');
    const submittedAt = input.submit ? now : null;
    await trx
      .updateTable('appointments')
      .set({ questionnaire: JSON.stringify(stored), questionnaire_submitted_at: submittedAt, updated_at: now })
      .where('id', '=', appointment.id)
      .execute();
    await recordAudit(trx, ctx, {
      action: input.submit ? 'appointment.questionnaire_submit' : 'appointment.questionnaire_save',
      resourceType: 'appointment',
      resourceId: appointment.id,
      patientId: appointment.patient_id,
      // Which questions have an answer, never the answers themselves.
      details: { answered: Object.keys(answers).filter((key) => answers[key as keyof QuestionnaireDraft] != null).sort(), wasSubmitted: appointment.questionnaire_submitted_at !== null },
    });
    return readQuestionnaire(stored, submittedAt);
  });
}
