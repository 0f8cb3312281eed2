import { matchRedirect, type CallbackParams, type RedirectTarget } from './redirect-matcher';

/** What the sign-in window may do, derived from the validated configuration. */
export interface NavigationPolicy {
  redirect: RedirectTarget;
  /** Parsed origins (`URL.origin`) the sign-in window may show. */
  allowedOrigins: ReadonlySet<string>;
}

/** What to do with one URL the sign-in window is about to request or navigate to. */
export type NavigationDecision =
  | { kind: 'callback'; params: CallbackParams }
  | { kind: 'allow' }
  | { kind: 'open-external'; url: string }
  | { kind: 'block'; origin: string };

/**
 * Schemes handed to the operating system. Only `bankid:`, so that "BankID on this device" starts
 * the BankID app; every other external scheme (mailto:, file:, ms-settings:, …) is refused.
 */
const EXTERNAL_SCHEMES = new Set(['bankid:']);

/**
 * Decides one main-frame navigation of the sign-in window. The redirect URI is checked first, so it
 * is captured even if its origin were also allowed. Origins are compared as parsed origins, never as
 * string prefixes (`https://apps.fortnox.se.evil.example` has another origin).
 */
export function decideNavigation(candidate: string, policy: NavigationPolicy): NavigationDecision {
  const callback = matchRedirect(candidate, policy.redirect);
  if (callback) return { kind: 'callback', params: callback };
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { kind: 'block', origin: 'invalid URL' };
  }
  if (EXTERNAL_SCHEMES.has(url.protocol)) return { kind: 'open-external', url: url.href };
  if (url.href === 'about:blank') return { kind: 'allow' };
  if ((url.protocol === 'https:' || url.protocol === 'http:') && policy.allowedOrigins.has(url.origin)) {
    return { kind: 'allow' };
  }
  return { kind: 'block', origin: url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : url.protocol };
}

/**
 * Decides one request seen by the network layer (`webRequest.onBeforeRequest`). Requests to the
 * redirect URI are captured and cancelled whatever their resource type, so the code never reaches
 * the redirect host. Other sub-resources (scripts, images, XHR of Fortnox's pages) pass; main-frame
 * navigations follow `decideNavigation`.
 */
export function decideRequest(candidate: string, isMainFrame: boolean, policy: NavigationPolicy): NavigationDecision {
  if (isMainFrame) return decideNavigation(candidate, policy);
  const callback = matchRedirect(candidate, policy.redirect);
  return callback ? { kind: 'callback', params: callback } : { kind: 'allow' };
}

/** Chromium's net::ERR_ABORTED: what a navigation that was replaced by a redirect reports. Not a failure. */
export const ERR_ABORTED = -3;
