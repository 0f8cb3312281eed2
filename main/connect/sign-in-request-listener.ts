import { decideRequest, requestSourceOf, type NavigationDecision } from './navigation-policy';
import type { SignInWindowRequest } from './sign-in-window-port';

/** The parts of a network request the listener reads (Electron's `OnBeforeRequestListenerDetails`). */
export interface RequestDetailsLike {
  url: string;
  /** Electron's `resourceType`: `mainFrame`, `subFrame`, `script`, `xhr`, … */
  resourceType: string;
}

/** Runs a function after the current event has been answered (`setImmediate` in Electron). */
export type Scheduler = (run: () => void) => void;

/** What the listener and the navigation handlers need from the window adapter. */
export interface DecisionReporter {
  request: Pick<SignInWindowRequest, 'onEvent' | 'isOpen' | 'policy'>;
  /** Hands a `bankid:` URL to the operating system. */
  openExternal: (url: string) => void;
}

/**
 * Tells the flow (or the OS) what the policy decided. Always called through the scheduler, after
 * Electron got its answer: the flow disposes the window when it settles, and tearing a window down
 * inside one of its own network or navigation callbacks is what Electron warns against.
 */
export function reportDecision(decision: NavigationDecision, reporter: DecisionReporter): void {
  const { request } = reporter;
  switch (decision.kind) {
    case 'allow':
      return;
    case 'callback':
      request.onEvent({ type: 'callback', params: decision.params });
      return;
    case 'open-external':
      // Checked again here: the flow may have settled between the decision and now.
      if (request.isOpen()) reporter.openExternal(decision.url);
      return;
    case 'block':
      request.onEvent({ type: 'navigation-blocked', origin: decision.origin });
      return;
    case 'cancel':
      request.onEvent({ type: 'request-cancelled', origin: decision.origin, reason: decision.reason });
      return;
  }
}

/**
 * The sign-in session's `webRequest.onBeforeRequest` listener, as a plain function: it decides with
 * the pure policy, answers the request first (`callback`), and only then, through `schedule`,
 * reports the decision, so a callback that settles the flow never runs inside Electron's callback.
 */
export function createRequestListener(
  reporter: DecisionReporter,
  schedule: Scheduler,
): (details: RequestDetailsLike, callback: (response: { cancel: boolean }) => void) => void {
  return (details, callback) => {
    const decision = decideRequest(details.url, requestSourceOf(details.resourceType), reporter.request.policy, {
      flowOpen: reporter.request.isOpen(),
    });
    callback({ cancel: decision.kind !== 'allow' });
    if (decision.kind !== 'allow') schedule(() => reportDecision(decision, reporter));
  };
}
