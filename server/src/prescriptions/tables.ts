// Kysely types of migrations/0013_prescriptions.sql.
import type { ColumnType } from 'kysely';
import type { CreatedAt, Json } from '../db/schema.ts';
import type { PrescriptionItem } from '../../../contracts/prescriptions/index.ts';

export interface PrescriptionSigningKeysTable {
  id: string;
  public_key: Buffer;
  source: 'generated' | 'environment';
  private_key_ciphertext: Buffer | null;
  private_key_wrapped_key: Buffer | null;
  created_at: CreatedAt;
  retired_at: Date | null;
}

export interface PrescriptionsTable {
  id: string;
  appointment_id: string;
  patient_id: string;
  prescriber_user_id: string;
  service_id: string;
  prescriber_name: string;
  prescriber_professional_id: string | null;
  prescriber_professional_id_kind: 'rpps' | 'gmc' | null;
  service_name: string;
  issued_at: ColumnType<Date, Date | string, never>;
  items: Json<PrescriptionItem[]>;
  items_digest: string;
  signing_key_id: string;
  signature: Buffer;
  dispensed_at: Date | null;
  dispensed_by_user_id: string | null;
  dispensed_by_organisation_id: string | null;
  created_at: CreatedAt;
}

export interface PrescriptionTables {
  prescription_signing_keys: PrescriptionSigningKeysTable;
  prescriptions: PrescriptionsTable;
}
