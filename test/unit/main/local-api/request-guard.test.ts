import { describe, expect, it } from 'vitest';
import { bearerKey, fromBrowser, guardRequest, headerValues, hostAllowed, targetIsPath } from '../../../../main/local-api/request-guard';

const PORT = 41817;

/** Node-style raw headers from pairs. */
function raw(...pairs: [string, string][]): string[] {
  return pairs.flat();
}

const tool = (...extra: [string, string][]) => raw(['Host', `127.0.0.1:${PORT}`], ['User-Agent', 'curl/8'], ...extra);

describe('request guard: Host (DNS rebinding)', () => {
  it('accepts exactly the loopback names with this port', () => {
    for (const host of [`127.0.0.1:${PORT}`, `localhost:${PORT}`, `[::1]:${PORT}`, `LOCALHOST:${PORT}`]) {
      expect(hostAllowed(raw(['Host', host]), PORT)).toBe(true);
    }
  });

  it("refuses a rebinding attacker's own name, even with our port", () => {
    expect(hostAllowed(raw(['Host', `attacker.example:${PORT}`]), PORT)).toBe(false);
    expect(
      guardRequest(
        {
          method: 'GET',
          rawUrl: '/v1/companies',
          rawHeaders: raw(['Host', `attacker.example:${PORT}`]),
        },
        PORT,
      ),
    ).toEqual({
      status: 403,
      code: 'host_not_allowed',
    });
  });

  it('refuses loopback names without the port or with another port', () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]', `127.0.0.1:${PORT + 1}`, `localhost:0${PORT}`]) {
      expect(hostAllowed(raw(['Host', host]), PORT)).toBe(false);
    }
  });

  it('refuses other spellings of loopback and look-alike names', () => {
    for (const host of [
      `127.1:${PORT}`,
      `2130706433:${PORT}`,
      `127.0.0.2:${PORT}`,
      `localhost.:${PORT}`,
      `localhost.attacker.example:${PORT}`,
      `[::ffff:127.0.0.1]:${PORT}`,
      `0.0.0.0:${PORT}`,
    ]) {
      expect(hostAllowed(raw(['Host', host]), PORT)).toBe(false);
    }
  });

  it('refuses a missing, empty or port-only Host (the empty-host hole)', () => {
    expect(hostAllowed(raw(['User-Agent', 'x']), PORT)).toBe(false);
    expect(hostAllowed(raw(['Host', '']), PORT)).toBe(false);
    expect(hostAllowed(raw(['Host', `:${PORT}`]), PORT)).toBe(false);
  });

  it('refuses two Host headers even if one is ours', () => {
    expect(hostAllowed(raw(['Host', `127.0.0.1:${PORT}`], ['host', `attacker.example:${PORT}`]), PORT)).toBe(false);
  });
});

describe('request guard: web pages', () => {
  it('refuses any Origin header, including "null"', () => {
    expect(fromBrowser(tool(['Origin', 'https://attacker.example']))).toBe(true);
    expect(fromBrowser(tool(['origin', 'null']))).toBe(true);
    expect(
      guardRequest(
        {
          method: 'GET',
          rawUrl: '/v1/health',
          rawHeaders: tool(['Origin', `http://127.0.0.1:${PORT}`]),
        },
        PORT,
      ),
    ).toEqual({
      status: 403,
      code: 'browser_request_refused',
    });
  });

  it('refuses Sec-Fetch-Site and Sec-Fetch-Mode other than none (a lone "cors" mode is below)', () => {
    for (const [name, value] of [
      ['Sec-Fetch-Site', 'cross-site'],
      ['Sec-Fetch-Site', 'same-origin'],
      ['Sec-Fetch-Site', 'same-site'],
      ['Sec-Fetch-Mode', 'navigate'],
      ['Sec-Fetch-Mode', 'no-cors'],
      ['Sec-Fetch-Dest', 'document'],
    ] as [string, string][]) {
      expect(fromBrowser(tool([name, value]))).toBe(true);
    }
  });

  it('refuses a typed-in address (Sec-Fetch-Site: none with Sec-Fetch-Mode: navigate)', () => {
    expect(fromBrowser(tool(['Sec-Fetch-Site', 'none'], ['Sec-Fetch-Mode', 'navigate'], ['Sec-Fetch-Dest', 'document']))).toBe(true);
  });

  it("refuses Sec-Fetch-Mode: cors when it comes with a Sec-Fetch-Site, as a browser's does", () => {
    expect(fromBrowser(tool(['Sec-Fetch-Site', 'none'], ['Sec-Fetch-Mode', 'cors']))).toBe(true);
    expect(fromBrowser(tool(['Sec-Fetch-Mode', 'cors'], ['Sec-Fetch-Dest', 'empty']))).toBe(true);
  });

  it("lets through requests without browser headers, with Sec-Fetch-Site: none, or with the lone Sec-Fetch-Mode: cors of Node's fetch", () => {
    expect(fromBrowser(tool())).toBe(false);
    expect(fromBrowser(tool(['Sec-Fetch-Site', 'none']))).toBe(false);
    expect(fromBrowser(tool(['sec-fetch-mode', 'cors']))).toBe(false);
  });
});

describe('request guard: preflight and request target', () => {
  it('refuses OPTIONS (a CORS preflight) before anything else is looked at', () => {
    expect(
      guardRequest(
        {
          method: 'OPTIONS',
          rawUrl: '/v1/companies',
          rawHeaders: tool(['Access-Control-Request-Method', 'POST']),
        },
        PORT,
      ),
    ).toEqual({
      status: 403,
      code: 'method_not_allowed',
    });
  });

  it('refuses an absolute-URL or protocol-relative request target', () => {
    expect(targetIsPath('http://attacker.example/v1/companies')).toBe(false);
    expect(targetIsPath('//attacker.example/v1/companies')).toBe(false);
    expect(targetIsPath('/v1\\companies')).toBe(false);
    expect(targetIsPath('*')).toBe(false);
    expect(
      guardRequest(
        {
          method: 'GET',
          rawUrl: 'http://127.0.0.1/v1/health',
          rawHeaders: tool(),
        },
        PORT,
      ),
    ).toEqual({ status: 400, code: 'invalid_request' });
  });

  it('lets a plain tool request through', () => {
    expect(guardRequest({ method: 'GET', rawUrl: '/v1/companies', rawHeaders: tool() }, PORT)).toBeUndefined();
  });
});

describe('request guard: bearer key', () => {
  it('takes the key from exactly one "Authorization: Bearer" header', () => {
    expect(bearerKey(raw(['Authorization', 'Bearer fxc_abc']))).toBe('fxc_abc');
    expect(bearerKey(raw(['authorization', 'bearer  fxc_abc ']))).toBe('fxc_abc');
  });

  it('finds no key in other schemes, several headers, several words or an overlong value', () => {
    expect(bearerKey(raw())).toBeUndefined();
    expect(bearerKey(raw(['Authorization', 'Basic Zm9vOmJhcg==']))).toBeUndefined();
    expect(bearerKey(raw(['Authorization', 'Bearer']))).toBeUndefined();
    expect(bearerKey(raw(['Authorization', 'Bearer a b']))).toBeUndefined();
    expect(bearerKey(raw(['Authorization', 'Bearer a'], ['Authorization', 'Bearer b']))).toBeUndefined();
    expect(bearerKey(raw(['Authorization', `Bearer ${'a'.repeat(300)}`]))).toBeUndefined();
  });

  it('reads repeated headers as repeated', () => {
    expect(headerValues(raw(['X-A', '1'], ['x-a', '2'], ['X-B', '3']), 'x-a')).toEqual(['1', '2']);
  });
});
