import { describe, expect, it } from 'vitest';
import { describeDisconnect, feedbackText } from '../../../../renderer/src/companies/company-feedback';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

describe('row feedback', () => {
  it('confirms a working connection with the company name Fortnox gave', () => {
    const text = feedbackText({ kind: 'tested', result: { ok: true, companyName: 'Norr AB', at: 1 } }, MESSAGES.sv);
    expect(text).toEqual({ tone: 'ok', text: 'Anslutningen fungerar: Norr AB', fortnoxSaid: null });
  });

  it('explains a failed test with the issue and quotes Fortnox apart', () => {
    const text = feedbackText(
      { kind: 'tested', result: { ok: false, issue: 'no_license', detail: 'Det finns ingen aktiv licens', at: 1 } },
      MESSAGES.sv,
    );
    expect(text.tone).toBe('problem');
    expect(text.text).toBe(`Testet misslyckades: ${MESSAGES.sv.issues.no_license}`);
    expect(text.fortnoxSaid).toBe('Det finns ingen aktiv licens');
  });

  it('says "Kopierat" after copying', () => {
    expect(feedbackText({ kind: 'copied' }, MESSAGES.sv).text).toBe('Kopierat');
    expect(feedbackText({ kind: 'copied' }, MESSAGES.en).text).toBe('Copied');
  });
});

describe('disconnect outcome', () => {
  it('confirms a full disconnect', () => {
    const view = describeDisconnect({ removed: true, revoked: true, issue: null }, 'Norr AB', MESSAGES.sv);
    expect(view.tone).toBe('ok');
    expect(view.removeInFortnox).toBeNull();
  });

  it('tells the user to remove the integration in Fortnox when Fortnox could not be told', () => {
    for (const [messages, place] of [
      [MESSAGES.sv, 'Hantera integrationer'],
      [MESSAGES.en, 'Manage integrations'],
    ] as const) {
      const view = describeDisconnect({ removed: true, revoked: false, issue: 'network' }, 'Norr AB', messages);
      expect(view.tone).toBe('problem');
      expect(view.text).toContain('Norr AB');
      expect(view.issue).toBe(messages.issues.network);
      expect(view.removeInFortnox).toContain(place);
    }
  });

  it('says the connection is still there when it was not removed', () => {
    const view = describeDisconnect({ removed: false, revoked: false, issue: null }, 'Norr AB', MESSAGES.en);
    expect(view.text).toBe('Norr AB could not be disconnected. The connection is still there.');
  });

  it('says the app did not respond when the call failed', () => {
    expect(describeDisconnect(null, 'Norr AB', MESSAGES.sv).text).toBe(MESSAGES.sv.companies.requestFailed);
  });
});
