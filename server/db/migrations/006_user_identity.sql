-- Users are bound to the identity provider's stable identity (issuer, subject), not to an e-mail
-- address (security review item A): an address can change at the provider, and on a multi-tenant
-- provider anyone may claim anyone's address. One user per (issuer, subject); both or neither set
-- (a user made by a pairing code has neither until an OIDC sign-in with a verified address binds it).
-- Before this migration a user's pair was overwritten by the latest sign-in with its address, so a
-- subject whose address changed could be on two users: only the most recently signed-in one keeps
-- the binding, the others keep their rows and sessions but no identity (an admin decides).
UPDATE users SET oidc_issuer = NULL, oidc_subject = NULL
WHERE id IN (
  SELECT id FROM (
    SELECT id, row_number() OVER (PARTITION BY oidc_issuer, oidc_subject ORDER BY last_sign_in_at DESC, id) AS n
    FROM users
    WHERE oidc_issuer IS NOT NULL AND oidc_subject IS NOT NULL
  ) ranked
  WHERE n > 1
);
UPDATE users SET oidc_issuer = NULL, oidc_subject = NULL WHERE (oidc_issuer IS NULL) <> (oidc_subject IS NULL);
ALTER TABLE users ADD CONSTRAINT users_oidc_identity_pair CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL));
CREATE UNIQUE INDEX users_oidc_identity ON users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;
