import { describe, expect, it } from 'vitest';
import { denyAllPermissions, releaseSignInSession, type SignInSessionLike } from '../../../../main/connect/sign-in-session';

/** A stand-in for Electron's Session that records every call and keeps the handlers it was given. */
function fakeSession() {
  const calls: string[] = [];
  const handlers: {
    request?: Parameters<SignInSessionLike['setPermissionRequestHandler']>[0] | null;
    check?: (() => boolean) | null;
    device?: (() => boolean) | null;
    webRequest?: unknown;
  } = {};
  const session = {
    webRequest: {
      onBeforeRequest(listener: unknown) {
        calls.push(`onBeforeRequest:${listener === null ? 'null' : 'listener'}`);
        handlers.webRequest = listener;
      },
    },
    setPermissionRequestHandler(handler: Parameters<SignInSessionLike['setPermissionRequestHandler']>[0] | null) {
      calls.push(`setPermissionRequestHandler:${handler === null ? 'null' : 'handler'}`);
      handlers.request = handler;
    },
    setPermissionCheckHandler(handler: (() => boolean) | null) {
      calls.push(`setPermissionCheckHandler:${handler === null ? 'null' : 'handler'}`);
      handlers.check = handler;
    },
    setDevicePermissionHandler(handler: (() => boolean) | null) {
      calls.push(`setDevicePermissionHandler:${handler === null ? 'null' : 'handler'}`);
      handlers.device = handler;
    },
    clearStorageData: async () => {
      calls.push('clearStorageData');
    },
    clearCache: async () => {
      calls.push('clearCache');
    },
  } satisfies SignInSessionLike;
  return { session, calls, handlers };
}

/** What the session's handlers answer now. */
function answers(handlers: ReturnType<typeof fakeSession>['handlers']) {
  const granted: boolean[] = [];
  handlers.request?.(null, 'media', (value) => granted.push(value));
  return { request: granted, check: handlers.check?.(), device: handlers.device?.() };
}

describe('denyAllPermissions', () => {
  it('installs handlers that refuse every request, check and device', () => {
    const fake = fakeSession();
    denyAllPermissions(fake.session);
    expect(answers(fake.handlers)).toEqual({ request: [false], check: false, device: false });
  });
});

describe('releaseSignInSession', () => {
  it('removes only the webRequest listener and never passes null to a permission handler (null grants everything)', async () => {
    const fake = fakeSession();
    denyAllPermissions(fake.session);
    fake.session.webRequest.onBeforeRequest(() => undefined);
    fake.calls.length = 0;
    await releaseSignInSession(fake.session);
    expect(fake.calls).toEqual(['onBeforeRequest:null', 'clearStorageData', 'clearCache']);
    expect(fake.calls.filter((call) => call.startsWith('setPermission') || call.startsWith('setDevice'))).toEqual([]);
  });

  it('leaves the session denying every permission after release', async () => {
    const fake = fakeSession();
    denyAllPermissions(fake.session);
    await releaseSignInSession(fake.session);
    expect(answers(fake.handlers)).toEqual({ request: [false], check: false, device: false });
  });
});
