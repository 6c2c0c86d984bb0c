-- A coordinator can take back an invitation sent by mistake (revoked_at, by
-- whom) or send it again with a fresh link. Resending replaces token_hash and
-- expires_at in place, so the earlier link is unknown at once; a revoked
-- invitation's token answers like an unknown one. No account exists before an
-- invitation is accepted, so revoking touches no user.
alter table invitations
  add column revoked_at timestamptz,
  add column revoked_by uuid references users(id),
  add constraint invitations_accepted_or_revoked check (accepted_at is null or revoked_at is null),
  add constraint invitations_revoked_by check ((revoked_at is null) = (revoked_by is null));
