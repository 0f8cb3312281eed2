-- Keys that integrations present to the firm server's /v1 API (Authorization: Bearer fxc_...),
-- created by admins: the desktop's tool-key model (main/local-api/tool-keys.ts). Only the key's
-- SHA-256 is stored; the key itself is shown once, at creation.
CREATE TABLE integration_keys (
  id text PRIMARY KEY CHECK (id ~ '^key_[0-9a-f]{16}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  key_hash bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
  -- Every connected company (all_companies), or the listed tenant ids (canonical decimal, at least one).
  all_companies boolean NOT NULL,
  company_ids text[] NOT NULL DEFAULT '{}',
  -- read (proxied GET and HEAD), read-write (every proxied method), token (also raw access tokens).
  key_right text NOT NULL CHECK (key_right IN ('read', 'read-write', 'token')),
  expires_at timestamptz,
  revoked_at timestamptz,
  -- Who created it: the admin's e-mail (or the command that did).
  created_by text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 320),
  created_at timestamptz NOT NULL,
  -- Kept to the minute, so a busy integration does not write on every call.
  last_used_at timestamptz,
  CHECK (expires_at IS NULL OR expires_at > created_at),
  CHECK (
    (all_companies AND cardinality(company_ids) = 0)
    OR (
      NOT all_companies
      AND cardinality(company_ids) BETWEEN 1 AND 10000
      AND array_position(company_ids, NULL) IS NULL
      AND array_to_string(company_ids, ',') ~ '^[1-9][0-9]{0,19}(,[1-9][0-9]{0,19})*$'
    )
  )
);
