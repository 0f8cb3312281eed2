import type { CallbackParams } from './redirect-matcher';
import type { NavigationPolicy } from './navigation-policy';

/** Something that happened in the sign-in window, as the window adapter reports it. */
export type SignInWindowEvent =
  /** A request or navigation to the redirect URI was caught and cancelled. */
  | { type: 'callback'; params: CallbackParams }
  /** A main-frame navigation to an origin outside the policy was stopped. */
  | { type: 'navigation-blocked'; origin: string }
  /** The user closed the window. */
  | { type: 'closed' }
  /** The main frame failed to load (Chromium net error code, negative). */
  | { type: 'load-failed'; errorCode: number; description: string }
  /** The main frame navigated (committed, in-page, or a server redirect): its URL, untrusted. */
  | { type: 'location'; url: string }
  /** A subframe navigation, sub-resource or popup was cancelled by the policy; the sign-in goes on. */
  | { type: 'request-cancelled'; origin: string; reason: 'redirect-uri' | 'not-allowed' };

/**
 * Which browser session a sign-in window gets. `fresh` (the single Connect): a new, empty in-memory
 * session per window, released with it, so the next company can use another Fortnox login.
 * `shared` (a batch): the in-memory session named `id`, shared by every window that names it, so the
 * Fortnox login of the first window carries over to the next; it is released only by `releaseSession`.
 */
export type SignInSessionChoice = { kind: 'fresh' } | { kind: 'shared'; id: string };

/** What the flow asks of a sign-in window adapter. */
export interface SignInWindowRequest {
  url: string;
  /** The window's session; absent means `fresh`. */
  session?: SignInSessionChoice;
  policy: NavigationPolicy;
  onEvent: (event: SignInWindowEvent) => void;
  /** True until the flow settles; `bankid:` links are handed to the OS only while it is. */
  isOpen: () => boolean;
}

/** An open sign-in window. */
export interface SignInWindowHandle {
  /** Brings the window to the front. */
  focus(): void;
  /**
   * Removes every listener, closes the window and clears its session (a shared session is left for
   * `releaseSession`). Safe to call twice.
   */
  dispose(): Promise<void>;
}

/**
 * Opens sign-in windows. Implemented by the Electron adapter (main/electron/sign-in-window.ts) and
 * by the Playwright adapter of the browser end-to-end tests; the flow logic cannot tell them apart.
 * Each window gets a fresh, in-memory session unless its request names a shared one.
 */
export interface SignInWindowPort {
  open(request: SignInWindowRequest): SignInWindowHandle;
  /**
   * Empties a shared session (cookies, storage, cache) and forgets it: the batch ended, was
   * stopped, the app quits, or the user chose another Fortnox login. Unknown ids are ignored.
   */
  releaseSession(id: string): Promise<void>;
}
