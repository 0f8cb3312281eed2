import type { StartAtLoginStatus } from '../../shared/start-at-login';

/**
 * Starting the app at login, whatever the operating system does underneath: Electron's login
 * items on macOS and Windows (login-item.ts), an XDG autostart entry on Linux (xdg-autostart.ts).
 * The browser test harness passes a fake.
 */
export interface LoginItemPort {
  /** The current state, read from the operating system. */
  status(): Promise<StartAtLoginStatus>;
  /** Turns starting at login on or off; resolves to the state read back afterwards. */
  set(enabled: boolean): Promise<StartAtLoginStatus>;
}

/** The port where the app cannot start itself at login. */
export const UNSUPPORTED_LOGIN_ITEM: LoginItemPort = {
  status: () => Promise.resolve('unsupported'),
  set: () => Promise.resolve('unsupported'),
};
