// Demo cases, so that a newcomer's dermatologist queue and GP list are not
// empty: created through the real domain functions (consent, draft,
// submission, routing, deadline), as the demo GP, in a session closed at once.
import { hashToken, newToken } from '../auth/session-tokens.ts';
import type { Actor } from '../auth/actor.ts';
import type { Ctx, Services } from '../context.ts';
import type { RequestDraftV1 } from '../../../contracts/cases/request-v1.ts';
import { createCase } from '../cases/create-case.ts';
import { submitCase } from '../cases/submit-case.ts';
import { recordConsent } from '../patients/record-consent.ts';
import { DEMO_CLINICIANS } from './demo-data.ts';

const DEMO_REQUESTS: Array<{ familyName: string; request: RequestDraftV1 }> = [
  {
    familyName: 'Dupont',
    request: {
      reason: 'suspicious_lesion',
      bodySite: { site: 'upper_back', laterality: 'midline', view: 'back' },
      duration: { value: 4, unit: 'months' },
      evolution: 'changing',
      symptoms: { itch: true, bleeding: false, pain: false },
      personalHistorySkinCancer: false,
      familyHistorySkinCancer: true,
      immunosuppressed: false,
      phototype: 'II',
      treatments: 'Aucun',
      allergies: 'Pénicilline',
      question: "Naevus du dos qui a grossi et changé de couleur en quelques mois. Mélanome ? Exérèse à prévoir ?",
      urgency: 'urgent',
      pigmented: true,
      sevenPoint: { changeInSize: true, irregularShape: false, irregularColour: true, diameter7mmOrMore: true, inflammation: false, oozingOrCrusting: false, changeInSensation: true },
    },
  },
  {
    familyName: 'Moreau',
    request: {
      reason: 'rash',
      bodySite: { site: 'left_forearm', laterality: 'left', view: 'front' },
      duration: { value: 6, unit: 'weeks' },
      evolution: 'changing',
      symptoms: { itch: true, bleeding: false, pain: false },
      personalHistorySkinCancer: false,
      familyHistorySkinCancer: false,
      immunosuppressed: false,
      phototype: 'III',
      treatments: 'Dermocorticoïde classe II depuis 2 semaines, peu efficace',
      allergies: 'Aucune connue',
      question: 'Plaques érythémato-squameuses prurigineuses de l’avant-bras. Eczéma de contact ou psoriasis ? Quel traitement proposer ?',
      urgency: 'routine',
      pigmented: false,
    },
  },
];

export async function seedDemoCases(services: Services): Promise<number> {
  const db = services.database.db;
  const gpEmail = DEMO_CLINICIANS.find((c) => c.key === 'gp1')!.email;
  const gp = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['users.id as userId', 'memberships.id as membershipId', 'organisations.id as organisationId', 'organisations.network_id as networkId'])
    .where('users.email', '=', gpEmail)
    .executeTakeFirstOrThrow();
  const service = await db.selectFrom('organisations').select('id').where('network_id', '=', gp.networkId).where('kind', '=', 'dermatology_service').executeTakeFirstOrThrow();
  const now = services.clock.now();
  const session = await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(newToken()), user_id: gp.userId, active_membership_id: gp.membershipId, second_factor_verified: true, csrf_token: newToken(), idle_expires_at: now, absolute_expires_at: now, revoked_at: now, user_agent: 'dermlink-seed' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const actor: Actor = { userId: gp.userId, sessionId: session.id, role: 'requester', organisationId: gp.organisationId, networkId: gp.networkId, membershipId: gp.membershipId, locale: 'fr' };
  const ctx: Ctx = {
    db,
    actor,
    clock: services.clock,
    log: console as unknown as Ctx['log'],
    services,
    sessionState: 'active',
    origin: { ip: null, userAgent: 'dermlink-seed', requestId: null },
  };
  let created = 0;
  for (const demo of DEMO_REQUESTS) {
    const patient = await db.selectFrom('patients').select('id').where('family_name', '=', demo.familyName).where('organisation_id', '=', gp.organisationId).executeTakeFirstOrThrow();
    await recordConsent(ctx, patient.id, { method: 'oral_in_consultation', scope: ['photos', 'remote_expertise'] });
    const draft = await createCase(ctx, { patientId: patient.id, request: demo.request, routing: { kind: 'service', serviceId: service.id } });
    await submitCase(ctx, draft.id, {});
    created++;
  }
  return created;
}
