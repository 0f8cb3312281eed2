-- One known value sealed under each encryption key id, written by the first replica that runs with
-- that key as its current one (server/crypto/key-health.ts). A replica whose key under the same id
-- has other bytes (a mistyped key, a rotation half rolled out) cannot open it and is not ready,
-- instead of taking the firm's companies for damaged.
CREATE TABLE key_canaries (
  key_id text PRIMARY KEY CHECK (length(key_id) BETWEEN 1 AND 32),
  ciphertext bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
