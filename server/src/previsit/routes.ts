// Before the teleconsultation: the appointment's preparation (the page of the
// patient and of the dermatologist) and the patient's questionnaire. The
// appointment's photos are served by the photos feature
// (GET /api/appointments/:appointmentId/photos, tus uploads with appointmentId).
import type { App } from '../app.ts';
import {
  AppointmentIdParamsSchema,
  AppointmentPreparationSchema,
  QuestionnaireStateSchema,
  SaveQuestionnaireBodySchema,
} from '../../../contracts/appointments/questionnaire.ts';
import { getPreparation } from './get-preparation.ts';
import { saveQuestionnaire } from './save-questionnaire.ts';

const tags = ['previsit'];

export async function previsitRoutes(app: App) {
  app.get(
    '/api/appointments/:appointmentId/preparation',
    { schema: { tags, params: AppointmentIdParamsSchema, response: { 200: AppointmentPreparationSchema } } },
    (request) => getPreparation(request.ctx, request.params.appointmentId),
  );
  app.put(
    '/api/appointments/:appointmentId/questionnaire',
    { schema: { tags, params: AppointmentIdParamsSchema, body: SaveQuestionnaireBodySchema, response: { 200: QuestionnaireStateSchema } } },
    (request) => saveQuestionnaire(request.ctx, request.params.appointmentId, request.body),
  );
}
