-- Photos of cases: the photo rows (tag, status, quality, hashes), their
-- encrypted blobs (original and three derivatives, each with its own data key
-- wrapped by the master key), and the resumable uploads in flight.

create table photos (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  uploaded_by uuid not null references users(id),
  tag text not null check (tag in ('overview', 'close_up', 'dermoscopy', 'other')),
  note text,
  status text not null default 'received' check (status in ('received', 'processing', 'ready', 'refused')),
  -- The AppError code of the image pipeline when refused.
  refusal_code text,
  -- Upright size of the original.
  width integer,
  height integer,
  original_sha256 text,
  -- 64-bit difference hash, 16 hex digits.
  phash text,
  quality jsonb,
  verdict text check (verdict in ('good', 'retake', 'unusable')),
  duplicate_of uuid references photos(id) on delete set null,
  created_at timestamptz not null default now(),
  processed_at timestamptz,
  check ((status = 'refused') = (refusal_code is not null))
);
create index photos_case_idx on photos (case_id, created_at);

create table photo_blobs (
  photo_id uuid not null references photos(id) on delete cascade,
  kind text not null check (kind in ('original', 'full', 'preview', 'thumb')),
  -- Key of the ciphertext in the blob store (random, not content-addressed).
  blob_key text not null unique,
  -- The blob's data key wrapped by the master key (envelope encryption).
  wrapped_key bytea not null,
  -- Id of the master key that wrapped it: rotation rewraps rows with an old id.
  key_id text not null,
  -- SHA-256 of the plaintext.
  sha256 text not null,
  bytes integer not null,
  width integer,
  height integer,
  content_type text not null,
  created_at timestamptz not null default now(),
  primary key (photo_id, kind)
);
create index photo_blobs_key_id_idx on photo_blobs (key_id);

-- A tus upload from creation to completion; unfinished ones are removed after 24 h.
create table photo_uploads (
  -- The tus upload id (also the temporary file's name).
  id text primary key,
  case_id uuid not null references cases(id),
  user_id uuid not null references users(id),
  tag text not null check (tag in ('overview', 'close_up', 'dermoscopy', 'other')),
  note text,
  upload_length bigint not null,
  created_at timestamptz not null,
  completed_at timestamptz,
  photo_id uuid references photos(id) on delete set null
);
create index photo_uploads_unfinished_idx on photo_uploads (created_at) where completed_at is null;
