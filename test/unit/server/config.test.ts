import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PORT, formatProblem, loadServerConfig, ServerConfigError, type ServerConfig } from '../../../server/config';

const KEY = `2025-01:${randomBytes(32).toString('base64')}`;
const SECRET = 'fortnox-client-secret-9f8e7d6c';
const FORTNOX = { FORTNOX_CLIENT_ID: 'AbCdEf123456', FORTNOX_CLIENT_SECRET: SECRET, FORTNOX_REDIRECT_URIS: 'http://127.0.0.1:41819/callback' };
const POSTGRES = { DATABASE_URL: 'postgres://fortnox:db-password-123@db.internal:5432/fortnox', ENCRYPTION_KEY: KEY };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'server-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function load(env: Record<string, string>): ServerConfig {
  return loadServerConfig(env, { cwd: dir });
}

/** The problems `env` has, each as the line the server prints. */
function problems(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ServerConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('expected a ServerConfigError');
}

describe('loadServerConfig: defaults', () => {
  it('starts with nothing set: port 41818 on 127.0.0.1, PGlite in ./server-data, the embedded simulator, a generated key', () => {
    const config = load({});
    expect(config).toMatchObject({
      port: DEFAULT_PORT,
      host: '127.0.0.1',
      dataDir: path.join(dir, 'server-data'),
      database: { kind: 'pglite', dataDir: path.join(dir, 'server-data') },
      fortnox: { mode: 'embedded-simulator', redirectUris: [] },
      publicUrl: null,
      trustProxy: [],
      logLevel: 'info',
      refreshConcurrency: 4,
      refreshAnnounceMs: 60_000,
      oidc: null,
      metricsToken: null,
      encryption: { current: null, old: [] },
    });
    expect(DEFAULT_PORT).toBe(41818);
    expect(config.notices).toEqual([
      'No Fortnox client configured: running against the embedded Fortnox simulator.',
      'METRICS_TOKEN is not set: /metrics is refused (403) until a scrape token is configured.',
      `No ENCRYPTION_KEY: tokens are encrypted with the key in ${path.join(dir, 'server-data', 'encryption-key')}, created at first start; back it up with the data folder.`,
    ]);
  });

  it('SESSION_TOOL_RIGHT: token unless set; none, read, read-write or token in any case', () => {
    expect(load({}).sessionToolRight).toBe('token');
    expect(load({ SESSION_TOOL_RIGHT: ' None ' }).sessionToolRight).toBe('none');
    expect(load({ SESSION_TOOL_RIGHT: 'read' }).sessionToolRight).toBe('read');
    expect(load({ SESSION_TOOL_RIGHT: 'READ-WRITE' }).sessionToolRight).toBe('read-write');
    expect(load({ SESSION_TOOL_RIGHT: 'token' }).sessionToolRight).toBe('token');
  });

  it('counts blank values as unset, as the desktop app does', () => {
    expect(load({ PORT: '  ', FORTNOX_CLIENT_ID: '', DATABASE_URL: ' ' }).port).toBe(DEFAULT_PORT);
  });
});

describe('loadServerConfig: a production setup', () => {
  it('reads PostgreSQL, the Fortnox client, https endpoints, redirect URIs, proxy, OIDC and keys', () => {
    const config = load({
      ...FORTNOX,
      ...POSTGRES,
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/fortnox-connector',
      DB_POOL_MAX: '20',
      REFRESH_CONCURRENCY: '8',
      REFRESH_ANNOUNCE_SECONDS: '120',
      FORTNOX_REDIRECT_URIS: 'http://127.0.0.1:41819/callback, https://firm.example/cb',
      PUBLIC_URL: 'https://fortnox-connector.firm.se',
      TRUST_PROXY: '10.1.2.0/24,192.168.1.10',
      LOG_LEVEL: 'WARN',
      OIDC_ISSUER: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
      OIDC_AUDIENCE: 'api://fortnox-connector',
      OIDC_ADMIN_EMAILS: 'Anna@Firm.se, bo@firm.se',
      OIDC_ADMIN_GROUPS: 'aaaa-bbbb',
      OIDC_ACCOUNTANT_GROUPS: 'Redovisning Göteborg',
      OIDC_ACCOUNTANT_EMAIL_DOMAINS: 'Firm.se',
      OIDC_DESKTOP_CLIENT_ID: '99999999-8888-7777-6666-555555555555',
      OIDC_API_SCOPE: 'api://fortnox-connector/access_as_user',
      ENCRYPTION_OLD_KEYS: `2024-01:${randomBytes(32).toString('base64')}`,
    });
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe('/var/lib/fortnox-connector');
    expect(config.database).toMatchObject({ kind: 'postgres', poolMax: 20 });
    if (config.database.kind !== 'postgres') throw new Error('postgres expected');
    expect(config.database.url.reveal()).toBe(POSTGRES.DATABASE_URL);
    expect(config.refreshConcurrency).toBe(8);
    expect(config.refreshAnnounceMs).toBe(120_000);
    expect(config.fortnox).toMatchObject({
      mode: 'fortnox',
      clientId: 'AbCdEf123456',
      endpoints: {
        authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth',
        tokenUrl: 'https://apps.fortnox.se/oauth-v1/token',
        revokeUrl: 'https://apps.fortnox.se/oauth-v1/revoke',
        apiBaseUrl: 'https://api.fortnox.se/3/',
      },
      redirectUris: ['http://127.0.0.1:41819/callback', 'https://firm.example/cb'],
    });
    if (config.fortnox.mode === 'embedded-simulator') throw new Error('client expected');
    expect(config.fortnox.clientSecret?.reveal()).toBe(SECRET);
    expect(config.publicUrl).toBe('https://fortnox-connector.firm.se/');
    expect(config.trustProxy).toEqual(['10.1.2.0/24', '192.168.1.10']);
    expect(config.logLevel).toBe('warn');
    expect(config.oidc).toEqual({
      issuer: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
      audience: 'api://fortnox-connector',
      adminEmails: ['anna@firm.se', 'bo@firm.se'],
      adminGroups: ['aaaa-bbbb'],
      accountantGroups: ['Redovisning Göteborg'],
      accountantEmailDomains: ['firm.se'],
      desktopClient: { clientId: '99999999-8888-7777-6666-555555555555', scopes: ['openid', 'profile', 'email', 'api://fortnox-connector/access_as_user'] },
    });
    expect(config.encryption.current?.id).toBe('2025-01');
    expect(config.encryption.old.map((key) => key.id)).toEqual(['2024-01']);
    expect(config.notices).toContain(
      'HOST=0.0.0.0: the server listens on every network interface, not only this machine; put a TLS proxy in front of it and set TRUST_PROXY.',
    );
  });

  it('takes a Google firm without OIDC_AUDIENCE: the desktop client id alone (ID tokens bound to a nonce)', () => {
    const config = load({ OIDC_ISSUER: 'https://accounts.google.com', OIDC_DESKTOP_CLIENT_ID: '1234-abc.apps.googleusercontent.com', OIDC_ACCOUNTANT_EMAIL_DOMAINS: 'firm.se' });
    expect(config.oidc).toMatchObject({
      issuer: 'https://accounts.google.com',
      audience: null,
      desktopClient: { clientId: '1234-abc.apps.googleusercontent.com', scopes: ['openid', 'profile', 'email'] },
    });
  });

  it("reads the desktop client's secret (Google Desktop app) from OIDC_DESKTOP_CLIENT_SECRET or its _FILE, never printing it, and only with a desktop client id", () => {
    const google = { OIDC_ISSUER: 'https://accounts.google.com', OIDC_DESKTOP_CLIENT_ID: '1234-abc.apps.googleusercontent.com', OIDC_ACCOUNTANT_EMAIL_DOMAINS: 'firm.se' };
    const direct = load({ ...google, OIDC_DESKTOP_CLIENT_SECRET: 'GOCSPX-abc123' });
    expect(direct.oidc?.desktopClient?.clientSecret?.reveal()).toBe('GOCSPX-abc123');
    expect(inspect(direct, { depth: 10 }) + JSON.stringify(direct)).not.toContain('GOCSPX-abc123');
    writeFileSync(path.join(dir, 'desktop-secret'), 'GOCSPX-from-file\n');
    expect(load({ ...google, OIDC_DESKTOP_CLIENT_SECRET_FILE: path.join(dir, 'desktop-secret') }).oidc?.desktopClient?.clientSecret?.reveal()).toBe('GOCSPX-from-file');
    expect(load(google).oidc?.desktopClient).not.toHaveProperty('clientSecret');
    expect(problems({ ...google, OIDC_DESKTOP_CLIENT_SECRET: 'GOCSPX abc' })).toEqual([
      'OIDC_DESKTOP_CLIENT_SECRET must hold 1 to 500 printable characters without spaces, as the identity provider shows the client secret. Example: OIDC_DESKTOP_CLIENT_SECRET_FILE=/run/secrets/oidc-desktop-client-secret',
    ]);
    expect(problems({ OIDC_ISSUER: 'https://accounts.google.com', OIDC_AUDIENCE: 'a', OIDC_DESKTOP_CLIENT_SECRET: 'GOCSPX-abc123' })).toEqual([
      "OIDC_DESKTOP_CLIENT_SECRET is set but OIDC_DESKTOP_CLIENT_ID is not: the secret belongs to the desktop app's client. Example: OIDC_DESKTOP_CLIENT_ID=<the desktop app registration's client id>",
    ]);
  });

  it('derives the OAuth endpoints from FORTNOX_AUTH_URL with or without its trailing slash', () => {
    const config = load({ ...FORTNOX, FORTNOX_AUTH_URL: 'https://apps.fortnox.se/oauth-v1', FORTNOX_API_URL: 'https://api.fortnox.se/3' });
    expect(config.fortnox).toMatchObject({ endpoints: { tokenUrl: 'https://apps.fortnox.se/oauth-v1/token', apiBaseUrl: 'https://api.fortnox.se/3/' } });
  });

  it('reads the client secret from FORTNOX_CLIENT_SECRET_FILE, without its trailing newline', () => {
    writeFileSync(path.join(dir, 'secret'), `${SECRET}\n`);
    const { FORTNOX_CLIENT_SECRET: _unused, ...withoutSecret } = FORTNOX;
    const config = load({ ...withoutSecret, FORTNOX_CLIENT_SECRET_FILE: path.join(dir, 'secret') });
    if (config.fortnox.mode === 'embedded-simulator') throw new Error('client expected');
    expect(config.fortnox.clientSecret?.reveal()).toBe(SECRET);
  });

  it('reads DATABASE_URL from the file DATABASE_URL_FILE names (a Docker secret), so the database password is never in the environment', () => {
    writeFileSync(path.join(dir, 'database-url'), `${POSTGRES.DATABASE_URL}\n`);
    const config = load({ DATABASE_URL_FILE: path.join(dir, 'database-url'), ENCRYPTION_KEY: KEY });
    if (config.database.kind !== 'postgres') throw new Error('postgres expected');
    expect(config.database.url.reveal()).toBe(POSTGRES.DATABASE_URL);
  });

  it('names DATABASE_URL_FILE, never its content, when the file holds no PostgreSQL URL, and still asks for the key replicas share', () => {
    writeFileSync(path.join(dir, 'database-url'), 'mysql://u:db-password-123@h/db');
    const found = problems({ DATABASE_URL_FILE: path.join(dir, 'database-url') });
    expect(found).toEqual([
      'DATABASE_URL_FILE names a file that does not hold a postgres:// or postgresql:// URL (of at most 4096 characters). Example: DATABASE_URL_FILE=/run/secrets/database-url',
      'ENCRYPTION_KEY is required with DATABASE_URL: every replica must share one key (or set ENCRYPTION_KEY_FILE). Example: ENCRYPTION_KEY=2025-01:<32 random bytes in base64, from `openssl rand -base64 32`>',
    ]);
    expect(found.join('\n')).not.toContain('db-password-123');
  });

  it('accepts a client id without a secret (the one stored at an earlier start is used) and says so in a notice', () => {
    const config = load({ FORTNOX_CLIENT_ID: 'AbCdEf123456', FORTNOX_REDIRECT_URIS: FORTNOX.FORTNOX_REDIRECT_URIS });
    expect(config.fortnox).toMatchObject({ mode: 'fortnox', clientId: 'AbCdEf123456', clientSecret: null });
    expect(config.notices.some((notice) => notice.startsWith('FORTNOX_CLIENT_SECRET is not set: the server uses the client secret it stored'))).toBe(true);
  });

  it('never shows the client secret, the database password or a key when the configuration is logged or printed', () => {
    const config = load({ ...FORTNOX, ...POSTGRES });
    for (const text of [JSON.stringify(config), inspect(config, { depth: 10 }), String(config.database.kind === 'postgres' && config.database.url)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('db-password-123');
      expect(text).not.toContain(KEY.split(':')[1]);
    }
  });

  it('points a client at a running simulator over loopback http with FORTNOX_USE_SIMULATOR=1, for tests with several processes', () => {
    const config = load({
      ...FORTNOX,
      FORTNOX_USE_SIMULATOR: '1',
      FORTNOX_AUTH_URL: 'http://127.0.0.1:4567/oauth-v1/',
      FORTNOX_API_URL: 'http://127.0.0.1:4567/3/',
    });
    expect(config.fortnox).toMatchObject({ mode: 'external-simulator', endpoints: { tokenUrl: 'http://127.0.0.1:4567/oauth-v1/token', apiBaseUrl: 'http://127.0.0.1:4567/3/' } });
  });
});

describe('loadServerConfig: one line per problem, naming the variable, the fault and a good value', () => {
  it.each<[string, Record<string, string>, string]>([
    ['PORT not a number', { PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535 (0 picks a free port). Example: PORT=41818'],
    ['PORT too high', { PORT: '70000' }, 'PORT must be a whole number from 0 to 65535 (0 picks a free port). Example: PORT=41818'],
    ['HOST not a host', { HOST: 'not a host!' }, 'HOST must be an IP address or a host name to listen on. Example: HOST=127.0.0.1'],
    ['DATA_DIR with a control character', { DATA_DIR: 'data\u0007dir' }, 'DATA_DIR must be a folder path without control characters. Example: DATA_DIR=/var/lib/fortnox-connector'],
    ['DATABASE_URL of another scheme', { DATABASE_URL: 'mysql://u:p@h/db', ENCRYPTION_KEY: KEY }, 'DATABASE_URL must be a postgres:// or postgresql:// URL. Example: DATABASE_URL=postgres://fortnox:<password>@db.internal:5432/fortnox'],
    ['DATABASE_URL not a URL', { DATABASE_URL: 'db.internal:5432', ENCRYPTION_KEY: KEY }, 'DATABASE_URL must be a postgres:// or postgresql:// URL. Example: DATABASE_URL=postgres://fortnox:<password>@db.internal:5432/fortnox'],
    ['DB_POOL_MAX zero', { DB_POOL_MAX: '0' }, 'DB_POOL_MAX must be a whole number from 1 to 100. Example: DB_POOL_MAX=10'],
    ['REFRESH_CONCURRENCY too high', { REFRESH_CONCURRENCY: '65' }, 'REFRESH_CONCURRENCY must be a whole number from 1 to 64. Example: REFRESH_CONCURRENCY=4'],
    ['REFRESH_ANNOUNCE_SECONDS zero', { REFRESH_ANNOUNCE_SECONDS: '0' }, 'REFRESH_ANNOUNCE_SECONDS must be a whole number from 1 to 3600. Example: REFRESH_ANNOUNCE_SECONDS=60'],
    [
      'REFRESH_CONCURRENCY not below DB_POOL_MAX',
      { ...POSTGRES, DB_POOL_MAX: '4', REFRESH_CONCURRENCY: '4' },
      'REFRESH_CONCURRENCY must be below DB_POOL_MAX (4): each refresh holds a pooled connection during its Fortnox call, and requests need connections too. Example: REFRESH_CONCURRENCY=2',
    ],
    ['DB_POOL_MAX not above the default REFRESH_CONCURRENCY', { ...POSTGRES, DB_POOL_MAX: '3' }, 'DB_POOL_MAX must be above REFRESH_CONCURRENCY (4): each refresh holds a pooled connection during its Fortnox call. Example: DB_POOL_MAX=8'],
    ['LOG_LEVEL unknown', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent. Example: LOG_LEVEL=info'],
    ['SESSION_TOOL_RIGHT unknown', { SESSION_TOOL_RIGHT: 'all' }, 'SESSION_TOOL_RIGHT must be one of none, read, read-write, token. Example: SESSION_TOOL_RIGHT=read'],
    ['PUBLIC_URL over http off loopback', { PUBLIC_URL: 'http://connector.firm.se' }, 'PUBLIC_URL must use https (plain http only on 127.0.0.1, [::1] or localhost). Example: PUBLIC_URL=https://fortnox-connector.firm.se'],
    ['PUBLIC_URL with a password', { PUBLIC_URL: 'https://u:p@connector.firm.se' }, 'PUBLIC_URL must not contain a user name, password or #fragment. Example: PUBLIC_URL=https://fortnox-connector.firm.se'],
    ['PUBLIC_URL not a URL', { PUBLIC_URL: 'connector.firm.se' }, 'PUBLIC_URL is not an absolute http(s) URL. Example: PUBLIC_URL=https://fortnox-connector.firm.se'],
    [
      'TRUST_PROXY not an address',
      { TRUST_PROXY: '10.0.0.0/33' },
      'TRUST_PROXY entry 1 is not an IP address or CIDR range. Example: TRUST_PROXY=172.30.0.1',
    ],
    [
      'TRUST_PROXY a broad range (the old compose example)',
      { TRUST_PROXY: '10.0.0.5, 172.16.0.0/12' },
      "TRUST_PROXY entry 2 is too broad (/12): name the proxy's own address, or a range of at most /24. Example: TRUST_PROXY=172.30.0.1",
    ],
    [
      'TRUST_PROXY=true',
      { TRUST_PROXY: 'true' },
      'TRUST_PROXY must name the proxies (addresses or narrow CIDR ranges), not true or a hop count: those believe X-Forwarded-For from any client that reaches the server. Example: TRUST_PROXY=172.30.0.1',
    ],
    [
      'TRUST_PROXY a hop count',
      { TRUST_PROXY: '2' },
      'TRUST_PROXY must name the proxies (addresses or narrow CIDR ranges), not true or a hop count: those believe X-Forwarded-For from any client that reaches the server. Example: TRUST_PROXY=172.30.0.1',
    ],
    [
      "TRUST_PROXY a proxy-addr name for every private network",
      { TRUST_PROXY: 'uniquelocal' },
      'TRUST_PROXY entry 1 is not an IP address or CIDR range. Example: TRUST_PROXY=172.30.0.1',
    ],
    [
      'TRUST_PROXY a broad IPv6 range',
      { TRUST_PROXY: 'fd00::/8' },
      "TRUST_PROXY entry 1 is too broad (/8): name the proxy's own address, or a range of at most /64. Example: TRUST_PROXY=172.30.0.1",
    ],
    [
      'FORTNOX_CLIENT_ID with a space',
      { ...FORTNOX, FORTNOX_CLIENT_ID: 'Ab Cd' },
      "FORTNOX_CLIENT_ID must be 1 to 200 characters of A-Z, a-z, 0-9, '.', '_', '~' or '-', as Fortnox's developer portal shows it. Example: FORTNOX_CLIENT_ID=AbCdEf123456",
    ],
    ['a secret without a client id', { FORTNOX_CLIENT_SECRET: SECRET, FORTNOX_REDIRECT_URIS: FORTNOX.FORTNOX_REDIRECT_URIS }, 'FORTNOX_CLIENT_ID is required when a client secret is set. Example: FORTNOX_CLIENT_ID=AbCdEf123456'],
    [
      'a secret with a space in it',
      { ...FORTNOX, FORTNOX_CLIENT_SECRET: 'two words' },
      'FORTNOX_CLIENT_SECRET must hold 1 to 500 printable characters without spaces. Example: FORTNOX_CLIENT_SECRET_FILE=/run/secrets/fortnox-client-secret',
    ],
    [
      'a secret file that does not exist',
      { FORTNOX_CLIENT_ID: 'AbCdEf123456', FORTNOX_CLIENT_SECRET_FILE: '/nonexistent/secret', FORTNOX_REDIRECT_URIS: FORTNOX.FORTNOX_REDIRECT_URIS },
      'FORTNOX_CLIENT_SECRET_FILE names a file that does not exist. Example: FORTNOX_CLIENT_SECRET_FILE=/run/secrets/fortnox-client-secret',
    ],
    [
      'FORTNOX_AUTH_URL over http with a real client',
      { ...FORTNOX, FORTNOX_AUTH_URL: 'http://127.0.0.1:4567/oauth-v1/' },
      'FORTNOX_AUTH_URL must use https (plain http only for a simulator on loopback, with FORTNOX_USE_SIMULATOR=1). Example: FORTNOX_AUTH_URL=https://apps.fortnox.se/oauth-v1/',
    ],
    [
      'FORTNOX_API_URL with a query',
      { ...FORTNOX, FORTNOX_API_URL: 'https://api.fortnox.se/3/?x=1' },
      'FORTNOX_API_URL must not contain a ?query. Example: FORTNOX_API_URL=https://api.fortnox.se/3/',
    ],
    [
      'FORTNOX_AUTH_URL without a client',
      { FORTNOX_AUTH_URL: 'https://apps.fortnox.se/oauth-v1/' },
      'FORTNOX_AUTH_URL is set but no Fortnox client is: without FORTNOX_CLIENT_ID the server runs its embedded simulator at its own address. Example: FORTNOX_CLIENT_ID=AbCdEf123456 with FORTNOX_CLIENT_SECRET_FILE, or leave both URLs unset',
    ],
    [
      'FORTNOX_USE_SIMULATOR=1 with a client but no simulator address',
      { ...FORTNOX, FORTNOX_USE_SIMULATOR: '1', FORTNOX_API_URL: 'http://127.0.0.1:4567/3/' },
      "FORTNOX_AUTH_URL is required with FORTNOX_USE_SIMULATOR=1 and a client: the running simulator's /oauth-v1/ address. Example: FORTNOX_AUTH_URL=http://127.0.0.1:<simulator port>/oauth-v1/",
    ],
    ['FORTNOX_USE_SIMULATOR not 0 or 1', { FORTNOX_USE_SIMULATOR: 'y' }, 'FORTNOX_USE_SIMULATOR must be 1 (Fortnox is a simulator) or 0. Example: FORTNOX_USE_SIMULATOR=1'],
    [
      'a client without redirect URIs',
      { FORTNOX_CLIENT_ID: 'AbCdEf123456', FORTNOX_CLIENT_SECRET: SECRET },
      'FORTNOX_REDIRECT_URIS is required with a Fortnox client: the redirect URIs registered for it that desktop apps use. Example: FORTNOX_REDIRECT_URIS=http://127.0.0.1:41819/callback',
    ],
    [
      'a redirect URI over http off loopback',
      { ...FORTNOX, FORTNOX_REDIRECT_URIS: 'http://127.0.0.1:41819/callback,http://firm.example/cb' },
      'FORTNOX_REDIRECT_URIS entry 2 must use https (plain http only on 127.0.0.1, [::1] or localhost). Example: FORTNOX_REDIRECT_URIS=http://127.0.0.1:41819/callback',
    ],
    [
      'OIDC settings without an issuer',
      { OIDC_ADMIN_EMAILS: 'anna@firm.se' },
      'OIDC_ADMIN_EMAILS is set but OIDC_ISSUER is not: sign-in with an identity provider needs its issuer. Example: OIDC_ISSUER=https://login.microsoftonline.com/<tenant id>/v2.0',
    ],
    [
      'an issuer without an audience',
      { OIDC_ISSUER: 'https://accounts.google.com', OIDC_ADMIN_EMAILS: 'anna@firm.se' },
      'OIDC_AUDIENCE or OIDC_DESKTOP_CLIENT_ID is required with OIDC_ISSUER: the audience (aud) of the access tokens issued for this server, or the desktop client whose ID tokens sign in (Google). Example: OIDC_AUDIENCE=api://fortnox-connector',
    ],
    [
      'an issuer over http off loopback',
      { OIDC_ISSUER: 'http://idp.firm.se', OIDC_AUDIENCE: 'api://x' },
      'OIDC_ISSUER must use https (plain http only on 127.0.0.1, [::1] or localhost). Example: OIDC_ISSUER=https://login.microsoftonline.com/<tenant id>/v2.0',
    ],
    [
      'an audience with a space',
      { OIDC_ISSUER: 'https://accounts.google.com', OIDC_AUDIENCE: 'my api' },
      'OIDC_AUDIENCE must be 1 to 500 printable characters without spaces. Example: OIDC_AUDIENCE=api://fortnox-connector',
    ],
    [
      'an admin e-mail that is not one',
      { OIDC_ISSUER: 'https://accounts.google.com', OIDC_AUDIENCE: 'a', OIDC_ADMIN_EMAILS: 'anna@firm.se,bo' },
      'OIDC_ADMIN_EMAILS entry 2 is not an e-mail address. Example: OIDC_ADMIN_EMAILS=anna@firm.se,bo@firm.se',
    ],
    [
      'an accountant domain that is not one',
      { OIDC_ISSUER: 'https://accounts.google.com', OIDC_AUDIENCE: 'a', OIDC_ACCOUNTANT_EMAIL_DOMAINS: '@firm.se' },
      'OIDC_ACCOUNTANT_EMAIL_DOMAINS entry 1 is not a domain name such as firm.se. Example: OIDC_ACCOUNTANT_EMAIL_DOMAINS=firm.se',
    ],
    [
      'a group with a control character',
      { OIDC_ISSUER: 'https://accounts.google.com', OIDC_AUDIENCE: 'a', OIDC_ACCOUNTANT_GROUPS: 'ok,bad\u0001' },
      'OIDC_ACCOUNTANT_GROUPS entry 2 is not a group name or id (1 to 256 characters, no control characters). Example: OIDC_ACCOUNTANT_GROUPS=<group object id>',
    ],
    [
      'PostgreSQL without an encryption key',
      { DATABASE_URL: POSTGRES.DATABASE_URL },
      'ENCRYPTION_KEY is required with DATABASE_URL: every replica must share one key (or set ENCRYPTION_KEY_FILE). Example: ENCRYPTION_KEY=2025-01:<32 random bytes in base64, from `openssl rand -base64 32`>',
    ],
    [
      'an encryption key of the wrong length',
      { ENCRYPTION_KEY: `k1:${randomBytes(16).toString('base64')}` },
      'ENCRYPTION_KEY has a key for "k1" of 16 bytes; AES-256 needs exactly 32 (44 base64 characters). Example: ENCRYPTION_KEY=2025-01:<32 random bytes in base64, from `openssl rand -base64 32`>',
    ],
    ['a misspelt OIDC variable', { OIDC_ADMIN_EMAIL: 'anna@firm.se' }, 'OIDC_ADMIN_EMAIL is not a variable the server reads; did you mean OIDC_ADMIN_EMAILS? Example: rename it to OIDC_ADMIN_EMAILS'],
    ['a misspelt key file variable', { ENCRYPTION_KEY_FIEL: '/run/secrets/k' }, 'ENCRYPTION_KEY_FIEL is not a variable the server reads; did you mean ENCRYPTION_KEY_FILE? Example: rename it to ENCRYPTION_KEY_FILE'],
    ['a variable in lower case', { fortnox_client_id: 'AbCdEf123456' }, 'fortnox_client_id is not a variable the server reads; did you mean FORTNOX_CLIENT_ID? Example: rename it to FORTNOX_CLIENT_ID'],
    [
      "the desktop app's token URL",
      { FORTNOX_TOKEN_URL: 'https://apps.fortnox.se/oauth-v1/token' },
      "FORTNOX_TOKEN_URL is the desktop app's name; the server reads FORTNOX_AUTH_URL (the base of /auth, /token and /revoke). Example: FORTNOX_AUTH_URL=https://apps.fortnox.se/oauth-v1/",
    ],
    [
      'a desktop client id with a space',
      { OIDC_ISSUER: 'https://accounts.google.com', OIDC_AUDIENCE: 'a', OIDC_DESKTOP_CLIENT_ID: 'my app' },
      "OIDC_DESKTOP_CLIENT_ID must be 1 to 200 printable characters without spaces, as the identity provider shows the app registration's client id. Example: OIDC_DESKTOP_CLIENT_ID=<the desktop app registration's client id>",
    ],
    [
      'scopes without openid',
      { OIDC_ISSUER: 'https://accounts.google.com', OIDC_AUDIENCE: 'a', OIDC_DESKTOP_CLIENT_ID: 'desktop', OIDC_SCOPES: 'profile email' },
      'OIDC_SCOPES must include openid (the desktop signs in with OpenID Connect). Example: OIDC_SCOPES=openid profile email api://fortnox-connector/access_as_user',
    ],
    [
      'a scope with a quote',
      { OIDC_ISSUER: 'https://accounts.google.com', OIDC_AUDIENCE: 'a', OIDC_DESKTOP_CLIENT_ID: 'desktop', OIDC_SCOPES: 'openid "api"' },
      'OIDC_SCOPES entry 2 is not a scope (1 to 100 printable characters without spaces, quotes or backslashes). Example: OIDC_SCOPES=openid profile email api://fortnox-connector/access_as_user',
    ],
    [
      'scopes without the desktop client id',
      { OIDC_ISSUER: 'https://accounts.google.com', OIDC_AUDIENCE: 'a', OIDC_API_SCOPE: 'api://x/access' },
      "OIDC_API_SCOPE is set but OIDC_DESKTOP_CLIENT_ID is not: the scopes are what the desktop app asks for with its client id. Example: OIDC_DESKTOP_CLIENT_ID=<the desktop app registration's client id>",
    ],
    [
      'both the scope list and the API scope',
      { OIDC_ISSUER: 'https://accounts.google.com', OIDC_AUDIENCE: 'a', OIDC_DESKTOP_CLIENT_ID: 'desktop', OIDC_SCOPES: 'openid', OIDC_API_SCOPE: 'api://x/access' },
      'OIDC_API_SCOPE is set together with OIDC_SCOPES: OIDC_SCOPES is the whole list, so add the API scope there. Example: OIDC_SCOPES=openid profile email api://fortnox-connector/access_as_user',
    ],
    [
      'a desktop client without an issuer',
      { OIDC_DESKTOP_CLIENT_ID: 'desktop' },
      'OIDC_DESKTOP_CLIENT_ID is set but OIDC_ISSUER is not: sign-in with an identity provider needs its issuer. Example: OIDC_ISSUER=https://login.microsoftonline.com/<tenant id>/v2.0',
    ],
    ['a value longer than its bound', { OIDC_ISSUER: `https://idp.firm.se/${'a'.repeat(2100)}`, OIDC_AUDIENCE: 'a' }, 'OIDC_ISSUER is longer than 2048 characters. Example: OIDC_ISSUER=https://login.microsoftonline.com/<tenant id>/v2.0'],
  ])('%s', (_case, env, line) => {
    expect(problems(env)).toEqual([line]);
  });

  it('lists every problem at once in the error message, one per line', () => {
    const error = (() => {
      try {
        load({ PORT: 'x', LOG_LEVEL: 'loud', OIDC_ADMIN_EMAIL: 'a@b.se' });
      } catch (caught) {
        return caught as ServerConfigError;
      }
      throw new Error('expected an error');
    })();
    expect(error).toBeInstanceOf(ServerConfigError);
    expect(error.message.split('\n')).toEqual([
      "The server's configuration has 3 problems:",
      '  OIDC_ADMIN_EMAIL is not a variable the server reads; did you mean OIDC_ADMIN_EMAILS? Example: rename it to OIDC_ADMIN_EMAILS',
      '  PORT must be a whole number from 0 to 65535 (0 picks a free port). Example: PORT=41818',
      '  LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent. Example: LOG_LEVEL=info',
    ]);
  });

  it('never echoes a secret or a value it refuses', () => {
    const lines = problems({
      FORTNOX_CLIENT_ID: 'AbCdEf123456',
      FORTNOX_CLIENT_SECRET: `${SECRET} with spaces`,
      FORTNOX_CLIENT_SECRET_FILE: '/run/secrets/x',
      DATABASE_URL: 'mysql://u:db-password-123@h/db',
      ENCRYPTION_KEY: `k1:${randomBytes(20).toString('base64')}`,
      PUBLIC_URL: 'https://u:pw-in-url@host',
    }).join('\n');
    expect(lines).toContain('FORTNOX_CLIENT_SECRET and FORTNOX_CLIENT_SECRET_FILE are both set');
    for (const value of [SECRET, 'db-password-123', 'pw-in-url', 'mysql']) expect(lines).not.toContain(value);
  });
});

describe('loadServerConfig: what the desktop is offered for signing in', () => {
  const GOOGLE = { OIDC_ISSUER: 'https://accounts.google.com', OIDC_AUDIENCE: 'client-id.apps.googleusercontent.com' };

  it('keeps the issuer as configured, without the slash new URL() would add to an origin', () => {
    expect(load(GOOGLE).oidc?.issuer).toBe('https://accounts.google.com');
    expect(load({ ...GOOGLE, OIDC_ISSUER: ' https://idp.firm.se/realms/byran/ ' }).oidc?.issuer).toBe('https://idp.firm.se/realms/byran/');
  });

  it('offers openid, profile and email by default, with the API scope when one is configured', () => {
    expect(load({ ...GOOGLE, OIDC_DESKTOP_CLIENT_ID: 'desktop' }).oidc?.desktopClient).toEqual({ clientId: 'desktop', scopes: ['openid', 'profile', 'email'] });
    expect(load({ ...GOOGLE, OIDC_DESKTOP_CLIENT_ID: 'desktop', OIDC_API_SCOPE: 'api://x/access' }).oidc?.desktopClient?.scopes).toEqual(['openid', 'profile', 'email', 'api://x/access']);
  });

  it('takes OIDC_SCOPES as the whole list, separated by spaces or commas, each once', () => {
    const config = load({ ...GOOGLE, OIDC_DESKTOP_CLIENT_ID: 'desktop', OIDC_SCOPES: 'openid, api://x/access  openid offline_access' });
    expect(config.oidc?.desktopClient?.scopes).toEqual(['openid', 'api://x/access', 'offline_access']);
  });

  it('offers no provider to the desktop without OIDC_DESKTOP_CLIENT_ID, and says so', () => {
    const config = load(GOOGLE);
    expect(config.oidc?.desktopClient).toBeNull();
    expect(config.notices).toContain('OIDC_DESKTOP_CLIENT_ID is not set: desktop apps are not offered the identity provider and sign in with pairing codes only.');
  });
});

describe('loadServerConfig: METRICS_TOKEN', () => {
  it('takes a scrape token from the variable or its file, and refuses a short one without printing it', () => {
    const token = 'a'.repeat(16) + 'B'.repeat(16);
    expect(load({ METRICS_TOKEN: token }).metricsToken?.reveal()).toBe(token);
    const folder = mkdtempSync(path.join(tmpdir(), 'metrics-token-'));
    try {
      writeFileSync(path.join(folder, 'metrics-token'), `${token}\n`);
      expect(load({ METRICS_TOKEN_FILE: path.join(folder, 'metrics-token') }).metricsToken?.reveal()).toBe(token);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    let message = '';
    try {
      load({ METRICS_TOKEN: 'short-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('METRICS_TOKEN must be 32 to 512 printable characters without spaces.');
    expect(message).not.toContain('short-secret');
    expect(() => load({ METRICS_TOKEN_FLE: token })).toThrow(/METRICS_TOKEN_FLE/);
  });
});

describe('loadServerConfig: notices for the start-up log', () => {
  it("notes the desktop app's own switches instead of refusing them (a machine may run both)", () => {
    expect(load({ FORTNOX_CONNECTOR_USER_DATA: '/tmp/x' }).notices).toContain("FORTNOX_CONNECTOR_USER_DATA is the desktop app's setting; the server does not read it.");
  });

  it('notes that OIDC without admin rules has no administrator', () => {
    const config = load({ OIDC_ISSUER: 'https://accounts.google.com', OIDC_AUDIENCE: 'client-id.apps.googleusercontent.com' });
    expect(config.notices).toContain('OIDC_ADMIN_EMAILS and OIDC_ADMIN_GROUPS are both empty: nobody who signs in is an administrator.');
  });

  it('trusts no proxy by default or with TRUST_PROXY=false, and takes addresses and narrow ranges of either family', () => {
    expect(load({}).trustProxy).toEqual([]);
    expect(load({ TRUST_PROXY: 'false' }).trustProxy).toEqual([]);
    expect(load({ TRUST_PROXY: '127.0.0.1, ::1, fd00:1:2:3::/64, 172.30.0.0/24' }).trustProxy).toEqual(['127.0.0.1', '::1', 'fd00:1:2:3::/64', '172.30.0.0/24']);
  });
});
