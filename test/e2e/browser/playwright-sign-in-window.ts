import type { Browser, BrowserContext, Page } from 'playwright';
import { createRequestListener, type DecisionReporter } from '../../../main/connect/sign-in-request-listener';
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
  /** `bankid:` URLs the adapter would have handed to the operating system. */
  openedExternally: string[];
  focusCount: number;
  disposed: boolean;
}

interface PausedRequest {
  requestId: string;
  request: { url: string };
  resourceType: string;
  frameId: string;
}

/**
 * The Playwright stand-in for main/electron/sign-in-window.ts. It makes the same decisions with
 * the same code: a fresh browser context per flow (like a fresh in-memory session), and every
 * request of the page and its frames put through the same request listener as Electron's
 * `webRequest.onBeforeRequest` (main/connect/sign-in-request-listener.ts), so main-frame callbacks,
 * blocked origins and the subframe and sub-resource limits behave alike. Main-frame navigations are
 * reported as `location` events, as Electron's `did-navigate*` events are.
 */
export function createPlaywrightSignInWindows(
  browser: Browser,
  onOpen: (opened: OpenedSignIn) => void,
  contexts: SharedSignInContexts = new SharedSignInContexts(browser),
): SignInWindowPort {
  return {
    releaseSession: (id) => contexts.release(id),
    open(request: SignInWindowRequest): SignInWindowHandle {
      const state: { opened?: OpenedSignIn; disposing: boolean } = { disposing: false };
      // A batch's windows share one context (its cookies: the Fortnox login), like the Electron
      // partition they share; a single sign-in gets a context of its own, closed with its window.
      const shared = request.session?.kind === 'shared' ? request.session.id : undefined;
      const ready = (async () => {
        const context = shared === undefined ? await newSignInContext(browser) : await contexts.context(shared);
        const page = await context.newPage();
        const opened: OpenedSignIn = { page, context, request, cancelled: [], openedExternally: [], focusCount: 0, disposed: false };
        state.opened = opened;
        const reporter: DecisionReporter = { request, openExternal: (url) => opened.openedExternally.push(url) };
        const listener = createRequestListener(reporter, setImmediate);
        // The network layer, like Electron's webRequest.onBeforeRequest: Chromium's Fetch domain
        // pauses every request, including each hop of a server redirect (Playwright's own
        // `route` sees only the first request of a redirect chain, so it cannot stand in here).
        // A frame of another site runs in its own renderer (site isolation): its document request
        // is paused here, on the page's session, but once such a frame is allowed its own
        // sub-resources are not; Electron's session-wide listener sees those too.
        const cdp = await context.newCDPSession(page);
        const tree = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
        const mainFrameId = tree.frameTree.frame.id;
        cdp.on('Fetch.requestPaused', (event: PausedRequest) => {
          const resourceType =
            event.resourceType !== 'Document' ? 'other' : event.frameId === mainFrameId ? 'mainFrame' : 'subFrame';
          listener({ url: event.request.url, resourceType }, ({ cancel }) => {
            if (!cancel) {
              void cdp.send('Fetch.continueRequest', { requestId: event.requestId }).catch(() => undefined);
              return;
            }
            opened.cancelled.push(event.request.url);
            void cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'BlockedByClient' }).catch(() => undefined);
          });
        });
        await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
        page.on('requestfailed', (failed) => {
          if (!failed.isNavigationRequest() || failed.frame() !== page.mainFrame()) return;
          const text = failed.failure()?.errorText ?? 'net::ERR_FAILED';
          if (text === 'net::ERR_BLOCKED_BY_CLIENT') return; // our own cancellation, already reported
          request.onEvent({ type: 'load-failed', errorCode: NET_ERRORS[text] ?? -2, description: text });
        });
        // Like did-navigate / did-navigate-in-page for the main frame.
        page.on('framenavigated', (frame) => {
          if (frame === page.mainFrame() && !state.disposing) request.onEvent({ type: 'location', url: frame.url() });
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
          if (shared === undefined) await opened.context.close();
          else await opened.page.close();
        },
      };
    },
  };
}

/** A context like a fresh in-memory Electron session: empty, and like its permission handler, granting nothing. */
async function newSignInContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'sv-SE' });
  await context.clearPermissions();
  return context;
}

/**
 * The batches' shared sign-in contexts, the stand-in for main/connect/sign-in-sessions.ts's shared
 * partitions: one per session id, made on first use, closed (its cookies gone) when released.
 */
export class SharedSignInContexts {
  private readonly contexts = new Map<string, Promise<BrowserContext>>();
  /** Ids released so far, in order. */
  readonly released: string[] = [];

  constructor(private readonly browser: Browser) {}

  /** The context shared under `id`. */
  context(id: string): Promise<BrowserContext> {
    let context = this.contexts.get(id);
    if (!context) {
      context = newSignInContext(this.browser);
      this.contexts.set(id, context);
    }
    return context;
  }

  /** How many shared contexts are open. */
  openCount(): number {
    return this.contexts.size;
  }

  /** Closes and forgets the context shared under `id`. */
  async release(id: string): Promise<void> {
    const context = this.contexts.get(id);
    if (!context) return;
    this.contexts.delete(id);
    this.released.push(id);
    await (await context).close();
  }
}
