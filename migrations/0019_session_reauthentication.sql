-- Step-up re-authentication: changing a second factor (a new authenticator,
-- new recovery codes, a new passkey) on an account that already has one asks
-- for the password again. reauthenticated_at is when this session last proved
-- it (POST /api/auth/reauthenticate); the change is allowed for 5 minutes
-- after. A new session (every sign-in step makes one) starts without it.
alter table sessions add column reauthenticated_at timestamptz;
