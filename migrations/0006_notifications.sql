-- Notifications (issue 7, "Nobody misses a case"): in-app notifications with
-- their email and push delivery state, per-user preferences, web push
-- subscriptions and the server's VAPID key pair, and the marks the deadline
-- clocks leave on a case (each reminder or overdue alert happens once).
-- The job queue itself (pg-boss) keeps its own schema "pgboss", created by
-- pg-boss at start (server/src/jobs/).

create table notifications (
  id uuid primary key default gen_random_uuid(),
  -- Insertion order, to list notifications created at the same instant in order.
  seq bigint generated always as identity,
  user_id uuid not null references users(id),
  kind text not null check (kind in ('case_submitted', 'case_claimed', 'case_reassigned', 'question_asked', 'question_answered',
    'answer_signed', 'answer_acknowledged', 'case_withdrawn', 'deadline_reminder', 'deadline_missed', 'photo_refused')),
  case_id uuid references cases(id),
  -- Non-clinical facts only (e.g. {"percent": 90}): never names or clinical text.
  details jsonb not null default '{}',
  created_at timestamptz not null default now(),
  read_at timestamptz,
  -- Email: none (not wanted), pending (to send now), digest (waits for the daily digest), sent, failed.
  email_status text not null default 'none' check (email_status in ('none', 'pending', 'digest', 'sent', 'failed')),
  emailed_at timestamptz,
  push_status text not null default 'none' check (push_status in ('none', 'pending', 'sent', 'failed'))
);
create index notifications_user_idx on notifications (user_id, created_at desc, seq desc);
create index notifications_unread_idx on notifications (user_id) where read_at is null;
create index notifications_digest_idx on notifications (user_id, created_at) where email_status = 'digest';

create table notification_preferences (
  user_id uuid primary key references users(id),
  -- {"events": {"<kind>": {"inApp": bool, "email": bool, "push": bool}}, "emailDigest": bool}
  settings jsonb not null default '{}',
  updated_at timestamptz not null default now()
);

create table push_subscriptions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id),
  endpoint text not null unique,
  p256dh text not null,
  auth text not null,
  created_at timestamptz not null default now()
);
create index push_subscriptions_user_idx on push_subscriptions (user_id);

-- One row: the VAPID key pair generated on first start, shared by every instance.
create table push_vapid_keys (
  id smallint primary key default 1 check (id = 1),
  public_key text not null,
  private_key text not null,
  created_at timestamptz not null default now()
);

-- What the deadline clocks have already done for a case. The primary key makes
-- every reminder and the overdue alert happen at most once, whatever the number
-- of job processors; episode distinguishes successive questions or answers.
create table case_clock_marks (
  case_id uuid not null references cases(id),
  kind text not null check (kind in ('deadline_50', 'deadline_90', 'overdue', 'question_waiting', 'answer_unacknowledged')),
  episode text not null default '',
  created_at timestamptz not null default now(),
  primary key (case_id, kind, episode)
);
create index case_clock_marks_overdue_idx on case_clock_marks (case_id) where kind = 'overdue';
