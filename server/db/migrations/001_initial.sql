-- The firm's Fortnox integration: its client id and its secret, encrypted (one row).
CREATE TABLE fortnox_client (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  client_id text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 200),
  key_id text NOT NULL,
  secret_ciphertext bytea NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every company the firm has connected, by Fortnox database number (tenant id, canonical decimal).
CREATE TABLE companies (
  tenant_id text PRIMARY KEY CHECK (tenant_id ~ '^[1-9][0-9]{0,19}$'),
  company_name text CHECK (length(company_name) <= 500),
  organization_number text CHECK (length(organization_number) <= 40),
  account_type text NOT NULL DEFAULT 'user' CHECK (account_type IN ('user', 'service')),
  requested_scopes text[] NOT NULL DEFAULT '{}',
  granted_scopes text[] NOT NULL DEFAULT '{}',
  offline_access boolean NOT NULL DEFAULT true,
  -- The desktop's stored statuses (shared/company-record.ts STORED_STATUSES); a disconnected company's row is deleted.
  status text NOT NULL CHECK (status IN ('active', 'needs_reconnect', 'error', 'access_only')),
  -- Why (shared/connection-issues.ts CONNECTION_ISSUES: invalid_grant, revoked, undecryptable, ...); null when active.
  issue text CHECK (length(issue) <= 60),
  -- Fortnox's own words about the issue, cleaned and bounded like the desktop's statusDetail.
  status_detail text CHECK (length(status_detail) <= 500),
  last_test_at timestamptz,
  last_test_ok boolean,
  last_test_issue text CHECK (length(last_test_issue) <= 60),
  connected_at timestamptz NOT NULL DEFAULT now(),
  connected_by text NOT NULL CHECK (length(connected_by) <= 320),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A company's current Fortnox token pair, encrypted with AES-256-GCM under the key `key_id`.
-- The row lock on this row is the one lock around a refresh; `generation` counts rotations.
CREATE TABLE company_tokens (
  tenant_id text PRIMARY KEY REFERENCES companies (tenant_id) ON DELETE CASCADE,
  key_id text NOT NULL,
  access_ciphertext bytea NOT NULL,
  -- Null for an access-only connection (no offline access): it ends with its access token.
  refresh_ciphertext bytea,
  scopes text[] NOT NULL DEFAULT '{}',
  access_expires_at timestamptz NOT NULL,
  generation bigint NOT NULL DEFAULT 1,
  refreshed_at timestamptz NOT NULL DEFAULT now(),
  -- When the background refresh should next renew this pair (before the access token runs out).
  next_refresh_at timestamptz NOT NULL,
  failed_refreshes integer NOT NULL DEFAULT 0
);
CREATE INDEX company_tokens_due ON company_tokens (next_refresh_at);

-- Fortnox allows 25 requests per 5 seconds per company. The last requests' times (newest last, at
-- most the limit's count), shared by every replica: refreshes and proxied calls take a slot here.
CREATE TABLE fortnox_request_slots (
  tenant_id text PRIMARY KEY CHECK (tenant_id ~ '^[1-9][0-9]{0,19}$'),
  stamps timestamptz[] NOT NULL DEFAULT '{}'
);
