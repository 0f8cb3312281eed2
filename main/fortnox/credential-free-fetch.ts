/**
 * Wraps Electron's `net.fetch` so every call to Fortnox sends `credentials: 'omit'`. `net.fetch`
 * uses Chromium's network stack in the default session, and a request without an origin falls back
 * to `credentials: 'include'` (lib/browser/api/net-fetch.ts): the session's cookies, cached HTTP
 * authentication and client certificates would go along, and a 401 would raise the session's
 * `login` event (ClientRequest docs, `credentials`). The app authenticates every call itself
 * (Basic for the token endpoint, Bearer for the API), so nothing else may ride along. The option is
 * set last, so no caller can turn it back on.
 */
export function withoutCredentials<Init extends object, Result>(
  fetch: (url: string, init: Init & { credentials: 'omit' }) => Result,
): (url: string, init: Init) => Result {
  return (url, init) => fetch(url, { ...init, credentials: 'omit' });
}
