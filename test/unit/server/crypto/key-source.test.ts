import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeySourceError, LOCAL_KEY_ID, localKeyPath, openKeyRing, parseKeyText, readEncryptionKeys, type EncryptionKeySettings } from '../../../../server/crypto/key-source';
import { EncryptionKey, KeyRing } from '../../../../server/crypto/sealer';
import type { EnvProblem } from '../../../../server/env/secret-variables';

const keyText = (id: string, material = randomBytes(32)) => `${id}:${material.toString('base64')}`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'key-source-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function settingsOf(env: Record<string, string>): EncryptionKeySettings {
  const read = readEncryptionKeys(env);
  if ('problems' in read) throw new Error(read.problems.map((p) => `${p.variable} ${p.problem}`).join('\n'));
  return read.settings;
}

function problemsOf(env: Record<string, string>): EnvProblem[] {
  const read = readEncryptionKeys(env);
  if (!('problems' in read)) throw new Error('expected problems');
  return read.problems;
}

/** Every message and example the problems would print, as one text. */
const printed = (problems: EnvProblem[]) => problems.map((p) => `${p.variable} ${p.problem} ${p.example}`).join('\n');

describe('parseKeyText', () => {
  it('reads a key id and 32 bytes of base64, standard or URL-safe, with or without padding, around spaces and a newline', () => {
    const material = randomBytes(32);
    for (const text of [
      `prod-1:${material.toString('base64')}`,
      ` prod-1:${material.toString('base64url')}\n`,
      `prod-1:${material.toString('base64').replace(/=+$/, '')}`,
    ]) {
      const parsed = parseKeyText(text);
      if (!('key' in parsed)) throw new Error(parsed.problem);
      expect(parsed.key.id).toBe('prod-1');
      expect(parsed.key.material().equals(material)).toBe(true);
    }
  });

  it.each([
    ['no colon', randomBytes(32).toString('base64'), 'no ":" found'],
    ['a bad key id', `bad id!:${randomBytes(32).toString('base64')}`, 'key id that is not 1 to 32 characters'],
    ['a key id of 33 characters', `${'a'.repeat(33)}:${randomBytes(32).toString('base64')}`, 'key id that is not 1 to 32 characters'],
    ['no key after the id', 'k1:', 'has no key after "k1:"'],
    ['a key that is not base64', 'k1:not*base64!', 'not base64'],
    ['16 bytes', `k1:${randomBytes(16).toString('base64')}`, 'of 16 bytes; AES-256 needs exactly 32'],
    ['33 bytes', `k1:${randomBytes(33).toString('base64')}`, 'of 33 bytes'],
    ['a placeholder of zeros', `k1:${Buffer.alloc(32).toString('base64')}`, 'not random'],
  ])('refuses %s', (_case, text, message) => {
    const parsed = parseKeyText(text);
    expect('problem' in parsed && parsed.problem).toContain(message);
  });
});

describe('readEncryptionKeys', () => {
  it('reads the current key and the old keys, comma-separated', () => {
    const settings = settingsOf({ ENCRYPTION_KEY: keyText('2025'), ENCRYPTION_OLD_KEYS: `${keyText('2024')}, ${keyText('2023')}` });
    expect(settings.current?.id).toBe('2025');
    expect(settings.old.map((key) => key.id)).toEqual(['2024', '2023']);
  });

  it('reads both from files, old keys one a line, as Docker and Kubernetes secrets mount them', () => {
    writeFileSync(path.join(dir, 'current'), `${keyText('2025')}\n`);
    writeFileSync(path.join(dir, 'old'), `${keyText('2024')}\n${keyText('2023')}\n`);
    const settings = settingsOf({ ENCRYPTION_KEY_FILE: path.join(dir, 'current'), ENCRYPTION_OLD_KEYS_FILE: path.join(dir, 'old') });
    expect(settings.current?.id).toBe('2025');
    expect(settings.old.map((key) => key.id)).toEqual(['2024', '2023']);
  });

  it('has no current key when none is set (the embedded database then uses its data folder key)', () => {
    expect(settingsOf({})).toEqual({ current: null, old: [] });
  });

  it('refuses a variable and its _FILE twin set together', () => {
    writeFileSync(path.join(dir, 'current'), keyText('2025'));
    const problems = problemsOf({ ENCRYPTION_KEY: keyText('2025'), ENCRYPTION_KEY_FILE: path.join(dir, 'current') });
    expect(problems).toEqual([expect.objectContaining({ variable: 'ENCRYPTION_KEY', problem: 'and ENCRYPTION_KEY_FILE are both set; set only one' })]);
  });

  it('names a missing, empty, oversized or non-file key file', () => {
    writeFileSync(path.join(dir, 'empty'), '\n');
    writeFileSync(path.join(dir, 'large'), 'x'.repeat(70_000));
    expect(problemsOf({ ENCRYPTION_KEY_FILE: path.join(dir, 'missing') })[0]?.problem).toBe('names a file that does not exist');
    expect(problemsOf({ ENCRYPTION_KEY_FILE: path.join(dir, 'empty') })[0]?.problem).toBe('names an empty file');
    expect(problemsOf({ ENCRYPTION_OLD_KEYS_FILE: path.join(dir, 'large') })[0]).toMatchObject({ variable: 'ENCRYPTION_OLD_KEYS_FILE', problem: expect.stringContaining('larger than') });
    expect(problemsOf({ ENCRYPTION_KEY_FILE: dir })[0]?.problem).toBe('names something that is not a regular file');
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('names a key file it may not read', () => {
    const file = path.join(dir, 'locked');
    writeFileSync(file, keyText('2025'));
    chmodSync(file, 0o000);
    expect(problemsOf({ ENCRYPTION_KEY_FILE: file })[0]?.problem).toBe('names a file that cannot be read (EACCES)');
  });

  it('refuses one id used twice, across the current and old keys or among the old ones', () => {
    expect(problemsOf({ ENCRYPTION_KEY: keyText('same'), ENCRYPTION_OLD_KEYS: keyText('same') })[0]?.problem).toBe(
      'has key id "same" in both ENCRYPTION_KEY and ENCRYPTION_OLD_KEYS; every key needs its own id',
    );
    expect(problemsOf({ ENCRYPTION_OLD_KEYS: `${keyText('old')},${keyText('old')}` })[0]?.problem).toBe('has key id "old" more than once in ENCRYPTION_OLD_KEYS; every key needs its own id');
  });

  it('lists every bad entry of the old keys by its position', () => {
    const problems = problemsOf({ ENCRYPTION_OLD_KEYS: `${keyText('ok')},broken,k3:${randomBytes(8).toString('base64')}` });
    expect(problems.map((p) => p.problem)).toEqual([expect.stringMatching(/^entry 2 is not of the form/), expect.stringMatching(/^entry 3 has a key for "k3" of 8 bytes/)]);
  });

  it('never prints a key or any part of a value it refuses', () => {
    const good = randomBytes(32).toString('base64');
    const short = randomBytes(20).toString('base64');
    const noColon = randomBytes(32).toString('base64');
    const problems = problemsOf({ ENCRYPTION_KEY: `k1:${short}`, ENCRYPTION_OLD_KEYS: `${noColon},k1:${good},k1:${good}` });
    expect(problems.length).toBeGreaterThanOrEqual(3);
    const text = printed(problems);
    for (const secret of [good, short, noColon, good.slice(0, 12), short.slice(0, 12), noColon.slice(0, 12)]) expect(text).not.toContain(secret);
  });
});

describe('openKeyRing', () => {
  it('creates a random key in the data folder once, mode 0600, and reuses it at the next start', async () => {
    const dataDir = path.join(dir, 'data');
    const first = await openKeyRing({ current: null, old: [] }, { database: 'pglite', dataDir });
    expect(first.currentKeyId).toBe(LOCAL_KEY_ID);
    const text = readFileSync(localKeyPath(dataDir), 'utf8');
    expect(text).toMatch(/^local-1:[A-Za-z0-9+/]{43}=\n$/);
    if (process.platform !== 'win32') expect(statSync(localKeyPath(dataDir)).mode & 0o777).toBe(0o600);

    const sealed = first.seal('refresh-token-value', 'company_tokens:1:refresh');
    const second = await openKeyRing({ current: null, old: [] }, { database: 'pglite', dataDir });
    expect(readFileSync(localKeyPath(dataDir), 'utf8')).toBe(text);
    expect(second.open(sealed.keyId, sealed.ciphertext, 'company_tokens:1:refresh')).toBe('refresh-token-value');
  });

  it.skipIf(process.platform === 'win32')('refuses a data folder key file that others can read', async () => {
    writeFileSync(localKeyPath(dir), `${keyText('local-1')}\n`, { mode: 0o644 });
    chmodSync(localKeyPath(dir), 0o644);
    await expect(openKeyRing({ current: null, old: [] }, { database: 'pglite', dataDir: dir })).rejects.toThrow(/readable or writable by others \(mode 644\); run chmod 600/);
  });

  it('refuses to start on PostgreSQL without a configured key, since every replica must share it', async () => {
    await expect(openKeyRing({ current: null, old: [] }, { database: 'postgres', dataDir: dir })).rejects.toThrow(KeySourceError);
    await expect(openKeyRing({ current: null, old: [] }, { database: 'postgres', dataDir: dir })).rejects.toThrow('every replica must share one key');
  });

  it('creates no key file on PostgreSQL or when a key is configured', async () => {
    const configured = new EncryptionKey('2025', randomBytes(32));
    expect((await openKeyRing({ current: configured, old: [] }, { database: 'postgres', dataDir: dir })).currentKeyId).toBe('2025');
    expect((await openKeyRing({ current: configured, old: [] }, { database: 'pglite', dataDir: dir })).currentKeyId).toBe('2025');
    expect(() => statSync(localKeyPath(dir))).toThrow();
  });

  it('keeps the data folder key for opening old values once ENCRYPTION_KEY is set, so the move to a managed key loses nothing', async () => {
    const generated = await openKeyRing({ current: null, old: [] }, { database: 'pglite', dataDir: dir });
    const sealed = generated.seal('access-token-value', 'company_tokens:1:access');
    const managed = await openKeyRing({ current: new EncryptionKey('2025', randomBytes(32)), old: [] }, { database: 'pglite', dataDir: dir });
    expect(managed.currentKeyId).toBe('2025');
    expect(managed.keyIds).toEqual(['2025', LOCAL_KEY_ID]);
    expect(managed.open(sealed.keyId, sealed.ciphertext, 'company_tokens:1:access')).toBe('access-token-value');
  });

  it('refuses a configured key with the data folder key id but other bytes', async () => {
    await openKeyRing({ current: null, old: [] }, { database: 'pglite', dataDir: dir });
    const clash = new EncryptionKey(LOCAL_KEY_ID, randomBytes(32));
    await expect(openKeyRing({ current: new EncryptionKey('2025', randomBytes(32)), old: [clash] }, { database: 'pglite', dataDir: dir })).rejects.toThrow(
      'Key id "local-1" names two different keys',
    );
  });

  it('accepts the data folder key listed again among the old keys', async () => {
    await openKeyRing({ current: null, old: [] }, { database: 'pglite', dataDir: dir });
    const again = parseKeyText(readFileSync(localKeyPath(dir), 'utf8'));
    if (!('key' in again)) throw new Error(again.problem);
    const ring = await openKeyRing({ current: new EncryptionKey('2025', randomBytes(32)), old: [again.key] }, { database: 'pglite', dataDir: dir });
    expect(ring).toBeInstanceOf(KeyRing);
    expect(ring.keyIds).toEqual(['2025', LOCAL_KEY_ID]);
  });
});
