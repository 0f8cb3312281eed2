/**
 * Electron adapter of the sign-in window port. Thin on purpose: every decision (what is the
 * callback, which origins are allowed, which schemes go to the OS) is made by the pure functions in
 * main/connect/navigation-policy.ts, which are unit-tested under Node.
 */
import { hardenedWebPreferences } from './web-preferences';
import { BrowserWindow, session, type Session } from 'electron';
import { decideNavigation, decideRequest, type NavigationDecision } from '../connect/navigation-policy';
import { randomToken, type RandomBytes } from '../connect/random-token';
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
  return { open: (request) => openSignInWindow(deps, request) };
}

function openSignInWindow(deps: ElectronSignInDeps, request: SignInWindowRequest): SignInWindowHandle {
  // A partition name without `persist:` is an in-memory session; a new name per flow gives every
  // sign-in empty cookies, so the next company can be connected with another Fortnox login.
  const ses: Session = session.fromPartition(`signin-${randomToken(deps.random, 12)}`, { cache: false });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);

  const parent = deps.parent();
  const win = new BrowserWindow({
    ...(parent ? { parent } : {}),
    width: 520,
    height: 760,
    show: false,
    title: 'Fortnox',
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences({ session: ses, devTools: deps.devTools }),
  });
  const contents = win.webContents;

  const act = (decision: NavigationDecision, preventDefault: () => void): void => {
    switch (decision.kind) {
      case 'allow':
        return;
      case 'callback':
        preventDefault();
        request.onEvent({ type: 'callback', params: decision.params });
        return;
      case 'open-external':
        preventDefault();
        deps.openExternal(decision.url);
        return;
      case 'block':
        preventDefault();
        request.onEvent({ type: 'navigation-blocked', origin: decision.origin });
        return;
    }
  };

  // Primary capture: the network layer sees the redirect before any byte leaves for its host.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const decision = decideRequest(details.url, details.resourceType === 'mainFrame', request.policy);
    let cancel = false;
    act(decision, () => {
      cancel = true;
    });
    callback({ cancel });
  });

  // Second path: navigation events (also where bankid: links show up, which never hit the network).
  const onNavigate = (event: Electron.Event<Electron.WebContentsWillNavigateEventParams>) => {
    if (event.isMainFrame) act(decideNavigation(event.url, request.policy), () => event.preventDefault());
  };
  const onRedirect = (event: Electron.Event<Electron.WebContentsWillRedirectEventParams>) => {
    if (event.isMainFrame) act(decideNavigation(event.url, request.policy), () => event.preventDefault());
  };
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

  contents.on('will-navigate', onNavigate);
  contents.on('will-redirect', onRedirect);
  contents.on('did-fail-load', onFailLoad);
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideNavigation(url, request.policy);
    if (decision.kind === 'open-external') deps.openExternal(decision.url);
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
        ses.webRequest.onBeforeRequest(null);
        ses.setPermissionRequestHandler(null);
        ses.setPermissionCheckHandler(null);
        if (!win.isDestroyed()) {
          contents.off('will-navigate', onNavigate);
          contents.off('will-redirect', onRedirect);
          contents.off('did-fail-load', onFailLoad);
          win.off('closed', onClosed);
          win.off('ready-to-show', onReady);
          win.destroy();
        }
        await ses.clearStorageData();
        await ses.clearCache();
        deps.parent()?.focus();
      })();
      return disposed;
    },
  };
}
