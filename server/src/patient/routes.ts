// The patient kept informed: their cases as a plain timeline, their consents,
// and the requester's release of a held answer. Thin handlers.
import {
  ConsentIdParamsSchema,
  MyCasesSchema,
  MyConsentSchema,
  MyConsentsSchema,
  PatientReleaseSchema,
} from '../../../contracts/patient/index.ts';
import { CaseIdParamsSchema } from '../../../contracts/cases/case.ts';
import type { App } from '../app.ts';
import { myCases } from './my-cases.ts';
import { myConsents, withdrawMyConsent } from './my-consents.ts';
import { patientReleaseStatus, releaseToPatient } from './release-to-patient.ts';

const tags = ['patient'];

export async function patientCareRoutes(app: App) {
  app.get('/api/me/cases', { schema: { tags, response: { 200: MyCasesSchema } } }, (request) => myCases(request.ctx));
  app.get('/api/me/consents', { schema: { tags, response: { 200: MyConsentsSchema } } }, (request) => myConsents(request.ctx));
  app.post('/api/me/consents/:consentId/withdraw', { schema: { tags, params: ConsentIdParamsSchema, response: { 200: MyConsentSchema } } }, (request) =>
    withdrawMyConsent(request.ctx, request.params.consentId),
  );
  app.get('/api/cases/:caseId/patient-release', { schema: { tags, params: CaseIdParamsSchema, response: { 200: PatientReleaseSchema } } }, (request) =>
    patientReleaseStatus(request.ctx, request.params.caseId),
  );
  app.post('/api/cases/:caseId/release-to-patient', { schema: { tags, params: CaseIdParamsSchema, response: { 200: PatientReleaseSchema } } }, (request) =>
    releaseToPatient(request.ctx, request.params.caseId),
  );
}
