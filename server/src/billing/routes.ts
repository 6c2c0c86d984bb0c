// Fees and billing: the coordinator's fee schedule, monthly statements (JSON,
// CSV, PDF), the patient's share (list, online checkout, marked paid at the
// practice) and Stripe's webhook.
import { z } from 'zod';
import {
  BillingCliniciansSchema,
  BillingLineParamsSchema,
  BillingLineSchema,
  CheckoutSchema,
  FeeEntryCreateSchema,
  FeeEntryEndSchema,
  FeeEntryParamsSchema,
  FeeEntrySchema,
  FeeScheduleSchema,
  FeeVersionCreateSchema,
  PatientPaymentsSchema,
  StatementParamsSchema,
  StatementQuerySchema,
  StatementSchema,
  WebhookAckSchema,
} from '../../../contracts/billing/index.ts';
import type { App } from '../app.ts';
import { addFeeVersion } from './add-fee-version.ts';
import { createCheckout } from './create-checkout.ts';
import { createFeeEntry } from './create-fee-entry.ts';
import { endFeeEntry } from './end-fee-entry.ts';
import { getStatement } from './get-statement.ts';
import { listBillingClinicians } from './list-billing-clinicians.ts';
import { listFees } from './list-fees.ts';
import { markPaidAtPractice } from './mark-paid.ts';
import { listMyPayments } from './my-payments.ts';
import { statementCsv } from './statement-csv.ts';
import { statementPdf } from './statement-pdf.ts';
import { handleStripeWebhook } from './stripe-webhook.ts';

const tags = ['billing'];

export async function billingRoutes(app: App) {
  app.get('/api/billing/fees', { schema: { tags, response: { 200: FeeScheduleSchema } } }, (request) => listFees(request.ctx));
  app.post('/api/billing/fees', { schema: { tags, body: FeeEntryCreateSchema, response: { 201: FeeEntrySchema } } }, async (request, reply) =>
    reply.code(201).send(await createFeeEntry(request.ctx, request.body)),
  );
  app.post(
    '/api/billing/fees/:feeEntryId/versions',
    { schema: { tags, params: FeeEntryParamsSchema, body: FeeVersionCreateSchema, response: { 201: FeeEntrySchema } } },
    async (request, reply) => reply.code(201).send(await addFeeVersion(request.ctx, request.params.feeEntryId, request.body)),
  );

  app.post(
    '/api/billing/fees/:feeEntryId/end',
    { schema: { tags, params: FeeEntryParamsSchema, body: FeeEntryEndSchema, response: { 200: FeeEntrySchema } } },
    (request) => endFeeEntry(request.ctx, request.params.feeEntryId, request.body),
  );

  app.get('/api/billing/clinicians', { schema: { tags, response: { 200: BillingCliniciansSchema } } }, (request) => listBillingClinicians(request.ctx));
  app.get(
    '/api/billing/statements/:month',
    { schema: { tags, params: StatementParamsSchema, querystring: StatementQuerySchema, response: { 200: StatementSchema } } },
    (request) => getStatement(request.ctx, request.params.month, request.query),
  );
  app.get(
    '/api/billing/statements/:month.csv',
    {
      schema: {
        tags,
        params: StatementParamsSchema,
        querystring: StatementQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.any().meta({ description: 'The statement as CSV, one row per billing line, then the totals.' }) },
      },
    },
    async (request, reply) => {
      const statement = await getStatement(request.ctx, request.params.month, request.query, 'csv');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="dermlink-statement-${statement.month}.csv"`)
        .header('cache-control', 'no-store')
        .send(statementCsv(statement, request.query.lang ?? request.actor?.locale ?? 'en'));
    },
  );
  app.get(
    '/api/billing/statements/:month.pdf',
    {
      schema: {
        tags,
        params: StatementParamsSchema,
        querystring: StatementQuerySchema,
        produces: ['application/pdf'],
        response: { 200: z.any().meta({ description: 'The statement as a PDF.' }) },
      },
    },
    async (request, reply) => {
      const statement = await getStatement(request.ctx, request.params.month, request.query, 'pdf');
      const ctx = request.ctx;
      const network = await ctx.db.selectFrom('networks').select('time_zone').where('id', '=', request.actor?.networkId ?? '00000000-0000-0000-0000-000000000000').executeTakeFirst();
      const pdf = await statementPdf(statement, request.query.lang ?? request.actor?.locale ?? 'en', ctx.clock.now(), network?.time_zone ?? 'UTC');
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="dermlink-statement-${statement.month}.pdf"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(pdf));
    },
  );
  app.post(
    '/api/billing/lines/:billingLineId/mark-paid',
    { schema: { tags, params: BillingLineParamsSchema, response: { 200: BillingLineSchema } } },
    (request) => markPaidAtPractice(request.ctx, request.params.billingLineId),
  );

  app.get('/api/billing/my-payments', { schema: { tags, response: { 200: PatientPaymentsSchema } } }, (request) => listMyPayments(request.ctx));
  app.post('/api/billing/lines/:billingLineId/checkout', { schema: { tags, params: BillingLineParamsSchema, response: { 200: CheckoutSchema } } }, (request) =>
    createCheckout(request.ctx, request.params.billingLineId, app.services.config.publicUrl ?? `${request.protocol}://${request.host}`),
  );

  // Stripe signs the exact bytes it sends: this route alone reads the body raw.
  await app.register(async (raw) => {
    raw.removeContentTypeParser(['application/json']);
    raw.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));
    raw.post(
      '/api/billing/stripe/webhook',
      { schema: { tags, response: { 200: WebhookAckSchema } } },
      (request) => handleStripeWebhook(request.ctx, request.body as Buffer, typeof request.headers['stripe-signature'] === 'string' ? request.headers['stripe-signature'] : undefined),
    );
  });
}
