import { describe, expect, it } from 'vitest';
import { HELP_URLS } from '../../../../main/connector-main';
import { HELP_TARGETS } from '../../../../shared/ipc-contract';

/** True for fortnox.se itself and its subdomains, and nothing that only looks like them. */
const isFortnoxHost = (hostname: string) => hostname === 'fortnox.se' || hostname.endsWith('.fortnox.se');

describe('HELP_URLS', () => {
  it('has a page for every help target the renderer may ask for, and nothing else', () => {
    expect(Object.keys(HELP_URLS).sort()).toEqual([...HELP_TARGETS].sort());
  });

  it.each(Object.entries(HELP_URLS))('opens %s at a plain https URL on a Fortnox-owned host (%s)', (_target, href) => {
    const url = new URL(href);
    expect(url.protocol).toBe('https:');
    expect(isFortnoxHost(url.hostname), url.hostname).toBe(true);
    expect(url.username).toBe('');
    expect(url.password).toBe('');
    expect(url.port).toBe('');
    expect(url.href).toBe(href);
  });
});

describe('isAllowedExternalUrl', () => {
  it('lets only the fixed help pages and bankid: links reach the operating system', async () => {
    const { HELP_URLS, isAllowedExternalUrl } = await import('../../../../main/connector-main');
    for (const url of Object.values(HELP_URLS)) expect(isAllowedExternalUrl(url)).toBe(true);
    expect(isAllowedExternalUrl('bankid:///?autostarttoken=abc&redirect=null')).toBe(true);
    for (const url of ['https://evil.example/', 'https://www.fortnox.se/developer/developer-portal/../x', 'file:///etc/passwd', 'mailto:a@b.se', 'javascript:alert(1)', 'ms-settings:', 'not a url']) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});
