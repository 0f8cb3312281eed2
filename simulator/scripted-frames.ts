import { html, renderPage } from './html-page';
import type { Route, RouteResult } from './simulator-http';
import type { SimulatorLog } from './simulator-log';
import { APP_CALLBACK_PATH } from './simulator-paths';

/** A scripted page of the simulator that embeds frames a sign-in window must keep in check. */
export const FRAMES_PAGE_PATH = '/test/frames';
/** What those frames load on an origin they may reach; each request is logged as `frame-target`. */
export const FRAME_TARGET_PATH = '/test/frame-target';

/**
 * The same simulator under another origin: `localhost` instead of `127.0.0.1`, a different site for
 * the browser, standing in for a foreign origin (a tracker, an attacker's frame, a BankID frame).
 */
export function foreignOrigin(origin: string): string {
  const url = new URL(origin);
  url.hostname = 'localhost';
  return url.origin;
}

/** The frames the scripted page embeds, by what each one tries. */
export function scriptedFrames(origin: string): Record<'foreign' | 'redirect' | 'nearMiss' | 'sameOrigin', string> {
  return {
    foreign: `${foreignOrigin(origin)}${FRAME_TARGET_PATH}?frame=foreign`,
    redirect: `${origin}${APP_CALLBACK_PATH}?code=framed-code&state=framed-state`,
    nearMiss: `${origin}${APP_CALLBACK_PATH.toUpperCase()}/?code=framed-code&state=framed-state`,
    sameOrigin: `${origin}${FRAME_TARGET_PATH}?frame=same-origin`,
  };
}

/** Headers for a page that may be framed and may frame others (the login pages may do neither). */
function frameableHeaders(frameSrc: boolean): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'${frameSrc ? '; frame-src *' : ''}`,
  };
}

/**
 * The scripted frames page and its frame target. Not part of Fortnox: tests navigate a sign-in
 * window here to prove that a subframe cannot reach a foreign origin or the redirect URI.
 */
export function scriptedFrameRoutes(log: SimulatorLog, origin: () => string): Route[] {
  const page = (): RouteResult => {
    const frames = scriptedFrames(origin());
    return {
      status: 200,
      headers: frameableHeaders(true),
      body: renderPage(
        'Ramar',
        html`<h1>Sida med ramar</h1>
          <iframe title="foreign" src="${frames.foreign}"></iframe>
          <iframe title="redirect" src="${frames.redirect}"></iframe>
          <iframe title="near-miss" src="${frames.nearMiss}"></iframe>
          <iframe title="same-origin" src="${frames.sameOrigin}"></iframe>`,
      ),
    };
  };
  return [
    { methods: ['GET'], path: FRAMES_PAGE_PATH, handle: page },
    {
      methods: ['GET'],
      path: FRAME_TARGET_PATH,
      handle(request) {
        log.record({ type: 'frame-target', url: request.url.href });
        return { status: 200, headers: frameableHeaders(false), body: renderPage('Ram', html`<p>Ramens innehåll</p>`) };
      },
    },
  ];
}
