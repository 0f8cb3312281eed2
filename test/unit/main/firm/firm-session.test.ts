import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRM_SESSION_ENTRY, FirmSession } from '../../../../main/firm/firm-session';
import { KnownSecrets } from '../../../../main/logging/known-secrets';
import { createSecretBox } from '../../../../main/storage/secret-box';
import { createSecretVault } from '../../../../main/storage/secret-vault';
import { createSecretsFile } from '../../../../main/storage/secrets-file';
import { firmUser } from '../../../support/fake-firm-server';
import { FakeClock } from '../fake-timers';
import { createLogger, formatLogRecord, type LogRecord } from '../../../../main/logging/logger';
import { FakeSafeStorage } from '../storage/fake-safe-storage';
import { useTempDirs } from '../storage/temp-dir';

const tempDir = useTempDirs();
const SERVER = 'https://firm.example/';
const SESSION = `fxs_${'s'.repeat(43)}`;

async function openSession(dir: string, clock: FakeClock, serverUrl: string | null = SERVER) {
  const secrets = new KnownSecrets();
  const records: LogRecord[] = [];
  const log = createLogger((record) => records.push(record), () => new Date(0), secrets);
  const logger = { log, text: () => records.map(formatLogRecord).join('\n') };
  const vault = createSecretVault({
    box: createSecretBox(new FakeSafeStorage(), 'linux'),
    file: createSecretsFile({ filePath: path.join(dir, 'secrets.json'), now: () => new Date(0), log: logger.log }),
    log: logger.log,
  });
  await vault.init();
  const session = new FirmSession({ vault, now: clock.now, log: logger.log, secrets });
  await session.init(serverUrl);
  return { session, vault, logger, secrets };
}

describe('FirmSession', () => {
  it('keeps the session encrypted in the vault and brings it back after a restart', async () => {
    const dir = await tempDir();
    const clock = new FakeClock();
    const first = await openSession(dir, clock);
    await first.session.store(SERVER, { session: SESSION, expiresAt: clock.now() + 3600_000, user: firmUser() });
    expect(first.session.bearer(SERVER)).toBe(SESSION);
    const file = await readFile(path.join(dir, 'secrets.json'), 'utf8');
    expect(file).toContain(FIRM_SESSION_ENTRY);
    expect(file).not.toContain(SESSION);
    expect(file).not.toContain('anna@byran.example');

    const again = await openSession(dir, clock);
    expect(again.session.bearer(SERVER)).toBe(SESSION);
    expect(again.session.user()?.email).toBe('anna@byran.example');
  });

  it('never hands the session to another server than the one it was made for', async () => {
    const dir = await tempDir();
    const clock = new FakeClock();
    const first = await openSession(dir, clock);
    await first.session.store(SERVER, { session: SESSION, expiresAt: clock.now() + 3600_000, user: firmUser() });
    expect(first.session.bearer('https://other.example/')).toBeUndefined();

    const elsewhere = await openSession(dir, clock, 'https://other.example/');
    expect(elsewhere.session.user()).toBeNull();
    expect(await elsewhere.vault.get(FIRM_SESSION_ENTRY)).toBeUndefined();
  });

  it('ends at its expiry without asking the server', async () => {
    const dir = await tempDir();
    const clock = new FakeClock();
    const { session, vault } = await openSession(dir, clock);
    const reasons: unknown[] = [];
    session.onChange((reason) => reasons.push(reason));
    await session.store(SERVER, { session: SESSION, expiresAt: clock.now() + 1000, user: firmUser() });
    clock.advance(1000);
    expect(session.bearer(SERVER)).toBeUndefined();
    await session.settled();
    expect(reasons).toEqual([null, 'expired']);
    expect(await vault.get(FIRM_SESSION_ENTRY)).toBeUndefined();
  });

  it('is forgotten when the server refuses it, and the logger stops tracking it', async () => {
    const dir = await tempDir();
    const clock = new FakeClock();
    const { session, vault, secrets, logger } = await openSession(dir, clock);
    await session.store(SERVER, { session: SESSION, expiresAt: clock.now() + 3600_000, user: firmUser() });
    logger.log.info(`oops ${SESSION}`);
    await session.refused();
    expect(session.user()).toBeNull();
    expect(await vault.get(FIRM_SESSION_ENTRY)).toBeUndefined();
    expect(logger.text()).not.toContain(SESSION);
    expect(secrets.scrub(`x ${SESSION}`)).toContain(SESSION);
  });

  it('signs out here even when the server cannot be told', async () => {
    const dir = await tempDir();
    const clock = new FakeClock();
    const { session } = await openSession(dir, clock);
    await session.store(SERVER, { session: SESSION, expiresAt: clock.now() + 3600_000, user: firmUser() });
    const result = await session.signOut(() => Promise.reject(new Error('offline')));
    expect(result).toEqual({ endedAtServer: false });
    expect(session.bearer(SERVER)).toBeUndefined();
  });

  it('drops a stored value that is not a session', async () => {
    const dir = await tempDir();
    const clock = new FakeClock();
    const first = await openSession(dir, clock);
    await first.vault.set(FIRM_SESSION_ENTRY, JSON.stringify({ serverUrl: SERVER, session: 'not-a-session', expiresAt: clock.now() + 1000, user: firmUser() }));
    const again = await openSession(dir, clock);
    expect(again.session.user()).toBeNull();
    expect(again.logger.text()).toContain('unreadable');
  });
});
