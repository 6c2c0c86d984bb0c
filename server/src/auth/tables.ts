// Kysely types of the sign-in tables (migrations/0002_auth.sql).
import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from '../db/schema.ts';

export interface UserTotpTable {
  id: Generated<string>;
  user_id: string;
  secret_ciphertext: Buffer;
  secret_wrapped_key: Buffer;
  verified_at: Date | null;
  last_used_step: string | number | null;
  created_at: CreatedAt;
}

export interface RecoveryCodesTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface PasskeysTable {
  id: Generated<string>;
  user_id: string;
  credential_id: string;
  public_key: Buffer;
  counter: Generated<string | number>;
  transports: Generated<string[]>;
  name: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
}

export interface WebauthnChallengesTable {
  id: Generated<string>;
  purpose: 'registration' | 'authentication';
  challenge: string;
  user_id: string | null;
  session_id: string | null;
  expires_at: Timestamp;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface InvitationsTable {
  id: Generated<string>;
  token_hash: string;
  email: string;
  organisation_id: string;
  role: 'requester' | 'dermatologist' | 'coordinator' | 'pharmacist';
  locale: Generated<'fr' | 'en'>;
  invited_by: string;
  expires_at: Timestamp;
  accepted_at: Date | null;
  accepted_user_id: string | null;
  /** Taken back by a coordinator (0018): the token answers like an unknown one. */
  revoked_at: Date | null;
  revoked_by: string | null;
  created_at: CreatedAt;
}

export interface LoginTokensTable {
  id: Generated<string>;
  purpose: 'patient_sign_in' | 'password_reset';
  user_id: string | null;
  email: string;
  token_hash: string;
  code_hash: string | null;
  attempts: Generated<number>;
  expires_at: Timestamp;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface AuthTables {
  user_totp: UserTotpTable;
  recovery_codes: RecoveryCodesTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  invitations: InvitationsTable;
  login_tokens: LoginTokensTable;
}
