import { describe, expect, it } from 'vitest';
import { keptAliveText } from '../../../../renderer/src/companies/kept-alive';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

describe('keptAliveText', () => {
  it('says a service account is kept alive by its credentials, in Swedish and English', () => {
    const company = { accountType: 'service', keptAliveBy: 'client_credentials' } as const;
    expect(keptAliveText(company, MESSAGES.sv)).toBe('Förnyas med servicekontots inloggning, utan 45-dagarsgräns');
    expect(keptAliveText(company, MESSAGES.en)).toBe("Kept alive with the service account's credentials, no 45-day limit");
  });

  it('says a service account whose credentials were refused is kept alive by its refresh token', () => {
    expect(keptAliveText({ accountType: 'service', keptAliveBy: 'refresh_token' }, MESSAGES.en)).toBe(
      "Kept alive with the refresh token: the service account's credentials were refused",
    );
  });

  it('says nothing for a user account or a record stored before the field existed', () => {
    expect(keptAliveText({ accountType: 'user', keptAliveBy: 'refresh_token' }, MESSAGES.sv)).toBeNull();
    expect(keptAliveText({ accountType: 'service' }, MESSAGES.sv)).toBeNull();
  });
});
