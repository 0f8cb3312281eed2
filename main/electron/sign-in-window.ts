/**
 * Electron adapter of the sign-in window port. Thin on purpose: every decision (what is the
 * callback, which origins the main frame, subframes and sub-resources may reach, which `bankid:`
 * links go to the OS) is made by the pure functions in main/connect/navigation-policy.ts, the
 * request listener and its ordering by main/connect/sign-in-request-listener.ts, and the session's
 * hardening and release by main/connect/sign-in-session.ts, all unit-tested under Node.
 */
import { hardenedWebPreferences } from './web-preferences';
import { BrowserWindow, session, type Session } from 'electron';
import { decideFrameNavigation, decideNavigation, decideWindowOpen, type NavigationDecision } from '../connect/navigation-policy';
import { randomToken, type RandomBytes } from '../connect/random-token';
import { createRequestListener, reportDecision, type DecisionReporter } from '../connect/sign-in-request-listener';
import { SignInSessions } from '../connect/sign-in-sessions';
import { displayLocation, signInWindowTitle } from '../connect/sign-in-location';
import type { SignInWindowHandle, SignInWindowPort, SignInWindowRequest } from '../connect/sign-in-window-port';
import type { Logger } from '../logging/logger';

/** What the adapter needs from the app. */
export interface ElectronSignInDeps {
  parent: () => BrowserWindow | null;
  /** Hands a `bankid:` URL to the operating system (shell.openExternal). */
  openExternal: (url: string) => void;
  random: RandomBytes;
  log: Logger;
  devTools: boolean;
}

/** Creates the Electron sign-in window port. */
export function createElectronSignInWindows(deps: ElectronSignInDeps): SignInWindowPort {
  // A partition name without `persist:` is an in-memory session (docs/api/session.md). A new name
  // per single sign-in gives it empty cookies, so the next company can use another Fortnox login;
  // a batch's windows share one name, so its login carries over, until the batch releases it.
  const sessions = new SignInSessions<Session>(
    (partition) => session.fromPartition(partition, { cache: false }),
    () => randomToken(deps.random, 12),
  );
  return {
    open: (request) => openSignInWindow(deps, request, sessions),
    releaseSession: (id) => sessions.release(id),
  };
}

function openSignInWindow(deps: ElectronSignInDeps, request: SignInWindowRequest, sessions: SignInSessions<Session>): SignInWindowHandle {
  const lease = sessions.lease(request.session);
  const ses = lease.session;

  const parent = deps.parent();
  const win = new BrowserWindow({
    ...(parent ? { parent } : {}),
    width: 520,
    height: 760,
    show: false,
    title: signInWindowTitle(null),
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences({ session: ses, devTools: deps.devTools }),
  });
  const contents = win.webContents;
  const reporter: DecisionReporter = { request, openExternal: deps.openExternal };
  const context = () => ({ flowOpen: request.isOpen() });

  // Decisions are answered at once (preventDefault) and reported after the event returns.
  const act = (decision: NavigationDecision, preventDefault: () => void): void => {
    if (decision.kind === 'allow') return;
    preventDefault();
    setImmediate(() => reportDecision(decision, reporter));
  };

  // Primary capture: the network layer sees the redirect before any byte leaves for its host, and
  // limits subframes and sub-resources to the allowed and frame origins.
  ses.webRequest.onBeforeRequest(createRequestListener(reporter, setImmediate));

  // Second path: navigation events, for every frame (also where bankid: links show up, which never
  // hit the network). `will-frame-navigate` fires for the main frame and subframes alike.
  const onFrameNavigate = (event: Electron.Event<Electron.WebContentsWillFrameNavigateEventParams>) => {
    const decision = event.isMainFrame ? decideNavigation(event.url, request.policy, context()) : decideFrameNavigation(event.url, request.policy);
    act(decision, () => event.preventDefault());
  };
  const onRedirect = (event: Electron.Event<Electron.WebContentsWillRedirectEventParams>) => {
    const decision = event.isMainFrame ? decideNavigation(event.url, request.policy, context()) : decideFrameNavigation(event.url, request.policy);
    act(decision, () => event.preventDefault());
  };

  // Where the user is: every main-frame navigation (committed, in-page, server redirect) goes to the
  // flow, which shows it in the app, and into the window's title, which the page may not change.
  const showLocation = (url: string) => {
    if (!win.isDestroyed()) win.setTitle(signInWindowTitle(displayLocation(url)));
    request.onEvent({ type: 'location', url });
  };
  const onDidNavigate = (_event: Electron.Event, url: string) => showLocation(url);
  const onInPage = (_event: Electron.Event, url: string, isMainFrame: boolean) => {
    if (isMainFrame) showLocation(url);
  };
  const onDidRedirect = (event: Electron.Event<Electron.WebContentsDidRedirectNavigationEventParams>) => {
    if (event.isMainFrame) showLocation(event.url);
  };
  const onPageTitle = (event: Electron.Event) => event.preventDefault();

  const onFailLoad = (
    _event: Electron.Event,
    errorCode: number,
    errorDescription: string,
    _url: string,
    isMainFrame: boolean,
  ) => {
    if (isMainFrame) request.onEvent({ type: 'load-failed', errorCode, description: errorDescription });
  };
  const onClosed = () => request.onEvent({ type: 'closed' });
  const onReady = () => {
    win.show();
    win.focus();
  };

  contents.on('will-frame-navigate', onFrameNavigate);
  contents.on('will-redirect', onRedirect);
  contents.on('did-navigate', onDidNavigate);
  contents.on('did-navigate-in-page', onInPage);
  contents.on('did-redirect-navigation', onDidRedirect);
  contents.on('did-fail-load', onFailLoad);
  win.on('page-title-updated', onPageTitle);
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url, request.policy, context());
    if (decision.kind !== 'allow') setImmediate(() => reportDecision(decision, reporter));
    return { action: 'deny' };
  });
  win.once('ready-to-show', onReady);
  win.on('closed', onClosed);

  win.loadURL(request.url).catch((error: unknown) => {
    // loadURL rejects with ERR_ABORTED when the first load is replaced by a redirect; did-fail-load
    // reports real failures, so the rejection itself is only logged.
    deps.log.info('sign-in window load settled with an error', { error: String((error as Error).message).slice(0, 80) });
  });

  let disposed: Promise<void> | undefined;
  return {
    focus: () => {
      if (win.isDestroyed()) return;
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    },
    dispose: () => {
      disposed ??= (async () => {
        if (!win.isDestroyed()) {
          contents.off('will-frame-navigate', onFrameNavigate);
          contents.off('will-redirect', onRedirect);
          contents.off('did-navigate', onDidNavigate);
          contents.off('did-navigate-in-page', onInPage);
          contents.off('did-redirect-navigation', onDidRedirect);
          contents.off('did-fail-load', onFailLoad);
          win.off('page-title-updated', onPageTitle);
          win.off('closed', onClosed);
          win.off('ready-to-show', onReady);
          win.destroy();
        }
        // Only the webRequest listener goes; the permission handlers keep denying (never null).
        // A batch's shared session keeps its login for the next window, until the batch releases it.
        await lease.windowGone();
        deps.parent()?.focus();
      })();
      return disposed;
    },
  };
}
