import { isNearRedirect, matchRedirect, type CallbackParams, type RedirectTarget } from './redirect-matcher';

/** What the sign-in window may do, derived from the validated configuration. */
export interface NavigationPolicy {
  redirect: RedirectTarget;
  /** Parsed origins (`URL.origin`) the sign-in window may show. */
  allowedOrigins: ReadonlySet<string>;
  /**
   * Extra origins allowed only in subframes and for sub-resources (BankID and captcha frames,
   * `signInFrameOrigins`); never in the main frame, so they never become the page the user sees.
   */
  frameOrigins: ReadonlySet<string>;
  /**
   * Registrable domains whose https subdomains (default port) may serve subframes and
   * sub-resources: `fortnox.se` by default (FORTNOX_FRAME_SITES). Which hosts Fortnox's sign-in pages
   * load scripts, styles and fonts from is not documented (fortnox.md section 11, UNCONFIRMED), so
   * an exact list would break sign-in the day Fortnox moves a file to another of its own hosts.
   * Never the main frame: the page the user sees stays on `allowedOrigins`.
   */
  frameSites?: readonly string[];
}

/** Fortnox's own domain: its https subdomains may serve frames and sub-resources of the sign-in page. */
export const FORTNOX_FRAME_SITES: readonly string[] = ['fortnox.se'];

/** What to do with one URL the sign-in window is about to request or navigate to. */
export type NavigationDecision =
  | { kind: 'callback'; params: CallbackParams }
  | { kind: 'allow' }
  | { kind: 'open-external'; url: string }
  /** Main frame: stopped, and the sign-in ends naming the origin. */
  | { kind: 'block'; origin: string }
  /** Subframe, sub-resource or popup: cancelled quietly; the sign-in goes on. */
  | { kind: 'cancel'; origin: string; reason: 'redirect-uri' | 'not-allowed' };

/** Where a request comes from, as the window adapters tell it. */
export type RequestSource = 'main-frame' | 'subframe' | 'subresource';

/** What the policy needs to know about the moment besides the URL. */
export interface DecisionContext {
  /** The flow that owns the window has not settled; `bankid:` is handed to the OS only then. */
  flowOpen: boolean;
}

/** The `origin` to name for a URL: its parsed origin for http(s), else only its scheme. */
function nameOf(url: URL): string {
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : url.protocol;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Parses a BankID launch URL in exactly the shape BankID documents for a desktop relying party
 * (developers.bankid.com, "Launching the app": `bankid:///?autostarttoken=<token>&redirect=null`,
 * the token being the UUID `autoStartToken` of the auth/sign order), and returns it rebuilt from its
 * parts, so the operating system never receives anything else the page put in the string. Anything
 * else (another host or path, a fragment, a return URL, extra or repeated parameters) is null.
 * Hand-written: a dozen lines that decide what leaves the sandbox for a native app.
 */
export function parseBankIdLaunch(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'bankid:' || url.host !== '' || url.pathname !== '/' || url.hash !== '' || url.username !== '' || url.password !== '') {
    return null;
  }
  if (!candidate.toLowerCase().startsWith('bankid:///?')) return null;
  const names = [...url.searchParams.keys()].sort();
  if (names.length !== 2 || names[0] !== 'autostarttoken' || names[1] !== 'redirect') return null;
  const token = url.searchParams.get('autostarttoken') ?? '';
  if (!UUID.test(token) || url.searchParams.get('redirect') !== 'null') return null;
  return `bankid:///?autostarttoken=${token}&redirect=null`;
}

/** http(s) on an origin of `origins`; `ws:`/`wss:` count as their http(s) origin. */
function onOrigins(url: URL, origins: readonly ReadonlySet<string>[]): boolean {
  let origin: string;
  if (url.protocol === 'https:' || url.protocol === 'http:') origin = url.origin;
  else if (url.protocol === 'wss:' || url.protocol === 'ws:') origin = `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
  else return false;
  // Plain http only where the validated configuration put it (loopback; checkEndpointUrl).
  return origins.some((set) => set.has(origin));
}

/** https on the default port of `site` or one of its subdomains (parsed hostname, never a prefix). */
function onSites(url: URL, sites: readonly string[] | undefined): boolean {
  if (!sites || url.protocol !== 'https:' || url.port !== '') return false;
  return sites.some((site) => url.hostname === site || url.hostname.endsWith(`.${site}`));
}

/**
 * Decides one main-frame navigation of the sign-in window. The redirect URI is checked first, so it
 * is captured even if its origin were also allowed; a near miss of it (another path, port or scheme
 * on the redirect host) is blocked, never loaded. Origins are compared as parsed origins, never as
 * string prefixes (`https://apps.fortnox.se.evil.example` has another origin). `bankid:` goes to the
 * OS only in BankID's documented shape and only while the flow is open.
 */
export function decideNavigation(candidate: string, policy: NavigationPolicy, context: DecisionContext): NavigationDecision {
  const callback = matchRedirect(candidate, policy.redirect);
  if (callback) return { kind: 'callback', params: callback };
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { kind: 'block', origin: 'invalid URL' };
  }
  if (isNearRedirect(candidate, policy.redirect)) return { kind: 'block', origin: nameOf(url) };
  if (url.protocol === 'bankid:') {
    const launch = context.flowOpen ? parseBankIdLaunch(candidate) : null;
    return launch ? { kind: 'open-external', url: launch } : { kind: 'block', origin: 'bankid:' };
  }
  if (url.href === 'about:blank') return { kind: 'allow' };
  if ((url.protocol === 'https:' || url.protocol === 'http:') && policy.allowedOrigins.has(url.origin)) {
    return { kind: 'allow' };
  }
  return { kind: 'block', origin: nameOf(url) };
}

/**
 * Decides one subframe navigation (`will-frame-navigate` for a frame that is not the main one, or
 * the subframe's document request). A subframe may show the allowed origins and the frame origins
 * (BankID, captcha), plus `about:blank`/`about:srcdoc`, which load nothing. Anything on the
 * redirect host that looks like the redirect URI is cancelled and never a callback: Fortnox answers
 * in the main frame, so a frame that goes there is either broken or hostile.
 */
export function decideFrameNavigation(candidate: string, policy: NavigationPolicy): NavigationDecision {
  return decideInsidePage(candidate, policy, (url) => url.href === 'about:blank' || url.href === 'about:srcdoc', ['https:', 'http:']);
}

/**
 * Decides one sub-resource request (script, style, image, XHR, WebSocket…): only to the allowed
 * and frame origins and Fortnox's frame sites, and never to the redirect URI or a near miss of it. `data:` and `blob:` load
 * nothing from the network and pass.
 */
export function decideSubresource(candidate: string, policy: NavigationPolicy): NavigationDecision {
  return decideInsidePage(candidate, policy, (url) => url.protocol === 'data:' || url.protocol === 'blob:');
}

/**
 * The rule shared by subframes and sub-resources: cancelled when unparsable or aimed at the redirect
 * URI (or a near miss), allowed when `loadsNothing`, or on the sign-in and frame origins (only over
 * `protocols` when given) or Fortnox's frame sites; cancelled otherwise.
 */
function decideInsidePage(
  candidate: string,
  policy: NavigationPolicy,
  loadsNothing: (url: URL) => boolean,
  protocols?: readonly string[],
): NavigationDecision {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { kind: 'cancel', origin: 'invalid URL', reason: 'not-allowed' };
  }
  if (isNearRedirect(candidate, policy.redirect)) return { kind: 'cancel', origin: nameOf(url), reason: 'redirect-uri' };
  if (loadsNothing(url)) return { kind: 'allow' };
  const onAllowedOrigin = (!protocols || protocols.includes(url.protocol)) && onOrigins(url, [policy.allowedOrigins, policy.frameOrigins]);
  if (onAllowedOrigin || onSites(url, policy.frameSites)) return { kind: 'allow' };
  return { kind: 'cancel', origin: nameOf(url), reason: 'not-allowed' };
}

/**
 * Decides one request seen by the network layer (`webRequest.onBeforeRequest`, or the Fetch domain
 * in the browser tests). Only a main-frame request can be the callback; it is captured and
 * cancelled before any byte leaves for the redirect host.
 */
export function decideRequest(candidate: string, source: RequestSource, policy: NavigationPolicy, context: DecisionContext): NavigationDecision {
  switch (source) {
    case 'main-frame':
      return decideNavigation(candidate, policy, context);
    case 'subframe':
      return decideFrameNavigation(candidate, policy);
    case 'subresource':
      return decideSubresource(candidate, policy);
  }
}

/**
 * Decides a `window.open` (or `target=_blank`) from the sign-in page; no popup is ever created.
 * Exactly the redirect URI is the callback (some sign-ins finish in a popup); `bankid:` follows the
 * main-frame rule; everything else is cancelled. Electron does not say which frame opened it, so a
 * forged callback is possible here and is refused by the `state` check like any other.
 */
export function decideWindowOpen(candidate: string, policy: NavigationPolicy, context: DecisionContext): NavigationDecision {
  const decision = decideNavigation(candidate, policy, context);
  if (decision.kind === 'callback' || decision.kind === 'open-external') return decision;
  let url: URL | undefined;
  try {
    url = new URL(candidate);
  } catch {
    url = undefined;
  }
  const origin = url ? nameOf(url) : 'invalid URL';
  return { kind: 'cancel', origin, reason: isNearRedirect(candidate, policy.redirect) ? 'redirect-uri' : 'not-allowed' };
}

/** Maps Electron's `details.resourceType` to the policy's request source. */
export function requestSourceOf(resourceType: string): RequestSource {
  if (resourceType === 'mainFrame') return 'main-frame';
  if (resourceType === 'subFrame') return 'subframe';
  return 'subresource';
}

/** Chromium's net::ERR_ABORTED: what a navigation that was replaced by a redirect reports. Not a failure. */
export const ERR_ABORTED = -3;

/**
 * Chromium's net::ERR_BLOCKED_BY_CLIENT: what a main-frame load reports when our own request listener
 * cancelled it. The decision that cancelled it is reported on its own (after Electron got its
 * answer, so possibly after this failure), so this failure never ends a sign-in by itself.
 */
export const ERR_BLOCKED_BY_CLIENT = -20;
