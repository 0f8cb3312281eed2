import { describe, expect, it } from 'vitest';
import { CONNECTION_ISSUES, CONNECTION_STATUSES } from '../../../../shared/connection-issues';
import { issueText } from '../../../../renderer/src/companies/company-feedback';
import { SORT_OPTIONS } from '../../../../renderer/src/companies/company-sort';
import { APP_VIEWS } from '../../../../renderer/src/shell/app-view';
import { LANGUAGES } from '../../../../renderer/src/i18n/language';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

describe('connection issue messages', () => {
  it('explain every connection issue in Swedish and English', () => {
    for (const language of LANGUAGES) {
      for (const issue of CONNECTION_ISSUES) {
        expect(MESSAGES[language].issues[issue].trim(), `${language} ${issue}`).not.toBe('');
      }
    }
  });

  it('give every issue its own sentence, different in the two languages', () => {
    for (const language of LANGUAGES) {
      const texts = CONNECTION_ISSUES.map((issue) => MESSAGES[language].issues[issue]);
      expect(new Set(texts).size).toBe(texts.length);
    }
    for (const issue of CONNECTION_ISSUES) expect(MESSAGES.sv.issues[issue]).not.toBe(MESSAGES.en.issues[issue]);
  });

  it('tell the user to reconnect when only a new sign-in helps', () => {
    for (const issue of ['invalid_grant', 'refresh_token_expired', 'revoked', 'undecryptable'] as const) {
      expect(MESSAGES.sv.issues[issue]).toMatch(/[Aa]nslut företaget igen/);
      expect(MESSAGES.en.issues[issue]).toMatch(/[Rr]econnect the company/);
    }
  });

  it('say plainly that a refused refresh token (revoked, expired, or rotated away and lost) needs a new sign-in', () => {
    // Fortnox answers every one of these alike ("Invalid refresh token"), so one sentence covers them.
    expect(MESSAGES.en.issues.invalid_grant).toContain('Sign in to Fortnox again to reconnect the company.');
    expect(MESSAGES.sv.issues.invalid_grant).toContain('Anslut företaget igen och logga in i Fortnox på nytt.');
    expect(MESSAGES.en.issues.invalid_grant).toContain('already used');
    expect(MESSAGES.sv.issues.invalid_grant).toContain('redan använts');
  });

  it('point to Settings for a client problem', () => {
    expect(MESSAGES.sv.issues.invalid_client).toContain('Inställningar');
    expect(MESSAGES.en.issues.client_secret_missing).toContain('Settings');
  });

  it('keep Fortnox detail apart from the sentence and drop it when blank', () => {
    expect(issueText('oauth_error', '  invalid_request: bad  ', MESSAGES.sv)).toEqual({
      text: MESSAGES.sv.issues.oauth_error,
      fortnoxSaid: 'invalid_request: bad',
    });
    expect(issueText('network', '   ', MESSAGES.en).fortnoxSaid).toBeNull();
  });
});

describe('company list texts', () => {
  it('name every status, sort option and view in both languages', () => {
    for (const language of LANGUAGES) {
      const messages = MESSAGES[language];
      for (const status of CONNECTION_STATUSES) expect(messages.companies.statuses[status].trim()).not.toBe('');
      for (const option of SORT_OPTIONS) expect(messages.companies.sortOptions[option].trim()).not.toBe('');
      for (const view of APP_VIEWS) expect(messages.nav.views[view].trim()).not.toBe('');
    }
  });

  it('use the texts the brief asks for', () => {
    // The sidebar's short names (issue 9 item 5); the company list's heading still says "Anslutna företag".
    expect(MESSAGES.sv.nav.views).toEqual({ companies: 'Företag', connect: 'Anslut', batch: 'Anslut flera', tools: 'Verktyg', activity: 'Aktivitet', clients: 'Klienter', settings: 'Inställningar' });
    expect(MESSAGES.en.nav.views.companies).toBe('Companies');
    expect(MESSAGES.sv.companies.accountTypes).toEqual({ user: 'Användare', service: 'Servicekonto' });
    expect(MESSAGES.sv.companies.actions.test).toBe('Testa anslutning');
    expect(MESSAGES.en.companies.actions.test).toBe('Test connection');
    expect(MESSAGES.sv.companies.actions.reconnect).toBe('Anslut igen');
    expect(MESSAGES.sv.companies.actions.disconnect).toBe('Koppla från');
    expect(MESSAGES.sv.companies.actions.copy).toBe('Kopiera uppgifter');
    expect(MESSAGES.sv.companies.copied).toBe('Kopierat');
    expect(MESSAGES.sv.flow.exchanging).toBe('Fortnox godkände. Hämtar nycklar och företagsuppgifter…');
    expect(MESSAGES.sv.flow.connectedCompany('Norr AB', '556677-8899', '123')).toBe('Norr AB, org.nr 556677-8899');
  });

  it('give the disconnect dialog distinct confirm and cancel buttons', () => {
    for (const language of LANGUAGES) {
      const { dialog } = MESSAGES[language].companies;
      expect(dialog.confirm).not.toBe(dialog.cancel);
    }
  });

  it('write counts with Swedish and English digit grouping', () => {
    expect(MESSAGES.sv.companies.count(12, 1000)).toBe('Visar 12 av 1\u00a0000 företag');
    expect(MESSAGES.en.companies.count(1000, 1000)).toBe('1,000 companies');
    expect(MESSAGES.sv.companies.count(1, 1)).toBe('1 företag');
  });
});
