// Kysely's view of the tables. Each feature declares its own tables in
// `<feature>/tables.ts`; this file assembles them into the one DB type.
import type { ColumnType, Generated } from 'kysely';
import type { AuthTables } from '../auth/tables.ts';
import type { PhotoTables } from '../photos/tables.ts';
import type { CaseTables } from '../cases/tables.ts';
import type { PatientFeatureTables } from '../patients/tables.ts';
import type { NotificationTables } from '../notifications/tables.ts';
import type { PatientTables } from '../patient/tables.ts';
import type { AppointmentCoreTables, BookingTables } from '../appointments/tables.ts';
import type { BillingTables } from '../billing/tables.ts';
import type { VisitTables } from '../visits/tables.ts';
import type { PrescriptionTables } from '../prescriptions/tables.ts';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A timestamp with a database default: optional on insert. */
export type TimestampWithDefault = ColumnType<Date, Date | string | undefined, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Json<T = Record<string, unknown>> = ColumnType<T, string | T, string | T>;
/** A JSON column with a database default: optional on insert. */
export type JsonWithDefault<T = Record<string, unknown>> = ColumnType<T, string | T | undefined, string | T>;

export interface NetworksTable {
  id: Generated<string>;
  name: string;
  country: 'FR' | 'GB';
  time_zone: string;
  created_at: CreatedAt;
}

export type OrganisationKind = 'gp_practice' | 'dermatology_service' | 'network_office' | 'pharmacy';
export interface OrganisationsTable {
  id: Generated<string>;
  network_id: string;
  kind: OrganisationKind;
  name: string;
  settings: JsonWithDefault;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  locale: Generated<'fr' | 'en'>;
  kind: 'clinician' | 'patient';
  status: Generated<'invited' | 'active' | 'disabled'>;
  password_hash: string | null;
  professional_id: string | null;
  country: 'FR' | 'GB' | null;
  failed_attempts: Generated<number>;
  locked_until: Date | null;
  /** Locks in a row without a successful sign-in (migration 0020): each lasts twice the one before. */
  consecutive_lockouts: Generated<number>;
  created_at: CreatedAt;
  updated_at: TimestampWithDefault;
}

export type MembershipRole = 'requester' | 'dermatologist' | 'coordinator' | 'pharmacist';
export interface MembershipsTable {
  id: Generated<string>;
  user_id: string;
  organisation_id: string;
  role: MembershipRole;
  created_at: CreatedAt;
}

export interface PatientsTable {
  id: Generated<string>;
  organisation_id: string;
  family_name: string;
  given_name: string;
  birth_date: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  email: string | null;
  phone: string | null;
  national_id: string | null;
  national_id_kind: 'fr_nir' | 'gb_nhs' | null;
  user_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: TimestampWithDefault;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  active_membership_id: string | null;
  second_factor_verified: Generated<boolean>;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: TimestampWithDefault;
  idle_expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  revoked_at: Date | null;
  /** When the password was last confirmed in this session (0019; step-up before second-factor changes). */
  reauthenticated_at: Date | null;
}

export interface AuditEventsTable {
  id: Generated<string>;
  // Set by the chaining trigger, never by the application.
  seq: Generated<number>;
  occurred_at: TimestampWithDefault;
  actor_user_id: string | null;
  actor_role: string | null;
  actor_organisation_id: string | null;
  session_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  patient_id: string | null;
  ip: string | null;
  user_agent: string | null;
  outcome: 'success' | 'failure' | 'denied';
  details: JsonWithDefault;
  // Set by the sealer (seal_audit_events), never by the application.
  chain_seq: Generated<number | null>;
  prev_hash: Generated<string | null>;
  hash: Generated<string | null>;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: CreatedAt;
}

export interface FoundationTables {
  networks: NetworksTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  patients: PatientsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  schema_migrations: SchemaMigrationsTable;
}

// Features extend this interface list as they add tables.
export type DB = FoundationTables & AuthTables & PhotoTables & CaseTables & PatientFeatureTables & NotificationTables & PatientTables & AppointmentCoreTables & BookingTables & BillingTables & VisitTables & PrescriptionTables;
