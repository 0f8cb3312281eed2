import { randomToken } from './random-token';

/** The cookie that keeps a browser logged in to the simulator (like Fortnox's own login session). */
export const LOGIN_SESSION_COOKIE = 'fnx_sim_session';

/**
 * Browser login sessions. A browser that carries the cookie skips the login page on its next
 * authorization; a fresh browser session (no cookie) is asked to log in again, which lets tests
 * prove that the app opens each sign-in in a clean session.
 */
export class LoginSessions {
  private readonly sessions = new Map<string, string>();

  /** Starts a session for `username` and returns the Set-Cookie header value. */
  start(username: string): string {
    const id = randomToken(32);
    this.sessions.set(id, username);
    return `${LOGIN_SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`;
  }

  /** The logged-in username for a cookie value, or undefined. */
  usernameFor(sessionId: string | undefined): string | undefined {
    return sessionId === undefined ? undefined : this.sessions.get(sessionId);
  }
}
