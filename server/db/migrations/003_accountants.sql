-- The firm's accountants (issue 10 item 4): one row per e-mail address, created at the first
-- sign-in through the identity provider or the first redeemed pairing code.
CREATE TABLE users (
  id text PRIMARY KEY CHECK (id ~ '^usr_[A-Za-z0-9]{16,32}$'),
  email text NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 320 AND email = lower(email)),
  name text CHECK (length(name) <= 200),
  -- The role the last sign-in gave (each session keeps the role its own sign-in gave).
  role text NOT NULL CHECK (role IN ('admin', 'accountant')),
  -- The identity provider's issuer and subject at the last OIDC sign-in; null until one.
  oidc_issuer text CHECK (length(oidc_issuer) <= 500),
  oidc_subject text CHECK (length(oidc_subject) <= 255),
  created_at timestamptz NOT NULL,
  last_sign_in_at timestamptz NOT NULL
);

-- Server sessions of the desktop app: only the SHA-256 of the secret (`fxs_…`) is kept.
-- A session ends at expires_at (14 days after sign-in), after 24 hours unused, or when revoked.
CREATE TABLE sessions (
  id bigserial PRIMARY KEY,
  token_sha256 text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin', 'accountant')),
  method text NOT NULL CHECK (method IN ('oidc', 'pairing')),
  device_name text CHECK (length(device_name) <= 100),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- One-time pairing codes an admin hands to one person: only the SHA-256 of the code is kept.
-- Redeemed at most once (used_at), within 15 minutes (expires_at).
CREATE TABLE pairing_codes (
  code_sha256 text PRIMARY KEY CHECK (code_sha256 ~ '^[0-9a-f]{64}$'),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320 AND email = lower(email)),
  name text CHECK (length(name) <= 200),
  role text NOT NULL CHECK (role IN ('admin', 'accountant')),
  -- The admin's e-mail, or 'cli' for a code made on the server's command line.
  created_by text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 320),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX pairing_codes_expires ON pairing_codes (expires_at);
