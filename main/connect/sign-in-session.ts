/**
 * The parts of an Electron `Session` the sign-in window hardens and releases. Structural, so the
 * rules below are unit-tested with a fake under Node; Electron's `Session` satisfies it.
 */
export interface SignInSessionLike {
  webRequest: { onBeforeRequest(listener: null): void };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  clearStorageData(): Promise<void>;
  clearCache(): Promise<void>;
}

/** Denies every permission request, check and device request of the sign-in session. */
export function denyAllPermissions(session: SignInSessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * Releases the sign-in session when its window goes: removes only the `webRequest` listener and
 * empties the session's storage and cache. The permission handlers stay, denying: Electron treats
 * `setPermissionRequestHandler(null)` as "no handler", and with no handler it grants every
 * permission (docs/api/session.md), so a page still alive in this session must never get that.
 */
export async function releaseSignInSession(session: SignInSessionLike): Promise<void> {
  session.webRequest.onBeforeRequest(null);
  await session.clearStorageData();
  await session.clearCache();
}
