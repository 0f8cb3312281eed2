import { describe, expect, it } from 'vitest';
import { callbackKind, displayableText, flowErrorForFortnoxError } from '../../../../main/connect/callback-outcome';

describe('flowErrorForFortnoxError', () => {
  it.each([
    ['access_denied', 'access_denied'],
    ['invalid_scope', 'invalid_scope'],
    ['invalid_request', 'invalid_request'],
    ['unsupported_response_type', 'invalid_request'],
    ['unauthorized_client', 'unauthorized_client'],
    ['invalid_client', 'unauthorized_client'],
    ['server_error', 'server_error'],
    ['temporarily_unavailable', 'server_error'],
    ['ACCESS_DENIED', 'provider_error'],
    ['something_new', 'provider_error'],
    ['', 'provider_error'],
  ] as const)('maps %j to %s', (error, expected) => {
    expect(flowErrorForFortnoxError(error, undefined)).toBe(expected);
  });

  it('recognises the service-account refusal from its description, whatever the error code and case', () => {
    expect(flowErrorForFortnoxError('access_denied', 'Client does not allow service account')).toBe(
      'service_account_not_allowed',
    );
    expect(flowErrorForFortnoxError('x', 'error: client DOES NOT ALLOW SERVICE ACCOUNT.')).toBe(
      'service_account_not_allowed',
    );
    expect(flowErrorForFortnoxError('access_denied', 'Client does not allow services')).toBe('access_denied');
  });
});

describe('displayableText', () => {
  it('passes undefined and blank text on as undefined', () => {
    expect(displayableText(undefined)).toBeUndefined();
    expect(displayableText('  \n\t ')).toBeUndefined();
  });

  it('turns runs of control characters into one space and trims', () => {
    expect(displayableText('\u0007 Fel\r\n\u0000vid\u007finloggning ')).toBe('Fel vid inloggning');
  });

  it('cuts text longer than the one untrusted-text limit (500 characters, as stored) and marks the cut', () => {
    expect(displayableText('x'.repeat(500))).toBe('x'.repeat(500));
    expect(displayableText('y'.repeat(501))).toBe(`${'y'.repeat(499)}…`);
  });
});

describe('callbackKind', () => {
  it('lets an error win over a code', () => {
    expect(callbackKind({ error: 'access_denied', code: 'abc', ambiguous: false })).toBe('error');
    expect(callbackKind({ error: '', ambiguous: false })).toBe('error');
  });

  it('is code only for a non-empty code', () => {
    expect(callbackKind({ code: 'abc', ambiguous: false })).toBe('code');
    expect(callbackKind({ code: '', state: 's', ambiguous: false })).toBe('empty');
    expect(callbackKind({ ambiguous: false })).toBe('empty');
  });
});
