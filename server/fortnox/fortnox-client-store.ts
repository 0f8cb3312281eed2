import { z } from 'zod';
import { CLIENT_SECRET_AAD } from '../crypto/column-aad';
import type { Sealer } from '../crypto/sealer';
import type { Queryable } from '../db/database';

/**
 * The firm's Fortnox integration in the database (`fortnox_client`, one row): its client id and
 * its secret sealed with AES-256-GCM under the current key. Written at start from the
 * configuration, so the secret can then be removed from the environment: a later start (or
 * another replica) without FORTNOX_CLIENT_SECRET uses the stored one.
 */

/** The secret cannot be found: not configured, and not stored for this client id. */
export class ClientSecretMissingError extends Error {
  override readonly name = 'ClientSecretMissingError';
}

const rowSchema = z.object({ client_id: z.string(), key_id: z.string(), secret_ciphertext: z.instanceof(Uint8Array) });

/** The stored client, with its secret opened; undefined when none is stored. Throws `UndecryptableError` when the key is not in the ring. */
export async function readStoredClient(db: Queryable, sealer: Sealer): Promise<{ clientId: string; clientSecret: string } | undefined> {
  const { rows } = await db.query('SELECT client_id, key_id, secret_ciphertext FROM fortnox_client WHERE id = 1');
  if (rows.length === 0) return undefined;
  const row = rowSchema.parse(rows[0]);
  return { clientId: row.client_id, clientSecret: sealer.open(row.key_id, Buffer.from(row.secret_ciphertext), CLIENT_SECRET_AAD) };
}

/**
 * The client secret to use for `clientId`: `configured` (stored, sealed, unless the same secret
 * for the same client is stored already, so restarts do not rewrite the row), or else the stored
 * one. Throws `ClientSecretMissingError` when neither exists.
 */
export async function resolveClientSecret(db: Queryable, sealer: Sealer, clientId: string, configured: string | null): Promise<string> {
  let stored: { clientId: string; clientSecret: string } | undefined;
  try {
    stored = await readStoredClient(db, sealer);
  } catch (error) {
    // A stored secret under a key that is gone is useless but harmless when a new one is configured.
    if (configured === null) throw error;
  }
  if (configured === null) {
    if (stored?.clientId === clientId) return stored.clientSecret;
    throw new ClientSecretMissingError(
      stored
        ? `FORTNOX_CLIENT_SECRET is not set, and the secret stored in the database belongs to another client id than FORTNOX_CLIENT_ID: set FORTNOX_CLIENT_SECRET_FILE once for this client.`
        : 'FORTNOX_CLIENT_SECRET is not set and the database holds no client secret yet: set FORTNOX_CLIENT_SECRET_FILE (or FORTNOX_CLIENT_SECRET) for the first start.',
    );
  }
  if (stored?.clientId !== clientId || stored.clientSecret !== configured) {
    const sealed = sealer.seal(configured, CLIENT_SECRET_AAD);
    await db.query(
      `INSERT INTO fortnox_client (id, client_id, key_id, secret_ciphertext) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET client_id = EXCLUDED.client_id, key_id = EXCLUDED.key_id,
         secret_ciphertext = EXCLUDED.secret_ciphertext, updated_at = now()`,
      [clientId, sealed.keyId, sealed.ciphertext],
    );
  }
  return configured;
}
