// Booking referrals: the GP sends a patient to a teleconsultation (a letter
// and/or the tele-expertise case, a service, maybe a named dermatologist). This
// marks the coordinated care pathway. The patient gets an email with an opaque
// link /book/<token> (only its SHA-256 is stored) and books from it once signed
// in; a dermatologist's answer "teleconsultation" creates one automatically.
import type { Kysely, Transaction } from 'kysely';
import type { BookingOptions, BookingReferral, CreateReferralBody, CreatedReferral, ReferralList, SlotList } from '../../../contracts/appointments/index.ts';
import { requireActor, type Actor } from '../auth/actor.ts';
import { assertCan, patientScope } from '../auth/policy.ts';
import { hashToken, newToken } from '../auth/session-tokens.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { caseScope } from '../cases/case-scope.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { appBaseUrl } from '../notifications/mail.ts';
import { noticeHoursFrom, serviceInfo } from './booking-core.ts';
import { sendReferralMail } from './booking-mail.ts';
import { freeSlots } from './slots.ts';
import './actions.ts';

type Db = Kysely<DB> | Transaction<DB>;

export const bookingUrl = (ctx: Pick<Ctx, 'services'>, token: string) => `${appBaseUrl(ctx.services.config)}/book/${token}`;

function referralQuery(db: Db) {
  return db
    .selectFrom('booking_referrals as br')
    .innerJoin('organisations as s', 's.id', 'br.service_id')
    .innerJoin('users as r', 'r.id', 'br.referring_user_id')
    .innerJoin('organisations as ro', 'ro.id', 'br.referring_organisation_id')
    .leftJoin('users as d', 'd.id', 'br.dermatologist_user_id')
    .select((eb) => [
      'br.id',
      'br.patient_id',
      'br.service_id',
      'br.dermatologist_user_id',
      'br.referral_case_id',
      'br.referral_letter',
      'br.referring_user_id',
      'br.referring_organisation_id',
      'br.created_at',
      'br.withdrawn_at',
      's.name as service_name',
      's.settings as service_settings',
      'r.display_name as referring_name',
      'ro.name as referring_organisation_name',
      'd.display_name as dermatologist_name',
      eb
        .selectFrom('appointments as a')
        .select('a.id')
        .whereRef('a.booking_referral_id', '=', 'br.id')
        .where('a.status', 'in', ['booked', 'completed'])
        .orderBy('a.created_at', 'desc')
        .limit(1)
        .as('live_appointment_id'),
    ]);
}
type ReferralRow = Awaited<ReturnType<ReturnType<typeof referralQuery>['executeTakeFirstOrThrow']>>;

function referralDto(row: ReferralRow): BookingReferral {
  return {
    id: row.id,
    patientId: row.patient_id,
    serviceId: row.service_id,
    serviceName: row.service_name,
    dermatologistId: row.dermatologist_user_id,
    dermatologistName: row.dermatologist_name,
    caseId: row.referral_case_id,
    referringName: row.referring_name,
    referringOrganisationName: row.referring_organisation_name,
    createdAt: row.created_at.toISOString(),
    status: row.withdrawn_at ? 'withdrawn' : row.live_appointment_id ? 'booked' : 'open',
    appointmentId: row.live_appointment_id,
    noticeHours: noticeHoursFrom(row.service_settings),
  };
}

export async function referralsOfPatients(db: Db, patientIds: string[]): Promise<BookingReferral[]> {
  if (patientIds.length === 0) return [];
  const rows = await referralQuery(db).where('br.patient_id', 'in', patientIds).orderBy('br.created_at', 'desc').execute();
  return rows.map(referralDto);
}

/** Services of the actor's network with their notice and dermatologists (the GP's choice). */
export async function bookingOptions(ctx: Ctx): Promise<BookingOptions> {
  const actor = requireActor(ctx);
  assertCan(actor, 'booking_referral.create');
  const rows = await ctx.db
    .selectFrom('organisations as s')
    .innerJoin('networks as n', 'n.id', 's.network_id')
    .leftJoin('memberships as m', (join) => join.onRef('m.organisation_id', '=', 's.id').on('m.role', '=', 'dermatologist'))
    .leftJoin('users as u', (join) => join.onRef('u.id', '=', 'm.user_id').on('u.status', '=', 'active'))
    .select(['s.id', 's.name', 's.settings', 'n.time_zone', 'u.id as derm_id', 'u.display_name as derm_name'])
    .where('s.network_id', '=', actor.networkId ?? '00000000-0000-0000-0000-000000000000')
    .where('s.kind', '=', 'dermatology_service')
    .orderBy('s.name')
    .orderBy('u.display_name')
    .execute();
  const services = new Map<string, BookingOptions['services'][number]>();
  for (const r of rows) {
    const s = services.get(r.id) ?? { id: r.id, name: r.name, timeZone: r.time_zone, noticeHours: noticeHoursFrom(r.settings), dermatologists: [] };
    if (r.derm_id && r.derm_name) s.dermatologists.push({ id: r.derm_id, name: r.derm_name });
    services.set(r.id, s);
  }
  return { services: [...services.values()] };
}

/** A service of the actor's network, a dermatologist of it (if named), the case of this patient (if given). */
async function checkReferralTargets(trx: Transaction<DB>, actor: Actor, body: { patientId: string; serviceId: string; dermatologistId?: string | null; caseId?: string | null }) {
  const service = await serviceInfo(trx, body.serviceId);
  if (!service || service.networkId !== actor.networkId) {
    throw new AppError('validation_failed', 'Choose a dermatology service of your network.', { fields: [{ path: 'serviceId', message: 'Unknown service.' }] });
  }
  if (body.dermatologistId) {
    const member = await trx
      .selectFrom('memberships')
      .select('id')
      .where('user_id', '=', body.dermatologistId)
      .where('organisation_id', '=', body.serviceId)
      .where('role', '=', 'dermatologist')
      .executeTakeFirst();
    if (!member) throw new AppError('validation_failed', 'This dermatologist does not work for that service.', { fields: [{ path: 'dermatologistId', message: 'Not a dermatologist of the service.' }] });
  }
  if (body.caseId) {
    const c = await trx.selectFrom('cases').select(['id', 'patient_id']).where('id', '=', body.caseId).where(caseScope(actor)).executeTakeFirst();
    if (!c || c.patient_id !== body.patientId) throw new AppError('validation_failed', 'This case is not about this patient.', { fields: [{ path: 'caseId', message: 'Not this patient’s case.' }] });
  }
  return service;
}

export async function insertReferral(
  trx: Transaction<DB>,
  values: { patientId: string; serviceId: string; dermatologistId: string | null; caseId: string | null; letter: string | null; referringUserId: string; referringOrganisationId: string; createdBy: string },
): Promise<{ id: string; token: string } | null> {
  const token = newToken();
  const row = await trx
    .insertInto('booking_referrals')
    .values({
      token_hash: hashToken(token),
      patient_id: values.patientId,
      service_id: values.serviceId,
      dermatologist_user_id: values.dermatologistId,
      referral_case_id: values.caseId,
      referral_letter: values.letter,
      referring_user_id: values.referringUserId,
      referring_organisation_id: values.referringOrganisationId,
      created_by_user_id: values.createdBy,
    })
    .onConflict((oc) => oc.column('referral_case_id').where('referral_case_id', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? { id: row.id, token } : null;
}

/** The GP's referral: stored, audited, and the link emailed to the patient (when they have an address). */
export async function createReferral(ctx: Ctx, body: CreateReferralBody): Promise<CreatedReferral> {
  const actor = requireActor(ctx);
  assertCan(actor, 'booking_referral.create');
  const result = await ctx.db.transaction().execute(async (trx) => {
    const patient = await trx.selectFrom('patients').select('id').where('id', '=', body.patientId).where(patientScope(actor)).executeTakeFirst();
    if (!patient) throw new AppError('not_found', 'Patient not found.');
    await checkReferralTargets(trx, actor, body);
    if (body.caseId) {
      const existing = await trx.selectFrom('booking_referrals').select('id').where('referral_case_id', '=', body.caseId).executeTakeFirst();
      if (existing) throw new AppError('conflict', 'This case already has a booking link.', { extra: { referralId: existing.id } });
    }
    const created = await insertReferral(trx, {
      patientId: body.patientId,
      serviceId: body.serviceId,
      dermatologistId: body.dermatologistId ?? null,
      caseId: body.caseId ?? null,
      letter: body.referralLetter || null,
      referringUserId: actor.userId,
      referringOrganisationId: actor.organisationId!,
      createdBy: actor.userId,
    });
    if (!created) throw new AppError('conflict', 'This case already has a booking link.');
    await recordAudit(trx, ctx, { action: 'booking_referral.create', resourceType: 'booking_referral', resourceId: created.id, patientId: body.patientId, details: { caseId: body.caseId ?? null } });
    const row = await referralQuery(trx).where('br.id', '=', created.id).executeTakeFirstOrThrow();
    const url = bookingUrl(ctx, created.token);
    const emailed = await sendReferralMail(trx, ctx, body.patientId, url);
    return { dto: referralDto(row), url, emailed };
  });
  return { ...result.dto, bookingUrl: result.url, emailed: result.emailed };
}

/**
 * Called when a dermatologist signs an answer "teleconsultation" (cases/sign-answer.ts),
 * in the same transaction. An answer the GP must discuss first (suspected cancer hold)
 * is not sent to the patient: the GP creates the link after speaking to them.
 */
export async function createReferralForAnswer(trx: Transaction<DB>, ctx: Ctx, input: { caseId: string; dermatologistId: string; gpDiscussesFirst: boolean }): Promise<void> {
  if (input.gpDiscussesFirst) return;
  const c = await trx.selectFrom('cases').select(['patient_id', 'service_id', 'requester_id', 'requester_org_id']).where('id', '=', input.caseId).executeTakeFirst();
  if (!c?.service_id) return;
  const created = await insertReferral(trx, {
    patientId: c.patient_id,
    serviceId: c.service_id,
    dermatologistId: input.dermatologistId,
    caseId: input.caseId,
    letter: null,
    referringUserId: c.requester_id,
    referringOrganisationId: c.requester_org_id,
    createdBy: input.dermatologistId,
  });
  if (!created) return;
  await recordAudit(trx, ctx, { action: 'booking_referral.create', resourceType: 'booking_referral', resourceId: created.id, patientId: c.patient_id, details: { caseId: input.caseId, fromAnswer: true } });
  await sendReferralMail(trx, ctx, c.patient_id, bookingUrl(ctx, created.token));
}

/** Referrals of a case or a patient, for the GP (their practice's) and the dermatologist (their services'). */
export async function listReferrals(ctx: Ctx, q: { caseId?: string; patientId?: string }): Promise<ReferralList> {
  const actor = requireActor(ctx);
  assertCan(actor, 'booking_referral.list');
  if (!q.caseId && !q.patientId) throw new AppError('validation_failed', 'Give a case or a patient.', { fields: [{ path: 'caseId', message: 'Required.' }] });
  return ctx.db.transaction().execute(async (trx) => {
    let query = referralQuery(trx);
    if (q.caseId) query = query.where('br.referral_case_id', '=', q.caseId);
    if (q.patientId) query = query.where('br.patient_id', '=', q.patientId);
    query =
      actor.role === 'requester'
        ? query.where('br.patient_id', 'in', trx.selectFrom('patients').select('patients.id').where(patientScope(actor)))
        : query.where('br.service_id', 'in', trx.selectFrom('memberships').select('memberships.organisation_id').where('memberships.user_id', '=', actor.userId).where('memberships.role', '=', 'dermatologist'));
    const rows = await query.orderBy('br.created_at', 'desc').execute();
    const patientIds = [...new Set(rows.map((r) => r.patient_id))];
    for (const patientId of patientIds) {
      await recordAudit(trx, ctx, { action: 'booking_referral.read', resourceType: 'booking_referral', patientId, details: { count: rows.filter((r) => r.patient_id === patientId).length } });
    }
    return { referrals: rows.map(referralDto) };
  });
}

/** The patient's own referral, by id. */
async function findMyReferral(db: Db, actor: Actor, where: { id?: string; tokenHash?: string }): Promise<ReferralRow> {
  let q = referralQuery(db).where('br.patient_id', 'in', db.selectFrom('patients').select('patients.id').where('patients.user_id', '=', actor.userId));
  if (where.id) q = q.where('br.id', '=', where.id);
  if (where.tokenHash) q = q.where('br.token_hash', '=', where.tokenHash);
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('not_found', 'Booking link not found.');
  return row;
}

/** /book/<token>: the referral when it is the signed-in patient's own (someone else's link is not found). */
export async function referralByToken(ctx: Ctx, token: string): Promise<BookingReferral> {
  const actor = requireActor(ctx);
  assertCan(actor, 'booking_referral.read');
  if (actor.role !== 'patient') throw new AppError('forbidden', 'Booking links are for patients.');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findMyReferral(trx, actor, { tokenHash: hashToken(token) });
    await recordAudit(trx, ctx, { action: 'booking_referral.read', resourceType: 'booking_referral', resourceId: row.id, patientId: row.patient_id });
    return referralDto(row);
  });
}

/** Free slots for a referral: its service, and its dermatologist when one was named. Patient (own) or GP (practice). */
export async function referralSlots(ctx: Ctx, referralId: string, q: { from?: string; days: number; limit: number }): Promise<SlotList> {
  const actor = requireActor(ctx);
  assertCan(actor, 'slots.read');
  let row: ReferralRow | undefined;
  if (actor.role === 'patient') row = await findMyReferral(ctx.db, actor, { id: referralId });
  else if (actor.role === 'requester') {
    row = await referralQuery(ctx.db).where('br.id', '=', referralId).where('br.patient_id', 'in', ctx.db.selectFrom('patients').select('patients.id').where(patientScope(actor))).executeTakeFirst();
  }
  if (!row) throw new AppError('not_found', 'Booking link not found.');
  const now = ctx.clock.now();
  const from = q.from && new Date(q.from) > now ? new Date(q.from) : now;
  const slots = await freeSlots(ctx.db, { serviceId: row.service_id, dermatologistId: row.dermatologist_user_id, from, to: new Date(from.getTime() + q.days * 24 * 3_600_000), now }, q.limit);
  return { slots };
}
