import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Timers } from '../connect/connect-flow';
import type { Logger } from '../logging/logger';

/**
 * The one-shot loopback redirect of RFC 8252 section 7.3: an HTTP listener on 127.0.0.1 (never every
 * interface: that raises a firewall prompt and lets the network in, MSAL #5466) on a port the OS
 * picks, answering exactly one callback on one path and closing after it or after a timeout.
 * `localhost` is not used (section 8.3: it may resolve elsewhere). Requests for any other path, any
 * method but GET, or a Host header other than our own address (DNS rebinding) are refused and do not
 * end the wait; a request on the path without `code` or `error` (a prefetch) is refused likewise.
 * Only a callback whose `state` is the one this sign-in sent ends the wait: any web page can send the
 * browser to `127.0.0.1:<port>/callback?error=access_denied`, and that must not cancel the sign-in
 * the user is still busy with at the identity provider. Such a callback gets a neutral page and the
 * listener keeps waiting (openid-client checks the state again on the one that ends it).
 */

/** How the sign-in's callback ended without a usable answer. */
export class LoopbackCallbackError extends Error {
  constructor(readonly reason: 'timeout' | 'cancelled') {
    super(reason === 'timeout' ? 'No answer reached the loopback redirect in time' : 'The loopback redirect was closed');
    this.name = 'LoopbackCallbackError';
  }
}

/** A listening callback: where to send the browser, and the callback URL once it arrives. */
export interface LoopbackCallback {
  /** `http://127.0.0.1:<port><path>`. */
  redirectUri: string;
  /** The full URL the browser was redirected to (with `code`, `state` or `error`). */
  result: Promise<URL>;
  /** Stops listening; a wait still pending ends with `cancelled`. */
  close(): Promise<void>;
}

export interface LoopbackCallbackOptions {
  /** The callback path, e.g. `/callback`. */
  path: string;
  timeoutMs: number;
  timers: Timers;
  log: Logger;
  /** The page the browser shows after the callback (plain text lines; both languages). */
  page: { title: string; lines: string[] };
  /** The `state` the authorization request carried: only a callback with this state ends the wait. */
  expectedState: string;
}

/** What a callback that is not the awaited one is shown (both languages: the browser's may differ). */
export const NEUTRAL_CALLBACK_PAGE = {
  title: 'Fortnox Connector',
  lines: ['Den här länken hör inte till inloggningen som pågår. Du kan stänga fliken.', 'This link does not belong to the sign-in in progress. You can close this tab.'],
};

/** Whether `presented` is `expected`, compared in constant time (over digests: the lengths may differ). */
function sameState(presented: string | null, expected: string): boolean {
  if (presented === null) return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

function pageHtml(page: LoopbackCallbackOptions['page']): string {
  const lines = page.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title>` +
    '<meta name="viewport" content="width=device-width"><style>body{font:16px system-ui,sans-serif;margin:3rem auto;max-width:32rem;padding:0 1rem}</style>' +
    `</head><body><h1>${escapeHtml(page.title)}</h1>${lines}</body></html>`;
}

/** Starts the listener; the caller opens the browser at an authorization URL naming `redirectUri`. */
export async function startLoopbackCallback(options: LoopbackCallbackOptions): Promise<LoopbackCallback> {
  let settle: { resolve: (url: URL) => void; reject: (error: Error) => void } | undefined;
  const result = new Promise<URL>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The caller may never await it (a sign-in cancelled before the browser opened).
  result.catch(() => undefined);
  let done = false;
  let port = 0;
  const html = pageHtml(options.page);
  const neutralHtml = pageHtml(NEUTRAL_CALLBACK_PAGE);
  const pageHeaders = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
    connection: 'close',
  };
  if (options.expectedState.length === 0) throw new TypeError('The loopback redirect needs the state it waits for');

  const refuse = (res: ServerResponse, status: number) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', connection: 'close' }).end(status === 404 ? 'Not found' : 'Refused');
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const expectedHost = `127.0.0.1:${port}`;
    if (done) return refuse(res, 410);
    if (req.headers.host !== expectedHost) {
      options.log.warn('loopback redirect refused a request for another host');
      return refuse(res, 400);
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${expectedHost}`);
    } catch {
      return refuse(res, 400);
    }
    if (url.pathname !== options.path) return refuse(res, 404);
    if (req.method !== 'GET') return refuse(res, 405);
    if (!url.searchParams.has('code') && !url.searchParams.has('error')) return refuse(res, 400);
    // Another state (or none, or several): not this sign-in's answer; the wait goes on.
    const states = url.searchParams.getAll('state');
    if (states.length !== 1 || !sameState(states[0] ?? null, options.expectedState)) {
      options.log.warn('loopback redirect ignored a callback with another state');
      res.writeHead(400, pageHeaders).end(neutralHtml);
      return;
    }
    done = true;
    res.writeHead(200, pageHeaders).end(html);
    finish(() => settle?.resolve(url));
  };

  const server = createServer(handle);
  // One small request is all this server exists for.
  server.maxHeadersCount = 50;
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;

  let timer: unknown;
  const finish = (then: () => void) => {
    done = true;
    if (timer !== undefined) options.timers.clear(timer);
    timer = undefined;
    server.close();
    server.closeIdleConnections();
    then();
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  timer = options.timers.set(() => finish(() => settle?.reject(new LoopbackCallbackError('timeout'))), options.timeoutMs);

  return {
    redirectUri: `http://127.0.0.1:${port}${options.path}`,
    result,
    close: () =>
      new Promise<void>((resolve) => {
        if (!done) finish(() => settle?.reject(new LoopbackCallbackError('cancelled')));
        server.closeAllConnections();
        if (server.listening) server.close(() => resolve());
        else resolve();
      }),
  };
}
