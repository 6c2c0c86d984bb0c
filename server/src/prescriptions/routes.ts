// Electronic prescriptions: the formulary search, writing and signing for an
// appointment, lists, the PDF, and the public verification with the
// pharmacist's dispensing. Thin handlers.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import {
  AppointmentIdParamsSchema,
  CreatePrescriptionBodySchema,
  FormularySearchQuerySchema,
  FormularySearchResultSchema,
  PrescriptionIdParamsSchema,
  PrescriptionListSchema,
  PrescriptionPdfQuerySchema,
  PrescriptionSchema,
  VerificationCodeParamsSchema,
  VerificationSchema,
} from '../../../contracts/prescriptions/index.ts';
import type { App } from '../app.ts';
import { publicOrigin } from '../auth/auth-ctx.ts';
import { createPrescription } from './create-prescription.ts';
import { dispensePrescription } from './dispense-prescription.ts';
import { formularySearch } from './formulary-search.ts';
import { appointmentPrescriptions, myPrescriptions } from './list-prescriptions.ts';
import { renderPrescriptionPdf } from './prescription-pdf.ts';
import { verifyPrescription } from './verify-prescription.ts';

const tags = ['prescriptions'];
const requestOrigin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

export async function prescriptionRoutes(app: App) {
  app.get('/api/formulary', { schema: { tags, querystring: FormularySearchQuerySchema, response: { 200: FormularySearchResultSchema } } }, (request) =>
    formularySearch(request.ctx, request.query),
  );
  app.get('/api/appointments/:appointmentId/prescriptions', { schema: { tags, params: AppointmentIdParamsSchema, response: { 200: PrescriptionListSchema } } }, (request) =>
    appointmentPrescriptions(request.ctx, request.params.appointmentId),
  );
  app.post(
    '/api/appointments/:appointmentId/prescriptions',
    { schema: { tags, params: AppointmentIdParamsSchema, body: CreatePrescriptionBodySchema, response: { 201: PrescriptionSchema } } },
    async (request, reply) => reply.status(201).send(await createPrescription(request.ctx, request.params.appointmentId, request.body)),
  );
  app.get('/api/me/prescriptions', { schema: { tags, response: { 200: PrescriptionListSchema } } }, (request) => myPrescriptions(request.ctx));
  app.get(
    '/api/prescriptions/:prescriptionId/pdf',
    {
      schema: {
        tags,
        params: PrescriptionIdParamsSchema,
        querystring: PrescriptionPdfQuerySchema,
        produces: ['application/pdf'],
        response: { 200: z.any().meta({ description: 'The prescription (application/pdf, attachment).' }) },
      },
    },
    async (request, reply) => {
      const { pdf } = await renderPrescriptionPdf(request.ctx, request.params.prescriptionId, {
        lang: request.query.lang,
        origin: publicOrigin(request.ctx, requestOrigin(request)),
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="dermlink-prescription-${request.params.prescriptionId}.pdf"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(pdf));
    },
  );
  // Public: the code is what the QR code carries; no sign-in needed (a pharmacist sees more).
  app.get('/api/prescriptions/verify/:code', { schema: { tags, params: VerificationCodeParamsSchema, response: { 200: VerificationSchema } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return verifyPrescription(request.ctx, request.params.code);
  });
  app.post('/api/prescriptions/verify/:code/dispense', { schema: { tags, params: VerificationCodeParamsSchema, response: { 200: VerificationSchema } } }, (request) =>
    dispensePrescription(request.ctx, request.params.code),
  );
}
