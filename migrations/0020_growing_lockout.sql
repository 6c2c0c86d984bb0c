-- Growing lockout: each lock that follows another without a successful
-- sign-in in between lasts twice as long (15, 30, 60... minutes, at most 4
-- hours; contracts/auth/rules.ts). consecutive_lockouts counts those locks; a
-- completed sign-in or a password reset sets it back to 0.
alter table users add column consecutive_lockouts integer not null default 0;
