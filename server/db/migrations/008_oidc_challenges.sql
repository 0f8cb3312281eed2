-- Sign-in challenges (server/auth/oidc-challenges.ts): the nonce a desktop puts in its
-- authorization request, so the identity provider's ID token is bound to one sign-in the server
-- started. Only the nonce's SHA-256 is kept; a row lives 10 minutes and is deleted when used, so
-- any replica can take it exactly once.
CREATE TABLE oidc_challenges (
  nonce_sha256 text PRIMARY KEY CHECK (nonce_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX oidc_challenges_expires ON oidc_challenges (expires_at);
