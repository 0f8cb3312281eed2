import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StorageBackend } from '../../../../main/storage/safe-storage-port';
import { nodeStorageFs, type StorageFs } from '../../../../main/storage/atomic-file';
import { createSecretBox } from '../../../../main/storage/secret-box';
import { createSecretVault } from '../../../../main/storage/secret-vault';
import { createSecretsFile, type SecretsDocument } from '../../../../main/storage/secrets-file';
import { recordingLogger } from '../recording-logger';
import { fakeKeyIdOf, FakeSafeStorage } from './fake-safe-storage';
import { listDir, readAllFiles, useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

const REFRESH = 'refresh-9f8e7d6c5b4a-SECRET';
const ACCESS = 'access-0a1b2c3d4e5f-SECRET';

function openVault(dir: string, port: FakeSafeStorage, options: { platform?: NodeJS.Platform; fs?: Partial<StorageFs> } = {}) {
  const { log, text } = recordingLogger();
  const file = createSecretsFile({ filePath: path.join(dir, 'secrets.json'), now: () => new Date(Date.UTC(2025, 0, 15)), log, ...(options.fs ? { fs: options.fs } : {}) });
  const vault = createSecretVault({ box: createSecretBox(port, options.platform ?? 'linux'), file, log });
  return { vault, logText: text };
}

const readSecrets = async (dir: string): Promise<SecretsDocument> => JSON.parse(await readFile(path.join(dir, 'secrets.json'), 'utf8')) as SecretsDocument;

describe('secret vault with OS encryption', () => {
  it('stores, reads and lists secrets, and a fresh vault reads them back from disk', async () => {
    const dir = await tempDir();
    const port = new FakeSafeStorage();
    const { vault } = openVault(dir, port);
    await expect(vault.init()).resolves.toEqual({ mode: 'encrypted' });
    await vault.set('clientSecret', ACCESS);
    await vault.set('tokens:tenant-1', REFRESH);
    expect(vault.names()).toEqual(['clientSecret', 'tokens:tenant-1']);

    const reopened = openVault(dir, port).vault;
    await reopened.init();
    await expect(reopened.get('tokens:tenant-1')).resolves.toBe(REFRESH);
    await expect(reopened.get('clientSecret')).resolves.toBe(ACCESS);
    await expect(reopened.get('missing')).resolves.toBeUndefined();
  });

  it('gives what get would give synchronously with peek, and nothing before init has finished', async () => {
    const dir = await tempDir();
    const port = new FakeSafeStorage();
    const { vault } = openVault(dir, port);
    await vault.init();
    await vault.set('tokens:tenant-1', REFRESH);

    const reopened = openVault(dir, port).vault;
    const starting = reopened.init();
    const beforeInit = reopened.peek?.('tokens:tenant-1');
    await starting;

    expect(beforeInit).toBeUndefined();
    expect(reopened.peek?.('tokens:tenant-1')).toBe(REFRESH);
    expect(reopened.peek?.('missing')).toBeUndefined();
    await reopened.set('tokens:tenant-1', ACCESS);
    expect(reopened.peek?.('tokens:tenant-1')).toBe(await reopened.get('tokens:tenant-1'));
    await reopened.delete('tokens:tenant-1');
    expect(reopened.peek?.('tokens:tenant-1')).toBeUndefined();
  });

  it('never writes the plaintext, raw or base64, into secrets.json or anywhere else in the folder', async () => {
    const dir = await tempDir();
    const { vault } = openVault(dir, new FakeSafeStorage());
    await vault.init();
    await vault.set('tokens:tenant-1', REFRESH);
    const files = await readAllFiles(dir);
    expect([...files.keys()].map((f) => path.basename(f))).toEqual(['secrets.json']);
    for (const content of files.values()) {
      expect(content).not.toContain('SECRET');
      expect(content).not.toContain(Buffer.from(REFRESH).toString('base64').slice(0, 16));
    }
  });

  it('resolves set only once the new value is on disk, encrypted', async () => {
    const dir = await tempDir();
    const port = new FakeSafeStorage();
    const { vault } = openVault(dir, port);
    await vault.init();
    await vault.set('tokens:tenant-1', 'old pair');
    await vault.set('tokens:tenant-1', 'new pair');
    const cipher = (await readSecrets(dir)).entries['tokens:tenant-1'] ?? '';
    await expect(createSecretBox(port, 'linux').decrypt(cipher)).resolves.toEqual({ value: 'new pair', shouldReEncrypt: false });
  });

  it('deletes a secret from memory and from disk', async () => {
    const dir = await tempDir();
    const { vault } = openVault(dir, new FakeSafeStorage());
    await vault.init();
    await vault.set('a', '1');
    await vault.set('b', '2');
    await vault.delete('a');
    await vault.delete('never-stored');
    expect(vault.names()).toEqual(['b']);
    expect(Object.keys((await readSecrets(dir)).entries)).toEqual(['b']);
  });

  it('lets the last of several overlapping sets of the same name win, in memory and on disk', async () => {
    const dir = await tempDir();
    const { vault } = openVault(dir, new FakeSafeStorage());
    await vault.init();
    await Promise.all(['v1', 'v2', 'v3', 'v4'].map((value) => vault.set('tokens:t', value)));
    await expect(vault.get('tokens:t')).resolves.toBe('v4');
    const reopened = openVault(dir, new FakeSafeStorage()).vault;
    await reopened.init();
    await expect(reopened.get('tokens:t')).resolves.toBe('v4');
  });

  it('keeps the previous value when saving fails, and the caller sees the failure', async () => {
    const dir = await tempDir();
    let failRename = false;
    const fs: Partial<StorageFs> = { rename: (from, to) => (failRename ? Promise.reject(new Error('disk full')) : nodeStorageFs.rename(from, to)) };
    const { vault } = openVault(dir, new FakeSafeStorage(), { fs });
    await vault.init();
    await vault.set('tokens:t', 'first');
    failRename = true;
    await expect(vault.set('tokens:t', 'second')).rejects.toThrow('disk full');
    await expect(vault.get('tokens:t')).resolves.toBe('first');
  });

  it('keeps entries that no longer decrypt untouched on disk and reports them instead of deleting them', async () => {
    const dir = await tempDir();
    const port = new FakeSafeStorage();
    const first = openVault(dir, port).vault;
    await first.init();
    await first.set('tokens:lost', 'lost value');
    const lostCipher = (await readSecrets(dir)).entries['tokens:lost'];
    port.forgetKey();

    const { vault, logText } = openVault(dir, port);
    await vault.init();
    expect(vault.undecryptable()).toEqual(['tokens:lost']);
    expect(vault.names()).toEqual([]);
    await expect(vault.get('tokens:lost')).resolves.toBeUndefined();
    await vault.set('tokens:other', 'other value');
    expect((await readSecrets(dir)).entries['tokens:lost']).toBe(lostCipher);
    expect(logText()).toContain('could not be decrypted');

    await vault.set('tokens:lost', 'reconnected');
    expect(vault.undecryptable()).toEqual([]);
  });

  it('re-encrypts and saves entries the OS asks to re-encrypt after a key change', async () => {
    const dir = await tempDir();
    const port = new FakeSafeStorage();
    const first = openVault(dir, port).vault;
    await first.init();
    await first.set('tokens:t', REFRESH);
    port.rotateKey();

    const { vault } = openVault(dir, port);
    await vault.init();
    const cipher = (await readSecrets(dir)).entries['tokens:t'] ?? '';
    expect(fakeKeyIdOf(cipher)).toBe(port.currentKeyId());
    await expect(vault.get('tokens:t')).resolves.toBe(REFRESH);
  });

  it('moves a damaged secrets.json aside and reports it, then works on an empty store', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'secrets.json'), '{"version":1,"entries":{"a":');
    const { vault } = openVault(dir, new FakeSafeStorage());
    const status = await vault.init();
    expect(status).toMatchObject({ mode: 'encrypted', fileProblem: { kind: 'corrupt' } });
    await vault.set('a', 'fresh');
    expect(await listDir(dir)).toEqual(['secrets.json', 'secrets.json.corrupt-2025-01-15T00-00-00.000Z.bak']);
  });

  it('does not write over secrets from a newer app version, and set says so', async () => {
    const dir = await tempDir();
    const future = JSON.stringify({ version: 2, entries: {}, keyring: 'x' });
    await writeFile(path.join(dir, 'secrets.json'), future);
    const { vault } = openVault(dir, new FakeSafeStorage());
    await expect(vault.init()).resolves.toEqual({ mode: 'encrypted', fileProblem: { kind: 'newer_version' } });
    await expect(vault.set('a', 'value')).rejects.toMatchObject({ reason: 'newer_version' });
    expect(await readFile(path.join(dir, 'secrets.json'), 'utf8')).toBe(future);
  });

  it('rejects names that could not be plain keys', async () => {
    const dir = await tempDir();
    const { vault } = openVault(dir, new FakeSafeStorage());
    await vault.init();
    for (const name of ['', '__proto__', 'a b', 'x'.repeat(201)]) await expect(vault.set(name, 'v')).rejects.toBeInstanceOf(TypeError);
  });

  it('is used only after init', async () => {
    const dir = await tempDir();
    const { vault } = openVault(dir, new FakeSafeStorage());
    await expect(vault.get('a')).rejects.toThrow('before init');
  });
});

describe('secret vault without OS encryption', () => {
  it.each<[string, FakeSafeStorage, NodeJS.Platform, string]>([
    ['the linux basic_text backend', new FakeSafeStorage({ backend: 'basic_text' satisfies StorageBackend }), 'linux', 'basic_text'],
    ['no encryption on macOS', new FakeSafeStorage({ available: false }), 'darwin', 'unavailable'],
    ['a failing probe on Windows', new FakeSafeStorage({ availabilityThrows: true }), 'win32', 'error'],
  ])('with %s keeps secrets in memory only, says so, and writes nothing to disk', async (_label, port, platform, reason) => {
    const dir = await tempDir();
    const { vault, logText } = openVault(dir, port, { platform });
    await expect(vault.init()).resolves.toEqual({ mode: 'memory', reason });
    await vault.set('tokens:tenant-1', REFRESH);
    await vault.set('clientSecret', ACCESS);
    await vault.delete('clientSecret');
    await expect(vault.get('tokens:tenant-1')).resolves.toBe(REFRESH);
    expect(vault.names()).toEqual(['tokens:tenant-1']);
    expect(await readAllFiles(dir)).toEqual(new Map());
    expect(port.calls.encrypt).toBe(0);
    expect(logText()).toContain('in memory');
  });

  it('leaves an existing secrets.json alone while encryption is unavailable', async () => {
    const dir = await tempDir();
    const port = new FakeSafeStorage();
    const first = openVault(dir, port).vault;
    await first.init();
    await first.set('tokens:t', REFRESH);
    const before = await readFile(path.join(dir, 'secrets.json'), 'utf8');

    const { vault } = openVault(dir, new FakeSafeStorage({ available: false }));
    await vault.init();
    await vault.set('tokens:t', 'session only');
    expect(await readFile(path.join(dir, 'secrets.json'), 'utf8')).toBe(before);
  });
});

describe('secret vault logging', () => {
  it('never logs a secret value', async () => {
    const dir = await tempDir();
    const port = new FakeSafeStorage();
    const first = openVault(dir, port);
    await first.vault.init();
    await first.vault.set('tokens:t', REFRESH);
    await first.vault.set('clientSecret', ACCESS);
    port.rotateKey();
    const second = openVault(dir, port);
    await second.vault.init();
    for (const text of [first.logText(), second.logText()]) expect(text).not.toContain('SECRET');
  });
});
