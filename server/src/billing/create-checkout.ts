// The patient pays their share online: a Stripe Checkout session for exactly
// the line's patient share, with the line's id in its metadata; the browser is
// sent to the session's page. The line is marked paid only by the signed
// webhook (stripe-webhook.ts), never by the return to our page. The Stripe call
// happens outside any database transaction.
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { getStripe } from './stripe.ts';
import './actions.ts';

export async function createCheckout(ctx: Ctx, billingLineId: string, returnBaseUrl: string): Promise<{ url: string }> {
  const actor = requireActor(ctx);
  assertCan(actor, 'billing.my_payments');
  const line = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('billing_lines as bl')
      .innerJoin('patients as p', 'p.id', 'bl.patient_id')
      .select(['bl.id', 'bl.patient_id', 'bl.payment_status', 'bl.patient_amount_cents', 'bl.currency'])
      .where('bl.id', '=', billingLineId)
      .where('p.user_id', '=', actor.userId)
      .executeTakeFirst();
    if (!row) throw notFound('billing line');
    if (row.payment_status !== 'due') throw new AppError('billing_line_not_due', 'Nothing is due on this line.', { extra: { paymentStatus: row.payment_status } });
    await recordAudit(trx, ctx, { action: 'billing.checkout_start', resourceType: 'billing_line', resourceId: row.id, patientId: row.patient_id, details: { amountCents: row.patient_amount_cents } });
    return row;
  });
  const stripe = getStripe(ctx.services);
  if (!stripe) throw new AppError('online_payment_unavailable', 'Online payment is not configured: the share is paid at the practice.');

  const base = returnBaseUrl.replace(/\/$/, '');
  let session;
  try {
    session = await stripe.checkout.sessions.create({
      mode: 'payment',
      client_reference_id: line.id,
      metadata: { billingLineId: line.id },
      payment_intent_data: { metadata: { billingLineId: line.id } },
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: line.currency.toLowerCase(),
            unit_amount: line.patient_amount_cents,
            // No clinical content: the statement on a bank account is not a medical record.
            product_data: { name: actor.locale === 'fr' ? 'DermLink - votre part' : 'DermLink - your share' },
          },
        },
      ],
      locale: actor.locale,
      success_url: `${base}/my-care/payments?checkout=success`,
      cancel_url: `${base}/my-care/payments?checkout=cancelled`,
    });
  } catch (err) {
    ctx.log.error({ err: { type: (err as Error).name, message: (err as Error).message } }, 'stripe checkout session failed');
    throw new AppError('payment_provider_failed', 'The payment service did not answer.', { cause: err });
  }
  if (!session.url) throw new AppError('payment_provider_failed', 'The payment service gave no payment page.');
  await ctx.db.updateTable('billing_lines').set({ stripe_checkout_session_id: session.id }).where('id', '=', line.id).where('payment_status', '=', 'due').execute();
  return { url: session.url };
}
