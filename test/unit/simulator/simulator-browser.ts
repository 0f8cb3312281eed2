import type { FortnoxSimulator } from '../../../simulator/fortnox-simulator';

/**
 * A scripted person at the simulator's sign-in pages (authorize, login, company, consent), with no
 * test-runner imports, so the benchmark can connect a company outside Vitest too.
 */

/** What a browser saw for one request (redirects are never followed). */
export interface PageResponse {
  status: number;
  location: string | null;
  contentType: string | null;
  setCookies: string[];
  body: string;
}

/**
 * A minimal browser: keeps cookies set by the simulator, sends them back, never follows redirects.
 * A new instance is a fresh browser session.
 */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  /** GETs `url`. */
  get(url: string): Promise<PageResponse> {
    return this.send(url, { method: 'GET' });
  }

  /** POSTs `fields` as a form to `url`. */
  post(url: string, fields: Record<string, string>): Promise<PageResponse> {
    return this.send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Whether the browser holds a cookie named `name`. */
  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  private async send(
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: string },
  ): Promise<PageResponse> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const response = await fetch(url, {
      method: init.method,
      headers,
      redirect: 'manual',
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    const setCookies = response.headers.getSetCookie();
    for (const cookie of setCookies) {
      const pair = cookie.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      contentType: response.headers.get('content-type'),
      setCookies,
      body: await response.text(),
    };
  }
}

/** The authorize URL for `params` (values left undefined are not sent). */
export function authorizeUrl(simulator: FortnoxSimulator, params: Record<string, string | undefined>): string {
  const url = new URL(simulator.authorizeUrl);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.href;
}

/** A valid request for `test-client`, to be overridden per test. */
export function validParams(
  simulator: FortnoxSimulator,
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    client_id: 'test-client',
    redirect_uri: simulator.appCallbackUrl,
    response_type: 'code',
    state: 'state-123',
    scope: 'companyinformation invoice',
    access_type: 'offline',
    ...overrides,
  };
}

/** The value of the hidden `authorization_id` field in a page. */
export function authorizationIdIn(page: PageResponse): string {
  const match = /name="authorization_id" value="([^"]*)"/.exec(page.body);
  if (match?.[1] === undefined) throw new Error(`No authorization_id in page:\n${page.body}`);
  return match[1];
}

/** The query of a redirect's Location as a plain object. */
export function queryOf(location: string | null): Record<string, string> {
  if (location === null) throw new Error('No Location header');
  return Object.fromEntries(new URL(location).searchParams);
}

/** Starts an authorization and logs in; returns the page after login. */
export async function startAndLogIn(
  browser: TestBrowser,
  simulator: FortnoxSimulator,
  username: string,
  password: string,
  overrides: Record<string, string | undefined> = {},
): Promise<PageResponse> {
  const loginPage = await browser.get(authorizeUrl(simulator, validParams(simulator, overrides)));
  if (loginPage.status !== 200) throw new Error(`Expected a login page, got ${loginPage.status}`);
  return browser.post(`${simulator.origin}/oauth-v1/login`, {
    authorization_id: authorizationIdIn(loginPage),
    username,
    password,
  });
}

/** Presses a consent button on a consent page. */
export function answerConsent(
  browser: TestBrowser,
  simulator: FortnoxSimulator,
  consentPage: PageResponse,
  decision: 'approve' | 'deny',
): Promise<PageResponse> {
  return browser.post(`${simulator.origin}/oauth-v1/consent`, {
    authorization_id: authorizationIdIn(consentPage),
    decision,
  });
}
