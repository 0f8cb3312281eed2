import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FirmAudit } from '../../../../server/audit/firm-audit';
import { issuePairingCode } from '../../../../server/auth/pairing-codes';
import { SessionStore } from '../../../../server/auth/sessions';
import { migrate } from '../../../../server/db/migrate';
import { openPglite } from '../../../../server/db/pglite';
import { ROOT } from './server-process';

/**
 * `npm run server -- revoke-sessions <e-mail>` (security review item B): the whole process, on the
 * embedded database, ends every session of that user (and only that user), audits it as `cli`,
 * and says so; an unknown address changes nothing and exits 1.
 */
describe('the revoke-sessions command', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'firm-revoke-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', DATA_DIR: path.join(folder, 'data') },
    }).then(
      (done) => ({ code: 0, ...done }),
      (failed: { code: number; stdout: string; stderr: string }) => ({ code: failed.code, stdout: failed.stdout, stderr: failed.stderr }),
    );

  it("ends every session of the user named by e-mail, audited, and leaves others' sessions", async () => {
    const dataDir = path.join(folder, 'data');
    const clock = { now: Date.now, random: (size: number) => randomBytes(size) };
    let db = await openPglite(dataDir);
    const secrets: string[] = [];
    try {
      await migrate(db);
      const store = new SessionStore({ db, ...clock });
      for (const email of ['bo@byran.se', 'bo@byran.se', 'anna@byran.se']) {
        const { code } = await issuePairingCode(db, { email, name: null, role: 'accountant' }, 'cli', { ...clock, audit: new FirmAudit({ db, now: clock.now }) });
        secrets.push((await store.redeemPairingCode(code, 'laptop'))!.session);
      }
    } finally {
      await db.close();
    }

    const done = await run(['revoke-sessions', 'Bo@Byran.se']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^Ended 2 sessions of bo@byran\.se \(usr_[A-Za-z0-9]+\)/);

    const unknown = await run(['revoke-sessions', 'nobody@byran.se']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No user has this e-mail address');

    db = await openPglite(dataDir);
    try {
      const store = new SessionStore({ db, ...clock });
      expect(await Promise.all(secrets.map((secret) => store.isActive(secret)))).toEqual([false, false, true]);
      const { rows } = await db.query<{ action: string; actor: string; path: string }>("SELECT action, actor, path FROM audit WHERE action = 'sessions_revoked'");
      expect(rows).toEqual([{ action: 'sessions_revoked', actor: 'cli', path: expect.stringMatching(/^\/v1\/admin\/users\/usr_[A-Za-z0-9]+\/sessions$/) }]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
