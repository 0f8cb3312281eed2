import { randomToken } from './random-token';
import { redirectResult, type RouteResult } from './simulator-http';
import type { SimulatorControls } from './simulator-controls';
import type { RedirectEvent, RedirectReason, SimulatorLog } from './simulator-log';

/**
 * Builds every redirect back to the integration, in one place, so the controls apply to all of them
 * and each one is logged. Parameters are appended with `URL`, so a redirect URI that already has a
 * query keeps it.
 */
export class ClientRedirector {
  constructor(
    private readonly controls: SimulatorControls,
    private readonly log: SimulatorLog,
  ) {}

  /** Success: `redirect_uri?code=...&state=...`. */
  code(redirectUri: string, code: string, state: string): RouteResult {
    return this.send(redirectUri, 'code', [
      ['code', code],
      ['state', state],
    ]);
  }

  /** Failure: `redirect_uri?error=...&error_description=...&state=...` (state unless dropped). */
  error(redirectUri: string, error: string, description: string, state: string | null): RouteResult {
    // Whether Fortnox names the refused scope is unconfirmed (fortnox.md section 2): the control scripts the silent variant.
    const silent = error === 'invalid_scope' && this.controls.invalidScopeWithoutDescription;
    const params: [string, string][] = silent ? [['error', error]] : [
      ['error', error],
      ['error_description', description],
    ];
    if (state !== null && !this.controls.dropStateOnError) params.push(['state', state]);
    return this.send(redirectUri, 'error', params, error);
  }

  /** A locked company: back to the redirect URI with nothing added (fortnox.md section 12, pitfall 9). */
  bare(redirectUri: string): RouteResult {
    return this.send(redirectUri, 'locked-company', []);
  }

  private send(redirectUri: string, reason: RedirectReason, params: [string, string][], error?: string): RouteResult {
    let outgoing = params;
    let control: RedirectEvent['control'];
    if (this.controls.nextCallbackWithoutCode) {
      this.controls.nextCallbackWithoutCode = false;
      control = 'nextCallbackWithoutCode';
      outgoing = [];
    } else if (this.controls.tamperNextState && params.some(([name]) => name === 'state')) {
      this.controls.tamperNextState = false;
      control = 'tamperNextState';
      outgoing = params.map(([name, value]): [string, string] =>
        name === 'state' ? [name, `tampered-${randomToken(12)}`] : [name, value],
      );
    }
    const url = new URL(redirectUri);
    for (const [name, value] of outgoing) url.searchParams.append(name, value);
    const location = outgoing.length === 0 ? redirectUri : url.href;
    this.log.record({
      type: 'redirect',
      reason,
      location,
      ...(error === undefined ? {} : { error }),
      ...(control === undefined ? {} : { control }),
    });
    return redirectResult(location);
  }
}
