import type { Browser, BrowserContext, Page } from 'playwright';
import { decideRequest } from '../../../main/connect/navigation-policy';
import type { SignInWindowHandle, SignInWindowPort, SignInWindowRequest } from '../../../main/connect/sign-in-window-port';

/** Chromium net error names Playwright reports, with their numeric codes (net_error_list.h). */
const NET_ERRORS: Record<string, number> = {
  'net::ERR_ABORTED': -3,
  'net::ERR_FAILED': -2,
  'net::ERR_CONNECTION_REFUSED': -102,
  'net::ERR_CONNECTION_RESET': -101,
  'net::ERR_NAME_NOT_RESOLVED': -105,
  'net::ERR_INTERNET_DISCONNECTED': -106,
  'net::ERR_TIMED_OUT': -7,
  'net::ERR_CERT_AUTHORITY_INVALID': -202,
};

/** An opened sign-in "window": its page, and what the adapter did with it. */
export interface OpenedSignIn {
  page: Page;
  context: BrowserContext;
  request: SignInWindowRequest;
  /** URLs whose requests the adapter captured and cancelled (they never reached the network). */
  cancelled: string[];
  focusCount: number;
  disposed: boolean;
}

/**
 * The Playwright stand-in for main/electron/sign-in-window.ts. It makes the same decisions with
 * the same pure policy: a fresh browser context per flow (like a fresh in-memory session), every
 * request checked by `decideRequest` in the network layer (Playwright's `route`, like
 * `webRequest.onBeforeRequest`), callbacks and blocked navigations aborted before they leave.
 */
export function createPlaywrightSignInWindows(browser: Browser, onOpen: (opened: OpenedSignIn) => void): SignInWindowPort {
  return {
    open(request: SignInWindowRequest): SignInWindowHandle {
      const state: { opened?: OpenedSignIn; disposing: boolean } = { disposing: false };
      const ready = (async () => {
        const context = await browser.newContext({ locale: 'sv-SE' });
        // Like the Electron session's permission handler: nothing is granted.
        await context.clearPermissions();
        const page = await context.newPage();
        const opened: OpenedSignIn = { page, context, request, cancelled: [], focusCount: 0, disposed: false };
        state.opened = opened;
        // The network layer, like Electron's webRequest.onBeforeRequest: Chromium's Fetch domain
        // pauses every request, including each hop of a server redirect (Playwright's own
        // `route` sees only the first request of a redirect chain, so it cannot stand in here).
        const cdp = await context.newCDPSession(page);
        const tree = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
        const mainFrameId = tree.frameTree.frame.id;
        cdp.on('Fetch.requestPaused', (event: { requestId: string; request: { url: string }; resourceType: string; frameId: string }) => {
          const isMainFrame = event.resourceType === 'Document' && event.frameId === mainFrameId;
          const decision = decideRequest(event.request.url, isMainFrame, request.policy);
          if (decision.kind === 'allow') {
            void cdp.send('Fetch.continueRequest', { requestId: event.requestId }).catch(() => undefined);
            return;
          }
          opened.cancelled.push(event.request.url);
          void cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'BlockedByClient' }).catch(() => undefined);
          if (decision.kind === 'callback') request.onEvent({ type: 'callback', params: decision.params });
          else if (decision.kind === 'block') request.onEvent({ type: 'navigation-blocked', origin: decision.origin });
        });
        await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
        page.on('requestfailed', (failed) => {
          if (!failed.isNavigationRequest() || failed.frame() !== page.mainFrame()) return;
          const text = failed.failure()?.errorText ?? 'net::ERR_FAILED';
          if (text === 'net::ERR_BLOCKED_BY_CLIENT') return; // our own cancellation, already reported
          request.onEvent({ type: 'load-failed', errorCode: NET_ERRORS[text] ?? -2, description: text });
        });
        page.on('close', () => {
          if (!state.disposing) request.onEvent({ type: 'closed' });
        });
        onOpen(opened);
        await page.goto(request.url).catch(() => undefined);
      })();
      return {
        focus: () => {
          if (state.opened) {
            state.opened.focusCount += 1;
            void state.opened.page.bringToFront();
          }
        },
        dispose: async () => {
          state.disposing = true;
          await ready.catch(() => undefined);
          const opened = state.opened;
          if (!opened || opened.disposed) return;
          opened.disposed = true;
          await opened.context.close();
        },
      };
    },
  };
}
