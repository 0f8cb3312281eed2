import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../../shared/ipc-contract';
import { connectBlocker, type AppInfoState } from '../../../../renderer/src/connect/connect-blocker';

const okInfo: AppInfo = {
  version: '0.1.0',
  simulator: false,
  packaged: false,
  systemLanguages: ['sv-SE'],
  config: { ok: true, authorizeOrigin: 'https://apps.fortnox.se' },
};
const loaded: AppInfoState = { state: 'loaded', info: okInfo };
const ready = { appInfo: loaded, selectedCount: 1, phase: 'idle' as const, starting: false };

describe('connect blocker', () => {
  it('allows Connect with a valid configuration and at least one scope', () => {
    expect(connectBlocker(ready)).toBeNull();
    expect(connectBlocker({ ...ready, phase: 'failed' })).toBeNull();
    expect(connectBlocker({ ...ready, phase: 'succeeded' })).toBeNull();
  });

  it('needs at least one scope', () => {
    expect(connectBlocker({ ...ready, selectedCount: 0 })).toBe('no-scopes');
  });

  it('is blocked while the app info loads or when it failed', () => {
    expect(connectBlocker({ ...ready, appInfo: { state: 'loading' } })).toBe('loading');
    expect(connectBlocker({ ...ready, appInfo: { state: 'failed' } })).toBe('app-info-failed');
  });

  it('is blocked by an invalid configuration before anything else', () => {
    const invalid: AppInfoState = {
      state: 'loaded',
      info: { ...okInfo, config: { ok: false, problems: [{ field: 'clientId', problem: 'missing', source: 'default' }] } },
    };
    expect(connectBlocker({ ...ready, appInfo: invalid, selectedCount: 0 })).toBe('config-invalid');
  });

  it('is blocked while a sign-in is open, being started or exchanging its code', () => {
    expect(connectBlocker({ ...ready, phase: 'signing-in' })).toBe('signing-in');
    expect(connectBlocker({ ...ready, phase: 'exchanging' })).toBe('exchanging');
    expect(connectBlocker({ ...ready, starting: true })).toBe('starting');
  });
});
