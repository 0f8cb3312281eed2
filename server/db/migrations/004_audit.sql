-- The firm's audit (issue 10 item 6): who did what, for which company, how it ended. Never a
-- token, a key, a code, a query string or a body. Kept 90 days (FIRM_AUDIT_RETENTION_DAYS).
-- The action list lives in shared/firm-api.ts (FIRM_AUDIT_ACTIONS, checked when recording), so a
-- new action needs no migration; the table only checks the shape of each column.
CREATE TABLE audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  action text NOT NULL CHECK (action ~ '^[a-z_]{1,40}$'),
  actor_kind text CHECK (actor_kind IN ('user', 'key')),
  actor text CHECK (length(actor) <= 320),
  tenant_id text CHECK (tenant_id ~ '^[1-9][0-9]{0,19}$'),
  company_name text CHECK (length(company_name) <= 200),
  method text CHECK (method ~ '^[A-Z]{3,7}$'),
  path text CHECK (length(path) <= 512 AND path NOT LIKE '%?%'),
  status smallint CHECK (status BETWEEN 100 AND 599),
  CHECK ((actor_kind IS NULL) = (actor IS NULL))
);
CREATE INDEX audit_tenant ON audit (tenant_id, id);
CREATE INDEX audit_at ON audit (at);
