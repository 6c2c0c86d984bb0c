// Visit notes, the report to the referring GP, the patient's summary: thin handlers.
import { z } from 'zod';
import {
  MyVisitsSchema,
  PatientVisitSummarySchema,
  VisitClosedSchema,
  VisitCompleteBodySchema,
  VisitDraftSchema,
  VisitListSchema,
  VisitNoShowBodySchema,
  VisitParamsSchema,
  VisitReportQuerySchema,
  VisitReportSchema,
  VisitSavedSchema,
  VisitSchema,
} from '../../../contracts/visits/index.ts';
import type { App } from '../app.ts';
import { completeVisit } from './complete-visit.ts';
import { getVisit } from './get-visit.ts';
import { listVisits } from './list-visits.ts';
import { markNoShow } from './mark-no-show.ts';
import { myVisits, patientVisitSummary } from './patient-summary.ts';
import { renderVisitReportPdf } from './report-pdf.ts';
import { saveVisitDraft } from './save-visit-draft.ts';
import { getVisitReport } from './visit-report.ts';

const tags = ['visits'];
const params = VisitParamsSchema;

export async function visitRoutes(app: App) {
  // The dermatologist: the visits to write up, the record, sign (completed or no-show).
  app.get('/api/visits', { schema: { tags, summary: 'My visits to write up and recently signed', response: { 200: VisitListSchema } } }, (request) => listVisits(request.ctx));
  app.get('/api/appointments/:appointmentId/visit', { schema: { tags, summary: 'The visit: timeline, video rule, record', params, response: { 200: VisitSchema } } }, (request) =>
    getVisit(request.ctx, request.params.appointmentId),
  );
  app.put(
    '/api/appointments/:appointmentId/visit',
    { schema: { tags, summary: 'Save the visit record draft (fields sent only)', params, body: VisitDraftSchema, response: { 200: VisitSavedSchema } } },
    (request) => saveVisitDraft(request.ctx, request.params.appointmentId, request.body),
  );
  app.post(
    '/api/appointments/:appointmentId/visit/complete',
    { schema: { tags, summary: 'Sign the visit as completed (video required); tells the referring GP', params, body: VisitCompleteBodySchema, response: { 200: VisitClosedSchema } } },
    (request) => completeVisit(request.ctx, request.params.appointmentId, request.body),
  );
  app.post(
    '/api/appointments/:appointmentId/visit/no-show',
    { schema: { tags, summary: 'Record that the patient did not attend', params, body: VisitNoShowBodySchema, response: { 200: VisitClosedSchema } } },
    (request) => markNoShow(request.ctx, request.params.appointmentId, request.body ?? {}),
  );

  // The referring GP (and the dermatologist, the coordinators): the report, on screen and as a PDF.
  app.get('/api/appointments/:appointmentId/report', { schema: { tags, summary: 'The report of a signed visit', params, response: { 200: VisitReportSchema } } }, (request) =>
    getVisitReport(request.ctx, request.params.appointmentId),
  );
  app.get(
    '/api/appointments/:appointmentId/report.pdf',
    {
      schema: {
        tags,
        summary: 'The visit report as a PDF',
        params,
        querystring: VisitReportQuerySchema,
        produces: ['application/pdf'],
        response: { 200: z.any().meta({ description: 'The PDF report (application/pdf, attachment).' }) },
      },
    },
    async (request, reply) => {
      const { pdf } = await renderVisitReportPdf(request.ctx, request.params.appointmentId, { lang: request.query.lang });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="dermlink-visit-${request.params.appointmentId}.pdf"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(pdf));
    },
  );

  // The patient: the plain-language summary.
  app.get('/api/appointments/:appointmentId/summary', { schema: { tags, summary: "The visit's plain-language summary for the patient", params, response: { 200: PatientVisitSummarySchema } } }, (request) =>
    patientVisitSummary(request.ctx, request.params.appointmentId),
  );
  app.get('/api/me/visits', { schema: { tags, summary: 'My closed video visits and their summaries', response: { 200: MyVisitsSchema } } }, (request) => myVisits(request.ctx));
}
