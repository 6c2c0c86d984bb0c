// The authorization matrix: EVERY operation of /api/openapi.json is called as
// every role and as an anonymous caller, with path ids of rows the caller must
// not see (another network's, another practice's) or random UUIDs, and `{}`
// bodies. It fails when
//   - an operation is missing from MATRIX below (add it: a new route must say who may use it),
//   - a caller gets a 2xx the matrix does not permit,
//   - anyone gets a 2xx with an id of a row they must not see (scope leak),
//   - a permitted role is refused with 401/403 (a row it may not see answers 404; else the matrix is stale),
//   - any call answers 5xx or does not answer.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from './actor.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { createClinician, createNetwork, createOrganisation, createPatient, signInAs } from '../test/factories.ts';

type Caller = Role | 'anonymous';
const ROLES: readonly Role[] = ['requester', 'dermatologist', 'coordinator', 'pharmacist', 'patient'];
/** No sign-in needed: anyone, signed in or not, may get a 2xx. */
const PUBLIC: readonly Caller[] = ['anonymous', ...ROLES];
const SIGNED_IN: readonly Caller[] = ROLES;
const CLINICIANS: readonly Caller[] = ['requester', 'dermatologist', 'coordinator'];
/** Every professional account (clinicians and pharmacists): their own sign-in factors and sessions. */
const PROFESSIONALS: readonly Caller[] = [...CLINICIANS, 'pharmacist'];
/** Everyone in a patient's care: clinicians and the patient (not pharmacists). */
const CARE: readonly Caller[] = [...CLINICIANS, 'patient'];

/**
 * 'METHOD /path/{param}' (as in /api/openapi.json) -> the roles PERMITTED to use it (who may get a 2xx with
 * a valid request). Checked both ways: anyone else getting a 2xx fails, and a permitted role refused with
 * 401/403 fails (a row it may not see must answer 404, not 403). A 2xx with a path id of a row the caller
 * must not see fails whatever this says, unless the route is in PATH_PARAMS_ARE_NOT_ROWS.
 */
const MATRIX: Record<string, readonly Caller[]> = {
  // health
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,

  // auth: sign-in steps and emailed tokens work before a (full) session exists
  'POST /api/auth/sign-in': PUBLIC,
  'POST /api/auth/second-factor/totp': PUBLIC, // needs a pending session, not a role
  'POST /api/auth/second-factor/recovery': PUBLIC,
  'POST /api/auth/passkey/options': PUBLIC, // discoverable-credential options carry no account data
  'POST /api/auth/passkey/verify': PUBLIC,
  'POST /api/auth/patient/request': PUBLIC, // always "we sent you an email" (no account enumeration)
  'POST /api/auth/patient/link': PUBLIC,
  'POST /api/auth/patient/code': PUBLIC,
  'POST /api/auth/password-reset/request': PUBLIC,
  'POST /api/auth/password-reset/complete': PUBLIC,
  'POST /api/auth/invitations/preview': PUBLIC,
  'POST /api/auth/invitations/accept': PUBLIC,
  'POST /api/auth/sign-out': PUBLIC, // idempotent: signing out without a session is fine
  // auth: the signed-in person's own session and factors
  'GET /api/auth/session': SIGNED_IN,
  'POST /api/auth/session/keep-alive': SIGNED_IN,
  'POST /api/auth/session/switch': PROFESSIONALS,
  'POST /api/auth/sign-out-everywhere': SIGNED_IN,
  'GET /api/auth/sessions': SIGNED_IN,
  'DELETE /api/auth/sessions/{id}': SIGNED_IN,
  'POST /api/auth/reauthenticate': PROFESSIONALS, // confirm the password (step-up before changing a second factor)
  'POST /api/auth/enrolment/totp': PROFESSIONALS,
  'POST /api/auth/enrolment/totp/verify': PROFESSIONALS,
  'POST /api/auth/enrolment/recovery-codes': PROFESSIONALS,
  'POST /api/auth/enrolment/passkey/options': PROFESSIONALS,
  'POST /api/auth/enrolment/passkey/verify': PROFESSIONALS,
  'GET /api/auth/passkeys': SIGNED_IN, // a patient gets their own empty list
  'DELETE /api/auth/passkeys/{id}': SIGNED_IN,
  // auth: invitations
  'GET /api/admin/invitations': ['coordinator'],
  'POST /api/admin/invitations': ['coordinator'],
  'POST /api/admin/invitations/{id}/revoke': ['coordinator'],
  'POST /api/admin/invitations/{id}/resend': ['coordinator'],

  // audit trail
  'GET /api/audit/events': ['coordinator'],
  'GET /api/audit/verify': ['coordinator'],
  'GET /api/me/access-log': ['patient'],

  // network administration
  'GET /api/admin/organisations': ['coordinator'],
  'POST /api/admin/organisations': ['coordinator'],
  'PATCH /api/admin/organisations/{id}': ['coordinator'],
  'GET /api/admin/users': ['coordinator'],
  'POST /api/admin/users/{id}/memberships': ['coordinator'],
  'DELETE /api/admin/memberships/{id}': ['coordinator'],
  'PATCH /api/admin/users/{id}/status': ['coordinator'],

  // patients and consents
  'GET /api/patients': CARE, // each role sees its own scope (patient: their own records)
  'POST /api/patients': ['requester'],
  'GET /api/patients/{patientId}': CARE,
  'GET /api/patients/{patientId}/consents': CARE,
  'POST /api/patients/{patientId}/consents': ['requester'],
  'POST /api/patients/{patientId}/consents/{consentId}/withdraw': ['requester', 'patient'],

  // cases: the requester's side
  'GET /api/cases': ['requester', 'coordinator'],
  'GET /api/cases/counts': ['requester', 'coordinator'],
  'GET /api/cases/routing-options': ['requester'],
  'POST /api/cases': ['requester'],
  'PUT /api/cases/{caseId}/draft': ['requester'],
  'POST /api/cases/{caseId}/submit': ['requester'],
  'POST /api/cases/{caseId}/withdraw': ['requester'],
  'POST /api/cases/{caseId}/replies': ['requester'],
  'POST /api/cases/{caseId}/acknowledge': ['requester'],
  'GET /api/cases/{caseId}': CLINICIANS,
  'GET /api/cases/{caseId}/report.pdf': CLINICIANS,
  // cases: the dermatologist's side
  'GET /api/queue': ['dermatologist'],
  'POST /api/cases/{caseId}/claim': ['dermatologist'],
  'POST /api/cases/{caseId}/release': ['dermatologist'],
  'POST /api/cases/{caseId}/reassign': ['dermatologist'],
  'POST /api/cases/{caseId}/questions': ['dermatologist'],
  'PUT /api/cases/{caseId}/answer-draft': ['dermatologist'],
  'POST /api/cases/{caseId}/answer': ['dermatologist'],
  'POST /api/cases/{caseId}/addenda': ['dermatologist'],
  'GET /api/answer-templates': ['dermatologist'],
  'POST /api/answer-templates': ['dermatologist'],
  'PUT /api/answer-templates/{templateId}': ['dermatologist'],
  'DELETE /api/answer-templates/{templateId}': ['dermatologist'],
  'GET /api/icd10': ['dermatologist'],
  // cases: the coordinator's side
  'POST /api/cases/{caseId}/coordinator-reassign': ['coordinator'],
  'GET /api/deadlines/overdue': ['coordinator'],
  'GET /api/figures': ['coordinator'],
  'GET /api/figures.csv': ['coordinator'],
  // cases: what the patient is told (the GP releases a suspected-cancer answer after speaking to them)
  'GET /api/cases/{caseId}/patient-release': ['requester'],
  'POST /api/cases/{caseId}/release-to-patient': ['requester'],
  'GET /api/me/cases': ['patient'],
  'GET /api/me/consents': ['patient'],
  'POST /api/me/consents/{consentId}/withdraw': ['patient'],

  // photos (tus uploads: the requester to a case; an appointment's patient and dermatologist to the
  // appointment; viewing by those involved in the case or the appointment)
  'POST /api/uploads': ['requester', 'dermatologist', 'patient'],
  'OPTIONS /api/uploads': SIGNED_IN, // tus capability discovery
  'HEAD /api/uploads/{uploadId}': ['requester', 'dermatologist', 'patient'],
  'PATCH /api/uploads/{uploadId}': ['requester', 'dermatologist', 'patient'],
  'DELETE /api/uploads/{uploadId}': ['requester', 'dermatologist', 'patient'],
  'OPTIONS /api/uploads/{uploadId}': SIGNED_IN,
  'GET /api/cases/{caseId}/photos': ['requester', 'dermatologist'],
  'GET /api/appointments/{appointmentId}/photos': CARE,
  'GET /api/photos/{photoId}/status': CARE,
  'GET /api/photos/{photoId}/{variant}': CARE,
  'DELETE /api/photos/{photoId}': ['requester', 'dermatologist', 'patient'],

  // before the teleconsultation (server/src/previsit): the preparation page, the patient's questionnaire
  'GET /api/appointments/{appointmentId}/preparation': CARE,
  'PUT /api/appointments/{appointmentId}/questionnaire': ['requester', 'patient'], // the patient, or their practice on their behalf

  // notifications: each person's own
  'GET /api/notifications': SIGNED_IN,
  'GET /api/notifications/unread-count': SIGNED_IN,
  'GET /api/notifications/stream': SIGNED_IN,
  'POST /api/notifications/{id}/read': SIGNED_IN,
  'POST /api/notifications/read-all': SIGNED_IN,
  'GET /api/notifications/preferences': SIGNED_IN,
  'PUT /api/notifications/preferences': SIGNED_IN,
  'GET /api/notifications/push/public-key': SIGNED_IN,
  'GET /api/notifications/push/status': SIGNED_IN,
  'POST /api/notifications/push/subscribe': PROFESSIONALS, // patients get email only, for now
  'POST /api/notifications/push/unsubscribe': SIGNED_IN,

  // booking (server/src/appointments): availability, slots, referrals, appointments
  'GET /api/availability': ['dermatologist'],
  'POST /api/availability/rules': ['dermatologist'],
  'DELETE /api/availability/rules/{ruleId}': ['dermatologist'],
  'POST /api/availability/exceptions': ['dermatologist'],
  'DELETE /api/availability/exceptions/{exceptionId}': ['dermatologist'],
  'POST /api/availability/exceptions/{exceptionId}/cancel-affected': ['dermatologist'], // their own leave only (else 404)
  'GET /api/slots': ['requester', 'dermatologist', 'patient'], // services of the caller's network
  'GET /api/booking-options': ['requester'],
  'POST /api/booking-referrals': ['requester'],
  'GET /api/booking-referrals': ['requester', 'dermatologist'],
  'GET /api/booking-referrals/{referralId}/slots': ['requester', 'patient'],
  'GET /api/book/{referralToken}': ['patient'], // the patient's own link only
  'POST /api/appointments': ['requester', 'patient'],
  'GET /api/appointments': CLINICIANS,
  'GET /api/me/appointments': ['patient'],
  'GET /api/appointments/{appointmentId}': CARE,
  'POST /api/appointments/{appointmentId}/cancel': ['requester', 'dermatologist', 'patient'],
  'POST /api/appointments/{appointmentId}/reschedule': ['requester', 'dermatologist', 'patient'],

  // fees and billing (server/src/billing): the coordinator's fee schedule, statements, the patient's share
  'GET /api/billing/fees': ['coordinator'],
  'POST /api/billing/fees': ['coordinator'],
  'POST /api/billing/fees/{feeEntryId}/versions': ['coordinator'],
  'POST /api/billing/fees/{feeEntryId}/end': ['coordinator'],
  'GET /api/billing/clinicians': ['coordinator'],
  'GET /api/billing/statements/{month}': ['requester', 'dermatologist', 'coordinator'],
  'GET /api/billing/statements/{month}.csv': ['requester', 'dermatologist', 'coordinator'],
  'GET /api/billing/statements/{month}.pdf': ['requester', 'dermatologist', 'coordinator'],
  'POST /api/billing/lines/{billingLineId}/mark-paid': ['requester', 'dermatologist'],
  'GET /api/billing/my-payments': ['patient'],
  'POST /api/billing/lines/{billingLineId}/checkout': ['patient'],
  'POST /api/billing/stripe/webhook': PUBLIC, // Stripe's call: the signature is the credential (400 without it)

  // visits: the dermatologist's notes, the report to the referring GP, the patient's summary (server/src/visits)
  'GET /api/visits': ['dermatologist'],
  'GET /api/appointments/{appointmentId}/visit': ['dermatologist'],
  'PUT /api/appointments/{appointmentId}/visit': ['dermatologist'],
  'POST /api/appointments/{appointmentId}/visit/complete': ['dermatologist'],
  'POST /api/appointments/{appointmentId}/visit/no-show': ['dermatologist'],
  'GET /api/appointments/{appointmentId}/report': CLINICIANS,
  'GET /api/appointments/{appointmentId}/report.pdf': CLINICIANS,
  'GET /api/appointments/{appointmentId}/summary': ['patient'],
  // video visit (the signalling WebSocket GET /api/appointments/{appointmentId}/signal is hidden from OpenAPI: it only upgrades;
  // its refusals are tested in server/src/video/video.test.ts)
  'GET /api/video/ice-servers': ['dermatologist', 'patient'],
  'GET /api/appointments/{appointmentId}/video': ['dermatologist', 'patient'], // the appointment's own two people only
  'GET /api/appointments/{appointmentId}/visit-events': ['dermatologist', 'patient', 'coordinator'],
  'GET /api/me/visits': ['patient'],

  // prescriptions: written for an appointment, the PDF, the patient's list; verification by code (public) and dispensing
  'GET /api/formulary': ['dermatologist'],
  'GET /api/appointments/{appointmentId}/prescriptions': ['dermatologist', 'patient'],
  'POST /api/appointments/{appointmentId}/prescriptions': ['dermatologist'],
  'GET /api/me/prescriptions': ['patient'],
  'GET /api/prescriptions/{prescriptionId}/pdf': ['dermatologist', 'patient'],
  'GET /api/prescriptions/verify/{code}': PUBLIC, // the code (id + signature) is the credential; a pharmacist sees more
  'POST /api/prescriptions/verify/{code}/dispense': ['pharmacist'],
};

/** Routes whose path parameters are not rows of another person (a 2xx with any value is fine). */
const PATH_PARAMS_ARE_NOT_ROWS = new Set<string>(['OPTIONS /api/uploads/{uploadId}']); // tus preflight

/** A call that has not answered by then is reported (a hijacked reply never ended, a lock...). */
const CALL_TIMEOUT_MS = 5_000;

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

interface Call {
  op: string;
  caller: Caller;
  status: number;
  code?: string;
  pathValues: string;
  /** Sent with a body built from the schema instead of `{}`. */
  sampledBody?: boolean;
}

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

/**
 * The smallest body that a JSON schema accepts, as far as types, formats, enums
 * and required fields go (patterns and cross-field rules are not attempted):
 * enough to get past validation to the permission check. Uuids are `id`.
 */
function sampleBody(schema: JsonSchema, components: Record<string, JsonSchema>, id: string, depth = 0): unknown {
  if (depth > 8) return null;
  if (schema.$ref) return sampleBody(components[schema.$ref.split('/').at(-1)!] ?? {}, components, id, depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return sampleBody(alternatives.find((a) => a.type !== 'null') ?? alternatives[0]!, components, id, depth + 1);
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf.map((part) => sampleBody(part, components, id, depth + 1) as object));
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sampleBody(schema.properties?.[key] ?? {}, components, id, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleBody(schema.items ?? {}, components, id, depth + 1));
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'string':
      switch (schema.format) {
        case 'uuid':
          return id;
        case 'email':
          return 'someone@example.test';
        case 'date-time':
          return new Date().toISOString();
        case 'date':
          return '2026-03-02';
        case 'uri':
          return 'https://example.test/';
        default:
          return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
      }
    default:
      return null;
  }
}

let t: TestApp;
const calls: Call[] = [];
let specOps: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;

  // My network: one person per role, a patient with an account.
  const mine = await createNetwork(db);
  const requester = await createClinician(db, { organisationId: mine.practiceId, role: 'requester' });
  const dermatologist = await createClinician(db, { organisationId: mine.serviceId, role: 'dermatologist' });
  const coordinator = await createClinician(db, { organisationId: mine.officeId, role: 'coordinator' });
  const pharmacy = await createOrganisation(db, mine.networkId, 'pharmacy', 'Test pharmacy');
  const pharmacist = await createClinician(db, { organisationId: pharmacy.id, role: 'pharmacist' });
  const patient = await createPatient(db, { organisationId: mine.practiceId, withAccount: true });
  const people: Record<Role, { userId: string; membershipId?: string }> = { requester, dermatologist, coordinator, pharmacist, patient: { userId: patient.userId! } };

  // Rows nobody above may see: another network entirely...
  const theirs = await createNetwork(db);
  const theirGp = await createClinician(db, { organisationId: theirs.practiceId, role: 'requester' });
  const theirCoordinator = await createClinician(db, { organisationId: theirs.officeId, role: 'coordinator' });
  const theirPatient = await createPatient(db, { organisationId: theirs.practiceId, withAccount: true });
  const theirSession = await signInAs(t, theirGp);
  // ...and another practice of my network (its rows are the coordinator's to see, nobody else's).
  const otherPractice = await createOrganisation(db, mine.networkId, 'gp_practice', 'Other practice');
  const otherPracticeGp = await createClinician(db, { organisationId: otherPractice.id, role: 'requester' });
  const otherPracticePatient = await createPatient(db, { organisationId: otherPractice.id });

  // Clinical rows of other features, written in SQL so that this test does not follow their types.
  // A table that changed shape makes the row go missing (with a warning), not the test crash.
  const insert = async (what: string, query: { execute(db: typeof t.database.db): Promise<{ rows: Array<{ id: string }> }> }) => {
    try {
      const row = (await query.execute(db)).rows[0];
      return row ? [row.id] : [];
    } catch (err) {
      console.warn(`authorization matrix: could not create ${what} (${(err as Error).message}); update the fixture`);
      return [];
    }
  };
  const theirCase = await insert(
    "another network's submitted case",
    sql<{ id: string }>`insert into cases (patient_id, requester_id, requester_org_id, network_id, service_id, state, urgency, priority_rank, submitted_at, deadline_at, schema_version)
      values (${theirPatient.patientId}, ${theirGp.userId}, ${theirs.practiceId}, ${theirs.networkId}, ${theirs.serviceId}, 'submitted', 'routine', 2, now(), now() + interval '7 days', 1) returning id`,
  );
  const theirPhoto = theirCase[0]
    ? await insert("another network's photo", sql<{ id: string }>`insert into photos (case_id, uploaded_by, tag) values (${theirCase[0]}, ${theirGp.userId}, 'overview') returning id`)
    : [];
  // Another network's appointment (visits: a signed visit record too, so that only the scope can hide it).
  const theirDerm = await createClinician(db, { organisationId: theirs.serviceId, role: 'dermatologist' });
  const theirAppointment = await insert(
    "another network's appointment",
    sql<{ id: string }>`insert into appointments (service_id, dermatologist_user_id, patient_id, starts_at, ends_at, time_zone, status, referring_user_id, booked_by_user_id)
      values (${theirs.serviceId}, ${theirDerm.userId}, ${theirPatient.patientId}, now() - interval '1 hour', now() - interval '40 minutes', 'Europe/Paris', 'completed', ${theirGp.userId}, ${theirGp.userId}) returning id`,
  );
  if (theirAppointment[0]) {
    await insert(
      "another network's signed visit record",
      sql<{ id: string }>`insert into visit_records (appointment_id, notes, diagnosis, plan, patient_summary, outcome, signed_by, signed_at, content_hash)
        values (${theirAppointment[0]}, 'n', 'd', 'p', 's', 'completed', ${theirDerm.userId}, now(), ${'0'.repeat(64)}) returning appointment_id as id`,
    );
  }
  // ...and a photo of that appointment (photos belong to a case or to an appointment).
  const theirAppointmentPhoto = theirAppointment[0]
    ? await insert("another network's appointment photo", sql<{ id: string }>`insert into photos (appointment_id, uploaded_by, tag) values (${theirAppointment[0]}, ${theirDerm.userId}, 'other') returning id`)
    : [];
  // Another network's signed prescription (for that appointment), under a stored public key.
  const theirPrescription = theirAppointment[0]
    ? await insert(
        "another network's prescription",
        sql<{ id: string }>`with k as (
            insert into prescription_signing_keys (id, public_key, source) values ('matrix-test-key', ${Buffer.alloc(44, 1)}, 'environment') returning id)
          insert into prescriptions (id, appointment_id, patient_id, prescriber_user_id, service_id, prescriber_name, service_name, issued_at, items, items_digest, signing_key_id, signature)
          select gen_random_uuid(), ${theirAppointment[0]}, ${theirPatient.patientId}, ${theirDerm.userId}, ${theirs.serviceId}, 'Dr Theirs', 'Their service', now(), '[]'::jsonb, ${'0'.repeat(64)}, k.id, ${Buffer.alloc(64)} from k returning id`,
      )
    : [];
  // Another network's billing line (its patient's share due), and a fee entry of another country's schedule.
  const theirBillingLine = theirCase[0]
    ? await insert(
        "another network's billing line",
        sql<{ id: string }>`insert into billing_lines (network_id, case_id, fee_entry_id, act_code, billed_by, clinician_user_id, organisation_id, patient_id, act_date, acted_at, coordinated, currency, amount_cents, insurer_share_percent, insurer_amount_cents, patient_amount_cents, payment_status)
          select ${theirs.networkId}, ${theirCase[0]}, f.id, f.act_code, f.billed_by, ${theirGp.userId}, ${theirs.practiceId}, ${theirPatient.patientId}, current_date, now(), true, 'EUR', 1000, 70, 700, 300, 'due'
          from fee_schedule_entries f where f.country = 'FR' and f.billed_by = 'requester' limit 1 returning id`,
      )
    : [];
  const theirFeeEntry = await insert("another country's fee entry", sql<{ id: string }>`select id from fee_schedule_entries where country = 'GB' limit 1`);
  const nearCase = await insert(
    "another practice's draft case",
    sql<{ id: string }>`insert into cases (patient_id, requester_id, requester_org_id, network_id) values (${otherPracticePatient.patientId}, ${otherPracticeGp.userId}, ${otherPractice.id}, ${mine.networkId}) returning id`,
  );

  // Ids to put in a path parameter, by what its name says it is; unknown names get every id.
  // Another network's booking rows: a referral, a dermatologist's availability rule and leave.
  const theirBookingDerm = await createClinician(db, { organisationId: theirs.serviceId, role: 'dermatologist' });
  const theirReferral = await insert(
    "another network's booking referral",
    sql<{ id: string }>`insert into booking_referrals (token_hash, patient_id, service_id, referral_letter, referring_user_id, referring_organisation_id, created_by_user_id)
      values (${randomUUID()}, ${theirPatient.patientId}, ${theirs.serviceId}, 'letter', ${theirGp.userId}, ${theirs.practiceId}, ${theirGp.userId}) returning id`,
  );
  const theirRule = await insert(
    "another network's availability rule",
    sql<{ id: string }>`insert into availability_rules (service_id, dermatologist_user_id, rrule, start_time, end_time, slot_minutes, time_zone, valid_from)
      values (${theirs.serviceId}, ${theirBookingDerm.userId}, 'FREQ=WEEKLY;BYDAY=MO', '09:00', '12:00', 30, 'Europe/Paris', '2026-01-01') returning id`,
  );
  const theirLeave = await insert(
    "another network's leave",
    sql<{ id: string }>`insert into availability_exceptions (dermatologist_user_id, kind, starts_on, ends_on) values (${theirBookingDerm.userId}, 'leave', '2026-08-01', '2026-08-15') returning id`,
  );
  // Another network's open invitation (revoke and resend must not reach it).
  const theirInvitation = await insert(
    "another network's invitation",
    sql<{ id: string }>`insert into invitations (token_hash, email, organisation_id, role, invited_by, expires_at)
      values (${randomUUID()}, 'invited@their.test', ${theirs.practiceId}, 'requester', ${theirCoordinator.userId}, now() + interval '3 days') returning id`,
  );
  const far: Record<string, string[]> = {
    invitation: theirInvitation,
    referral: theirReferral,
    rule: theirRule,
    exception: theirLeave,
    patient: [theirPatient.patientId],
    case: theirCase,
    photo: [...theirPhoto, ...theirAppointmentPhoto],
    session: [theirSession.sessionId],
    user: [theirGp.userId, theirCoordinator.userId, theirPatient.userId!],
    membership: [theirGp.membershipId, theirCoordinator.membershipId],
    organisation: [theirs.practiceId, theirs.serviceId, theirs.officeId],
    billingLine: theirBillingLine,
    feeEntry: theirFeeEntry,
    appointment: theirAppointment,
    prescription: theirPrescription,
  };
  const near: Record<string, string[]> = { patient: [otherPracticePatient.patientId], case: nearCase };
  const KINDS: Array<[RegExp, string]> = [
    [/billingLine/i, 'billingLine'],
    [/feeEntry/i, 'feeEntry'],
    [/appointment/i, 'appointment'],
    [/referral/i, 'referral'], [/^ruleId$/, 'rule'], [/^exceptionId$/, 'exception'],
    [/prescription/i, 'prescription'],
    [/patient/i, 'patient'], [/case/i, 'case'], [/photo|image|blob/i, 'photo'], [/session/i, 'session'],
    [/membership/i, 'membership'], [/user|clinician|person/i, 'user'], [/org|service|practice/i, 'organisation'],
  ];
  const idsFor = (caller: Caller, param: string): string[] => {
    const kind = KINDS.find(([re]) => re.test(param))?.[1];
    const pick = (pool: Record<string, string[]>) => (kind ? (pool[kind] ?? []) : Object.values(pool).flat());
    const ids = [...pick(far), ...(caller === 'coordinator' ? [] : pick(near)), randomUUID()];
    // Anonymous callers are refused before any lookup: one real id and one random id say enough.
    return caller === 'anonymous' ? [ids[0]!, ids.at(-1)!] : ids;
  };

  // Real HTTP (not inject), so that a stream (server-sent events) answers with its headers and is then cut.
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  const call = async (method: string, url: string, headers: Record<string, string>, body: unknown = {}): Promise<{ status: number; code?: string }> => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), CALL_TIMEOUT_MS);
    try {
      const withBody = !['GET', 'HEAD', 'OPTIONS'].includes(method);
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { ...headers, ...(withBody ? { 'content-type': 'application/json' } : {}) },
        body: withBody ? JSON.stringify(body) : undefined,
        signal: abort.signal,
        redirect: 'manual',
      });
      if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
        abort.abort();
        return { status: res.status };
      }
      const text = await res.text();
      let code: string | undefined;
      try {
        code = (JSON.parse(text) as { code?: string }).code;
      } catch {
        code = undefined;
      }
      return { status: res.status, code };
    } catch {
      return { status: 0, code: 'timeout' };
    } finally {
      clearTimeout(timer);
    }
  };

  const spec = (await t.app.inject('/api/openapi.json')).json() as {
    paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string; schema?: { enum?: string[]; format?: string } }>; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  const components = spec.components?.schemas ?? {};
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const op = `${method.toUpperCase()} ${path}`;
      specOps.push(op);
      const names = (path.match(/\{[^}]+\}/g) ?? []).map((p) => p.slice(1, -1));
      // Parameters with a fixed set of values (e.g. a photo variant) get their first value; the others get ids.
      const fixed = new Map<string, string>();
      for (const p of operation.parameters ?? []) if (p.in === 'path' && p.schema?.enum?.[0]) fixed.set(p.name, p.schema.enum[0]);
      const idParams = names.filter((n) => !fixed.has(n));
      for (const caller of ['anonymous', ...ROLES] as Caller[]) {
        const values = idParams.length ? [...new Set(idParams.flatMap((n) => idsFor(caller, n)))] : [''];
        let getSession: Awaited<ReturnType<typeof signInAs>> | null = null;
        for (const value of values) {
          const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => fixed.get(name) ?? value);
          // A fresh session per state-changing call: a sign-out or a revocation must not leak into the next call.
          let session: Awaited<ReturnType<typeof signInAs>> | null = null;
          if (caller !== 'anonymous') session = method === 'get' ? (getSession ??= await signInAs(t, people[caller])) : await signInAs(t, people[caller]);
          const started = Date.now();
          const res = await call(method.toUpperCase(), url, session ? session.headers : {});
          if (process.env.MATRIX_DEBUG) console.warn(`${op} ${caller} ${value} -> ${res.status} ${Date.now() - started} ms`);
          calls.push({ op, caller, status: res.status, code: res.code, pathValues: value });
          // `{}` is often refused by validation before any permission check; a body built from the
          // documented schema (ids pointing at the same foreign rows) reaches the check itself.
          const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
          if (bodySchema) {
            const sampled = sampleBody(bodySchema, components, value || randomUUID());
            const fresh = caller === 'anonymous' ? null : await signInAs(t, people[caller]);
            const res2 = await call(method.toUpperCase(), url, fresh ? fresh.headers : {}, sampled);
            if (process.env.MATRIX_DEBUG) console.warn(`${op} ${caller} ${value} (sampled body) -> ${res2.status} ${res2.code ?? ''}`);
            calls.push({ op, caller, status: res2.status, code: res2.code, pathValues: value, sampledBody: true });
          }
        }
      }
    }
  }
  specOps = [...new Set(specOps)].sort();
  if (process.env.MATRIX_DEBUG) {
    for (const op of specOps) {
      const by = ['anonymous', ...ROLES].map((c) => `${c}:${[...new Set(calls.filter((x) => x.op === op && x.caller === c).map((x) => `${x.status}${x.code ? `/${x.code}` : ''}`))].join('|')}`);
      console.warn(`STATUS ${op} ${by.join(' ')}`);
    }
  }
}, 240_000);
afterAll(() => t?.close());

const is2xx = (s: number) => s >= 200 && s < 300;
/** Codes that mean "not allowed" (a wrong password or passkey is a 401 too, but not a refusal of the role). */
const PERMISSION_REFUSALS = new Set(['unauthenticated', 'forbidden', 'second_factor_required', 'session_expired', 'csrf_invalid', '']);
/** The callers that got a 2xx for an operation, as matrix source text. */
const observed = (op: string) => {
  const got = new Set(calls.filter((c) => c.op === op && is2xx(c.status)).map((c) => c.caller));
  if (got.has('anonymous')) return 'PUBLIC';
  return [...got].map((c) => `'${c}'`).join(', ');
};

describe('authorization matrix', () => {
  it('lists every operation of the API (and nothing that is gone)', () => {
    const missing = specOps.filter((op) => !(op in MATRIX));
    const stale = Object.keys(MATRIX).filter((op) => !specOps.includes(op));
    const lines: string[] = [];
    if (missing.length) {
      lines.push(
        `${missing.length} operation(s) of /api/openapi.json are not in the authorization matrix. Add each to MATRIX in`,
        'server/src/auth/authorization-matrix.test.ts with the roles PERMITTED to use it (PUBLIC: no sign-in needed;',
        'SIGNED_IN, CLINICIANS or a list of roles). The roles that got a 2xx today are shown as a hint:',
        ...missing.map((op) => `  '${op}': [${observed(op)}],`),
      );
    }
    if (stale.length) lines.push('In MATRIX but no longer in /api/openapi.json (remove them, or give the route a schema):', ...stale.map((op) => `  '${op}'`));
    expect(missing.length + stale.length, `\n${lines.join('\n')}\n`).toBe(0);
  });

  it('gives no 2xx to a caller the matrix does not allow', () => {
    const unexpected = calls
      .filter((c) => is2xx(c.status) && c.op in MATRIX && !MATRIX[c.op]!.includes(c.caller))
      .map((c) => `  ${c.op} answered ${c.status} to ${c.caller}${c.pathValues ? ` (path id ${c.pathValues})` : ''}: refuse it in the policy, or allow '${c.caller}' in MATRIX if that is intended.`);
    expect(new Set(unexpected).size, `\n${[...new Set(unexpected)].join('\n')}\n`).toBe(0);
  });

  it('never answers 2xx with an id of a row the caller must not see', () => {
    const leaks = calls
      .filter((c) => c.pathValues && is2xx(c.status) && !PATH_PARAMS_ARE_NOT_ROWS.has(c.op))
      .map((c) => `  ${c.op} answered ${c.status} to ${c.caller} for ${c.pathValues}, a row of another organisation or network (or a random id): scope the query with the policy (404).`);
    expect(new Set(leaks).size, `\n${[...new Set(leaks)].join('\n')}\n`).toBe(0);
  });

  it('does not refuse (401/403) a role the matrix allows', () => {
    const refused = calls
      .filter((c) => c.caller !== 'anonymous' && c.op in MATRIX && MATRIX[c.op]!.includes(c.caller) && (c.status === 401 || c.status === 403) && PERMISSION_REFUSALS.has(c.code ?? ''))
      .map((c) => `  ${c.op} refused ${c.caller} with ${c.status} ${c.code ?? ''}: the matrix says this role may use it; fix the policy or the matrix.`);
    expect(new Set(refused).size, `\n${[...new Set(refused)].join('\n')}\n`).toBe(0);
  });

  it('answers every call, without a server error', () => {
    const errors = calls.filter((c) => c.status >= 500 || c.status === 0).map((c) => `  ${c.op} ${c.status ? `answered ${c.status}` : `did not answer within ${CALL_TIMEOUT_MS / 1000} s`} to ${c.caller}${c.pathValues ? ` (path id ${c.pathValues})` : ''} with an empty body`);
    expect(new Set(errors).size, `\n${[...new Set(errors)].join('\n')}\n`).toBe(0);
  });
});
