import { describe, expect, it } from 'vitest';
import { SCOPE_NAMES } from '../../../shared/scope-names';
import { canonicalScopes, scopeParameter } from '../../../shared/scope-string';

describe('canonicalScopes', () => {
  it('puts scopes in catalogue order whatever order they were chosen in', () => {
    expect(canonicalScopes(['supplier', 'article', 'invoice', 'companyinformation'])).toEqual([
      'article',
      'companyinformation',
      'invoice',
      'supplier',
    ]);
  });

  it('drops repeats', () => {
    expect(canonicalScopes(['invoice', 'invoice', 'customer', 'invoice'])).toEqual(['customer', 'invoice']);
  });

  it('gives the same list for any permutation', () => {
    const chosen = ['deletevoucher', 'archive', 'warehouse', 'profile'] as const;
    expect(canonicalScopes([...chosen].reverse())).toEqual(canonicalScopes(chosen));
    expect(canonicalScopes(chosen)).toEqual(['archive', 'profile', 'warehouse', 'deletevoucher']);
  });

  it('accepts any iterable and returns an empty list for none', () => {
    expect(canonicalScopes(new Set(['order', 'offer'] as const))).toEqual(['offer', 'order']);
    expect(canonicalScopes([])).toEqual([]);
  });

  it('returns the whole catalogue, in order, when everything is chosen backwards', () => {
    expect(canonicalScopes([...SCOPE_NAMES].reverse())).toEqual([...SCOPE_NAMES]);
  });
});

describe('scopeParameter', () => {
  it('joins the canonical scopes with one space', () => {
    expect(scopeParameter(['invoice', 'companyinformation', 'invoice'])).toBe('companyinformation invoice');
  });

  it('is a single name for a single scope', () => {
    expect(scopeParameter(['bookkeeping'])).toBe('bookkeeping');
  });
});

describe('scopeQueryParameter', () => {
  it('is the scope parameter exactly as the authorize URL carries it, spaces as %20', async () => {
    const { scopeQueryParameter } = await import('../../../shared/scope-string');
    const { buildAuthorizeUrl } = await import('../../../main/connect/authorize-url');
    const scopes = ['invoice', 'companyinformation', 'salary'] as const;
    expect(scopeQueryParameter(scopes)).toBe('scope=companyinformation%20invoice%20salary');
    const url = buildAuthorizeUrl({
      authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth',
      clientId: 'client',
      redirectUri: 'https://example.test/callback',
      state: 'state-value',
      scopes,
      offlineAccess: true,
      serviceAccount: false,
    });
    expect(url.split(/[?&]/)).toContain(scopeQueryParameter(scopes));
  });
});
