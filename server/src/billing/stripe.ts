// The one owner of the `stripe` package. A client exists only when
// STRIPE_SECRET_KEY is set (else patients pay at the practice). Tests and a
// local stripe-mock can point the client elsewhere with host/port/protocol, or
// install their own client as `services.stripe`.
import Stripe from 'stripe';
import type { Services } from '../context.ts';

export type StripeClient = Stripe;
export type StripeEvent = Stripe.Event;

export function createStripeClient(secretKey: string, endpoint: { host?: string; port?: number; protocol?: 'http' | 'https' } = {}): Stripe {
  return new Stripe(secretKey, { maxNetworkRetries: 1, timeout: 20_000, telemetry: false, ...endpoint });
}

/** The app's Stripe client, or null when online payment is not configured. */
export function getStripe(services: Services): Stripe | null {
  if (services.stripe) return services.stripe as Stripe;
  if (!services.config.stripeSecretKey) return null;
  const client = createStripeClient(services.config.stripeSecretKey);
  services.stripe = client;
  return client;
}

export const onlinePaymentEnabled = (services: Services) => Boolean(services.config.stripeSecretKey);

/**
 * Verifies a webhook's Stripe-Signature over the raw body and returns the
 * event; throws on a bad signature or a timestamp outside the tolerance
 * (5 minutes around `receivedAt`, the app clock).
 */
export function verifyStripeEvent(rawBody: Buffer, signature: string, secret: string, receivedAt: Date): Stripe.Event {
  return Stripe.webhooks.constructEvent(rawBody, signature, secret, undefined, undefined, receivedAt.getTime());
}

/** Signs a payload as Stripe would (tests and local tools). */
export function signStripePayload(payload: string, secret: string, at: Date): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: Math.floor(at.getTime() / 1000) });
}
