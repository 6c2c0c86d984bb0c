// Tele-expertise cases: thin handlers, one domain function each.
import { z } from 'zod';
import {
  AddendumBodySchema,
  AddendumSchema,
  AnswerBodySchema,
  AnswerDraftSchema,
  AnswerTemplateBodySchema,
  AnswerTemplateListSchema,
  AnswerTemplateSchema,
  Icd10SearchQuerySchema,
  Icd10SearchResultSchema,
  TemplateParamsSchema,
} from '../../../contracts/cases/answer.ts';
import {
  CaseCountsSchema,
  CaseCreatedSchema,
  CaseDetailSchema,
  CaseIdParamsSchema,
  CaseListQuerySchema,
  CaseListSchema,
  CreateCaseBodySchema,
  DraftSavedSchema,
  MessageBodySchema,
  QueuePageSchema,
  QueueQuerySchema,
  ReassignBodySchema,
  ReportQuerySchema,
  RoutingOptionsSchema,
  SaveDraftBodySchema,
  SubmitCaseBodySchema,
  TransitionResultSchema,
  WithdrawBodySchema,
} from '../../../contracts/cases/case.ts';
import type { App } from '../app.ts';
import { acknowledgeCase } from './acknowledge-case.ts';
import { addAddendum } from './add-addendum.ts';
import { answerQuestion } from './answer-question.ts';
import { createAnswerTemplate, deleteAnswerTemplate, listAnswerTemplates, updateAnswerTemplate } from './answer-templates.ts';
import { askQuestion } from './ask-question.ts';
import { caseCounts } from './case-counts.ts';
import { claimCase } from './claim-case.ts';
import { createCase } from './create-case.ts';
import { getCase } from './get-case.ts';
import { getQueue } from './get-queue.ts';
import { icd10Search } from './icd10-search.ts';
import { listCases } from './list-cases.ts';
import { reassignCase } from './reassign-case.ts';
import { releaseCase } from './release-case.ts';
import { renderReport } from './pdf-report.ts';
import { routingOptions } from './routing-options.ts';
import { saveAnswerDraft } from './save-answer-draft.ts';
import { saveDraft } from './save-draft.ts';
import { signAnswer } from './sign-answer.ts';
import { submitCase } from './submit-case.ts';
import { withdrawCase } from './withdraw-case.ts';
import './case-scope.ts';

const tags = ['cases'];
const params = CaseIdParamsSchema;
const transition = { tags, params, response: { 200: TransitionResultSchema } };
const Saved = z.object({ id: z.uuid(), updatedAt: z.string() });

export async function caseRoutes(app: App) {
  // Requester: drafts, submission, list and badge.
  app.get('/api/cases/routing-options', { schema: { tags, response: { 200: RoutingOptionsSchema } } }, (request) => routingOptions(request.ctx));
  app.get('/api/cases/counts', { schema: { tags, response: { 200: CaseCountsSchema } } }, (request) => caseCounts(request.ctx));
  app.get('/api/cases', { schema: { tags, querystring: CaseListQuerySchema, response: { 200: CaseListSchema } } }, (request) =>
    listCases(request.ctx, request.query),
  );
  app.post('/api/cases', { schema: { tags, body: CreateCaseBodySchema, response: { 201: CaseCreatedSchema } } }, async (request, reply) =>
    reply.status(201).send(await createCase(request.ctx, request.body)),
  );
  app.put('/api/cases/:caseId/draft', { schema: { tags, params, body: SaveDraftBodySchema, response: { 200: DraftSavedSchema } } }, (request) =>
    saveDraft(request.ctx, request.params.caseId, request.body),
  );
  app.post('/api/cases/:caseId/submit', { schema: { ...transition, body: SubmitCaseBodySchema } }, (request) =>
    submitCase(request.ctx, request.params.caseId, request.body ?? {}),
  );
  app.post('/api/cases/:caseId/withdraw', { schema: { ...transition, body: WithdrawBodySchema } }, (request) => withdrawCase(request.ctx, request.params.caseId, request.body));
  app.post('/api/cases/:caseId/replies', { schema: { ...transition, body: MessageBodySchema } }, (request) =>
    answerQuestion(request.ctx, request.params.caseId, request.body.body),
  );
  app.post('/api/cases/:caseId/acknowledge', { schema: transition }, (request) => acknowledgeCase(request.ctx, request.params.caseId));

  // The case page and its report.
  app.get('/api/cases/:caseId', { schema: { tags, params, response: { 200: CaseDetailSchema } } }, (request) => getCase(request.ctx, request.params.caseId));
  app.get(
    '/api/cases/:caseId/report.pdf',
    {
      schema: {
        tags,
        params,
        querystring: ReportQuerySchema,
        produces: ['application/pdf'],
        response: { 200: z.any().meta({ description: 'The PDF report (application/pdf, attachment).' }) },
      },
    },
    async (request, reply) => {
      const { pdf } = await renderReport(request.ctx, request.params.caseId, { lang: request.query.lang });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="dermlink-report-${request.params.caseId}.pdf"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(pdf));
    },
  );

  // Dermatologist: queue, claim, release, reassign, questions, answer.
  app.get('/api/queue', { schema: { tags, querystring: QueueQuerySchema, response: { 200: QueuePageSchema } } }, (request) =>
    getQueue(request.ctx, request.query),
  );
  app.post('/api/cases/:caseId/claim', { schema: transition }, (request) => claimCase(request.ctx, request.params.caseId));
  app.post('/api/cases/:caseId/release', { schema: transition }, (request) => releaseCase(request.ctx, request.params.caseId));
  app.post('/api/cases/:caseId/reassign', { schema: { ...transition, body: ReassignBodySchema } }, (request) =>
    reassignCase(request.ctx, request.params.caseId, request.body.dermatologistId),
  );
  app.post('/api/cases/:caseId/questions', { schema: { ...transition, body: MessageBodySchema } }, (request) =>
    askQuestion(request.ctx, request.params.caseId, request.body.body),
  );
  app.put('/api/cases/:caseId/answer-draft', { schema: { tags, params, body: AnswerDraftSchema, response: { 200: Saved } } }, (request) =>
    saveAnswerDraft(request.ctx, request.params.caseId, request.body),
  );
  app.post('/api/cases/:caseId/answer', { schema: { ...transition, body: AnswerBodySchema } }, (request) =>
    signAnswer(request.ctx, request.params.caseId, request.body),
  );
  app.post('/api/cases/:caseId/addenda', { schema: { tags, params, body: AddendumBodySchema, response: { 201: AddendumSchema } } }, async (request, reply) =>
    reply.status(201).send(await addAddendum(request.ctx, request.params.caseId, request.body)),
  );

  // ICD-10 and personal templates.
  app.get('/api/icd10', { schema: { tags, querystring: Icd10SearchQuerySchema, response: { 200: Icd10SearchResultSchema } } }, (request) =>
    icd10Search(request.ctx, request.query),
  );
  app.get('/api/answer-templates', { schema: { tags, response: { 200: AnswerTemplateListSchema } } }, (request) => listAnswerTemplates(request.ctx));
  app.post('/api/answer-templates', { schema: { tags, body: AnswerTemplateBodySchema, response: { 201: AnswerTemplateSchema } } }, async (request, reply) =>
    reply.status(201).send(await createAnswerTemplate(request.ctx, request.body)),
  );
  app.put(
    '/api/answer-templates/:templateId',
    { schema: { tags, params: TemplateParamsSchema, body: AnswerTemplateBodySchema, response: { 200: AnswerTemplateSchema } } },
    (request) => updateAnswerTemplate(request.ctx, request.params.templateId, request.body),
  );
  app.delete('/api/answer-templates/:templateId', { schema: { tags, params: TemplateParamsSchema, response: { 204: z.null() } } }, async (request, reply) => {
    await deleteAnswerTemplate(request.ctx, request.params.templateId);
    return reply.status(204).send(null);
  });
}
