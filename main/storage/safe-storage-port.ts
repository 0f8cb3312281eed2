/**
 * The part of Electron's `safeStorage` the app uses: the asynchronous API only. The synchronous
 * trio (`isEncryptionAvailable`, `encryptString`, `decryptString`) is deprecated in Electron 45 and
 * removed in 46; ciphertext written by it still decrypts with `decryptStringAsync`.
 *
 * The shape matches `Electron.SafeStorage` structurally, so `safeStorage` itself can be passed in
 * from `main/electron/` while this folder stays free of Electron imports.
 */

/** The Linux password store Chromium picked; `basic_text` is a hardcoded password, not encryption. */
export type StorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

/** What `decryptStringAsync` resolves with; `shouldReEncrypt` asks for the value to be written again. */
export interface DecryptedString {
  result: string;
  shouldReEncrypt: boolean;
}

/** The asynchronous safeStorage API, as a port (Electron's `safeStorage` satisfies it). */
export interface SafeStoragePort {
  /** Resolves once the async encryptor is set up (lazily, after `app` is ready). */
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<DecryptedString>;
  /** Linux only; absent or meaningless on macOS and Windows. */
  getSelectedStorageBackend?(): StorageBackend;
}
