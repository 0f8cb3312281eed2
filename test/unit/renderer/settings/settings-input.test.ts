import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';
import { checkClientSecret, checkSettingsInput, LIMITS, problemsByField } from '../../../../renderer/src/settings/settings-input';

const valid = { clientId: 'AbC123', redirectUri: 'http://127.0.0.1:8976/callback' };

describe('checking the settings form', () => {
  it('accepts a filled-in form', () => {
    expect(checkSettingsInput(valid, MESSAGES.sv)).toEqual({ clientId: [], redirectUri: [] });
  });

  it('says which field is empty, in either language', () => {
    expect(checkSettingsInput({ ...valid, clientId: '  ' }, MESSAGES.sv).clientId).toEqual(['Klient-id (client id) saknas.']);
    expect(checkSettingsInput({ ...valid, redirectUri: '' }, MESSAGES.en).redirectUri).toEqual(['The redirect URI is missing.']);
  });

  it('refuses an address that is not a URL', () => {
    expect(checkSettingsInput({ ...valid, redirectUri: 'localhost/callback' }, MESSAGES.en).redirectUri).toEqual([
      'The redirect URI is not a valid absolute address (URL).',
    ]);
  });

  it('says how long is too long instead of cutting the value', () => {
    const clientId = 'x'.repeat(LIMITS.clientId + 5);
    expect(checkSettingsInput({ ...valid, clientId }, MESSAGES.sv).clientId).toEqual([
      'Klient-id (client id) är för lång: högst 200 tecken, nu 205.',
    ]);
  });

  it("sorts main's problems to their fields and explains environment values with where to fix them", () => {
    const sorted = problemsByField(
      [
        { field: 'redirectUri', problem: 'not_https', source: 'settings-file' },
        { field: 'clientId', problem: 'invalid_format', source: 'environment' },
        { field: 'settingsFile', problem: 'unreadable_file', source: 'settings-file' },
      ],
      MESSAGES.en,
    );
    expect(sorted.fields.redirectUri).toEqual([
      'The redirect URI must use https. Plain http is only accepted for addresses on this computer.',
    ]);
    expect(sorted.fields.clientId[0]).toContain('FORTNOX_CLIENT_ID');
    expect(sorted.form).toHaveLength(1);
  });
});

describe('checking a client secret', () => {
  it('accepts a plain secret', () => {
    expect(checkClientSecret('s3cr3t-VALUE', MESSAGES.sv)).toBeNull();
  });

  it('asks for a secret when the field is empty', () => {
    expect(checkClientSecret('', MESSAGES.sv)).toBe(MESSAGES.sv.settings.secretEmpty);
  });

  it('refuses surrounding spaces with its own message', () => {
    expect(checkClientSecret(' abc', MESSAGES.en)).toBe(MESSAGES.en.settings.secretWhitespace);
  });

  it('refuses a secret over the limit, saying the limit', () => {
    expect(checkClientSecret('a'.repeat(501), MESSAGES.en)).toBe(
      'The client secret is too long: at most 500 characters, now 501.',
    );
  });
});

describe('problems with values the app cannot change', () => {
  it('explain a locked value with whom to ask', () => {
    const sorted = problemsByField([{ field: 'clientId', problem: 'locked', source: 'managed' }], MESSAGES.sv);
    expect(sorted.fields.clientId).toEqual([
      'Klient-id (client id) är låst av IT-avdelningens hanterade konfiguration och kan inte ändras i appen. Be IT-avdelningen om värdet behöver ändras.',
    ]);
  });

  it('put a broken managed file at the form level', () => {
    const sorted = problemsByField([{ field: 'managedFile', problem: 'invalid_file', source: 'managed' }], MESSAGES.en);
    expect(sorted.form).toEqual([
      'The managed configuration file from your IT department is not valid JSON or does not have the expected shape. Ask your IT department to correct the managed configuration file.',
    ]);
  });
});
