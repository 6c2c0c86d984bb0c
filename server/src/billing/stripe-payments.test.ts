// The patient's share paid online. Stripe's API is not reachable from the test
// machine: the real `stripe` client is pointed (host/port/protocol) at a small
// local HTTP server that answers POST /v1/checkout/sessions and records what it
// was sent. Webhooks are signed with Stripe's own helper
// (webhooks.generateTestHeaderString), with the right and a wrong secret.
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, get, post, type World } from '../cases/test-world.ts';
import { createPatient, signInAs, type TestSession } from '../test/factories.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { createStripeClient } from './stripe.ts';
import { billedVisit } from './test-billing.ts';

const WEBHOOK_SECRET = 'whsec_test_dermlink_billing';
let t: TestApp;
let w: World;
let server: Server;
const received: Array<{ method: string; url: string; body: URLSearchParams; auth: string | undefined }> = [];
let patient: TestSession;
let otherPatient: TestSession;
let lineId: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, body: new URLSearchParams(body), auth: req.headers.authorization });
      if (req.method === 'POST' && req.url === '/v1/checkout/sessions') {
        const id = `cs_test_${received.length}`;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id, object: 'checkout.session', url: `https://checkout.stripe.com/c/pay/${id}`, mode: 'payment', payment_status: 'unpaid' }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'unknown endpoint' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  t = await createTestApp({
    env: { STRIPE_SECRET_KEY: 'sk_test_dermlink', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, PUBLIC_URL: 'https://dermlink.test' },
    extraServices: { stripe: createStripeClient('sk_test_dermlink', { host: '127.0.0.1', port, protocol: 'http' }) },
  });
  t.clock.set('2026-03-12T10:00:00Z');
  w = await createWorld(t);
  const p = await createPatient(t.database.db, { organisationId: w.ids.practiceId, withAccount: true });
  const q = await createPatient(t.database.db, { organisationId: w.ids.practiceId, withAccount: true });
  patient = await signInAs(t, { userId: p.userId! });
  otherPatient = await signInAs(t, { userId: q.userId! });
  // Outside the coordinated pathway: the patient pays 70% of EUR 25.
  const visit = await billedVisit(t, w, { patientId: p.patientId, startsAt: '2026-03-10T09:00:00Z', coordinated: false });
  lineId = visit.lines[0]!.id;
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => server.close(resolve));
});

const event = (o: { id?: string; amount?: number; line?: string; type?: string; paymentStatus?: string } = {}) =>
  JSON.stringify({
    id: o.id ?? `evt_${randomUUID().replace(/-/g, '')}`,
    object: 'event',
    type: o.type ?? 'checkout.session.completed',
    data: { object: { id: 'cs_test_1', object: 'checkout.session', payment_status: o.paymentStatus ?? 'paid', amount_total: o.amount ?? 1750, currency: 'eur', metadata: { billingLineId: o.line ?? lineId } } },
  });

function sendWebhook(payload: string, signature: string | null) {
  return t.app.inject({
    method: 'POST',
    url: '/api/billing/stripe/webhook',
    headers: { 'content-type': 'application/json; charset=utf-8', ...(signature ? { 'stripe-signature': signature } : {}) },
    payload,
  });
}
const sign = (payload: string, secret = WEBHOOK_SECRET, at = t.clock.now()) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: Math.floor(at.getTime() / 1000) });
const lineRow = () => t.database.db.selectFrom('billing_lines').selectAll().where('id', '=', lineId).executeTakeFirstOrThrow();

describe('paying the patient’s share online', () => {
  it('shows the patient what they owe, with online payment on', async () => {
    const res = await get(t, patient, '/api/billing/my-payments');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      paymentMode: 'online',
      payments: [{ id: lineId, kind: 'visit', actDate: '2026-03-10', clinicianName: 'Dr Denis Roux', currency: 'EUR', amountCents: 2500, insurerAmountCents: 750, patientAmountCents: 1750, paymentStatus: 'due', paidAt: null }],
    });
    expect((await get(t, otherPatient, '/api/billing/my-payments')).json().payments).toEqual([]);
    expect((await get(t, w.gp, '/api/billing/my-payments')).statusCode).toBe(403);
  });

  it('creates a Checkout session for exactly the share, with the line in its metadata', async () => {
    expect((await post(t, otherPatient, `/api/billing/lines/${lineId}/checkout`)).statusCode).toBe(404);
    expect(received).toHaveLength(0);
    const res = await post(t, patient, `/api/billing/lines/${lineId}/checkout`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ url: 'https://checkout.stripe.com/c/pay/cs_test_1' });
    expect(received).toHaveLength(1);
    const sent = received[0]!;
    expect(sent.auth).toBe('Bearer sk_test_dermlink');
    expect(Object.fromEntries(sent.body)).toMatchObject({
      mode: 'payment',
      'metadata[billingLineId]': lineId,
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'eur',
      'line_items[0][price_data][unit_amount]': '1750',
      success_url: 'https://dermlink.test/my-care/payments?checkout=success',
      cancel_url: 'https://dermlink.test/my-care/payments?checkout=cancelled',
    });
    // No clinical content goes to the payment provider.
    expect(sent.body.get('line_items[0][price_data][product_data][name]')).toBe('DermLink - your share');
    expect((await lineRow()).stripe_checkout_session_id).toBe('cs_test_1');
  });

  it('refuses a forged, tampered, stale or missing signature and changes nothing', async () => {
    const payload = event();
    const forged = await sendWebhook(payload, sign(payload, 'whsec_not_the_secret'));
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ code: 'stripe_signature_invalid' });
    const tampered = await sendWebhook(event({ amount: 1 }), sign(payload));
    expect(tampered.statusCode).toBe(400);
    const stale = await sendWebhook(payload, sign(payload, WEBHOOK_SECRET, new Date(t.clock.now().getTime() - 10 * 60_000)));
    expect(stale.statusCode).toBe(400);
    expect((await sendWebhook(payload, null)).statusCode).toBe(400);
    // Re-serialised JSON (same content, other bytes) is not what Stripe signed.
    const reserialised = await sendWebhook(JSON.stringify(JSON.parse(payload), null, 2), sign(payload));
    expect(reserialised.statusCode).toBe(400);
    expect((await lineRow()).payment_status).toBe('due');
    expect(await t.database.db.selectFrom('stripe_events').selectAll().execute()).toEqual([]);
  });

  it('marks the line paid on a signed completed session, once per event', async () => {
    // A session paid for another amount (the share changed since) does not settle the line.
    const wrongAmount = event({ amount: 999 });
    expect((await sendWebhook(wrongAmount, sign(wrongAmount))).statusCode).toBe(200);
    expect((await lineRow()).payment_status).toBe('due');

    const payload = event({ id: 'evt_paid_1' });
    const res = await sendWebhook(payload, sign(payload));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ received: true });
    expect(await lineRow()).toMatchObject({ payment_status: 'paid', paid_via: 'online', paid_at: new Date('2026-03-12T10:00:00Z') });
    // Stripe delivers again: nothing more happens.
    t.clock.advance(60_000);
    expect((await sendWebhook(payload, sign(payload))).statusCode).toBe(200);
    expect((await lineRow()).paid_at).toEqual(new Date('2026-03-12T10:00:00Z'));
    const events = await t.database.db.selectFrom('stripe_events').select(['event_id', 'billing_line_id']).where('event_id', '=', 'evt_paid_1').execute();
    expect(events).toEqual([{ event_id: 'evt_paid_1', billing_line_id: lineId }]);
    const audit = await t.database.db.selectFrom('audit_events').select(['patient_id', 'resource_id', 'actor_user_id']).where('action', '=', 'billing.paid_online').execute();
    expect(audit).toEqual([expect.objectContaining({ resource_id: lineId, actor_user_id: null })]);

    expect((await get(t, patient, '/api/billing/my-payments')).json().payments[0]).toMatchObject({ paymentStatus: 'paid', paidAt: '2026-03-12T10:00:00.000Z' });
    // Paid: no new checkout, and the clinician has nothing to mark.
    expect((await post(t, patient, `/api/billing/lines/${lineId}/checkout`)).json()).toMatchObject({ code: 'billing_line_not_due' });
    expect((await post(t, w.derm, `/api/billing/lines/${lineId}/mark-paid`)).json()).toMatchObject({ code: 'billing_line_not_due' });
  });
});

describe('without STRIPE_SECRET_KEY', () => {
  it('takes payment at the practice: no checkout, no webhook', async () => {
    const plain = await createTestApp();
    try {
      plain.clock.set('2026-03-12T10:00:00Z');
      const world = await createWorld(plain);
      const p = await createPatient(plain.database.db, { organisationId: world.ids.practiceId, withAccount: true });
      const session = await signInAs(plain, { userId: p.userId! });
      const visit = await billedVisit(plain, world, { patientId: p.patientId, startsAt: '2026-03-10T09:00:00Z', coordinated: true });
      const mine = (await get(plain, session, '/api/billing/my-payments')).json();
      expect(mine).toMatchObject({ paymentMode: 'practice', payments: [{ id: visit.lines[0]!.id, patientAmountCents: 750, paymentStatus: 'due' }] });
      expect((await post(plain, session, `/api/billing/lines/${visit.lines[0]!.id}/checkout`)).json()).toMatchObject({ code: 'online_payment_unavailable' });
      const payload = event({ line: visit.lines[0]!.id });
      const hook = await plain.app.inject({ method: 'POST', url: '/api/billing/stripe/webhook', headers: { 'content-type': 'application/json', 'stripe-signature': sign(payload) }, payload });
      expect(hook.statusCode).toBe(404);
      expect((await get(plain, world.derm, '/api/billing/statements/2026-03')).json().paymentMode).toBe('practice');
    } finally {
      await plain.close();
    }
  });
});
