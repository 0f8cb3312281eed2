import type { SafeStoragePort } from './safe-storage-port';

/** Why the secret box cannot encrypt: a fake Linux backend, no OS encryption, or a failed probe. */
export type SecretBoxUnavailableReason = 'basic_text' | 'unavailable' | 'error';

/** Whether OS-backed encryption can be used, and which backend provides it. */
export type SecretBoxAvailability =
  | { available: true; backend: string }
  | { available: false; reason: SecretBoxUnavailableReason };

/** A decrypted value; `shouldReEncrypt` means encrypt it again and write it back (key rotation). */
export interface OpenedSecret {
  value: string;
  shouldReEncrypt: boolean;
}

/** Encrypts strings with the OS key store and carries ciphertext as base64 text. */
export interface SecretBox {
  availability(): Promise<SecretBoxAvailability>;
  encrypt(plain: string): Promise<string>;
  decrypt(base64: string): Promise<OpenedSecret>;
}

/** Thrown when encryption is refused or fails; the message never contains the value. */
export class SecretBoxUnavailableError extends Error {
  override readonly name = 'SecretBoxUnavailableError';
  constructor(readonly reason: SecretBoxUnavailableReason) {
    super(`OS encryption is not available (${reason})`);
  }
}

/** Thrown when a ciphertext cannot be decrypted; the message never contains the ciphertext. */
export class SecretDecryptError extends Error {
  override readonly name = 'SecretDecryptError';
  constructor(readonly detail: 'not_base64' | 'rejected') {
    super(detail === 'not_base64' ? 'Stored secret is not valid base64' : 'Stored secret could not be decrypted');
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The backend name reported on platforms where Electron has no backend selection. */
function platformBackend(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'dpapi';
  return platform;
}

/**
 * Probes the port once: on Linux the `basic_text` backend is refused because Chromium then
 * "encrypts" with a hardcoded password (Electron docs, safeStorage, Linux section). `unknown`
 * after a successful availability probe is accepted: Electron reports `basic_text` when it
 * falls back, and by default answers "not available" for it anyway.
 */
async function probe(port: SafeStoragePort, platform: NodeJS.Platform): Promise<SecretBoxAvailability> {
  try {
    if (!(await port.isAsyncEncryptionAvailable())) return { available: false, reason: 'unavailable' };
    if (platform !== 'linux') return { available: true, backend: platformBackend(platform) };
    const backend = port.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text') return { available: false, reason: 'basic_text' };
    return { available: true, backend };
  } catch {
    return { available: false, reason: 'error' };
  }
}

/** Creates a secret box over Electron's async safeStorage; availability is probed once and shared. */
export function createSecretBox(port: SafeStoragePort, platform: NodeJS.Platform): SecretBox {
  let probed: Promise<SecretBoxAvailability> | undefined;
  const availability = () => (probed ??= probe(port, platform));

  const requireAvailable = async () => {
    const state = await availability();
    if (!state.available) throw new SecretBoxUnavailableError(state.reason);
  };

  return {
    availability,

    async encrypt(plain) {
      await requireAvailable();
      let cipher: Buffer;
      try {
        cipher = await port.encryptStringAsync(plain);
      } catch {
        // The underlying message is dropped on purpose: it is not ours to vouch for.
        throw new SecretBoxUnavailableError('error');
      }
      return cipher.toString('base64');
    },

    async decrypt(base64) {
      await requireAvailable();
      if (base64.length === 0 || !BASE64.test(base64)) throw new SecretDecryptError('not_base64');
      try {
        const opened = await port.decryptStringAsync(Buffer.from(base64, 'base64'));
        return { value: opened.result, shouldReEncrypt: opened.shouldReEncrypt };
      } catch {
        throw new SecretDecryptError('rejected');
      }
    },
  };
}
