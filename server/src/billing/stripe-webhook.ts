// Stripe's webhook: the signature (Stripe-Signature, HMAC over the RAW body
// with STRIPE_WEBHOOK_SECRET) is verified before anything is read; a forged or
// stale one is refused (400) and nothing changes. Each event is handled once
// (stripe_events, keyed by the event id: Stripe delivers at least once). A
// completed and paid Checkout session marks its billing line paid, provided
// the amount and currency are the line's patient share.
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { verifyStripeEvent, type StripeEvent } from './stripe.ts';

const PAID_EVENTS = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);

export async function handleStripeWebhook(ctx: Ctx, rawBody: Buffer, signature: string | undefined): Promise<{ received: true }> {
  const secret = ctx.services.config.stripeWebhookSecret;
  if (!secret) throw notFound('webhook');
  let event: StripeEvent;
  try {
    if (!signature) throw new Error('no signature');
    event = verifyStripeEvent(rawBody, signature, secret, ctx.clock.now());
  } catch {
    ctx.log.warn({ kind: 'stripe_webhook' }, 'stripe webhook refused: signature not verified');
    throw new AppError('stripe_signature_invalid', 'The Stripe signature could not be verified.');
  }

  await ctx.db.transaction().execute(async (trx) => {
    const first = await trx.insertInto('stripe_events').values({ event_id: event.id, type: event.type }).onConflict((oc) => oc.doNothing()).returning('event_id').executeTakeFirst();
    if (!first || !PAID_EVENTS.has(event.type)) return;
    const session = event.data.object as { id: string; payment_status?: string; amount_total?: number | null; currency?: string | null; metadata?: Record<string, string> | null };
    const billingLineId = session.metadata?.billingLineId;
    if (session.payment_status !== 'paid' || !billingLineId || !/^[0-9a-f-]{36}$/i.test(billingLineId)) return;
    const line = await trx
      .selectFrom('billing_lines')
      .select(['id', 'patient_id', 'payment_status', 'patient_amount_cents', 'currency'])
      .where('id', '=', billingLineId)
      .forUpdate()
      .executeTakeFirst();
    // The metadata is ours (set when we created the session) and the event is
    // signed; the amount check guards against a share changed since.
    const matches = line && session.amount_total === line.patient_amount_cents && (session.currency ?? '').toUpperCase() === line.currency;
    if (!line || !matches) {
      ctx.log.warn({ kind: 'stripe_webhook', eventId: event.id }, 'paid checkout session does not match a billing line');
      return;
    }
    await trx.updateTable('stripe_events').set({ billing_line_id: line.id }).where('event_id', '=', event.id).execute();
    if (line.payment_status !== 'due') {
      ctx.log.warn({ kind: 'stripe_webhook', eventId: event.id }, 'paid checkout session for a line already settled');
      return;
    }
    await trx.updateTable('billing_lines').set({ payment_status: 'paid', paid_at: ctx.clock.now(), paid_via: 'online' }).where('id', '=', line.id).execute();
    await recordAudit(trx, ctx, { action: 'billing.paid_online', resourceType: 'billing_line', resourceId: line.id, patientId: line.patient_id, details: { eventId: event.id, sessionId: session.id } });
  });
  return { received: true };
}
