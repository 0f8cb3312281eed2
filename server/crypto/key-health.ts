import type { Logger } from '../../main/logging/logger';
import type { Queryable } from '../db/database';
import { canaryAad } from './column-aad';
import { UndecryptableError, type Sealer, type UndecryptableReason } from './sealer';

/**
 * Whether this replica's encryption keys are the fleet's (issue 10 item 2; firm-server.md section 5).
 *
 * A stored value that will not open is usually the replica's fault, not the company's: a key left
 * out of ENCRYPTION_OLD_KEYS during a rolling rotation, or a key mistyped under the right id. Such a
 * replica must not mark the firm's companies needs_reconnect (every accountant would sign in again
 * for nothing): it answers 503 `server_key_missing`, changes nothing, and `/readyz` takes it out of
 * the load balancer until it is started with the right keys.
 *
 * To tell a wrong key from a damaged row, each key id has a canary in `key_canaries`: a known value
 * sealed under it by the first replica that ran with it as its current key. At start (`verify`) the
 * current key's canary is written if there is none, every canary of this ring must open, and every
 * key id the stored values name must be in the ring. A failed GCM tag under a key id whose canary
 * opened here is a damaged or moved value (any replica would fail alike): that row alone is
 * `undecryptable`. Every other failure (unknown key id, a tag failing under a key not proven by its
 * canary) is a key fault of this replica.
 */

/** The plaintext of every canary: nothing secret, only something to open. */
const CANARY_TEXT = 'fortnox-connector key canary v1';

/** This replica cannot open a stored value with its keys: answered 503 `server_key_missing`, nothing changed. */
export class ServerKeyError extends Error {
  override readonly name = 'ServerKeyError';
  constructor(
    /** The key id named by the value (already checked printable by the sealer). */
    readonly keyId: string,
    readonly reason: UndecryptableReason,
  ) {
    super(`This server cannot open values sealed under key id "${keyId}" (${reason}); check ENCRYPTION_KEY and ENCRYPTION_OLD_KEYS.`);
  }
}

/** What a failure to open a value means: the row is damaged, or this replica's keys are wrong. */
export type OpenFailure = 'row' | 'key';

export class KeyHealth {
  readonly #verified = new Set<string>();
  readonly #faults = new Map<string, UndecryptableReason>();
  #checked = false;

  constructor(
    private readonly sealer: Sealer,
    private readonly log: Logger,
  ) {}

  /**
   * The start check: writes the current key's canary if it has none (another replica may win the
   * race; either value is under the same id), opens every canary of this ring's key ids, and looks
   * for stored values under key ids the ring lacks. Problems are recorded as faults (logged once);
   * `ready()` is false until this has run without one.
   */
  async verify(db: Queryable): Promise<void> {
    const current = this.sealer.currentKeyId;
    const sealed = this.sealer.seal(CANARY_TEXT, canaryAad(current));
    await db.query('INSERT INTO key_canaries (key_id, ciphertext) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING', [sealed.keyId, sealed.ciphertext]);
    const { rows } = await db.query<{ key_id: string; ciphertext: Uint8Array }>('SELECT key_id, ciphertext FROM key_canaries WHERE key_id = ANY ($1::text[])', [
      [...this.sealer.keyIds],
    ]);
    for (const row of rows) {
      try {
        const text = this.sealer.open(row.key_id, Buffer.from(row.ciphertext), canaryAad(row.key_id));
        if (text === CANARY_TEXT) this.#verified.add(row.key_id);
        else this.fault(row.key_id, 'authentication_failed');
      } catch (error) {
        if (!(error instanceof UndecryptableError)) throw error;
        this.fault(row.key_id, error.reason);
      }
    }
    // Distinct key ids of stored values: a short list, however many companies there are.
    const { rows: named } = await db.query<{ key_id: string }>(
      'SELECT key_id FROM company_tokens UNION SELECT key_id FROM fortnox_client',
    );
    const known = new Set(this.sealer.keyIds);
    for (const { key_id: keyId } of named) if (!known.has(keyId)) this.fault(keyId, 'unknown_key');
    this.#checked = true;
  }

  /**
   * What a value that would not open means (see the class comment). A key fault is recorded and
   * logged (once per key id); a damaged row is left to the caller.
   */
  classify(error: UndecryptableError): OpenFailure {
    if (error.reason === 'malformed' || error.reason === 'unsupported_layout') return 'row';
    if (error.reason === 'authentication_failed' && this.#verified.has(error.keyId)) return 'row';
    this.fault(error.keyId, error.reason);
    return 'key';
  }

  /** Whether this replica may take traffic as far as its keys go: checked at start, no fault since. */
  ready(): boolean {
    return this.#checked && this.#faults.size === 0;
  }

  /** The key ids whose values this replica can open: the ring's, less those it has found wrong. */
  usableKeyIds(): string[] {
    return this.sealer.keyIds.filter((keyId) => !this.#faults.has(keyId));
  }

  private fault(keyId: string, reason: UndecryptableReason): void {
    if (this.#faults.has(keyId)) return;
    this.#faults.set(keyId, reason);
    // The key id and the reason only: never a byte of the value or of the key.
    this.log.error('this server cannot open values sealed under an encryption key id: it answers 503 server_key_missing and is not ready; no company was changed. Start it with the right ENCRYPTION_KEY / ENCRYPTION_OLD_KEYS.', {
      keyId,
      reason,
    });
  }
}
