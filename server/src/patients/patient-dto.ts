// Patient rows -> API DTOs, and the national identifier kinds of the database.
import type { Patient, PatientSummary } from '../../../contracts/patients/patient.ts';
import { formatNationalId, type NationalIdKind } from '../../../contracts/clinical/national-id.ts';
import type { Consent } from '../../../contracts/patients/consent.ts';
import { ageOn } from '../cases/case-view.ts';

export type DbNationalIdKind = 'fr_nir' | 'gb_nhs';
export const toDbKind = (kind: NationalIdKind): DbNationalIdKind => (kind === 'fr_ins' ? 'fr_nir' : 'gb_nhs');
export const fromDbKind = (kind: DbNationalIdKind): NationalIdKind => (kind === 'fr_nir' ? 'fr_ins' : 'uk_nhs');

export interface PatientRow {
  id: string;
  organisation_id: string;
  family_name: string;
  given_name: string;
  birth_date: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  email: string | null;
  phone: string | null;
  national_id: string | null;
  national_id_kind: DbNationalIdKind | null;
  user_id: string | null;
  created_at: Date;
}

export function patientSummary(row: Pick<PatientRow, 'id' | 'family_name' | 'given_name' | 'birth_date' | 'sex'>, now: Date): PatientSummary {
  return {
    id: row.id,
    familyName: row.family_name,
    givenName: row.given_name,
    birthDate: row.birth_date,
    age: ageOn(row.birth_date, now),
    sex: row.sex,
  };
}

export interface ConsentRow {
  id: string;
  patient_id: string;
  method: Consent['method'];
  scope: string[];
  recorded_by: string | null;
  recorded_by_name: string | null;
  recorded_at: Date;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_by_name: string | null;
  withdrawal_reason: string | null;
}

export function consentDto(row: ConsentRow): Consent {
  return {
    id: row.id,
    patientId: row.patient_id,
    method: row.method,
    scope: row.scope as Consent['scope'],
    recordedBy: row.recorded_by ? { id: row.recorded_by, name: row.recorded_by_name ?? '' } : null,
    recordedAt: row.recorded_at.toISOString(),
    withdrawnAt: row.withdrawn_at ? row.withdrawn_at.toISOString() : null,
    withdrawnBy: row.withdrawn_by ? { id: row.withdrawn_by, name: row.withdrawn_by_name ?? '' } : null,
    withdrawalReason: row.withdrawal_reason,
  };
}

/** 'given' when a consent not withdrawn covers both photos and remote expertise. */
export function consentStatus(consents: Array<Pick<ConsentRow, 'scope' | 'withdrawn_at'>>): Patient['consentStatus'] {
  if (consents.length === 0) return 'none';
  const current = consents.some((c) => !c.withdrawn_at && c.scope.includes('photos') && c.scope.includes('remote_expertise'));
  return current ? 'given' : 'withdrawn';
}

export function patientDto(row: PatientRow, consents: Array<Pick<ConsentRow, 'scope' | 'withdrawn_at'>>, now: Date): Patient {
  return {
    ...patientSummary(row, now),
    email: row.email,
    phone: row.phone,
    nationalId:
      row.national_id && row.national_id_kind
        ? {
            kind: fromDbKind(row.national_id_kind),
            value: row.national_id,
            display: formatNationalId(fromDbKind(row.national_id_kind), row.national_id),
          }
        : null,
    organisationId: row.organisation_id,
    hasAccount: row.user_id !== null,
    consentStatus: consentStatus(consents),
    createdAt: row.created_at.toISOString(),
  };
}
