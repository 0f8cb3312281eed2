import { describe, expect, it } from 'vitest';
import { withoutCredentials } from '../../../../main/fortnox/credential-free-fetch';

describe('withoutCredentials', () => {
  it('sends credentials: omit with every call, keeping the caller’s method, headers, body and signal', async () => {
    const seen: { url: string; init: Record<string, unknown> }[] = [];
    const fetch = withoutCredentials((url: string, init: Record<string, unknown>) => {
      seen.push({ url, init });
      return Promise.resolve('answer');
    });
    const signal = new AbortController().signal;
    const init = { method: 'POST', headers: { Authorization: 'Basic x' }, body: 'grant_type=refresh_token', signal, redirect: 'error' };
    expect(await fetch('https://apps.fortnox.se/oauth-v1/token', init)).toBe('answer');
    expect(seen).toEqual([{ url: 'https://apps.fortnox.se/oauth-v1/token', init: { ...init, credentials: 'omit' } }]);
  });

  it('cannot be talked into sending the session’s credentials', async () => {
    const seen: unknown[] = [];
    const fetch = withoutCredentials((_url: string, init: { credentials?: string }) => seen.push(init.credentials));
    fetch('https://api.fortnox.se/3/companyinformation', { credentials: 'include' });
    expect(seen).toEqual(['omit']);
  });
});
