import { describe, expect, it } from 'vitest';
import { createLogger, formatLogRecord, redact, redactFields, type LogRecord } from '../../../../main/logging/logger';
import { KnownSecrets } from '../../../../main/logging/known-secrets';

const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwidGVuYW50IjoiNDIifQ.c2lnbmF0dXJlLXBhcnQtaGVyZQ';

describe('redact', () => {
  it('masks code and state in a callback URL and keeps the rest', () => {
    expect(redact('callback https://connect.example.se/fortnox/callback?code=abc123&state=S7_x-9&tenant=a')).toBe(
      'callback https://connect.example.se/fortnox/callback?code=[redacted]&state=[redacted]&tenant=a',
    );
  });

  it('masks code and state in a fragment', () => {
    expect(redact('https://x.example/cb#state=xyz&code=abc')).toBe('https://x.example/cb#state=[redacted]&code=[redacted]');
  });

  it('masks token parameters: refresh_token, access_token, client_secret, token, id_token', () => {
    const text =
      'grant_type=refresh_token&refresh_token=rt-111&access_token=at-222&client_secret=cs-333&token=t-444&id_token=it-555';
    const masked = redact(text);
    for (const secret of ['rt-111', 'at-222', 'cs-333', 't-444', 'it-555']) expect(masked).not.toContain(secret);
    expect(masked).toContain('grant_type=refresh_token&');
  });

  it('masks parameters whatever their letter case', () => {
    expect(redact('?CODE=abc&State=xyz')).toBe('?CODE=[redacted]&State=[redacted]');
  });

  it('masks a value up to the next quote, space or separator only', () => {
    expect(redact('url="https://x/cb?code=abc" next')).toBe('url="https://x/cb?code=[redacted]" next');
  });

  it('does not mask look-alike names such as errorCode= or statement=', () => {
    expect(redact('errorCode=-105 statement=ok encode=yes')).toBe('errorCode=-105 statement=ok encode=yes');
  });

  it('masks Bearer and Basic credentials', () => {
    expect(redact('Authorization: Bearer abc.DEF-123_~+/=')).toBe('Authorization: Bearer [redacted]');
    expect(redact('Authorization: Basic Y2xpZW50OnNlY3JldA==')).toBe('Authorization: Basic [redacted]');
  });

  it('masks a JWT anywhere in the text', () => {
    expect(redact(`token was ${JWT} then`)).toBe('token was [redacted-jwt] then');
  });

  it('leaves ordinary text alone', () => {
    const text = 'connect flow settled flowId=abc outcome=timeout scopes=2';
    expect(redact(text)).toBe(text);
  });
});

describe('redactFields', () => {
  it('masks secret-named fields whatever their value', () => {
    expect(
      redactFields({
        accessToken: 'at',
        refresh_token: 'rt',
        clientSecret: 'cs',
        password: 'pw',
        Authorization: 'Bearer x',
        cookie: 'c=1',
        code: 'abc',
        authCode: 'abc',
        state: 'xyz',
        STATE: 'xyz',
      }),
    ).toEqual({
      accessToken: '[redacted]',
      refresh_token: '[redacted]',
      clientSecret: '[redacted]',
      password: '[redacted]',
      Authorization: '[redacted]',
      cookie: '[redacted]',
      code: '[redacted]',
      authCode: '[redacted]',
      state: '[redacted]',
      STATE: '[redacted]',
    });
  });

  it.each([['ENOENT'], ['EACCES'], ['ERR_HTTP2_STREAM_ERROR'], ['UNKNOWN'], [404], ['503'], [2000311]])(
    'keeps a code field that is an error or status code readable (%s)',
    (code) => {
      expect(redactFields({ file: 'companies.json', code })).toEqual({ file: 'companies.json', code });
    },
  );

  it.each([['abc'], ['x7Fq9-LmN2_pQ'], ['Bearer abc'], ['1234'], ['E'], ['enoent'], ['A'.repeat(60)]])(
    'masks a code field whose value could be an OAuth code (%s)',
    (code) => {
      expect(redactFields({ code, CODE: code })).toEqual({ code: '[redacted]', CODE: '[redacted]' });
    },
  );

  it('masks an upper-case code field value that is a known secret', () => {
    const secrets = new KnownSecrets();
    secrets.add('ABCDEFGH1234');
    expect(redactFields({ code: 'ABCDEFGH1234' }, (text) => secrets.scrub(text))).toEqual({ code: '[redacted]' });
  });

  it('keeps ordinary fields such as flowId, errorCode and scopes', () => {
    const fields = { flowId: 'f-123', errorCode: -105, scopes: 2, reason: 'expired', ok: true, none: null };
    expect(redactFields(fields)).toEqual(fields);
  });

  it('still masks secrets inside the value of an ordinary field', () => {
    expect(redactFields({ url: 'https://x/cb?code=abc&state=xyz', error: `Bearer ${JWT}` })).toEqual({
      url: 'https://x/cb?code=[redacted]&state=[redacted]',
      error: 'Bearer [redacted]',
    });
  });
});

describe('createLogger', () => {
  it('writes redacted records with level, time, message and fields', () => {
    const records: LogRecord[] = [];
    const log = createLogger((record) => records.push(record), () => new Date(Date.UTC(2025, 0, 15, 9, 30)));
    log.info('opened https://x/cb?code=abc', { flowId: 'f-1', state: 'xyz' });
    log.warn('warned');
    log.error('failed', { error: 'boom' });
    expect(records).toEqual([
      {
        level: 'info',
        time: '2025-01-15T09:30:00.000Z',
        message: 'opened https://x/cb?code=[redacted]',
        fields: { flowId: 'f-1', state: '[redacted]' },
      },
      { level: 'warn', time: '2025-01-15T09:30:00.000Z', message: 'warned', fields: {} },
      { level: 'error', time: '2025-01-15T09:30:00.000Z', message: 'failed', fields: { error: 'boom' } },
    ]);
  });
});

describe('formatLogRecord', () => {
  it('writes one line with JSON-quoted fields and skips undefined ones', () => {
    expect(
      formatLogRecord({
        level: 'warn',
        time: '2025-01-15T09:30:00.000Z',
        message: 'IPC refused',
        fields: { channel: 'connect:start', senderId: 4, gone: undefined },
      }),
    ).toBe('2025-01-15T09:30:00.000Z WARN IPC refused channel="connect:start" senderId=4');
  });

  it('writes no trailing space when there are no fields', () => {
    expect(formatLogRecord({ level: 'info', time: 't', message: 'm', fields: {} })).toBe('t INFO m');
  });
});
