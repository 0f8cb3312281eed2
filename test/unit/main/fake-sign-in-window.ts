import { decideNavigation } from '../../../main/connect/navigation-policy';
import type {
  SignInWindowEvent,
  SignInWindowHandle,
  SignInWindowPort,
  SignInWindowRequest,
} from '../../../main/connect/sign-in-window-port';

/** One window the fake port opened. */
export class FakeSignInWindow implements SignInWindowHandle {
  focusCalls = 0;
  disposeCalls = 0;
  private release: (() => void) | undefined;
  private pending: Promise<void> | undefined;

  constructor(
    readonly request: SignInWindowRequest,
    private readonly holdDispose: boolean,
  ) {}

  focus(): void {
    this.focusCalls += 1;
  }

  dispose(): Promise<void> {
    this.disposeCalls += 1;
    if (!this.holdDispose) return Promise.resolve();
    this.pending ??= new Promise<void>((resolve) => {
      this.release = resolve;
    });
    return this.pending;
  }

  /** Lets a held `dispose()` finish. */
  finishDispose(): void {
    this.release?.();
  }

  /** Fires an event as the Electron adapter would. */
  fire(event: SignInWindowEvent): void {
    this.request.onEvent(event);
  }

  /**
   * Navigates the main frame the way the Electron adapter reports it: the policy decides, a
   * callback or a blocked origin becomes an event, anything else changes nothing.
   */
  navigate(url: string): void {
    const decision = decideNavigation(url, this.request.policy, { flowOpen: this.request.isOpen() });
    if (decision.kind === 'callback') this.fire({ type: 'callback', params: decision.params });
    else if (decision.kind === 'block') this.fire({ type: 'navigation-blocked', origin: decision.origin });

  }

  /** Reports a main-frame navigation, as the adapters do after it commits. */
  showLocation(url: string): void {
    this.fire({ type: 'location', url });
  }

  /** The opened URL, parsed. */
  get url(): URL {
    return new URL(this.request.url);
  }

  /** The `state` the flow put in the authorization URL. */
  get state(): string {
    const state = this.url.searchParams.get('state');
    if (state === null) throw new Error('authorization URL has no state');
    return state;
  }
}

/** A SignInWindowPort that records every `open` and can be told to throw or to hold `dispose`. */
export class FakeSignInWindowPort implements SignInWindowPort {
  readonly opened: FakeSignInWindow[] = [];
  throwOnOpen: Error | undefined;
  holdDispose = false;
  /** Called inside `open`, before it returns: lets a test fire an event synchronously. */
  duringOpen: ((window: FakeSignInWindow) => void) | undefined;
  /** Shared session ids released, in order. */
  readonly released: string[] = [];

  releaseSession(id: string): Promise<void> {
    this.released.push(id);
    return Promise.resolve();
  }

  open(request: SignInWindowRequest): SignInWindowHandle {
    if (this.throwOnOpen) throw this.throwOnOpen;
    const window = new FakeSignInWindow(request, this.holdDispose);
    this.opened.push(window);
    this.duringOpen?.(window);
    return window;
  }

  /** The most recently opened window; throws if none was opened. */
  get last(): FakeSignInWindow {
    const window = this.opened.at(-1);
    if (!window) throw new Error('no sign-in window was opened');
    return window;
  }
}
