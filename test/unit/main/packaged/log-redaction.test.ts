import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnownSecrets } from '../../../../main/logging/known-secrets';
import { createLogger, formatLogRecord, type Logger } from '../../../../main/logging/logger';
import { createRotatingLogFile } from '../../../../main/logging/rotating-log-file';
import { useTempDirs } from '../storage/temp-dir';

const tempDir = useTempDirs();

const ACCESS_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZW5hbnRJZCI6NDIsImNsaWVudGlkIjoiY2xpZW50LTEyMyJ9.Zm9ydG5veC1zaWduYXR1cmUtcGFydA';
const REFRESH_TOKEN = 'd41d8cd98f00b204e9800998ecf8427e3b0a1c9f'; // opaque, 40 characters
const AUTH_CODE = 'Ac0de-7f3a9b2c1d';
const STATE = 'St4te_9a8b7c6d5e4f3a2b1c0d';
const CLIENT_ID = 'client-123';
const CLIENT_SECRET = 'cs/Pq+7x=Zk$w9Lm!rT';
const BASIC = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');

/** The app's wiring in miniature: a redacting logger whose sink is a rotating file in a real folder. */
async function fileLogger(options: { maxBytes?: number; maxFiles?: number } = {}) {
  const dir = await tempDir();
  const secrets = new KnownSecrets();
  const file = createRotatingLogFile({ dir, ...options });
  const log = createLogger(
    (record) => file.write(formatLogRecord(record)),
    () => new Date(Date.UTC(2025, 0, 15, 9)),
    secrets,
  );
  return { dir, secrets, file, log };
}

/** Every file in the log folder, concatenated. */
async function readLogFolder(dir: string): Promise<string> {
  const names = await readdir(dir);
  const contents = await Promise.all(names.map((name) => readFile(path.join(dir, name), 'utf8')));
  return contents.join('\n');
}

function logEverySecret(log: Logger): void {
  log.info(`token response access=${ACCESS_TOKEN} refresh ${REFRESH_TOKEN} done`, {
    detail: `body had ${REFRESH_TOKEN} and ${ACCESS_TOKEN}`,
    tenant: 42,
  });
  log.warn(`callback https://connect.example.se/fortnox/callback?code=${AUTH_CODE}&state=${STATE} received`, {
    url: `https://connect.example.se/fortnox/callback?code=${AUTH_CODE}&state=${STATE}`,
  });
  log.error(`token call sent Authorization: Basic ${BASIC} and failed`, { header: `Basic ${BASIC}` });
  log.info(`client secret was ${CLIENT_SECRET} oops`, { note: `form body secret ${encodeURIComponent(CLIENT_SECRET)} end` });
  log.info(`client secret encoded ${encodeURIComponent(CLIENT_SECRET)} in a URL`);
}

describe('log redaction end to end: logger -> rotating file', () => {
  it('writes none of the credentials to any file in the log folder, but keeps the lines', async () => {
    const { dir, secrets, log } = await fileLogger();
    secrets.add(REFRESH_TOKEN);
    secrets.add(CLIENT_SECRET);
    logEverySecret(log);

    const written = await readLogFolder(dir);
    for (const value of [ACCESS_TOKEN, REFRESH_TOKEN, AUTH_CODE, STATE, BASIC, CLIENT_SECRET, encodeURIComponent(CLIENT_SECRET)]) {
      expect(written).not.toContain(value);
    }
    // Pieces long enough to identify a credential must not survive either.
    for (const piece of [ACCESS_TOKEN.split('.')[1] ?? '', REFRESH_TOKEN.slice(0, 20), CLIENT_SECRET.slice(0, 10)]) {
      expect(written).not.toContain(piece);
    }
    for (const text of [
      'token response access=',
      'done',
      'tenant=42',
      'https://connect.example.se/fortnox/callback?code=[redacted]&state=[redacted] received',
      'token call sent Authorization: Basic [redacted] and failed',
      'client secret was [redacted] oops',
      'form body secret [redacted] end',
      'client secret encoded [redacted] in a URL',
    ]) {
      expect(written).toContain(text);
    }
    expect(written.trim().split('\n')).toHaveLength(5);
  });

  it('stops masking a value after it is removed from the known secrets', async () => {
    const { dir, secrets, log } = await fileLogger();
    secrets.add(REFRESH_TOKEN);
    log.info(`before ${REFRESH_TOKEN}`);
    secrets.remove(REFRESH_TOKEN);
    log.info(`after ${REFRESH_TOKEN}`);
    const written = await readLogFolder(dir);
    expect(written).toContain('before [redacted]');
    expect(written).toContain(`after ${REFRESH_TOKEN}`);
  });

  it('cannot be made to write a forged extra line by newlines in a message', async () => {
    const { dir, file, log } = await fileLogger();
    log.info('sign-in ok\n2025-01-15T09:00:00.000Z ERROR forged line\r\nanother\rthird');
    log.warn('second', { note: 'a\nb' });
    const lines = (await readLogFolder(dir)).split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^2025-01-15T09:00:00\.000Z INFO sign-in ok 2025-01-15T09:00:00\.000Z ERROR forged line another third$/);
    expect(lines[1]).toBe('2025-01-15T09:00:00.000Z WARN second note="a\\nb"');
    expect(file.tail(10)).toEqual(lines);
  });

  it('keeps every credential out of rotated files as well', async () => {
    const { dir, secrets, log } = await fileLogger({ maxBytes: 300, maxFiles: 4 });
    secrets.add(REFRESH_TOKEN);
    secrets.add(CLIENT_SECRET);
    for (let round = 0; round < 3; round += 1) logEverySecret(log);
    const names = await readdir(dir);
    expect(names.length).toBeGreaterThan(1);
    const written = await readLogFolder(dir);
    for (const value of [ACCESS_TOKEN, REFRESH_TOKEN, AUTH_CODE, STATE, BASIC, CLIENT_SECRET, encodeURIComponent(CLIENT_SECRET)]) {
      expect(written).not.toContain(value);
    }
  });
});

describe('KnownSecrets', () => {
  it('ignores values shorter than 8 characters, which would mask ordinary words', () => {
    const secrets = new KnownSecrets();
    secrets.add('short');
    secrets.add('1234567');
    secrets.add('');
    secrets.add(undefined);
    expect(secrets.size).toBe(0);
    expect(secrets.scrub('a short 1234567 text')).toBe('a short 1234567 text');
  });

  it('masks a value of exactly 8 characters', () => {
    const secrets = new KnownSecrets();
    secrets.add('12345678');
    expect(secrets.scrub('pin 12345678 and 12345678.')).toBe('pin [redacted] and [redacted].');
  });

  it('masks the URL-encoded form of a value as well', () => {
    const secrets = new KnownSecrets();
    secrets.add(CLIENT_SECRET);
    expect(secrets.size).toBe(2);
    expect(secrets.scrub(`client_id=x&secret=${encodeURIComponent(CLIENT_SECRET)}&raw=${CLIENT_SECRET}`)).toBe(
      'client_id=x&secret=[redacted]&raw=[redacted]',
    );
  });

  it('tracks a value that needs no encoding once', () => {
    const secrets = new KnownSecrets();
    secrets.add(REFRESH_TOKEN);
    secrets.add(REFRESH_TOKEN);
    expect(secrets.size).toBe(1);
  });

  it('stops masking a value and its encoded form after remove', () => {
    const secrets = new KnownSecrets();
    secrets.add(CLIENT_SECRET);
    secrets.add(REFRESH_TOKEN);
    secrets.remove(CLIENT_SECRET);
    secrets.remove(undefined);
    expect(secrets.size).toBe(1);
    expect(secrets.scrub(`${CLIENT_SECRET} ${encodeURIComponent(CLIENT_SECRET)} ${REFRESH_TOKEN}`)).toBe(
      `${CLIENT_SECRET} ${encodeURIComponent(CLIENT_SECRET)} [redacted]`,
    );
  });

  it('replaces the longest value first, so a secret that starts with another leaves no tail behind', () => {
    const secrets = new KnownSecrets();
    secrets.add('abcdefgh');
    secrets.add('abcdefgh-and-the-rest');
    expect(secrets.scrub('x abcdefgh-and-the-rest y abcdefgh z')).toBe('x [redacted] y [redacted] z');
  });
});
