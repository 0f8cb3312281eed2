import { describe, expect, it } from 'vitest';
import { configFromEnv, resolveConfig, type ConfigResult } from '../../../../main/config/fortnox-config';
import { buildDiagnostics, type DiagnosticsInput } from '../../../../main/diagnostics';
import { KnownSecrets } from '../../../../main/logging/known-secrets';
import { redact } from '../../../../main/logging/logger';

const ACCESS_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZW5hbnRJZCI6NDIsImNsaWVudGlkIjoiY2xpZW50LTEyMyJ9.Zm9ydG5veC1zaWduYXR1cmUtcGFydA';
const REFRESH_TOKEN = 'd41d8cd98f00b204e9800998ecf8427e3b0a1c9f';
const CLIENT_SECRET = 'cs/Pq+7x=Zk$w9Lm!rT';
const BASIC = Buffer.from(`client-123:${CLIENT_SECRET}`).toString('base64');

const okConfig: ConfigResult = resolveConfig(
  configFromEnv({ FORTNOX_CLIENT_ID: 'client-123', FORTNOX_REDIRECT_URI: 'https://connect.example.se/fortnox/callback' }),
  {},
);

const input = (overrides: Partial<DiagnosticsInput> = {}): DiagnosticsInput => ({
  appVersion: '1.4.2',
  electronVersion: '45.3.4',
  os: 'Darwin 24.1.0 (darwin arm64)',
  locale: 'sv-SE',
  simulator: false,
  config: okConfig,
  storageMode: 'encrypted',
  companies: 3,
  logLines: ['2025-01-15T09:00:00.000Z INFO app started', '2025-01-15T09:00:01.000Z WARN update check failed'],
  ...overrides,
});

/** Log lines as an older or tampered log might hold them: credentials in the clear. */
const leakyLines = [
  `2025-01-15T09:00:02.000Z INFO token response ${ACCESS_TOKEN} refresh ${REFRESH_TOKEN}`,
  '2025-01-15T09:00:03.000Z INFO callback https://connect.example.se/fortnox/callback?code=Ac0de-7f3a9b2c1d&state=St4te_9a8b7c6d5e4f',
  `2025-01-15T09:00:04.000Z ERROR header Authorization: Basic ${BASIC}`,
  `2025-01-15T09:00:05.000Z ERROR secret ${CLIENT_SECRET} encoded ${encodeURIComponent(CLIENT_SECRET)}`,
];

describe('buildDiagnostics', () => {
  it('lists the version, Electron version, OS, locale, mode, storage and company count', () => {
    const text = buildDiagnostics(input());
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'Fortnox Connector diagnostics',
        'version: 1.4.2 (Electron 45.3.4)',
        'OS: Darwin 24.1.0 (darwin arm64)',
        'locale: sv-SE',
        'mode: Fortnox',
        'secret storage: encrypted',
        'connected companies: 3',
      ]),
    );
  });

  it('says when it runs against the simulator', () => {
    expect(buildDiagnostics(input({ simulator: true }))).toContain('mode: simulator');
  });

  it('lists the configuration: client id, redirect URI and the Fortnox endpoints', () => {
    const lines = buildDiagnostics(input()).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'client id: client-123',
        'redirect URI: https://connect.example.se/fortnox/callback',
        'authorize URL: https://apps.fortnox.se/oauth-v1/auth',
        'token URL: https://apps.fortnox.se/oauth-v1/token',
        'API base URL: https://api.fortnox.se/3/',
      ]),
    );
    expect(lines.find((line) => line.startsWith('sign-in origins: '))).toContain('https://apps.fortnox.se');
  });

  it('ends with the given log lines, in order, under a heading that counts them', () => {
    const lines = buildDiagnostics(input()).split('\n');
    expect(lines.slice(-3)).toEqual([
      'Last 2 log lines:',
      '2025-01-15T09:00:00.000Z INFO app started',
      '2025-01-15T09:00:01.000Z WARN update check failed',
    ]);
  });

  it('lists every configuration problem, with field and source, instead of the configuration', () => {
    const broken = resolveConfig(configFromEnv({ FORTNOX_REDIRECT_URI: 'http://connect.example.se/cb' }), {}, 'invalid_file');
    expect(broken.ok).toBe(false);
    const text = buildDiagnostics(input({ config: broken }));
    expect(text).toContain('problem: settingsFile invalid_file (settings-file)');
    expect(text).toContain('problem: clientId missing (default)');
    expect(text).toContain('problem: redirectUri not_https (environment)');
    expect(text).not.toContain('client id:');
  });

  it('lists a managed-file problem', () => {
    const text = buildDiagnostics(
      input({ config: { ok: false, problems: [{ field: 'managedFile', problem: 'unreadable_file', source: 'managed' }] } }),
    );
    expect(text).toContain('problem: managedFile unreadable_file (managed)');
  });

  it('never contains a registered secret or anything the log redaction masks, even when a log line carries one', () => {
    const secrets = new KnownSecrets();
    secrets.add(REFRESH_TOKEN);
    secrets.add(CLIENT_SECRET);
    const text = buildDiagnostics(input({ logLines: leakyLines }), secrets);
    for (const value of [
      ACCESS_TOKEN,
      REFRESH_TOKEN,
      'Ac0de-7f3a9b2c1d',
      'St4te_9a8b7c6d5e4f',
      BASIC,
      CLIENT_SECRET,
      encodeURIComponent(CLIENT_SECRET),
    ]) {
      expect(text).not.toContain(value);
    }
    expect(text).toContain('INFO token response [redacted-jwt] refresh [redacted]');
    expect(text).toContain('callback?code=[redacted]&state=[redacted]');
    expect(text).toContain('Authorization: Basic [redacted]');
    expect(text).toContain('ERROR secret [redacted] encoded [redacted]');
    // Nothing the log redaction would still mask is left anywhere in the text.
    expect(redact(text)).toBe(text);
  });

  it('masks what the log redaction masks even without known secrets', () => {
    const text = buildDiagnostics(input({ logLines: leakyLines }));
    for (const value of [ACCESS_TOKEN, 'Ac0de-7f3a9b2c1d', 'St4te_9a8b7c6d5e4f', BASIC]) expect(text).not.toContain(value);
  });

  it('masks a registered secret wherever it appears, not only in log lines', () => {
    const secrets = new KnownSecrets();
    secrets.add(CLIENT_SECRET);
    const text = buildDiagnostics(input({ os: `Linux ${CLIENT_SECRET}`, locale: `sv-SE?token=${REFRESH_TOKEN}` }), secrets);
    expect(text).not.toContain(CLIENT_SECRET);
    expect(text).not.toContain(REFRESH_TOKEN);
  });
});
