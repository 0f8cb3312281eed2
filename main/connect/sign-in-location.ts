import { domainToUnicode } from 'node:url';
import type { SignInLocation } from '../../shared/ipc-contract';

/** Hosts longer than this are cut at the start: the registrable domain is at the end. */
export const MAX_DISPLAY_HOST = 120;

/**
 * Letters a host may show in Unicode: one script only, Latin (ASCII plus Latin-1 and Latin
 * Extended-A letters such as å, ä, ö, é, ü). Any label outside it (Cyrillic, Greek, mixed scripts,
 * symbols) makes the whole host show as ASCII (punycode, `xn--…`), so `аpps.fortnox.se` with a
 * Cyrillic `а` can never pass for `apps.fortnox.se`. Stricter than Chromium's IDN policy on purpose:
 * this text is what a user checks before typing a password.
 */
const LATIN_LABEL = /^[a-z0-9\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f-]+$/;

/**
 * Turns the sign-in window's main-frame URL into what the app shows: the host (with a non-default
 * port) and whether the connection is https. Null for anything that is not http(s) (`about:blank`),
 * so that a stale host is never shown for a page that has none.
 */
export function displayLocation(candidate: string): SignInLocation | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') return null;
  const ascii = url.hostname.replace(/\.+$/, '');
  const unicode = domainToUnicode(ascii);
  const readable = unicode !== '' && unicode.split('.').every((label) => LATIN_LABEL.test(label)) ? unicode : ascii;
  let host = url.port === '' ? readable : `${readable}:${url.port}`;
  if (host.length > MAX_DISPLAY_HOST) host = `…${host.slice(host.length - (MAX_DISPLAY_HOST - 1))}`;
  return { host, secure: url.protocol === 'https:' };
}

/** Whether two locations show the same thing. */
export function sameLocation(a: SignInLocation | null, b: SignInLocation | null): boolean {
  return a === b || (a !== null && b !== null && a.host === b.host && a.secure === b.secure);
}

/**
 * The sign-in window's title: "🔒 apps.fortnox.se — Fortnox", the padlock only for https. The app
 * sets it on every navigation and the page's own `<title>` is never shown, so a page cannot dress
 * itself up as another site in the title bar.
 */
export function signInWindowTitle(location: SignInLocation | null): string {
  if (!location) return 'Fortnox';
  return `${location.secure ? '🔒 ' : ''}${location.host} — Fortnox`;
}
