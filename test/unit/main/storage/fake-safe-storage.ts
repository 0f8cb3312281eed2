import type { DecryptedString, SafeStoragePort, StorageBackend } from '../../../../main/storage/safe-storage-port';

/** How the fake behaves; every field can be changed between calls. */
export interface FakeSafeStorageOptions {
  available?: boolean;
  /** The Linux backend; `null` leaves `getSelectedStorageBackend` off the port entirely. */
  backend?: StorageBackend | null;
  availabilityThrows?: boolean;
  backendThrows?: boolean;
  encryptThrows?: boolean;
}

const MARKER = Buffer.from('FAKE1');

/**
 * A reversible stand-in for Electron's async safeStorage: XOR with a per-key-generation key behind
 * a marker and a key id, so the plaintext never shows in the ciphertext. `rotateKey` makes older
 * ciphertexts decrypt with `shouldReEncrypt`; `forgetKey` makes them undecryptable (keyring reset).
 */
export class FakeSafeStorage implements SafeStoragePort {
  available: boolean;
  backend: StorageBackend | null;
  availabilityThrows: boolean;
  backendThrows: boolean;
  encryptThrows: boolean;
  readonly calls = { availability: 0, backend: 0, encrypt: 0, decrypt: 0 };
  private keyId = 1;
  private readonly forgotten = new Set<number>();

  getSelectedStorageBackend?: () => StorageBackend;

  constructor(options: FakeSafeStorageOptions = {}) {
    this.available = options.available ?? true;
    this.backend = options.backend === undefined ? 'gnome_libsecret' : options.backend;
    this.availabilityThrows = options.availabilityThrows ?? false;
    this.backendThrows = options.backendThrows ?? false;
    this.encryptThrows = options.encryptThrows ?? false;
    if (this.backend !== null) {
      this.getSelectedStorageBackend = () => {
        this.calls.backend += 1;
        if (this.backendThrows) throw new Error('backend probe failed');
        return this.backend ?? 'unknown';
      };
    }
  }

  async isAsyncEncryptionAvailable(): Promise<boolean> {
    this.calls.availability += 1;
    if (this.availabilityThrows) throw new Error('safeStorage cannot be used before app is ready');
    return this.available;
  }

  async encryptStringAsync(plainText: string): Promise<Buffer> {
    this.calls.encrypt += 1;
    if (this.encryptThrows) throw new Error('Error while encrypting the text provided to encryptString.');
    const body = xor(Buffer.from(plainText, 'utf8'), this.keyId);
    return Buffer.concat([MARKER, Buffer.from([this.keyId]), body]);
  }

  async decryptStringAsync(encrypted: Buffer): Promise<DecryptedString> {
    this.calls.decrypt += 1;
    const keyId = encrypted[MARKER.length];
    if (!encrypted.subarray(0, MARKER.length).equals(MARKER) || keyId === undefined || keyId > this.keyId || this.forgotten.has(keyId)) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
    const result = xor(encrypted.subarray(MARKER.length + 1), keyId).toString('utf8');
    return { result, shouldReEncrypt: keyId !== this.keyId };
  }

  /** Starts a new key generation; older ciphertexts still decrypt but ask to be re-encrypted. */
  rotateKey(): void {
    this.keyId += 1;
  }

  /** Loses the current key (an OS keyring reset): its ciphertexts no longer decrypt. */
  forgetKey(): void {
    this.forgotten.add(this.keyId);
    this.keyId += 1;
  }

  /** The key generation new ciphertexts are made with. */
  currentKeyId(): number {
    return this.keyId;
  }
}

/** Reads the key generation out of a base64 fake ciphertext. */
export function fakeKeyIdOf(base64: string): number | undefined {
  return Buffer.from(base64, 'base64')[MARKER.length];
}

function xor(data: Buffer, keyId: number): Buffer {
  const key = Buffer.from(`fake-key-${keyId}-0123456789abcdef`);
  return Buffer.from(data.map((byte, i) => byte ^ (key[i % key.length] ?? 0) ^ 0x5a));
}
