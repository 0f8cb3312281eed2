import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PAIRING_CODE_PATTERN } from '../../../../shared/firm-api';
import { SessionStore } from '../../../../server/auth/sessions';
import { migrate } from '../../../../server/db/migrate';
import { openPglite } from '../../../../server/db/pglite';
import { ROOT } from './server-process';

/**
 * `npm run server -- pairing-code <e-mail> [role]` (security review M2 and M3): the whole process,
 * on the embedded database, makes a code and audits it as `cli` with the address (never the code);
 * for the address of a user bound to the identity provider it makes none, says why and exits 1.
 */
describe('the pairing-code command', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'firm-pairing-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const dataDir = path.join(folder, 'data');

  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', DATA_DIR: dataDir },
    }).then(
      (done) => ({ code: 0, ...done }),
      (failed: { code: number; stdout: string; stderr: string }) => ({ code: failed.code, stdout: failed.stdout, stderr: failed.stderr }),
    );

  it('audits the code it makes without the code, and refuses a provider-bound address', async () => {
    const made = await run(['pairing-code', 'Cecilia@Byran.se', 'accountant']);
    expect(made.code, made.stderr).toBe(0);
    const code = /([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})/.exec(made.stdout)?.[1];
    expect(code).toMatch(PAIRING_CODE_PATTERN);

    let db = await openPglite(dataDir);
    try {
      await migrate(db);
      const { rows } = await db.query<Record<string, unknown>>('SELECT action, actor_kind, actor, method, path, status FROM audit');
      expect(rows).toEqual([
        { action: 'pairing_code_created', actor_kind: 'user', actor: 'cli', method: null, path: '/v1/admin/pairing-codes/cecilia@byran.se', status: 200 },
      ]);
      expect(JSON.stringify((await db.query('SELECT * FROM audit')).rows)).not.toContain(code!);
      // Anna signs in with the firm's identity provider: her user is bound to its subject.
      const store = new SessionStore({ db, now: Date.now, random: (size) => randomBytes(size) });
      await store.signInWithOidc({ issuer: 'https://idp.example', subject: 'sub-anna', email: 'anna@byran.se', emailVerified: true, name: 'Anna', groups: [], role: 'accountant' });
    } finally {
      await db.close();
    }

    const refused = await run(['pairing-code', 'anna@byran.se', 'admin']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("No pairing code was made: This address belongs to a user who signs in with the firm's identity provider");
    expect(refused.stdout).toBe('');

    db = await openPglite(dataDir);
    try {
      expect((await db.query("SELECT count(*)::int AS n FROM pairing_codes WHERE email = 'anna@byran.se'")).rows[0]).toEqual({ n: 0 });
      expect((await db.query("SELECT count(*)::int AS n FROM audit WHERE action = 'pairing_code_created'")).rows[0]).toEqual({ n: 1 });
      expect((await db.query("SELECT role FROM users WHERE email = 'anna@byran.se'")).rows).toEqual([{ role: 'accountant' }]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
