import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../../../server/config';
import { configSecrets, errorLine, redactText } from '../../../../server/logging/safe-error';
import { redactLogLine } from '../../../../server/logging/server-logger';
import { ROOT } from './server-process';

/**
 * Security review item F: what the server prints on stderr when it cannot start (or a command
 * fails) goes through the log's redaction, plus the configuration's own secrets.
 */
const PASSWORD = 'S3cr3tPassw0rd-for-the-db';

describe('a failing start prints no secret', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'firm-fail-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('masks the database password that the driver quotes in its error, on stderr and in the log', async () => {
    // pg reads sslrootcert at connect: the file name (here, the password) comes back in ENOENT's message.
    const databaseUrl = `postgres://fortnox:${PASSWORD}@127.0.0.1:1/fortnox?sslmode=require&sslrootcert=/nonexistent/${PASSWORD}`;
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      DATA_DIR: path.join(folder, 'data'),
      DATABASE_URL: databaseUrl,
      ENCRYPTION_KEY: `2025-01:${randomBytes(32).toString('base64')}`,
    };
    const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, timeout: 60_000 }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (failed: { code: number; stdout: string; stderr: string }) => failed,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The server could not start. Error: ENOENT');
    expect(result.stderr).toContain('[redacted]');
    expect(result.stderr + result.stdout).not.toContain(PASSWORD);
  }, 90_000);
});

describe('the redaction of stderr lines', () => {
  it("masks a URL's password, known secrets, bearer tokens and JWTs in an error line", () => {
    const config = loadServerConfig({ DATABASE_URL: `postgres://fortnox:${PASSWORD}@db:5432/fortnox`, ENCRYPTION_KEY: `2025-01:${randomBytes(32).toString('base64')}` }, { cwd: tmpdir() });
    const secrets = configSecrets(config);
    const line = errorLine(new Error(`connect to postgres://fortnox:${PASSWORD}@db:5432/fortnox failed\nauth ${PASSWORD} Bearer fxs_abc.def eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln`), secrets);
    expect(line).not.toContain(PASSWORD);
    expect(line).not.toContain('fxs_abc');
    expect(line).not.toContain('eyJzdWIiOiJ4In0');
    expect(line).not.toContain('\n');
    expect(line).toBe('Error: connect to [redacted] failed auth [redacted] Bearer [redacted] [redacted-jwt]');
    // Without the configuration, the URL pattern alone still masks the password.
    expect(redactText(`mysql://root:${PASSWORD}@h/x and https://user:pw@example.com/`)).toBe('mysql://root:[redacted]@h/x and https://user:[redacted]@example.com/');
  });

  it('applies the same masking to JSON log lines', () => {
    const line = JSON.stringify({ level: 50, msg: `database postgres://fortnox:${PASSWORD}@db/fortnox unreachable` });
    expect(redactLogLine(line)).not.toContain(PASSWORD);
    expect(JSON.parse(redactLogLine(line)).msg).toBe('database postgres://fortnox:[redacted]@db/fortnox unreachable');
  });
});
