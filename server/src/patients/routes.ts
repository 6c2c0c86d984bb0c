// Patients and consents: thin handlers over one domain function each.
import {
  ConsentListSchema,
  ConsentParamsSchema,
  ConsentSchema,
  RecordConsentBodySchema,
  WithdrawConsentBodySchema,
} from '../../../contracts/patients/consent.ts';
import {
  CreatePatientBodySchema,
  PatientIdParamsSchema,
  PatientListSchema,
  PatientSchema,
  PatientSearchQuerySchema,
} from '../../../contracts/patients/patient.ts';
import type { App } from '../app.ts';
import { createPatient } from './create-patient.ts';
import { getPatient, listConsents } from './get-patient.ts';
import { recordConsent } from './record-consent.ts';
import { searchPatients } from './search-patients.ts';
import { withdrawConsent } from './withdraw-consent.ts';

const tags = ['patients'];

export async function patientRoutes(app: App) {
  app.post('/api/patients', { schema: { tags, body: CreatePatientBodySchema, response: { 201: PatientSchema } } }, async (request, reply) =>
    reply.status(201).send(await createPatient(request.ctx, request.body)),
  );
  app.get('/api/patients', { schema: { tags, querystring: PatientSearchQuerySchema, response: { 200: PatientListSchema } } }, (request) =>
    searchPatients(request.ctx, request.query),
  );
  app.get('/api/patients/:patientId', { schema: { tags, params: PatientIdParamsSchema, response: { 200: PatientSchema } } }, (request) =>
    getPatient(request.ctx, request.params.patientId),
  );
  app.get('/api/patients/:patientId/consents', { schema: { tags, params: PatientIdParamsSchema, response: { 200: ConsentListSchema } } }, (request) =>
    listConsents(request.ctx, request.params.patientId),
  );
  app.post(
    '/api/patients/:patientId/consents',
    { schema: { tags, params: PatientIdParamsSchema, body: RecordConsentBodySchema, response: { 201: ConsentSchema } } },
    async (request, reply) => reply.status(201).send(await recordConsent(request.ctx, request.params.patientId, request.body)),
  );
  app.post(
    '/api/patients/:patientId/consents/:consentId/withdraw',
    { schema: { tags, params: ConsentParamsSchema, body: WithdrawConsentBodySchema, response: { 200: ConsentSchema } } },
    (request) => withdrawConsent(request.ctx, request.params.patientId, request.params.consentId, request.body.reason),
  );
}
