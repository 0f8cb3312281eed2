/** The facts about an IPC message's sender that the trust check needs, taken from the transport. */
export interface IpcSender {
  /** `event.sender.id` in Electron; the page's id in the browser harness. */
  webContentsId: number;
  /** `event.senderFrame.url`; null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null;
  /** `event.senderFrame.parent === null`: the message comes from the top frame, not an iframe. */
  isMainFrame: boolean;
}

/** Who may talk to main: the app window's top frame, showing the app's own origin. */
export interface TrustedSenderPolicy {
  /** The app window's webContents id; null before the window exists. */
  appWebContentsId: () => number | null;
  /** The renderer's origin, e.g. `app://renderer`; compared as a parsed origin. */
  appOrigin: string;
}

/**
 * True only when all three hold: the message comes from the app window's webContents, from its
 * main frame, and that frame shows the app's own origin. Everything else is refused. (GitHub
 * Desktop once shipped this check inverted, returning early for trusted senders; the unit tests
 * assert both directions.)
 */
export function isTrustedSender(sender: IpcSender, policy: TrustedSenderPolicy): boolean {
  const appId = policy.appWebContentsId();
  if (appId === null || sender.webContentsId !== appId) return false;
  if (!sender.isMainFrame || sender.frameUrl === null) return false;
  let origin: string;
  try {
    origin = originOf(sender.frameUrl);
  } catch {
    return false;
  }
  return origin === originOf(policy.appOrigin);
}

/**
 * The origin of a URL. For non-special schemes such as `app:` the WHATWG `URL.origin` is the string
 * "null", so the origin is rebuilt from protocol and host (which `URL` has parsed) in that case.
 */
export function originOf(url: string): string {
  const parsed = new URL(url);
  if (parsed.origin !== 'null') return parsed.origin;
  if (!parsed.host) throw new Error('URL has no host');
  return `${parsed.protocol}//${parsed.host}`;
}
