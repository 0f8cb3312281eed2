import { describe, expect, it } from 'vitest';
import { FLOW_ERROR_CODES } from '../../../../shared/flow-errors';
import { describeFailure, type FailedStatus } from '../../../../renderer/src/connect/flow-failure';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

const failed = (overrides: Partial<FailedStatus> & Pick<FailedStatus, 'error'>): FailedStatus => ({
  phase: 'failed',
  flowId: 'flow-0001',
  finishedAt: 1,
  ...overrides,
});

describe('describing a failed flow', () => {
  it('has a title and body for every error code', () => {
    for (const error of FLOW_ERROR_CODES) {
      const view = describeFailure(failed({ error }), MESSAGES.sv);
      expect(view.title).not.toBe('');
      expect(view.body).not.toBe('');
    }
  });

  it('says the user declined for access_denied', () => {
    expect(describeFailure(failed({ error: 'access_denied' }), MESSAGES.en).title).toBe(
      'You declined the connection in Fortnox',
    );
  });

  it('shows the blocked address for navigation_blocked', () => {
    const view = describeFailure(failed({ error: 'navigation_blocked', detail: 'https://evil.example/x' }), MESSAGES.en);
    expect(view.blockedAddress).toBe('https://evil.example/x');
    expect(view.fortnoxSaid).toBeNull();
  });

  it("quotes Fortnox's error and description for provider errors", () => {
    const view = describeFailure(
      failed({ error: 'provider_error', fortnoxError: 'weird_error', detail: 'Something <b>odd</b>' }),
      MESSAGES.en,
    );
    expect(view.fortnoxSaid).toBe('weird_error – Something <b>odd</b>');
  });

  it('treats detail as app detail, not Fortnox words, for local failures', () => {
    const view = describeFailure(failed({ error: 'load_failed', detail: 'ERR_NAME_NOT_RESOLVED' }), MESSAGES.sv);
    expect(view.details).toBe('ERR_NAME_NOT_RESOLVED');
    expect(view.fortnoxSaid).toBeNull();
  });

  it('leaves out blank untrusted text', () => {
    const view = describeFailure(failed({ error: 'invalid_scope', fortnoxError: '  ', detail: '' }), MESSAGES.sv);
    expect(view.fortnoxSaid).toBeNull();
  });

  it('explains a failed exchange with the issue, and quotes what Fortnox said', () => {
    const view = describeFailure(
      failed({ error: 'exchange_failed', issue: 'invalid_client', detail: 'Invalid client credentials' }),
      MESSAGES.sv,
    );
    expect(view.title).toBe('Fortnox godkände, men anslutningen kunde inte slutföras');
    expect(view.issue).toBe(MESSAGES.sv.issues.invalid_client);
    expect(view.fortnoxSaid).toBe('Invalid client credentials');
  });

  it('has no issue sentence for failures that carry no issue', () => {
    expect(describeFailure(failed({ error: 'window_closed' }), MESSAGES.en).issue).toBeNull();
  });
});
