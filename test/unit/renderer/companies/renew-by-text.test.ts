import { describe, expect, it } from 'vitest';
import { renewByCell, renewByText } from '../../../../renderer/src/companies/renew-by-text';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';
import type { CompanySummary } from '../../../../shared/ipc-contract';
import { company } from './company-fixtures';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);

/** A company whose refresh token expires `daysLeft` days after NOW. */
function summary(tenantId: string, overrides: Partial<CompanySummary> = {}, daysLeft = 40): CompanySummary {
  return company({ tenantId, refreshTokenExpiresAt: NOW + daysLeft * DAY, ...overrides });
}

describe('the renew-by text of a company row', () => {
  it('gives the date in the language’s locale, not highlighted while far away', () => {
    const far = summary('1', { refreshTokenExpiresAt: new Date(2026, 11, 30, 12).getTime() });
    expect(renewByText(far, NOW, 'sv', MESSAGES.sv)).toEqual({ text: 'Förnya senast 30 december 2026', soon: false, title: 'Förnya senast 30 december 2026' });
    expect(renewByText(far, NOW, 'en', MESSAGES.en)?.text).toBe('Renew by 30 December 2026');
  });

  it('is highlighted within 7 days, with the reason in its tooltip', () => {
    const near = renewByText(summary('1', {}, 6), NOW, 'en', MESSAGES.en);
    expect(near?.soon).toBe(true);
    expect(near?.title).toContain('Keep the app running and online');
    expect(renewByText(summary('1', {}, 7.5), NOW, 'en', MESSAGES.en)?.soon).toBe(false);
    expect(renewByText(summary('1', {}, 7.5), NOW + DAY, 'en', MESSAGES.en)?.soon).toBe(true);
  });

  it('says no renewal is needed for a service account kept alive by its credentials', () => {
    const service = summary('1', { accountType: 'service', keptAliveBy: 'client_credentials' }, 1);
    expect(renewByText(service, NOW, 'sv', MESSAGES.sv)).toMatchObject({ text: 'Förnya senast: behövs inte (servicekontots inloggning)', soon: false });
  });

  it('shows nothing for an access-only connection or one that needs a new sign-in', () => {
    expect(renewByText(summary('1', { status: 'access_only', refreshTokenExpiresAt: null }), NOW, 'sv', MESSAGES.sv)).toBeNull();
    expect(renewByText(summary('1', { status: 'needs_reconnect' }), NOW, 'sv', MESSAGES.sv)).toBeNull();
  });
});

describe('the renew-by cell of the company table', () => {
  it('shows a short date with the full sentence as its title, highlighted within 7 days', () => {
    const far = renewByCell(summary('1', { refreshTokenExpiresAt: new Date(2026, 11, 30, 12).getTime() }), NOW, 'sv', MESSAGES.sv);
    expect(far).toEqual({ text: '30 dec. 2026', soon: false, title: 'Förnya senast 30 december 2026' });
    expect(renewByCell(summary('1', {}, 6), NOW, 'en', MESSAGES.en).soon).toBe(true);
  });

  it('says "not needed" for a service account kept alive by its credentials, and a dash with nothing to renew', () => {
    const service = summary('1', { accountType: 'service', keptAliveBy: 'client_credentials' });
    expect(renewByCell(service, NOW, 'sv', MESSAGES.sv).text).toBe('behövs inte');
    expect(renewByCell(summary('2', { status: 'needs_reconnect' }), NOW, 'en', MESSAGES.en)).toEqual({ text: '–', soon: false, title: '' });
  });

  it('follows the time and the language when asked again for the same company', () => {
    const company = summary('1', {}, 7.5);
    expect(renewByCell(company, NOW, 'en', MESSAGES.en)).toMatchObject({ text: '9 Dec 2026', soon: false });
    expect(renewByCell(company, NOW + DAY, 'en', MESSAGES.en)).toMatchObject({ text: '9 Dec 2026', soon: true });
    expect(renewByCell(company, NOW + DAY, 'sv', MESSAGES.sv)).toMatchObject({ text: '9 dec. 2026', soon: true });
    expect(renewByCell(company, NOW, 'sv', MESSAGES.sv)).toMatchObject({ text: '9 dec. 2026', soon: false });
  });
});
