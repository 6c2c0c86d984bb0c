-- Electronic prescriptions: signed once (Ed25519), then immutable except for
-- being dispensed once by a pharmacist. The signing keys are kept (public part
-- always, private part only when the application generated it, wrapped with the
-- master key) so that every prescription stays verifiable after a key rotation.

create table prescription_signing_keys (
  -- First 16 hex characters of the SHA-256 of the public key (SPKI DER).
  id text primary key,
  public_key bytea not null,
  -- 'generated': made once by the application and shared by every instance
  -- (private key sealed with the master key below); 'environment': the private
  -- key comes from PRESCRIPTION_SIGNING_KEY and is never stored.
  source text not null check (source in ('generated', 'environment')),
  private_key_ciphertext bytea,
  private_key_wrapped_key bytea,
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  check ((source = 'generated') = (private_key_ciphertext is not null and private_key_wrapped_key is not null))
);
-- One current generated key: two instances starting together keep one of their two keys.
create unique index prescription_signing_keys_one_current on prescription_signing_keys ((true))
  where source = 'generated' and retired_at is null;

create table prescriptions (
  id uuid primary key,
  appointment_id uuid not null references appointments(id),
  patient_id uuid not null references patients(id),
  prescriber_user_id uuid not null references users(id),
  service_id uuid not null references organisations(id),
  -- The prescriber as printed and signed (a later change of name or service does not alter the document).
  prescriber_name text not null,
  prescriber_professional_id text,
  prescriber_professional_id_kind text check (prescriber_professional_id_kind in ('rpps', 'gmc')),
  service_name text not null,
  issued_at timestamptz not null,
  -- The items as signed (formulary products copied in), and their SHA-256 over canonical JSON.
  items jsonb not null,
  items_digest text not null,
  signing_key_id text not null references prescription_signing_keys(id),
  signature bytea not null check (length(signature) = 64),
  dispensed_at timestamptz,
  dispensed_by_user_id uuid references users(id),
  dispensed_by_organisation_id uuid references organisations(id),
  created_at timestamptz not null default now(),
  check ((dispensed_at is null) = (dispensed_by_user_id is null))
);
create index prescriptions_appointment_idx on prescriptions (appointment_id, issued_at);
create index prescriptions_patient_idx on prescriptions (patient_id, issued_at);

-- Immutable: no delete; the only update sets the dispensing columns once, from empty.
create function prescriptions_guard() returns trigger language plpgsql as $$
declare
  dispensing constant text[] := array['dispensed_at', 'dispensed_by_user_id', 'dispensed_by_organisation_id'];
begin
  if tg_op = 'DELETE' then
    raise exception 'prescriptions are immutable (delete refused)' using errcode = 'P0001';
  end if;
  if old.dispensed_at is not null or new.dispensed_at is null
     or (to_jsonb(new) - dispensing) is distinct from (to_jsonb(old) - dispensing) then
    raise exception 'prescriptions are immutable (only dispensing once is allowed)' using errcode = 'P0001';
  end if;
  return new;
end;
$$;
create trigger prescriptions_guard before update or delete on prescriptions
  for each row execute function prescriptions_guard();
