/** A request to `/oauth-v1/auth`, with its query parameters as sent. */
export interface AuthorizeRequestEvent {
  type: 'authorize-request';
  at: number;
  url: string;
  params: Record<string, string>;
}

/** A password login attempt on the login page. */
export interface LoginEvent {
  type: 'login';
  at: number;
  username: string;
  succeeded: boolean;
}

/** An authorization that skipped the login page because the browser had a login session cookie. */
export interface SessionResumedEvent {
  type: 'session-resumed';
  at: number;
  username: string;
}

/** The company the user picked (or the only one they have). */
export interface CompanySelectedEvent {
  type: 'company-selected';
  at: number;
  username: string;
  tenantId: number;
}

/** The user's answer on the consent page. */
export interface ConsentEvent {
  type: 'consent';
  at: number;
  username: string;
  tenantId: number;
  clientId: string;
  /** The scopes the integration asked for. */
  scopes: string[];
  /** The scopes granted: those asked for that the company is licensed for (none when denied). */
  grantedScopes: string[];
  serviceAccount: boolean;
  approved: boolean;
}

/** Why the simulator sent the browser back to the integration. */
export type RedirectReason = 'code' | 'error' | 'locked-company';

/** A 302 to the integration's redirect URI (the exact Location header). */
export interface RedirectEvent {
  type: 'redirect';
  at: number;
  reason: RedirectReason;
  location: string;
  /** The OAuth `error` value, for error redirects. */
  error?: string;
  /** The control that changed this redirect, if one did. */
  control?: 'tamperNextState' | 'nextCallbackWithoutCode';
}

/** An error page shown instead of redirecting (unknown client, unregistered redirect URI, ...). */
export interface ErrorPageEvent {
  type: 'error-page';
  at: number;
  status: number;
  message: string;
}

/** A hit on `/app-callback`, the redirect host; a correct app never lets the browser get here. */
export interface AppCallbackEvent {
  type: 'app-callback';
  at: number;
  method: string;
  url: string;
}

/** A request for the scripted frame target (simulator/scripted-frames.ts), on any origin. */
export interface FrameTargetEvent {
  type: 'frame-target';
  at: number;
  url: string;
}

/** Everything the simulator records, in order. */
export type SimulatorEvent =
  | AuthorizeRequestEvent
  | LoginEvent
  | SessionResumedEvent
  | CompanySelectedEvent
  | ConsentEvent
  | RedirectEvent
  | ErrorPageEvent
  | AppCallbackEvent
  | FrameTargetEvent;

/** An event without its timestamp, as callers hand it to `record`. */
export type UntimedEvent = SimulatorEvent extends infer E ? (E extends SimulatorEvent ? Omit<E, 'at'> : never) : never;

/** An append-only list of events stamped with the injected clock. */
export class SimulatorLog {
  readonly events: SimulatorEvent[] = [];

  constructor(private readonly now: () => number) {}

  /** Appends `event`, stamped with the current (injected) time. */
  record(event: UntimedEvent): void {
    this.events.push({ ...event, at: this.now() } as SimulatorEvent);
  }
}
