import type { SafeStorage } from 'electron';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { SafeStoragePort, StorageBackend } from '../../../../main/storage/safe-storage-port';
import { createSecretBox, SecretBoxUnavailableError, SecretDecryptError } from '../../../../main/storage/secret-box';
import { FakeSafeStorage } from './fake-safe-storage';

describe('the safe storage port', () => {
  it("accepts Electron's own safeStorage object (checked by the type checker)", () => {
    expectTypeOf<SafeStorage>().toExtend<SafeStoragePort>();
  });
});

describe('secret box availability', () => {
  it.each<[StorageBackend]>([['gnome_libsecret'], ['kwallet'], ['kwallet5'], ['kwallet6']])(
    'on linux the %s backend is real encryption and is used',
    async (backend) => {
      const box = createSecretBox(new FakeSafeStorage({ backend }), 'linux');
      await expect(box.availability()).resolves.toEqual({ available: true, backend });
    },
  );

  it('on linux the basic_text backend is refused because it uses a hardcoded password', async () => {
    const box = createSecretBox(new FakeSafeStorage({ backend: 'basic_text' }), 'linux');
    await expect(box.availability()).resolves.toEqual({ available: false, reason: 'basic_text' });
  });

  it('on linux an unknown backend after a successful probe is accepted and named as unknown', async () => {
    const box = createSecretBox(new FakeSafeStorage({ backend: 'unknown' }), 'linux');
    await expect(box.availability()).resolves.toEqual({ available: true, backend: 'unknown' });
  });

  it('on linux a port without a backend query counts as an unknown backend', async () => {
    const box = createSecretBox(new FakeSafeStorage({ backend: null }), 'linux');
    await expect(box.availability()).resolves.toEqual({ available: true, backend: 'unknown' });
  });

  it.each<[NodeJS.Platform, string]>([
    ['darwin', 'keychain'],
    ['win32', 'dpapi'],
  ])('on %s only availability counts and the Linux backend query is never made', async (platform, backend) => {
    const port = new FakeSafeStorage({ backend: 'basic_text' });
    await expect(createSecretBox(port, platform).availability()).resolves.toEqual({ available: true, backend });
    expect(port.calls.backend).toBe(0);
  });

  it.each<[NodeJS.Platform]>([['linux'], ['darwin'], ['win32']])('on %s no OS encryption means unavailable', async (platform) => {
    const box = createSecretBox(new FakeSafeStorage({ available: false }), platform);
    await expect(box.availability()).resolves.toEqual({ available: false, reason: 'unavailable' });
  });

  it('a probe that throws (for example before app ready) reports an error instead of throwing', async () => {
    const box = createSecretBox(new FakeSafeStorage({ availabilityThrows: true }), 'darwin');
    await expect(box.availability()).resolves.toEqual({ available: false, reason: 'error' });
  });

  it('a backend query that throws on linux reports an error', async () => {
    const box = createSecretBox(new FakeSafeStorage({ backendThrows: true }), 'linux');
    await expect(box.availability()).resolves.toEqual({ available: false, reason: 'error' });
  });

  it('availability is probed once and the answer is shared by every caller', async () => {
    const port = new FakeSafeStorage();
    const box = createSecretBox(port, 'linux');
    await Promise.all([box.availability(), box.availability(), box.encrypt('a'), box.encrypt('b')]);
    await box.availability();
    expect(port.calls.availability).toBe(1);
    expect(port.calls.backend).toBe(1);
  });
});

describe('secret box encryption', () => {
  it('round-trips text, including non-ASCII and empty strings', async () => {
    const box = createSecretBox(new FakeSafeStorage(), 'darwin');
    for (const plain of ['refresh-token-123', 'Åäö ✓ räksmörgås', '']) {
      await expect(box.decrypt(await box.encrypt(plain))).resolves.toEqual({ value: plain, shouldReEncrypt: false });
    }
  });

  it('returns base64 ciphertext that does not contain the plaintext', async () => {
    const box = createSecretBox(new FakeSafeStorage(), 'win32');
    const sealed = await box.encrypt('super-secret-refresh-token');
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain('super-secret');
    expect(Buffer.from(sealed, 'base64').toString('latin1')).not.toContain('super-secret');
  });

  it('passes on the request to re-encrypt after a key rotation', async () => {
    const port = new FakeSafeStorage();
    const box = createSecretBox(port, 'darwin');
    const sealed = await box.encrypt('value');
    port.rotateKey();
    await expect(box.decrypt(sealed)).resolves.toEqual({ value: 'value', shouldReEncrypt: true });
  });

  it.each<[string, FakeSafeStorage, NodeJS.Platform, string]>([
    ['basic_text', new FakeSafeStorage({ backend: 'basic_text' }), 'linux', 'basic_text'],
    ['unavailable', new FakeSafeStorage({ available: false }), 'darwin', 'unavailable'],
    ['failing', new FakeSafeStorage({ availabilityThrows: true }), 'win32', 'error'],
  ])('refuses to encrypt with a typed error when the backend is %s', async (_label, port, platform, reason) => {
    const box = createSecretBox(port, platform);
    const error = await box.encrypt('secret-value').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretBoxUnavailableError);
    expect((error as SecretBoxUnavailableError).reason).toBe(reason);
    expect(port.calls.encrypt).toBe(0);
  });

  it('turns a failing encryptStringAsync into a typed error without the value in the message', async () => {
    const box = createSecretBox(new FakeSafeStorage({ encryptThrows: true }), 'darwin');
    const error = await box.encrypt('secret-value').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretBoxUnavailableError);
    expect(String((error as Error).message)).not.toContain('secret-value');
  });

  it('rejects ciphertext it cannot decrypt with a typed error that does not echo the ciphertext', async () => {
    const port = new FakeSafeStorage();
    const box = createSecretBox(port, 'darwin');
    const sealed = await box.encrypt('value');
    port.forgetKey();
    for (const input of [sealed, Buffer.from('not a fake ciphertext').toString('base64'), 'not base64 at all!', '']) {
      const error = await box.decrypt(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretDecryptError);
      if (input) expect((error as Error).message).not.toContain(input);
    }
  });
});
