import { describe, expect, it } from 'vitest';
import {
  checkEndpointUrl,
  configFromEnv,
  DEFAULT_EXTRA_SIGN_IN_ORIGINS,
  FORTNOX_PRODUCTION,
  parseSettingsFile,
  resolveConfig,
  type ConfigResult,
  type RawConfig,
} from '../../../../main/config/fortnox-config';
import type { ConfigProblem } from '../../../../shared/config-problems';

const REQUIRED_ENV = {
  FORTNOX_CLIENT_ID: 'env-client',
  FORTNOX_REDIRECT_URI: 'https://connect.example.se/fortnox/callback',
};

function resolved(result: ConfigResult) {
  if (!result.ok) throw new Error(`expected a valid config, got ${JSON.stringify(result.problems)}`);
  return result;
}

function problemsOf(result: ConfigResult): ConfigProblem[] {
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.problems;
}

/** Resolves with a settings file given as JSON text. */
function resolveWithFile(env: Record<string, string>, fileText?: string): ConfigResult {
  const file = parseSettingsFile(fileText === undefined ? { kind: 'absent' } : { kind: 'text', text: fileText });
  return resolveConfig(configFromEnv(env), file.raw, file.problem);
}

describe('configFromEnv', () => {
  it('reads every field from its FORTNOX_ variable and trims it', () => {
    expect(
      configFromEnv({
        FORTNOX_CLIENT_ID: '  abc ',
        FORTNOX_REDIRECT_URI: 'https://r.example/cb',
        FORTNOX_AUTHORIZE_URL: 'https://a.example/auth',
        FORTNOX_TOKEN_URL: 'https://a.example/token',
        FORTNOX_API_BASE_URL: 'https://api.example/3/',
        FORTNOX_SIGN_IN_ORIGINS: ' https://id.example , https://bankid.example/x ,, ',
        UNRELATED: 'x',
      }),
    ).toEqual({
      clientId: 'abc',
      redirectUri: 'https://r.example/cb',
      authorizeUrl: 'https://a.example/auth',
      tokenUrl: 'https://a.example/token',
      apiBaseUrl: 'https://api.example/3/',
      signInOrigins: ['https://id.example', 'https://bankid.example/x'],
    });
  });

  it('treats empty and blank variables as unset', () => {
    expect(
      configFromEnv({ FORTNOX_CLIENT_ID: '', FORTNOX_REDIRECT_URI: '   ', FORTNOX_SIGN_IN_ORIGINS: ' ' }),
    ).toEqual({});
  });
});

describe('parseSettingsFile', () => {
  it('reads nothing and reports nothing when the file is absent', () => {
    expect(parseSettingsFile({ kind: 'absent' })).toEqual({ raw: {} });
  });

  it('reports an unreadable file', () => {
    expect(parseSettingsFile({ kind: 'unreadable' })).toEqual({ raw: {}, problem: 'unreadable_file' });
  });

  it('reports text that is not JSON', () => {
    expect(parseSettingsFile({ kind: 'text', text: '{ clientId: abc' })).toEqual({ raw: {}, problem: 'invalid_file' });
  });

  it('reports a misspelt (unknown) key instead of ignoring it', () => {
    expect(parseSettingsFile({ kind: 'text', text: '{"clientID":"abc"}' })).toEqual({
      raw: {},
      problem: 'invalid_file',
    });
  });

  it('reports a value of the wrong type and JSON that is not an object', () => {
    expect(parseSettingsFile({ kind: 'text', text: '{"clientId":42}' }).problem).toBe('invalid_file');
    expect(parseSettingsFile({ kind: 'text', text: '["clientId"]' }).problem).toBe('invalid_file');
    expect(parseSettingsFile({ kind: 'text', text: 'null' }).problem).toBe('invalid_file');
  });

  it('reads a valid file', () => {
    expect(parseSettingsFile({ kind: 'text', text: '{"clientId":"abc","signInOrigins":["https://x.example"]}' })).toEqual({
      raw: { clientId: 'abc', signInOrigins: ['https://x.example'] },
    });
  });

  it('reads the app’s own preferences apart from the configuration', () => {
    expect(parseSettingsFile({ kind: 'text', text: '{"clientId":"abc","closeToTrayExplained":true}' })).toEqual({
      raw: { clientId: 'abc' },
      preferences: { closeToTrayExplained: true },
    });
    expect(parseSettingsFile({ kind: 'text', text: '{"closeToTrayExplained":"yes"}' }).problem).toBe('invalid_file');
  });
});

describe('resolveConfig', () => {
  it('defaults the endpoints to Fortnox production', () => {
    const result = resolved(resolveWithFile(REQUIRED_ENV));
    expect(result.config).toEqual({
      clientId: 'env-client',
      redirectUri: 'https://connect.example.se/fortnox/callback',
      authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth',
      tokenUrl: 'https://apps.fortnox.se/oauth-v1/token',
      apiBaseUrl: 'https://api.fortnox.se/3/',
      signInOrigins: [
        'https://apps.fortnox.se',
        'https://apps2.fortnox.se',
        'https://auth.fortnox.se',
        'https://login.fortnox.se',
        'https://id.fortnox.se',
        'https://www.fortnox.se',
      ],
      signInFrameOrigins: [],
    });
    expect(FORTNOX_PRODUCTION).toEqual({
      authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth',
      tokenUrl: 'https://apps.fortnox.se/oauth-v1/token',
      apiBaseUrl: 'https://api.fortnox.se/3/',
    });
    expect(result.sources).toEqual({
      clientId: 'environment',
      redirectUri: 'environment',
      authorizeUrl: 'default',
      tokenUrl: 'default',
      apiBaseUrl: 'default',
      signInOrigins: 'default',
      signInFrameOrigins: 'default',
    });
  });

  it('takes the environment over the settings file, and the settings file over the defaults', () => {
    const file = JSON.stringify({
      clientId: 'file-client',
      redirectUri: 'https://file.example/cb',
      tokenUrl: 'https://file.example/token',
      apiBaseUrl: 'https://file.example/api/',
    });
    const result = resolved(
      resolveWithFile({ FORTNOX_CLIENT_ID: 'env-client', FORTNOX_API_BASE_URL: 'https://env.example/api/' }, file),
    );
    expect(result.config.clientId).toBe('env-client');
    expect(result.config.redirectUri).toBe('https://file.example/cb');
    expect(result.config.tokenUrl).toBe('https://file.example/token');
    expect(result.config.apiBaseUrl).toBe('https://env.example/api/');
    expect(result.config.authorizeUrl).toBe(FORTNOX_PRODUCTION.authorizeUrl);
    expect(result.sources).toEqual({
      clientId: 'environment',
      redirectUri: 'settings-file',
      authorizeUrl: 'default',
      tokenUrl: 'settings-file',
      apiBaseUrl: 'environment',
      signInOrigins: 'default',
      signInFrameOrigins: 'default',
    });
  });

  it('falls back to the settings file when the environment variable is empty', () => {
    const result = resolved(
      resolveWithFile({ ...REQUIRED_ENV, FORTNOX_CLIENT_ID: '' }, JSON.stringify({ clientId: 'file-client' })),
    );
    expect(result.config.clientId).toBe('file-client');
    expect(result.sources.clientId).toBe('settings-file');
  });

  it('reports a missing client id and redirect URI', () => {
    expect(problemsOf(resolveWithFile({}))).toEqual([
      { field: 'clientId', problem: 'missing', source: 'default' },
      { field: 'redirectUri', problem: 'missing', source: 'default' },
    ]);
  });

  it('reports an empty client id in the settings file as missing from the settings file', () => {
    expect(
      problemsOf(resolveWithFile({ FORTNOX_REDIRECT_URI: REQUIRED_ENV.FORTNOX_REDIRECT_URI }, '{"clientId":""}')),
    ).toEqual([{ field: 'clientId', problem: 'missing', source: 'settings-file' }]);
  });

  it('refuses plain http to a non-loopback host', () => {
    expect(
      problemsOf(resolveWithFile({ ...REQUIRED_ENV, FORTNOX_REDIRECT_URI: 'http://connect.example.se/cb' })),
    ).toEqual([{ field: 'redirectUri', problem: 'not_https', source: 'environment' }]);
  });

  it.each(['http://127.0.0.1:53682/cb', 'http://localhost:8080/cb', 'http://[::1]:9000/cb'])(
    'accepts plain http on the loopback address %s',
    (redirect) => {
      expect(resolved(resolveWithFile({ ...REQUIRED_ENV, FORTNOX_REDIRECT_URI: redirect })).config.redirectUri).toBe(
        redirect,
      );
    },
  );

  it.each(['http://127.0.0.1.evil.example/cb', 'http://localhost.evil.example/cb', 'http://127.0.0.2/cb'])(
    'refuses plain http on %s, which is not our loopback list',
    (redirect) => {
      expect(problemsOf(resolveWithFile({ ...REQUIRED_ENV, FORTNOX_REDIRECT_URI: redirect }))).toEqual([
        { field: 'redirectUri', problem: 'not_https', source: 'environment' },
      ]);
    },
  );

  it.each([
    ['user info', 'https://user:pw@connect.example.se/cb'],
    ['a user name', 'https://user@connect.example.se/cb'],
    ['a fragment', 'https://connect.example.se/cb#x'],
    ['an empty fragment', 'https://connect.example.se/cb#'],
  ])('refuses a redirect URI with %s as forbidden_url_part', (_name, redirect) => {
    expect(problemsOf(resolveWithFile({ ...REQUIRED_ENV, FORTNOX_REDIRECT_URI: redirect }))).toEqual([
      { field: 'redirectUri', problem: 'forbidden_url_part', source: 'environment' },
    ]);
  });

  it.each(['not a url', '/fortnox/callback', 'connect.example.se/cb', 'ftp://connect.example.se/cb', 'javascript:alert(1)', 'app://renderer/cb'])(
    'refuses %j as invalid_url',
    (redirect) => {
      expect(problemsOf(resolveWithFile({ ...REQUIRED_ENV, FORTNOX_REDIRECT_URI: redirect }))).toEqual([
        { field: 'redirectUri', problem: 'invalid_url', source: 'environment' },
      ]);
    },
  );

  it.each([
    ['an inner space', 'abc def'],
    ['300 characters', 'a'.repeat(300)],
    ['201 characters', 'a'.repeat(201)],
    ['a quote', 'abc"'],
    ['a non-ASCII letter', 'klientå'],
  ])('refuses a client id with %s as invalid_format', (_name, clientId) => {
    expect(problemsOf(resolveWithFile({ ...REQUIRED_ENV, FORTNOX_CLIENT_ID: clientId }))).toEqual([
      { field: 'clientId', problem: 'invalid_format', source: 'environment' },
    ]);
  });

  it('accepts a 200-character client id made of token characters', () => {
    const clientId = `${'A1._~-'.repeat(33)}xy`;
    expect(clientId).toHaveLength(200);
    expect(resolved(resolveWithFile({ ...REQUIRED_ENV, FORTNOX_CLIENT_ID: clientId })).config.clientId).toBe(clientId);
  });

  it('refuses a client id with surrounding spaces from the settings file, which is not trimmed', () => {
    expect(
      problemsOf(
        resolveWithFile({ FORTNOX_REDIRECT_URI: REQUIRED_ENV.FORTNOX_REDIRECT_URI }, '{"clientId":" abc "}'),
      ),
    ).toEqual([{ field: 'clientId', problem: 'invalid_format', source: 'settings-file' }]);
  });

  it.each([
    ['unreadable', { kind: 'unreadable' } as const, 'unreadable_file'],
    ['not JSON', { kind: 'text', text: '{' } as const, 'invalid_file'],
    ['with an unknown key', { kind: 'text', text: '{"client_id":"x"}' } as const, 'invalid_file'],
  ])('reports a settings file that is %s, even when the environment has everything', (_name, read, problem) => {
    const file = parseSettingsFile(read);
    expect(problemsOf(resolveConfig(configFromEnv(REQUIRED_ENV), file.raw, file.problem))).toEqual([
      { field: 'settingsFile', problem, source: 'settings-file' },
    ]);
  });

  it('reports every problem at once', () => {
    const env = {
      FORTNOX_CLIENT_ID: 'has space',
      FORTNOX_REDIRECT_URI: 'http://connect.example.se/cb',
      FORTNOX_AUTHORIZE_URL: 'garbage',
      FORTNOX_SIGN_IN_ORIGINS: 'https://ok.example,http://plain.example',
    };
    const file = parseSettingsFile({ kind: 'text', text: '{"tokenUrl":"https://u:p@t.example/token"}' });
    expect(problemsOf(resolveConfig(configFromEnv(env), file.raw, file.problem))).toEqual([
      { field: 'clientId', problem: 'invalid_format', source: 'environment' },
      { field: 'redirectUri', problem: 'not_https', source: 'environment' },
      { field: 'authorizeUrl', problem: 'invalid_url', source: 'environment' },
      { field: 'tokenUrl', problem: 'forbidden_url_part', source: 'settings-file' },
      { field: 'signInOrigins', problem: 'not_https', source: 'environment' },
    ]);
  });

  it('parses FORTNOX_SIGN_IN_ORIGINS into origins and always adds the authorization URL’s origin', () => {
    const result = resolved(
      resolveWithFile({
        ...REQUIRED_ENV,
        FORTNOX_AUTHORIZE_URL: 'https://sim.example:8443/oauth-v1/auth',
        FORTNOX_SIGN_IN_ORIGINS: 'https://ID.example.com/login?x=1, https://bankid.example:443/,https://id.example.com',
      }),
    );
    expect(result.config.signInOrigins).toEqual([
      'https://id.example.com',
      'https://bankid.example',
      'https://sim.example:8443',
    ]);
    expect(result.config.signInOrigins).not.toContain('https://apps.fortnox.se');
    expect(result.sources.signInOrigins).toBe('environment');
  });

  it('adds the authorization origin once when the defaults already contain it', () => {
    const origins = resolved(resolveWithFile(REQUIRED_ENV)).config.signInOrigins;
    expect(origins.filter((origin) => origin === 'https://apps.fortnox.se')).toHaveLength(1);
    expect(origins).toHaveLength(DEFAULT_EXTRA_SIGN_IN_ORIGINS.length);
  });

  it('adds the authorization origin to an empty origin list from the settings file', () => {
    const result = resolved(resolveWithFile(REQUIRED_ENV, '{"signInOrigins":[]}'));
    expect(result.config.signInOrigins).toEqual(['https://apps.fortnox.se']);
    expect(result.sources.signInOrigins).toBe('settings-file');
  });

  it('normalises the URLs it returns', () => {
    const result = resolved(
      resolveWithFile({ ...REQUIRED_ENV, FORTNOX_REDIRECT_URI: 'HTTPS://Connect.Example.SE:443/fortnox/./callback' }),
    );
    expect(result.config.redirectUri).toBe('https://connect.example.se/fortnox/callback');
  });

  it('ignores a raw object’s undefined field and uses the next source', () => {
    const env: RawConfig = { clientId: 'env-client' };
    const file: RawConfig = { redirectUri: 'https://file.example/cb' };
    expect(resolved(resolveConfig(env, file)).sources.redirectUri).toBe('settings-file');
  });
});

describe('checkEndpointUrl', () => {
  it('returns the parsed URL of a valid https URL', () => {
    const checked = checkEndpointUrl('https://apps.fortnox.se/oauth-v1/auth');
    expect('url' in checked && checked.url.href).toBe('https://apps.fortnox.se/oauth-v1/auth');
  });

  it('names the problem of each kind of bad URL', () => {
    expect(checkEndpointUrl('::')).toEqual({ problem: 'invalid_url' });
    expect(checkEndpointUrl('file:///etc/passwd')).toEqual({ problem: 'invalid_url' });
    expect(checkEndpointUrl('http://apps.fortnox.se/')).toEqual({ problem: 'not_https' });
    expect(checkEndpointUrl('https://a@apps.fortnox.se/')).toEqual({ problem: 'forbidden_url_part' });
  });
});

describe('sign-in origins from the environment', () => {
  it('treats a list with no entries as unset, so the defaults still apply', () => {
    expect(configFromEnv({ FORTNOX_SIGN_IN_ORIGINS: ' , ,' }).signInOrigins).toBeUndefined();
  });
});

describe('signInFrameOrigins', () => {
  it('is empty by default', () => {
    expect(resolved(resolveWithFile(REQUIRED_ENV)).config.signInFrameOrigins).toEqual([]);
  });

  it('takes a comma-separated list from the environment as parsed origins, apart from the sign-in origins', () => {
    const result = resolved(
      resolveWithFile({ ...REQUIRED_ENV, FORTNOX_SIGN_IN_FRAME_ORIGINS: ' https://app.bankid.example/path , https://captcha.example' }),
    );
    expect(result.config.signInFrameOrigins).toEqual(['https://app.bankid.example', 'https://captcha.example']);
    expect(result.config.signInOrigins).not.toContain('https://captcha.example');
    expect(result.sources.signInFrameOrigins).toBe('environment');
  });

  it('takes a list from the settings file', () => {
    const result = resolved(resolveWithFile(REQUIRED_ENV, '{"signInFrameOrigins":["https://captcha.example"]}'));
    expect(result.config.signInFrameOrigins).toEqual(['https://captcha.example']);
    expect(result.sources.signInFrameOrigins).toBe('settings-file');
  });

  it.each([
    ['plain http off loopback', 'http://captcha.example', 'not_https'],
    ['text that is not a URL', 'captcha', 'invalid_url'],
    ['another scheme', 'bankid:///', 'invalid_url'],
    ['user info', 'https://u:p@captcha.example', 'forbidden_url_part'],
  ])('refuses %s, like the sign-in origins', (_name, entry, problem) => {
    const result = resolveWithFile({ ...REQUIRED_ENV, FORTNOX_SIGN_IN_FRAME_ORIGINS: entry });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toContainEqual({ field: 'signInFrameOrigins', problem, source: 'environment' });
  });
});
